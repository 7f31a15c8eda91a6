"""``POST /api/orders``: the pending order and the gateway's payment URL; gateway faults."""

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from marketplace.tests.factories import active_listing, listing_for
from orders.models import Order
from payments import services
from payments.gateways.momo_client import RetryPolicy
from payments.gateways.vnpay import VIETNAM, vnpay_hash_ok
from payments.models import PaymentAttempt
from payments.simulator import SIMULATOR_VNPAY

from .conftest import SANDBOX_MOMO
from .helpers import momo_ipn, post_momo, start

pytestmark = pytest.mark.django_db
URL = "/api/orders"


def _buy(client, listing, method="momo"):
    return client.post(
        URL, {"marketplace_page_id": listing.pk, "payment_method": method}, format="json"
    )


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code


def test_post_orders_creates_a_pending_order_and_returns_the_momo_url(auth_client, settings):
    settings.MARKETPLACE_PLATFORM_FEE_PERCENT = 10
    listing = active_listing(price=149_000)
    response = _buy(auth_client, listing)
    assert response.status_code == 201
    order = response.json()["order"]
    assert (order["status"], order["amount"], order["platform_fee"], order["seller_revenue"]) == (
        "pending",
        149_000,
        14_900,
        134_100,
    )
    url = urlsplit(response.json()["payment_url"])
    assert url.path == "/payments/simulator/momo/"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["orderId"] == f"{order['order_id']}01" and query["amount"] == "149000"
    assert query["ipnUrl"] == "http://localhost:8000/api/payment/momo/ipn"
    attempt = PaymentAttempt.objects.get()
    assert attempt.request_id == query["requestId"] and attempt.status == "pending"


def test_post_orders_returns_a_signed_vnpay_url(auth_client):
    response = _buy(auth_client, active_listing(price=149_000), "vnpay")
    assert response.status_code == 201
    query = {k: v[0] for k, v in parse_qs(urlsplit(response.json()["payment_url"]).query).items()}
    assert query["vnp_Amount"] == "14900000" and query["vnp_Version"] == "2.1.0"
    assert query["vnp_IpAddr"] == "127.0.0.1" and "vnp_SecureHashType" not in query
    created = datetime.strptime(query["vnp_CreateDate"], "%Y%m%d%H%M%S").replace(tzinfo=VIETNAM)
    assert abs(created - datetime.now(VIETNAM)) < timedelta(minutes=1)
    assert vnpay_hash_ok(query, hash_secret=SIMULATOR_VNPAY.hash_secret)
    # Stored as sent: querydr repeats vnp_CreateDate as its vnp_TransactionDate.
    stored = PaymentAttempt.objects.get().request_data
    assert stored["vnp_CreateDate"] == query["vnp_CreateDate"]
    assert stored["vnp_ExpireDate"] == query["vnp_ExpireDate"]


def test_a_double_click_gets_the_same_order_and_url(auth_client):
    listing = active_listing(price=149_000)
    first, second = _buy(auth_client, listing), _buy(auth_client, listing)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Order.objects.count() == 1 and PaymentAttempt.objects.count() == 1


def test_switching_gateway_reuses_the_order_with_a_new_reference(auth_client):
    listing = active_listing(price=149_000)
    momo, vnpay = _buy(auth_client, listing), _buy(auth_client, listing, "vnpay")
    assert momo.json()["order"]["id"] == vnpay.json()["order"]["id"]
    assert vnpay.json()["order"]["payment_method"] == "vnpay"
    refs = list(PaymentAttempt.objects.order_by("pk").values_list("reference", flat=True))
    assert refs[0].endswith("01") and refs[1].endswith("02")


def test_buying_your_own_listing_is_refused(auth_client, user):
    _error(_buy(auth_client, active_listing(seller=user)), 400, "own_listing")
    assert not Order.objects.exists()


def test_buying_a_listing_not_on_sale_is_404(auth_client):
    _error(_buy(auth_client, listing_for()), 404, "not_found")
    _error(
        auth_client.post(URL, {"marketplace_page_id": 999999, "payment_method": "momo"}),
        404,
        "not_found",
    )
    assert not Order.objects.exists()


def test_buying_what_you_own_is_409(auth_client, user):
    order, attempt = start("momo", buyer=user)
    post_momo(auth_client, momo_ipn(attempt))
    _error(_buy(auth_client, order.marketplace_page), 409, "already_owned")


