"""Payments to give back: queued when a paid attempt cannot deliver its order, closed by
staff once they have refunded it by hand (the gateways' refund APIs come later)."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from landinghub.exceptions import VALIDATION_ERROR, ApplicationError, Conflict
from landinghub.realtime.events import send_to_admins_on_commit
from orders import services as order_services
from orders.models import Order
from payments.exceptions import REFUND_ALREADY_RECORDED

from .models import PaymentAttempt, Refund

logger = logging.getLogger(__name__)


def refund_queue(*, attempt: PaymentAttempt, order: Order, reason: str) -> Refund:
    """Idempotent: one refund per paid attempt. Runs inside ``payment_apply``'s transaction,
    with the attempt and the order locked."""
    refund, created = Refund.objects.get_or_create(
        attempt=attempt,
        defaults={
            "order": order,
            "gateway": attempt.gateway,
            "amount": attempt.amount,
            "transaction_id": attempt.transaction_id,
            "reason": reason,
        },
    )
    if created:
        logger.warning("payment %s for order %s queued for refund (%s)", attempt, order, reason)
        order_services.order_close_for_refund(order_id=order.order_id)
        send_to_admins_on_commit("dashboard:update", {"scope": "admin", "kind": "refund_due"})
    return refund


@transaction.atomic
def refund_record_manual(*, refund_id: int, reference: str, staff: User, note: str = "") -> Refund:
    """Records that staff gave the money back outside the site, with the gateway's (or the
    bank's) reference. Once only: a refund already recorded is a 409."""
    reference = reference.strip()
    if not reference:
        raise ApplicationError(
            _("Enter the reference of the refund."),
            code=VALIDATION_ERROR,
            details={"fields": {"reference": [_("Enter the reference of the refund.")]}},
        )
    refund = Refund.objects.select_for_update().get(pk=refund_id)
    if refund.status != Refund.Status.DUE:
        raise Conflict(_("This refund was already recorded."), code=REFUND_ALREADY_RECORDED)
    refund.status = Refund.Status.REFUNDED
    refund.reference = reference[:100]
    refund.note = note
    refund.refunded_by = staff
    refund.refunded_at = timezone.now()
    refund.save()
    return refund
