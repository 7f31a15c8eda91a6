"""Paying for an order: the seam between orders and the payments app.

``POST /api/orders`` is an orders endpoint, but starting a payment (the gateways, their
attempts and URLs) is the payments app's job, and payments stands above orders: it imports
orders, never the other way round. So payments plugs its starter in here when Django starts
(``PaymentsConfig.ready``), and orders' API calls ``order_checkout`` without knowing a gateway.
"""

from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from accounts.models import User

from .models import Order


@dataclass(frozen=True)
class PaymentStart:
    order: Order
    created: bool
    payment_url: str | None  # None: nothing to pay (a free listing, delivered at once)


class PaymentStarter(Protocol):
    def __call__(
        self, *, buyer: User, listing_id: int, gateway: str, client_ip: str = ""
    ) -> PaymentStart: ...


_starter: PaymentStarter | None = None


def payment_starter_register(starter: PaymentStarter) -> None:
    """Called once by the payments app at start-up."""
    global _starter
    _starter = starter


def order_checkout(*, buyer: User, listing_id: int, gateway: str, client_ip: str) -> PaymentStart:
    """The buyer's pending order for the listing (created or reused) and where to pay it."""
    if _starter is None:
        raise ImproperlyConfigured("No payment starter is registered: install the payments app.")
    return _starter(buyer=buyer, listing_id=listing_id, gateway=gateway, client_ip=client_ip)