def test_a_free_listing_is_delivered_without_a_gateway(auth_client):
    response = _buy(auth_client, active_listing(price=0))
    assert response.status_code == 201
    assert response.json()["payment_url"] is None
    assert response.json()["order"]["status"] == "delivered"
    assert not PaymentAttempt.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{"marketplace_page_id": 1}, {"marketplace_page_id": 1, "payment_method": "paypal"}, {}],
)
def test_bad_input_is_a_validation_error(auth_client, body):
    _error(auth_client.post(URL, body, format="json"), 400, "validation_error")


def test_post_orders_needs_authentication(api_client):
    _error(_buy(api_client, active_listing()), 401, "not_authenticated")


def test_a_gateway_that_cannot_take_the_price_is_400_and_no_order_is_made(auth_client):
    listing = active_listing(price=2_000)  # MoMo takes it, VNPay's minimum is 5,000
    response = auth_client.post(
        URL,
        {"marketplace_page_id": listing.pk, "payment_method": "vnpay"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    _error(response, 400, "amount_out_of_range")
    error = response.json()["error"]
    assert error["message"].startswith("VNPay takes 5,000 ₫ to 999,999,999 ₫")
    assert "payment_method" in error["details"]["fields"]
    assert not Order.objects.exists() and not PaymentAttempt.objects.exists()
    assert _buy(auth_client, listing, "momo").status_code == 201


def test_no_keys_and_no_simulator_is_a_clear_503(auth_client, settings):
    settings.PAYMENT_SIMULATOR_ENABLED = False
    _error(_buy(auth_client, active_listing()), 503, "payment_gateway_not_configured")


# --- Real MoMo keys, against the fake MoMo server -------------------------------------------


@pytest.fixture
def real_momo(settings, fake_momo, monkeypatch):
    settings.MOMO_PARTNER_CODE = SANDBOX_MOMO.partner_code
    settings.MOMO_ACCESS_KEY = SANDBOX_MOMO.access_key
    settings.MOMO_SECRET_KEY = SANDBOX_MOMO.secret_key
    settings.MOMO_ENDPOINT = fake_momo.url
    fast = RetryPolicy(attempts=2, connect_timeout=1.0, read_timeout=0.3, backoff=0.01)
    monkeypatch.setattr(services, "_momo_policy", lambda: fast)
    return fake_momo


def test_real_keys_call_momo_and_return_its_pay_url(auth_client, real_momo):
    response = _buy(auth_client, active_listing(price=149_000))
    assert response.status_code == 201
    assert response.json()["payment_url"].startswith("https://test-payment.momo.vn/")
    assert real_momo.requests[0]["body"]["ipnUrl"].endswith("/api/payment/momo/ipn")


def test_momo_timing_out_is_503_cancels_the_order_and_a_retry_starts_afresh(auth_client, real_momo):
    listing = active_listing(price=149_000)
    real_momo.script = ["sleep", "sleep"]
    real_momo.sleep_seconds = 1.0
    _error(_buy(auth_client, listing), 503, "payment_gateway_unavailable")
    attempt = PaymentAttempt.objects.get()
    first = Order.objects.get()
    # No orphan pending order (issue 12, item 15): the order nobody can pay is cancelled.
    assert attempt.status == "created" and first.status == "cancelled"
    response = _buy(auth_client, listing)  # the buyer tries again: a new order and request
    assert response.status_code == 201 and response.json()["payment_url"]
    assert Order.objects.filter(status="pending").count() == 1
    assert PaymentAttempt.objects.order_by("pk").last().status == "pending"


def test_momo_refusing_is_502_and_the_next_try_is_a_new_attempt(auth_client, real_momo, settings):
    listing = active_listing(price=149_000)
    real_momo.secret_key = "not-what-we-sign-with"  # MoMo answers 400, resultCode 20
    response = _buy(auth_client, listing)
    _error(response, 502, "payment_gateway_rejected")
    assert response.json()["error"]["details"]["result_code"] == 20
    assert PaymentAttempt.objects.get().status == "rejected"
    assert Order.objects.get().status == "cancelled"  # no orphan pending order
    real_momo.secret_key = SANDBOX_MOMO.secret_key
    assert _buy(auth_client, listing).status_code == 201
    assert PaymentAttempt.objects.order_by("pk").last().status == "pending"


def test_the_simulator_is_off_when_keys_are_set(client, real_momo, user):
    client.force_login(user)
    assert client.get("/payments/simulator/momo/").status_code == 404
