"""Issue 12, item 1, the way a person meets it: sign up through the form → "check your
e-mail" → log in and build → Publish is refused, saying why, with the resend action → open
the link from the e-mail → Publish works."""

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from accounts.models import User
from pages.models import Page

from .asgi_server import asgi_live_server, live_site  # noqa: F401  (fixtures)
from .helpers import DESKTOP, confirm_email_from_outbox, shots, wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server(live_site, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    return SimpleNamespace(url=live_site)


def _open_builder(page):
    expect(page).to_have_url(re.compile(r"/pages/\d+/edit$"))
    wait_for_js(page, "window.lhEditor && window.lhEditor.getWrapper()")
    expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")


def test_sign_up_cannot_publish_until_the_email_is_confirmed(browser, server, browser_problems):
    base = server.url
    # The refused publish is the point of the test: its 403 is expected.
    browser_problems.allow(r"403 POST .*/api/pages/\d+/deploy")
    browser_problems.allow(r"status of 403 .*/api/pages/\d+/deploy")
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)

    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Tên của bạn").fill("Phạm Thu Hà")
    page.get_by_label("E-mail").fill("ha@example.vn")
    page.get_by_label("Mật khẩu").fill("banh-Mi-thit-2026")
    page.get_by_test_id("signup-submit").click()
    expect(page.get_by_test_id("check-email")).to_have_text("Kiểm tra e-mail của bạn")
    expect(page.locator("main")).to_contain_text("ha@example.vn")
    shots(page, "verify-01-check-your-email")

    # Log in and build while the e-mail waits.
    page.get_by_test_id("signup-done-login").click()
    page.get_by_label("E-mail").fill("ha@example.vn")
    page.get_by_label("Mật khẩu").fill("banh-Mi-thit-2026")
    page.get_by_test_id("login-submit").click()
    page.goto(f"{base}/pages/")
    page.locator("#new-title").fill("Tiệm hoa Thu Hà")
    page.get_by_test_id("create-page").click()
    _open_builder(page)

    page.get_by_test_id("publish").click()
    alert = page.get_by_test_id("builder-alert")
    expect(alert).to_contain_text("Hãy xác nhận địa chỉ e-mail trước")
    resend = alert.get_by_test_id("verify-email-link")
    expect(resend).to_have_text("Gửi lại e-mail xác nhận")
    record = Page.objects.get(owner__email="ha@example.vn")
    assert record.deploy_status == Page.DeployStatus.NONE
    shots(page, "verify-02-publish-refused")

    # The action leads to the page that resends the link.
    resend.click()
    expect(page.get_by_test_id("email-unverified")).to_be_visible()
    shots(page, "verify-03-resend-page")

    # The link from the e-mail, opened in this browser.
    confirm_email_from_outbox(page, base, "ha@example.vn")
    expect(page.get_by_test_id("email-verified")).to_be_visible()
    shots(page, "verify-04-confirmed")
    assert User.objects.get(email="ha@example.vn").emailaddress_set.get().verified

    page.goto(f"{base}/pages/{record.pk}/edit")
    _open_builder(page)
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("publish-result")).to_be_visible(timeout=30000)
    expect(page.get_by_test_id("builder-alert")).to_be_hidden()
    shots(page, "verify-05-published")
    context.close()
