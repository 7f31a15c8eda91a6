"""The templated sign-up, log-in, log-out and profile pages."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_creates_an_unverified_account_and_says_check_your_email(client):
    response = client.post(
        reverse("accounts:signup"),
        {"name": "Minh", "email": "minh@example.com", "password": "pho-Bo-tai-2026"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done")
    user = User.objects.get(email="minh@example.com")
    assert not EmailAddress.objects.get(user=user).verified
    done = client.get(response.url, headers={"accept-language": "en"}).content.decode()
    assert "Check your e-mail" in done and "minh@example.com" in done
    # Nobody is signed in by the form (the answer must not differ from a taken address's).
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_signup_shows_password_errors_and_creates_nothing(client):
    UserFactory(email="taken@example.com")
    response = client.post(
        reverse("accounts:signup"),
        {"name": "Minh", "email": "new@example.com", "password": "123"},
    )
    assert response.status_code == 200
    assert b"too short" in response.content
    assert User.objects.count() == 1


def test_login_page_wrong_password_shows_error(client):
    UserFactory(email="u@example.com")
    response = client.post(
        reverse("accounts:login"), {"username": "u@example.com", "password": "wrong-pass"}
    )
    assert response.status_code == 200
    assert b"incorrect" in response.content


def test_login_page_locks_out(client, settings):
    UserFactory(email="u@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "u@example.com", "password": "bad"})
    response = client.post(
        reverse("accounts:login"), {"username": "u@example.com", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429
    assert b"Too many" in response.content


def test_login_then_logout(client):
    UserFactory(email="u@example.com")
    response = client.post(
        reverse("accounts:login"), {"username": "U@example.com", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_profile_update(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"name": "Phạm Văn C"}, follow=True)
    assert "Phạm Văn C".encode() in response.content
    user.refresh_from_db()
    assert user.name == "Phạm Văn C"


def test_admin_role_is_staff_and_user_role_is_not():
    assert UserFactory.build(role="admin").is_staff
    assert not UserFactory.build(role="user").is_staff


def test_demo_admin_logs_into_django_admin(client, admin_user):
    client.post(
        reverse("admin:login"), {"username": admin_user.email, "password": DEFAULT_PASSWORD}
    )
    assert client.get(reverse("admin:index")).status_code == 200


def test_password_reset_sends_an_email(client, user, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/" in mailoutbox[0].body
