from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pages.domains.custom_domains import txt_value
from pages.models import CustomDomain
from pages.tasks import domain_claims_expire_task

from .factories import PageFactory

pytestmark = pytest.mark.django_db

TXT: dict[str, list[str]] = {}


def fake_txt(name: str) -> list[str]:
    return TXT.get(name, [])


@pytest.fixture(autouse=True)
def _resolver(settings):
    settings.PAGES_DNS_TXT_RESOLVER = "pages.tests.test_domains.fake_txt"
    TXT.clear()


def test_custom_domain_serves_once_verified(
    auth_client, published, django_capture_on_commit_callbacks
):
    response = auth_client.post(
        f"/api/pages/{published.pk}/domain", {"domain": "Shop.Example.VN"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["domain"] == "shop.example.vn" and body["verified"] is False
    txt = next(r for r in body["records"] if r["type"] == "TXT")
    cname = next(r for r in body["records"] if r["type"] == "CNAME")
    assert cname["value"] == f"{published.slug}.pages.localhost"
    assert Client().get("/", headers={"host": "shop.example.vn"}).status_code == 404

    response = auth_client.post(f"/api/pages/{published.pk}/domain/verify")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "domain_unverified"

    TXT[txt["name"]] = [txt["value"]]
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(f"/api/pages/{published.pk}/domain/verify")
    assert response.status_code == 200 and response.json()["verified"] is True
    served = Client().get("/", headers={"host": "shop.example.vn"})
    assert served.status_code == 200
    assert "Bánh mì Cô Ba" in served.content.decode()
    assert (
        auth_client.get(f"/api/pages/{published.pk}").json()["custom_domain"] == "shop.example.vn"
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.delete(f"/api/pages/{published.pk}/domain").status_code == 204
    assert Client().get("/", headers={"host": "shop.example.vn"}).status_code == 404


@pytest.mark.parametrize(
    "domain", ["not a domain", "localhost", "x.pages.localhost", "com", "a..b"]
)
def test_custom_domain_invalid_is_400(auth_client, page, domain):
    response = auth_client.post(f"/api/pages/{page.pk}/domain", {"domain": domain}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "domain_invalid"


def _claim(client, page, name="www.alice-shop.example"):
    return client.post(f"/api/pages/{page.pk}/domain", {"domain": name}, format="json")


def _publish_txt(page_pk: int) -> None:
    domain = CustomDomain.objects.get(page_id=page_pk)
    TXT.setdefault(f"_landinghub.{domain.domain}", []).append(txt_value(domain))


def test_a_pending_claim_does_not_block_the_owner_who_verifies_first(
    auth_client, other_client, page, other_user
):
    squatter_page = PageFactory(owner=other_user)
    assert _claim(other_client, squatter_page).status_code == 201
    response = _claim(auth_client, page)
    assert response.status_code == 201
    claims = CustomDomain.objects.filter(domain="www.alice-shop.example")
    assert claims.count() == 2
    assert len({c.verification_token for c in claims}) == 2  # each claim has its own token

    _publish_txt(page.pk)  # only the real owner controls the zone
    assert other_client.post(f"/api/pages/{squatter_page.pk}/domain/verify").status_code == 400
    response = auth_client.post(f"/api/pages/{page.pk}/domain/verify")
    assert response.status_code == 200 and response.json()["verified"] is True
    assert list(claims.values_list("page_id", flat=True)) == [page.pk]  # the squatter's is gone
    assert other_client.get(f"/api/pages/{squatter_page.pk}/domain").status_code == 404
    response = other_client.post(f"/api/pages/{squatter_page.pk}/domain/verify")
    assert response.status_code == 404


def test_a_verified_domain_still_blocks_other_claims_409(
    auth_client, other_client, page, other_user
):
    _claim(auth_client, page)
    _publish_txt(page.pk)
    assert auth_client.post(f"/api/pages/{page.pk}/domain/verify").status_code == 200
    other_page = PageFactory(owner=other_user)
    response = _claim(other_client, other_page)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "domain_taken"
    assert CustomDomain.objects.get(domain="www.alice-shop.example").page == page


def test_an_unverified_claim_expires_after_seven_days(auth_client, other_client, page, other_user):
    squatter = PageFactory(owner=other_user)
    assert _claim(other_client, squatter).status_code == 201
    week_ago = timezone.now() - timedelta(days=7, minutes=1)
    CustomDomain.objects.filter(page=squatter).update(created_at=week_ago)
    _publish_txt(squatter.pk)  # even a TXT record found now does not revive it
    response = other_client.post(f"/api/pages/{squatter.pk}/domain/verify")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "domain_missing"
    assert other_client.get(f"/api/pages/{squatter.pk}/domain").status_code == 404

    assert _claim(auth_client, page).status_code == 201
    fresh = CustomDomain.objects.get(page=page)
    assert domain_claims_expire_task.delay().get() == 1  # the periodic sweep drops it
    beat = django_settings.CELERY_BEAT_SCHEDULE.values()
    assert "pages.tasks.domain_claims_expire_task" in {entry["task"] for entry in beat}
    assert list(CustomDomain.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_domain_page_adds_shows_records_and_verifies(client, user, published):
    client.force_login(user)
    url = reverse("pages:domain", args=[published.pk])
    assert b'data-testid="domain-form"' in client.get(url).content
    response = client.post(url, {"action": "add", "domain": "shop.example.vn"}, follow=True)
    content = response.content.decode()
    assert "Waiting for DNS" in content and "_landinghub.shop.example.vn" in content
    domain = CustomDomain.objects.get(page=published)
    response = client.post(url, {"action": "verify"}, follow=True)
    content = response.content.decode()
    assert "The TXT record was not found yet" in content and "Waiting for DNS" in content
    TXT[f"_landinghub.{domain.domain}"] = [txt_value(domain)]
    response = client.post(url, {"action": "verify"}, follow=True)
    assert 'data-testid="domain-status">Verified' in response.content.decode()
    client.post(url, {"action": "remove"})
    assert not CustomDomain.objects.filter(page=published).exists()


def test_domain_page_of_another_users_page_is_404(client, other_user, published):
    client.force_login(other_user)
    url = reverse("pages:domain", args=[published.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "add", "domain": "x.example.vn"}).status_code == 404
    assert not CustomDomain.objects.exists()
