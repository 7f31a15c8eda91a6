"""Reconciliation: payments left pending because no IPN came are asked about with the
gateway's status query, and final answers are applied exactly like an IPN
(``callbacks.payment_apply``: row locks, amount check, final attempts never change). Every
answer is stored as a ``PaymentCallback`` of kind *query*."""

import contextlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import config
from .callbacks import Verified, callback_process, callback_record
from .exceptions import GatewayUnavailable, InvalidCallback
from .gateways.momo import momo_outcome
from .gateways.momo_client import momo_query_payment
from .models import Gateway, PaymentAttempt, PaymentCallback
from .outcomes import PaymentOutcome

logger = logging.getLogger(__name__)
AttemptStatus = PaymentAttempt.Status


# --- MoMo: /v2/gateway/api/query ------------------------------------------------------------


def _momo_query_verified(answer: dict, attempt: PaymentAttempt) -> Verified:
    code, amount, trans_id = answer.get("resultCode"), answer.get("amount"), answer.get("transId")
    if answer.get("orderId") != attempt.reference or not isinstance(code, int):
        raise InvalidCallback("MoMo answered the query for another payment.")
    if not isinstance(amount, int) or isinstance(amount, bool):
        amount = None
    return Verified(
        reference=attempt.reference,
        amount=amount,
        transaction_id=str(trans_id or ""),
        outcome=momo_outcome(code),
    )


def momo_reconcile_pending(*, older_than: timedelta = timedelta(minutes=15)) -> int:
    """Asks MoMo about attempts still pending ``older_than`` after creation (up to a week
    old) and applies final answers exactly like an IPN. Returns how many were settled.
    Nothing to do for the simulator, whose IPN is sent before the buyer comes back."""
    if config.momo_simulated():
        return 0
    credentials = config.momo_credentials()
    endpoint = settings.MOMO_ENDPOINT.rsplit("/", 1)[0] + "/query"
    now = timezone.now()
    pending = PaymentAttempt.objects.filter(
        gateway=Gateway.MOMO,
        status=AttemptStatus.PENDING,
        created_at__lt=now - older_than,
        created_at__gt=now - timedelta(days=7),
    ).order_by("created_at")[:100]
    settled = 0
    for attempt in pending:
        try:
            answer = momo_query_payment(
                order_id=attempt.reference, endpoint=endpoint, credentials=credentials
            )
        except GatewayUnavailable:
            logger.warning("MoMo query for %s failed; next sweep retries", attempt)
            continue
        if (
            not isinstance(answer.get("resultCode"), int)
            or momo_outcome(answer["resultCode"]) is PaymentOutcome.PENDING
        ):
            continue
        record = callback_record(
            gateway=Gateway.MOMO,
            kind=PaymentCallback.Kind.QUERY,
            raw_body=json.dumps(answer, ensure_ascii=False),
            params=answer,
        )
        with contextlib.suppress(Exception):  # recorded on the callback row and logged
            callback_process(record, lambda a=answer, t=attempt: _momo_query_verified(a, t))
            settled += 1
    return settled
