"""Writes for orders: creating one, delivering it exactly once, cancelling and expiring."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.selectors import email_verified_require
from landinghub.exceptions import ApplicationError, NotFound
from landinghub.realtime.events import send_to_admins_on_commit, send_to_user_on_commit
from landinghub.tasks import enqueue_on_commit
from marketplace import services as marketplace_services
from marketplace.models import MarketplacePage
from pages import services as page_services
from pages.models import Page

from . import tasks
from .exceptions import ORDER_NOT_FOUND, PAYMENT_REPLAYED, AlreadyOwned, AmountMismatch, OwnListing
from .fees import fee_split
from .models import Order

logger = logging.getLogger(__name__)
Status = Order.Status
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Stored on the order, like the gateways' reasons.
# Cancel reasons are stored in English and shown translated in the order page.
REPLACED_REASON = gettext_noop("Replaced by a newer order at the current price.")
# Written by migration 0004 on orders it replaced; listed so the order page translates it too.
gettext_noop("Replaced by a newer order.")


def _order_code() -> str:
    """Human-readable and unguessable: LH + Vietnam date + 6 characters, e.g. LH261125K7Q4ZP."""
    day = timezone.localtime().strftime("%y%m%d")
    return "LH" + day + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def order_summary(order: Order) -> dict:
    return {
        "id": order.pk,
        "order_id": order.order_id,
        "status": order.status,
        "amount": order.amount,
        "seller_revenue": order.seller_revenue,
        "listing_id": order.marketplace_page_id,
        "page_id": order.page_id,
        "title": order.revision.title,
    }


@transaction.atomic
def order_create(*, buyer: User, listing_id: int, payment_method: str) -> tuple[Order, bool]:
    """Returns ``(order, created)``. A pending order for the same listing at its current price
    and revision is reused (a buyer who clicks Buy twice pays once); any other pending order
    of the buyer for it is cancelled, so at most one is payable (the listing row lock orders
    concurrent calls; a partial unique constraint holds it). A listing the buyer already owns
    is refused."""
    email_verified_require(user=buyer)
    listing = (
        MarketplacePage.objects.select_for_update(of=("self",))
        .filter(pk=listing_id, status=MarketplacePage.Status.ACTIVE)
        .select_related("approved_revision")
        .first()
    )
    if listing is None or listing.approved_revision is None:
        raise NotFound(_("This template is not on sale."))
    if listing.seller_id == buyer.pk:
        raise OwnListing(_("You cannot buy your own template."))
    mine = Order.objects.filter(buyer=buyer, marketplace_page=listing)
    if mine.filter(status=Status.DELIVERED).exists():
        raise AlreadyOwned(_("You already own this template: find it in My orders."))
    if listing.is_free:
        payment_method = Order.PaymentMethod.FREE
    pending = _pending_current(mine, listing)
    if pending is not None:
        if pending.payment_method != payment_method:
            pending.payment_method = payment_method
            pending.save(update_fields=["payment_method", "updated_at"])
        return pending, False
    fee, revenue = fee_split(
        amount=listing.price, percent=settings.MARKETPLACE_PLATFORM_FEE_PERCENT
    )
    order = Order.objects.create(
        order_id=_order_code(),
        buyer=buyer,
        seller_id=listing.seller_id,
        marketplace_page=listing,
        revision=listing.approved_revision,
        amount=listing.price,
        platform_fee=fee,
        seller_revenue=revenue,
        payment_method=payment_method,
    )
    if listing.is_free:
        order = order_deliver(order_id=order.order_id, amount=0, transaction_id="")
    return order, True


def _pending_current(mine, listing: MarketplacePage) -> Order | None:
    """The buyer's pending order at the listing's current price and revision, if any; the
    buyer's other pending orders for the listing are cancelled."""
    current = None
    for order in mine.filter(status=Status.PENDING).order_by("-created_at", "-pk"):
        same = order.amount == listing.price and order.revision_id == listing.approved_revision_id
        if same and current is None:
            current = order
        else:
            order_cancel(order_id=order.order_id, reason=REPLACED_REASON)
    return current


def _buyer_copy(order: Order) -> Page:
    revision = order.revision
    content = marketplace_services.revision_content_copy(
        revision=revision, prefix=f"pages/{order.buyer_id}/purchases/{order.order_id}"
    )
    base = slugify(revision.title)[:40] or "template"
    return page_services.page_copy_create(
        owner_id=order.buyer_id,
        title=revision.title,
        slug=f"{base}-{order.order_id.lower()}",
        origin=Page.Origin.PURCHASE,  # the licence allows use, not resale
        # Not js_content: the seller's script is shown to neither the buyer's builder nor
        # anyone editing the copy, and publishing the copy would run it on the buyer's origin
        # (next to the buyer's leads). It reaches the buyer only as js/script.js in the ZIP,
        # where it is a file they see, and the reviewer saw it before approving.
        content={
            "html_content": content.html_content,
            "css_content": content.css_content,
            "project_data": content.project_data,
        },
    )


