"""The admin's index (and sidebar) in Vietnamese names our apps and models in Vietnamese, and the
third-party models whose names are marked for translation (the token blacklist, axes) too."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.utils import translation
from django.utils.text import capfirst

pytestmark = pytest.mark.django_db

OURS = {"landinghub", "accounts", "pages", "marketplace", "orders", "payments", "support"}


def _names(app_labels: set[str]) -> set[str]:
    """What the admin index shows for these apps' registered models, as written in English."""
    names = set()
    with translation.override("en"):
        for model in admin.site._registry:
            if model._meta.app_label in app_labels:
                names.add(capfirst(str(model._meta.verbose_name_plural)))
                names.add(str(apps.get_app_config(model._meta.app_label).verbose_name))
    return names


def _index_links(admin_user) -> list[str]:
    admin_user.is_superuser = True
    admin_user.save()
    client = Client(headers={"accept-language": "vi"})
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    main = html[html.index('id="content-main"') :]
    # The text of every link and caption in the app list: app names and model names.
    return [
        text.strip()
        for text in re.findall(r"<(?:a|caption)[^>]*>\s*(?:<a[^>]*>)?([^<]+)<", main)
        if text.strip()
    ]


def test_the_admin_index_in_vietnamese_names_our_apps_and_models_in_vietnamese(admin_user):
    shown = _index_links(admin_user)
    english = _names(OURS) - {"LandingHub"}
    assert english, "our apps register models in the admin"
    assert not english & set(shown), sorted(english & set(shown))
    for vietnamese in ("Tài khoản", "Người dùng", "Chợ mẫu", "Danh mục", "Đơn hàng", "Thanh toán"):
        assert vietnamese in shown


def test_allauths_e_mail_addresses_have_their_own_vietnamese_section(admin_user):
    """allauth's app was a second "Tài khoản" section, holding "Email addresses" in English."""
    shown = _index_links(admin_user)
    assert shown.count("Tài khoản") == 1
    assert "Xác minh e-mail" in shown and "Địa chỉ e-mail" in shown
    assert "Email addresses" not in shown


def test_the_token_blacklist_and_login_lockouts_are_named_in_vietnamese(admin_user):
    shown = _index_links(admin_user)
    for english in ("Axes", "Blacklisted Tokens", "Outstanding Tokens", "Access attempts"):
        assert english not in shown
    assert (
        "Mã đăng nhập (JWT)" in shown
        and "Mã đăng nhập bị thu hồi" in shown
        and "Lần thử đăng nhập" in shown
    )
    assert "Khóa đăng nhập" in shown
