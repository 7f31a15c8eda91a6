"""The templated sign-up, log-in, log-out and profile pages."""

import pytest
from django.urls import reverse

from accounts.models import User

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_creates_account_and_logs_in(client):
    response = client.post(
        reverse("accounts:signup"),
        {"name": "Minh", "email": "minh@example.com", "password": "pho-Bo-tai-2026"},
    )
    assert response.status_code == 302
    assert response.url == reverse("pages:list")
    assert User.objects.filter(email="minh@example.com").exists()
    first_page = client.get(response.url, headers={"accept-language": "en"}).content.decode()
    assert "Create your first page" in first_page and "Welcome to LandingHub, Minh!" in first_page
    profile = client.get(reverse("accounts:profile"))
    assert b"minh@example.com" in profile.content


def test_signup_shows_errors_and_creates_nothing(client):
    UserFactory(email="taken@example.com")
    response = client.post(
        reverse("accounts:signup"),
        {"name": "Minh", "email": "TAKEN@example.com", "password": "123"},
    )
    assert response.status_code == 200
    assert b"already exists" in response.content
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
