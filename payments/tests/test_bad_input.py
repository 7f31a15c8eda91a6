"""``POST /api/orders`` with client-chosen prices and fields (rows 15, 16
and 19 of the bad-input catalogue, tests/SECURITY.md): the server's price is the only price."""

from urllib.parse import urlencode

import pytest

from marketplace.tests.factories import active_listing
from orders.models import Order
from payments.models import PaymentAttempt, PaymentCallback

from .helpers import get_vnpay, start, vnpay_query

pytestmark = pytest.mark.django_db


def test_client_sent_amount_and_status_are_ignored(auth_client, user, other_user):
    listing = active_listing(price=150_000)
    response = auth_client.post(
        "/api/orders",
        {
            "marketplace_page_id": listing.pk,
            "payment_method": "vnpay",
            "amount": 1,
            "price": 1,
            "status": "delivered",
            "buyer": other_user.pk,
            "seller_revenue": 150_000,
            "platform_fee": 0,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    order = Order.objects.get()
    assert order.buyer_id == user.pk
    assert order.amount == 150_000 and order.status == "pending"
    assert order.platform_fee + order.seller_revenue == 150_000 and order.platform_fee > 0
    assert PaymentAttempt.objects.get().amount == 150_000
    assert "vnp_Amount=15000000" in response.json()["payment_url"]


def test_vnpay_ipn_with_an_added_vnp_parameter_is_97(client):
    """VNPay signs every ``vnp_`` parameter: one added after signing breaks the hash."""
    order, attempt = start("vnpay")
    query = vnpay_query(attempt) + "&" + urlencode({"vnp_Extra": "1", "vnp_BankCode": "EVIL"})
    assert get_vnpay(client, query).json()["RspCode"] == "97"
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and order.page_id is None
    assert PaymentCallback.objects.get().result == "invalid_signature"
