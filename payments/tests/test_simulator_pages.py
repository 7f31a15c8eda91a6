"""The local payment simulator pages and the checkout page (Buy → gateway → result)."""

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from marketplace.tests.factories import active_listing
from orders.models import Order
from payments.gateways.momo import momo_create_request
from payments.gateways.vnpay import vnpay_payment_url
from payments.models import PaymentCallback
from payments.simulator import SIMULATOR_MOMO, SIMULATOR_VNPAY, momo_simulated_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer_client(client, user):
    client.force_login(user)
    return client


def _checkout(client, listing, gateway):
    return client.post(f"/payments/checkout/{listing.pk}/", {"gateway": gateway})


@pytest.mark.parametrize("gateway", ["momo", "vnpay"])
def test_checkout_pay_in_the_simulator_and_land_on_the_delivered_order(buyer_client, gateway):
    listing = active_listing(price=149_000)
    page = buyer_client.get(f"/payments/checkout/{listing.pk}/")
    assert page.status_code == 200 and b"Licence" in page.content
    assert "149.000\u00a0₫" in page.content.decode()
    to_gateway = _checkout(buyer_client, listing, gateway)
    assert to_gateway.status_code == 302
    simulator = buyer_client.get(to_gateway["Location"])
    assert simulator.status_code == 200 and b"Payment simulator" in simulator.content
    assert b'value="paid"' in simulator.content and b'value="cancelled"' in simulator.content
    back = buyer_client.post(to_gateway["Location"], {"result": "paid"})
    assert back.status_code == 302
    result = buyer_client.get(back["Location"])
    order = Order.objects.get()
    assert result["Location"] == f"/orders/{order.pk}/"
    assert order.status == "delivered" and order.payment_method == gateway
    kinds = set(PaymentCallback.objects.values_list("kind", "result", "signature_valid"))
    assert kinds == {("ipn", "applied", True), ("return", "displayed", True)}
    assert b"It's yours" in buyer_client.get(result["Location"]).content


@pytest.mark.parametrize("gateway", ["momo", "vnpay"])
def test_cancelling_in_the_simulator_cancels_the_order(buyer_client, gateway):
    listing = active_listing(price=149_000)
    to_gateway = _checkout(buyer_client, listing, gateway)
    back = buyer_client.post(to_gateway["Location"], {"result": "cancelled"})
    order = Order.objects.get()
    assert order.status == "cancelled"
    result = buyer_client.get(buyer_client.get(back["Location"])["Location"])
    assert b"did not go through" in result.content and b'data-testid="try-again"' in result.content


@pytest.mark.parametrize("method", ["get", "post"])
def test_checkout_of_your_own_listing_shows_the_error(buyer_client, user, method):
    listing = active_listing(seller=user)
    url = f"/payments/checkout/{listing.pk}/"
    response = getattr(buyer_client, method)(url, {"gateway": "momo"}, follow=True)
    assert response.redirect_chain == [(f"/marketplace/{listing.pk}/", 302)]
    page = response.content.decode()
    assert "You cannot buy your own template." in page
    assert 'data-testid="buy"' not in page and 'data-testid="your-listing"' in page
    assert not Order.objects.exists()


def test_checkout_of_your_own_listing_in_vietnamese(buyer_client, user):
    listing = active_listing(seller=user)
    response = buyer_client.get(
        f"/payments/checkout/{listing.pk}/", follow=True, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert "Bạn không thể mua mẫu trang của chính mình." in response.content.decode()


def test_checkout_of_a_template_you_own_goes_to_your_order(buyer_client, user):
    listing = active_listing(price=0)
    order = buyer_client.post(f"/payments/checkout/{listing.pk}/", {"gateway": "momo"})
    delivered = Order.objects.get(buyer=user)
    assert delivered.status == "delivered", order
    response = buyer_client.get(f"/payments/checkout/{listing.pk}/", follow=True)
    assert response.redirect_chain == [(f"/orders/{delivered.pk}/", 302)]
    assert "You already own this template" in response.content.decode()
    assert Order.objects.count() == 1


def test_checkout_needs_login(client):
    listing = active_listing()
    assert client.get(f"/payments/checkout/{listing.pk}/")["Location"].startswith("/accounts/")


def test_a_tampered_payment_url_is_refused_by_the_simulator(buyer_client):
    listing = active_listing(price=149_000)
    url = urlsplit(_checkout(buyer_client, listing, "momo")["Location"])
    pairs = [(k, "1000" if k == "amount" else v) for k, v in parse_qsl(url.query)]
    tampered = f"{url.path}?{urlencode(pairs)}"
    assert buyer_client.get(tampered).status_code == 400
    assert buyer_client.post(tampered, {"result": "paid"}).status_code == 400
    assert Order.objects.get().status == "pending"


@pytest.mark.parametrize(
    "target",
    ["https://evil.com/x", "http://localhost.evil.com/x", "http://localhost:8000@evil.com/"],
)
def test_the_momo_simulator_never_returns_to_another_site(buyer_client, target):
    # Signed with the simulator's (public) key, so the signature alone proves nothing.
    request = momo_create_request(
        credentials=SIMULATOR_MOMO,
        order_id="LH000000XXXXXX01",
        amount=10_000,
        order_info="x",
        redirect_url=target,
        ipn_url="http://localhost:8000/api/payment/momo/ipn",
    )
    pay_url = momo_simulated_create(request, page_url="/payments/simulator/momo/").pay_url
    response = buyer_client.post(pay_url, {"result": "paid"})
    assert response.status_code == 400 and "Location" not in response


def test_the_vnpay_simulator_never_returns_to_another_site(buyer_client):
    url = vnpay_payment_url(
        credentials=SIMULATOR_VNPAY,
        base_url="/payments/simulator/vnpay/",
        txn_ref="LH000000XXXXXX01",
        amount_vnd=10_000,
        order_info="x",
        return_url="https://evil.com/return",
        ip_addr="127.0.0.1",
    )
    response = buyer_client.post(url, {"result": "paid"})
    assert response.status_code == 400 and "Location" not in response


def test_the_simulator_is_off_in_production_settings(buyer_client, settings):
    settings.PAYMENT_SIMULATOR_ENABLED = False
    assert buyer_client.get("/payments/simulator/vnpay/").status_code == 404
