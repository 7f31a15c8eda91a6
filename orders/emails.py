"""The receipt to the buyer and the sale notice to the seller of a delivered order.

Sent by ``order_emails_send_task``, enqueued after the delivery commits (``order_deliver``),
so a mail failure never undoes or blocks a delivery. Exactly one of each per order: each is
claimed with a conditional UPDATE of its ``*_emailed_at`` column (only one run can turn it
from NULL to a time) before it goes out, and released again if the transport fails, so the
task's retry sends it. A worker killed between the claim and the SMTP call loses that e-mail
rather than risking a second copy (the order pages show everything it says).

``orders_missing_emails`` feeds the periodic sweep that catches what the task could not do:
a broker down at delivery time (nothing was enqueued) or an SMTP outage longer than the
task's retries.
"""

import logging
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from landinghub.mail import mail_send, site_url

from .models import Order

logger = logging.getLogger(__name__)


def _claim(order_pk: int, field: str) -> bool:
    unsent = Order.objects.filter(
        pk=order_pk, status=Order.Status.DELIVERED, **{f"{field}__isnull": True}
    )
    return unsent.update(**{field: timezone.now()}) == 1


def _release(order_pk: int, field: str) -> None:
    Order.objects.filter(pk=order_pk).update(**{field: None})


def _context(order: Order) -> dict:
    return {
        "order": order,
        "title": order.revision.title,
        "order_url": site_url(reverse("orders:detail", args=[order.pk])),
        "copy_url": site_url(reverse("pages:builder", args=[order.page_id]))
        if order.page_id
        else "",
        "download_url": site_url(reverse("api:orders-download", args=[order.pk])),
        "sales_url": site_url(reverse("orders:sales")),
    }


def order_emails_send(*, order_pk: int) -> list[str]:
    """Sends whichever of the two e-mails has not gone out yet; returns the ones it sent.
    Nothing for an order that is not (or no longer) delivered. Both are tried; the first
    transport error is raised afterwards (for the task's retry)."""
    order = (
        Order.objects.select_related("buyer", "seller", "revision")
        .filter(pk=order_pk, status=Order.Status.DELIVERED)
        .first()
    )
    if order is None:
        return []
    context = _context(order)
    mails = [
        ("receipt_emailed_at", order.buyer.email, "orders/receipt"),
        ("sale_emailed_at", order.seller.email, "orders/sale"),
    ]
    sent, error = [], None
    for field, to, template in mails:
        if not _claim(order.pk, field):
            continue
        try:
            mail_send(to=to, template=template, context=context)
        except Exception as exc:
            _release(order.pk, field)
            logger.warning("order %s: %s not sent: %r", order.order_id, template, exc)
            error = error or exc
            continue
        sent.append(template)
    if error is not None:
        raise error
    return sent


SWEEP_AFTER = timedelta(minutes=10)  # the task's own retries come first
SWEEP_WITHIN = timedelta(days=1)  # a receipt days late helps nobody: give up then


def orders_missing_emails(*, limit: int = 200) -> list[int]:
    """Delivered orders of the last day, not just delivered, still missing an e-mail."""
    now = timezone.now()
    return list(
        Order.objects.filter(
            Q(receipt_emailed_at__isnull=True) | Q(sale_emailed_at__isnull=True),
            status=Order.Status.DELIVERED,
            # created_at first: it is the (status, created_at) index; delivery follows creation
            created_at__gte=now - SWEEP_WITHIN - timedelta(days=1),
            delivered_at__gte=now - SWEEP_WITHIN,
            delivered_at__lt=now - SWEEP_AFTER,
        )
        .order_by("delivered_at")
        .values_list("pk", flat=True)[:limit]
    )