def _cancel_others_pending(order: Order) -> None:
    """A late payment may deliver a cancelled order while a newer one waits: that one is not
    payable any more (a payment for it would be refunded)."""
    others = Order.objects.filter(
        buyer_id=order.buyer_id,
        marketplace_page_id=order.marketplace_page_id,
        status=Status.PENDING,
    )
    for other in others.values_list("order_id", flat=True):
        order_cancel(order_id=other, reason=gettext_noop("You already own this template."))


@transaction.atomic
def order_deliver(
    *, order_id: str, amount: int, transaction_id: str, payment_method: str | None = None
) -> Order:
    """Applies a verified payment. The order row is locked, the amount checked against what
    was charged, and the gateway transaction id makes it idempotent: a duplicate, replayed or
    concurrent callback finds the order delivered and changes nothing more. ``payment_method``
    records the gateway that actually paid (the buyer may have switched before paying)."""
    order = (
        Order.objects.select_for_update()
        .select_related("revision")
        .filter(order_id=order_id)
        .first()
    )
    if order is None:
        raise NotFound("Unknown order.", code=ORDER_NOT_FOUND)
    if amount != order.amount:
        raise AmountMismatch(f"Paid {amount} VND for an order of {order.amount} VND.")
    if order.status == Status.DELIVERED:
        if transaction_id and order.transaction_id != transaction_id:
            logger.error(
                "order %s paid twice (%s, %s): refund one",
                order_id,
                order.transaction_id,
                transaction_id,
            )
        return order
    order.page = _buyer_copy(order)
    if payment_method:
        order.payment_method = payment_method
    order.status = Status.DELIVERED
    order.transaction_id = transaction_id
    order.delivered_at = timezone.now()
    order.cancel_reason = ""
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError as exc:  # this transaction id already paid another order: a replay
        raise ApplicationError(
            "This payment was already used.", code=PAYMENT_REPLAYED, status=409
        ) from exc
    marketplace_services.listing_record_sale(listing_id=order.marketplace_page_id)
    _cancel_others_pending(order)
    summary = order_summary(order)
    send_to_user_on_commit(order.buyer_id, "order:updated", summary)
    send_to_user_on_commit(order.seller_id, "sale:new", summary)
    send_to_user_on_commit(order.seller_id, "dashboard:update", {"kind": "sale", "order": summary})
    send_to_admins_on_commit("dashboard:update", {"scope": "admin", "kind": "sale"})
    # After commit and in its own task: a mail failure never undoes or blocks the delivery.
    enqueue_on_commit(tasks.order_emails_send_task, order.pk)
    return order


# Why a payment that arrived cannot deliver its order (``order_payment_refusal``).
ALREADY_OWNED = "already_owned"
NOT_ON_SALE = "not_on_sale"
PRICE_CHANGED = "price_changed"
REFUND_REASON = gettext_noop("Paid after the order was closed: the payment will be refunded.")


def order_payment_refusal(*, order: Order) -> str:
    """Why a verified payment for ``order`` (locked by the caller) cannot deliver it; "" when
    it can. A pending order delivers at its own price. A cancelled or expired one delivers
    only if the listing is still on sale at the amount paid. Nobody gets a second copy."""
    mine = Order.objects.filter(
        buyer_id=order.buyer_id, marketplace_page_id=order.marketplace_page_id
    )
    if mine.filter(status=Status.DELIVERED).exists():
        return ALREADY_OWNED
    if order.status == Status.PENDING:
        return ""
    listing = MarketplacePage.objects.get(pk=order.marketplace_page_id)
    if listing.status != MarketplacePage.Status.ACTIVE or listing.approved_revision_id is None:
        return NOT_ON_SALE
    if listing.price != order.amount:
        return PRICE_CHANGED
    return ""


@transaction.atomic
def order_close_for_refund(*, order_id: str) -> None:
    """A payment for this order will be refunded: a pending order is cancelled (so it is not
    paid again) and a cancelled one says why; a delivered one stays as it is."""
    order = Order.objects.select_for_update().get(order_id=order_id)
    if order.status == Status.DELIVERED:
        return
    order.status = Status.CANCELLED
    order.cancel_reason = REFUND_REASON
    order.save(update_fields=["status", "cancel_reason", "updated_at"])
    send_to_user_on_commit(order.buyer_id, "order:updated", order_summary(order))


@transaction.atomic
def order_cancel(*, order_id: str, reason: str) -> Order | None:
    """A failed or cancelled payment. Only a pending order changes; a delivered one never."""
    order = Order.objects.select_for_update().filter(order_id=order_id).first()
    if order is None:
        return None
    if order.status in (Status.PENDING, Status.PROCESSING):
        order.status = Status.CANCELLED
        order.cancel_reason = reason[:200]
        order.save(update_fields=["status", "cancel_reason", "updated_at"])
        send_to_user_on_commit(order.buyer_id, "order:updated", order_summary(order))
    return order


def order_expire_unpaid(*, older_than: timedelta | None = None) -> int:
    cutoff = timezone.now() - (
        older_than or timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)
    )
    expired = 0
    for order_id in Order.objects.filter(status=Status.PENDING, created_at__lt=cutoff).values_list(
        "order_id", flat=True
    )[:1000]:
        order_cancel(order_id=order_id, reason=gettext_noop("Payment not received in time."))
        expired += 1
    return expired
