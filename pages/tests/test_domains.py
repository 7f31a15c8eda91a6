import pytest
from django.test import Client
from django.urls import reverse

from pages.domains import txt_value
from pages.models import CustomDomain

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


def test_custom_domain_taken_is_409(auth_client, other_client, page, other_user):
    from .factories import PageFactory

    other_page = PageFactory(owner=other_user)
    other_client.post(f"/api/pages/{other_page.pk}/domain", {"domain": "a.example.com"})
    response = auth_client.post(f"/api/pages/{page.pk}/domain", {"domain": "a.example.com"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "domain_taken"
    assert CustomDomain.objects.get(domain="a.example.com").page == other_page


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
