"""E-mail verification (issue 12, item 1): the link, the resend, and what waits for it."""

import re
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from marketplace.models import MarketplacePage
from marketplace.tests.factories import CategoryFactory, active_listing, listing_for
from orders.models import Order
from pages.tests.factories import PageFactory

from .factories import UserFactory

pytestmark = pytest.mark.django_db
STRONG = "pho-Bo-tai-2026"
UNVERIFIED_VI = "Hãy xác nhận địa chỉ e-mail trước"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs what a request leaves for after its commit (the e-mail tasks) when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _link(message) -> str:
    return re.search(r"http://localhost:8000(/accounts/confirm-email/[^/\s]+/)", message.body)[1]


def _key(message) -> str:
    return _link(message).rstrip("/").rsplit("/", 1)[1]


def _client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def test_register_api_answers_an_unverified_user_and_emails_the_link(api_client, commit):
    with commit():
        response = api_client.post(
            "/api/auth/register",
            {"name": "Minh", "email": "minh@example.com", "password": STRONG},
            format="json",
            HTTP_ACCEPT_LANGUAGE="vi",
        )
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["email_verified"] is False and body["access"] and body["refresh"]
    (message,) = mail.outbox
    assert message.to == ["minh@example.com"]
    assert message.subject == "Xác nhận địa chỉ e-mail của bạn cho LandingHub"
    assert "/accounts/confirm-email/" in message.body


