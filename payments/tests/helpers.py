"""Starting payments and building gateway callbacks signed the way the gateways sign them."""

import json

from accounts.tests.factories import UserFactory
from marketplace.tests.factories import active_listing
from payments import services
from payments.models import PaymentAttempt
from payments.simulator import momo_simulated_callback, vnpay_simulated_callback

MOMO_IPN = "/api/payment/momo/ipn"
VNPAY_IPN = "/api/payment/vnpay/ipn"


def start(gateway="momo", *, buyer=None, listing=None, price=149_000):
    """A pending order and its attempt, through the real service."""
    buyer = buyer or UserFactory()
    listing = listing or active_listing(price=price)
    started = services.payment_start(
        buyer=buyer, listing_id=listing.pk, gateway=gateway, client_ip="203.0.113.7"
    )
    attempt = PaymentAttempt.objects.filter(order=started.order).order_by("-pk").first()
    return started.order, attempt


def momo_ipn(attempt, **overrides) -> dict:
    fields = {
        "order_id": attempt.reference,
        "request_id": attempt.request_id,
        "amount": attempt.amount,
        "order_info": attempt.request_data.get("orderInfo", ""),
    }
    return momo_simulated_callback(**{**fields, **overrides})


def post_momo(client, body):
    return client.post(MOMO_IPN, data=json.dumps(body), content_type="application/json")


def vnpay_query(attempt, **overrides) -> str:
    fields = {
        "txn_ref": attempt.reference,
        "amount_vnd": attempt.amount,
        "order_info": "Thanh toan don hang",
    }
    return vnpay_simulated_callback(**{**fields, **overrides})


def get_vnpay(client, query: str):
    return client.get(f"{VNPAY_IPN}?{query}")
