"""The HTML forms are limited like the API (issue 12, item 7), and sign-up does not tell
anyone which addresses have accounts."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
THROTTLED_VI = "Quá nhiều yêu cầu"


def test_password_spray_over_many_accounts_on_the_login_form_gets_429(client):
    """django-axes counts failures per (address, client): one try on each of 40 accounts never
    locks anything. The form's per-client limit is the API's (30 a minute)."""
    for n in range(30):
        response = client.post(
            reverse("accounts:login"), {"username": f"u{n}@example.com", "password": "Spring2026!"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("accounts:login"), {"username": "u30@example.com", "password": "Spring2026!"}, **VI
    )
    assert response.status_code == 429
    assert THROTTLED_VI in response.content.decode()


def test_sign_up_form_is_limited_per_client(client):
    for n in range(30):
        client.post(
            reverse("accounts:signup"),
            {"name": "Bot", "email": f"bot{n}@example.com", "password": "pho-Bo-tai-2026"},
        )
    response = client.post(
        reverse("accounts:signup"),
        {"name": "Bot", "email": "bot30@example.com", "password": "pho-Bo-tai-2026"},
        **VI,
    )
    assert response.status_code == 429
    assert THROTTLED_VI in response.content.decode()
    assert User.objects.count() == 30


def test_reset_emails_to_one_address_are_limited(client):
    UserFactory(email="lan@example.com")
    answers = [
        client.post(reverse("accounts:password_reset"), {"email": "lan@example.com"}).status_code
        for _ in range(6)
    ]
    assert answers == [302, 302, 302, 429, 429, 429]
    assert len(mail.outbox) == 3


def test_sign_up_with_a_taken_address_answers_like_a_new_one(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="taken@example.com", name="Lan")
    answers = {}
    for email in ("taken@example.com", "new@example.com"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("accounts:signup"),
                {"name": "Minh", "email": email, "password": "pho-Bo-tai-2026"},
                **VI,
            )
        page = client.get(response.url, **VI).content.decode()
        page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page)  # masked anew each time
        answers[email] = (response.status_code, response.url, page.replace(email, "EMAIL"))
    assert answers["taken@example.com"] == answers["new@example.com"]
    assert "Kiểm tra e-mail của bạn" in answers["new@example.com"][2]
    # The owner of the taken address is told; their account is untouched.
    notice, link = mail.outbox
    assert notice.to == ["taken@example.com"] and "đã có tài khoản" in notice.body
    assert link.to == ["new@example.com"] and "/accounts/confirm-email/" in link.body
    owner.refresh_from_db()
    assert owner.name == "Lan" and User.objects.filter(email="taken@example.com").count() == 1


def test_repeated_sign_ups_with_a_taken_address_do_not_flood_its_owner(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.com")
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("accounts:signup"),
                {"name": "Minh", "email": "taken@example.com", "password": "pho-Bo-tai-2026"},
            )
    assert len(mail.outbox) == 1