def test_the_email_follows_the_language_of_the_sign_up(api_client, commit):
    with commit():
        api_client.post(
            "/api/auth/register",
            {"name": "Minh", "email": "minh@example.com", "password": STRONG},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert mail.outbox[0].subject == "Confirm your e-mail address for LandingHub"


def test_verify_email_api_confirms_with_the_key_from_the_email(api_client, commit):
    with commit():
        api_client.post(
            "/api/auth/register",
            {"name": "Minh", "email": "minh@example.com", "password": STRONG},
            format="json",
        )
    response = api_client.post(
        "/api/auth/verify-email", {"key": _key(mail.outbox[0])}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["user"]["email_verified"] is True
    me = _client(User.objects.get(email="minh@example.com")).get("/api/auth/me").json()
    assert me["user"]["email_verified"] is True


def test_verify_email_api_refuses_a_made_up_key(api_client):
    response = api_client.post(
        "/api/auth/verify-email", {"key": "MQ:1tZ:forged"}, format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_key" and "Liên kết xác nhận" in error["message"]


def test_resend_api_sends_a_new_link_then_waits(commit):
    user = UserFactory(unverified=True)
    client = _client(user)
    with commit():
        assert client.post("/api/auth/verify-email/resend").status_code == 202
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    again = client.post("/api/auth/verify-email/resend", HTTP_ACCEPT_LANGUAGE="vi")
    assert again.status_code == 429
    assert again.json()["error"]["code"] == "throttled"
    assert len(mail.outbox) == 1


def test_resend_api_for_a_confirmed_address_is_409():
    response = _client(UserFactory()).post("/api/auth/verify-email/resend")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_verified"
    assert mail.outbox == []


def test_confirm_page_confirms_on_the_button_not_on_opening_the_link(client, commit):
    user = UserFactory(unverified=True)
    with commit():
        _client(user).post("/api/auth/verify-email/resend")
    link = _link(mail.outbox[0])
    page = client.get(link, HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    assert (
        "Xác nhận địa chỉ e-mail" in page.content.decode()
        and 'class="card' in page.content.decode()
    )
    assert not EmailAddress.objects.get(user=user).verified  # a mail scanner's GET does nothing
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified


def test_confirm_page_with_a_bad_key_says_so(client):
    page = client.get("/accounts/confirm-email/nonsense/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    assert "Liên kết xác nhận này không hợp lệ hoặc đã hết hạn" in page.content.decode()


def test_createsuperuser_is_confirmed():
    call_command(
        "createsuperuser", email="root@example.com", name="Root", interactive=False, verbosity=0
    )
    assert EmailAddress.objects.get(email="root@example.com").verified


def test_existing_users_were_marked_confirmed_by_the_data_migration():
    migration = import_module(
        "accounts.migrations.0003_verified_email_addresses_for_existing_users"
    )
    user = User.objects.create_user(email="old@example.com", name="Old", password=STRONG)
    migration.forwards(apps, None)
    assert EmailAddress.objects.get(user=user).verified


# --- What waits for the confirmation: publish, sell, buy -----------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_unverified_user_cannot_publish_through_the_api(language):
    user = UserFactory(unverified=True)
    page = PageFactory(owner=user, html_content="<h1>Hi</h1>")
    response = _client(user).post(f"/api/pages/{page.pk}/deploy", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "email_unverified"
    assert error["details"]["resend_url"] == "/api/auth/verify-email/resend"
    expected = UNVERIFIED_VI if language == "vi" else "Confirm your e-mail address first"
    assert error["message"].startswith(expected)
    page.refresh_from_db()
    assert page.deploy_status == page.DeployStatus.NONE


def test_unverified_user_cannot_sell_through_the_api():
    user = UserFactory(unverified=True)
    page = PageFactory(owner=user, html_content="<h1>Hi</h1>")
    response = _client(user).post(
        "/api/marketplace",
        {
            "page_id": page.pk,
            "title": "Shop",
            "description": "A shop",
            "category": CategoryFactory().slug,
            "price": 99000,
        },
        format="json",
    )
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "email_unverified"


def test_unverified_seller_cannot_submit_a_listing():
    listing = listing_for()
    EmailAddress.objects.filter(user=listing.seller).update(verified=False)
    response = _client(listing.seller).post(f"/api/marketplace/{listing.pk}/submit")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "email_unverified"
    assert not listing.revisions.exists()


@pytest.mark.parametrize("path", ["/api/orders", "/api/payment/momo/create"])
def test_unverified_user_cannot_buy(path):
    listing = active_listing()
    buyer = UserFactory(unverified=True)
    body = {"marketplace_page_id": listing.pk, "listing_id": listing.pk, "payment_method": "momo"}
    response = _client(buyer).post(path, body, format="json")
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "email_unverified"
    assert not Order.objects.filter(buyer=buyer).exists()


def test_unverified_user_sees_why_on_the_pages_list_and_where_to_resend(client):
    user = UserFactory(unverified=True)
    page = PageFactory(owner=user, html_content="<h1>Hi</h1>")
    client.force_login(user)
    response = client.post(
        reverse("pages:action", args=[page.pk, "publish"]), follow=True, HTTP_ACCEPT_LANGUAGE="vi"
    )
    html = response.content.decode()
    assert UNVERIFIED_VI in html and 'data-testid="verify-email-link"' in html
    assert reverse("accounts:verify_email") in html


def test_unverified_buyer_sees_why_at_checkout(client):
    listing = active_listing()
    buyer = UserFactory(unverified=True)
    client.force_login(buyer)
    response = client.post(
        reverse("payments:checkout", args=[listing.pk]),
        {"gateway": "momo"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    html = response.content.decode()
    assert UNVERIFIED_VI in html and 'data-testid="verify-email-link"' in html


def test_verify_page_resends_and_profile_offers_it(client, commit):
    user = UserFactory(unverified=True)
    client.force_login(user)
    profile = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'data-testid="resend-verification"' in profile
    with commit():
        response = client.post(
            reverse("accounts:verify_email"), follow=True, HTTP_ACCEPT_LANGUAGE="vi"
        )
    assert "Chúng tôi đã gửi một liên kết xác nhận mới" in response.content.decode()
    assert len(mail.outbox) == 1
    assert client.post(reverse("accounts:verify_email")).status_code == 429


def test_unverified_seller_sees_why_on_the_sell_form(client):
    user = UserFactory(unverified=True)
    page = PageFactory(owner=user)
    client.force_login(user)
    response = client.post(
        reverse("marketplace:new"),
        {
            "page": page.pk,
            "title": "Shop",
            "description": "A shop for flowers",
            "category": CategoryFactory().slug,
            "price": 99000,
            "tags": "",
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    html = response.content.decode()
    assert UNVERIFIED_VI in html and 'data-testid="verify-email-link"' in html
    assert not MarketplacePage.objects.filter(seller=user).exists()
