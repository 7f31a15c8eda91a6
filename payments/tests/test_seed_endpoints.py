"""The seed's ``POST /api/payment/momo/create`` and ``/vnpay/create {listing_id}``: the same
order and payment URL as ``POST /api/orders``, and the callbacks in the schema (gateway-only)."""

import json
from urllib.parse import urlsplit

import pytest

from marketplace.tests.factories import active_listing
from orders.models import Order

pytestmark = pytest.mark.django_db

GATEWAYS = [("momo", "/payments/simulator/momo/"), ("vnpay", "/payments/simulator/vnpay/")]


def _error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    return body["error"]


@pytest.mark.parametrize(("gateway", "simulator"), GATEWAYS)
def test_create_makes_the_pending_order_and_returns_where_to_pay(
    auth_client, user, gateway, simulator
):
    listing = active_listing(price=149_000)
    response = auth_client.post(
        f"/api/payment/{gateway}/create", {"listing_id": listing.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"order", "payment_url"}
    assert body["order"]["status"] == "pending" and body["order"]["amount"] == 149_000
    assert urlsplit(body["payment_url"]).path == simulator
    order = Order.objects.get()
    assert (order.buyer, order.marketplace_page, order.payment_method) == (user, listing, gateway)


@pytest.mark.parametrize(("gateway", "simulator"), GATEWAYS)
def test_a_second_call_reuses_the_pending_order(auth_client, gateway, simulator):
    listing = active_listing(price=99_000)
    first = auth_client.post(f"/api/payment/{gateway}/create/", {"listing_id": listing.pk})
    second = auth_client.post(f"/api/payment/{gateway}/create", {"listing_id": listing.pk})
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["order"]["order_id"] == second.json()["order"]["order_id"]
    assert Order.objects.count() == 1


def test_the_same_order_as_post_orders(auth_client):
    listing = active_listing(price=99_000)
    seed = auth_client.post("/api/payment/momo/create", {"listing_id": listing.pk}, format="json")
    orders = auth_client.post(
        "/api/orders", {"marketplace_page_id": listing.pk, "payment_method": "momo"}, format="json"
    )
    assert orders.status_code == 200
    assert orders.json()["order"]["order_id"] == seed.json()["order"]["order_id"]


@pytest.mark.parametrize("gateway", ["momo", "vnpay"])
@pytest.mark.parametrize("listing_id", ["abc", None, -1, 0, [1], {"id": 1}, ""])
def test_a_bad_listing_id_is_a_400_envelope(auth_client, gateway, listing_id):
    response = auth_client.post(
        f"/api/payment/{gateway}/create", {"listing_id": listing_id}, format="json"
    )
    error = _error(response, 400, "validation_error")
    assert "listing_id" in error["details"]["fields"]
    assert not Order.objects.exists()


@pytest.mark.parametrize("gateway", ["momo", "vnpay"])
def test_an_unknown_listing_is_a_404_envelope(auth_client, gateway):
    response = auth_client.post(f"/api/payment/{gateway}/create", {"listing_id": 999_999})
    assert response.status_code == 404
    assert not Order.objects.exists()


@pytest.mark.parametrize("gateway", ["momo", "vnpay"])
def test_buying_your_own_listing_is_refused(auth_client, user, gateway):
    listing = active_listing(seller=user)
    response = auth_client.post(f"/api/payment/{gateway}/create", {"listing_id": listing.pk})
    _error(response, 400, "own_listing")
    assert not Order.objects.exists()


def test_create_needs_a_signed_in_buyer(api_client):
    listing = active_listing()
    response = api_client.post("/api/payment/momo/create", {"listing_id": listing.pk})
    _error(response, 401, "not_authenticated")


def test_schema_has_the_create_endpoints_and_the_gateway_only_callbacks(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    paths = {path.rstrip("/"): ops for path, ops in schema["paths"].items()}
    for gateway in ("momo", "vnpay"):
        create = paths[f"/api/payment/{gateway}/create"]["post"]
        body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert body.endswith("/GatewayCreateInputRequest")
        assert {"201", "200"} <= set(create["responses"])
    for path, method in [
        ("/api/payment/momo/ipn", "post"),
        ("/api/payment/momo/return", "get"),
        ("/api/payment/vnpay/ipn", "get"),
        ("/api/payment/vnpay/callback", "get"),
    ]:
        operation = paths[path][method]
        assert operation["tags"] == ["gateway-only"] and operation["x-gateway-only"] is True
        assert "Gateway-only" in operation["description"]
    assert any(tag["name"] == "gateway-only" for tag in schema["tags"])
