"""Reconciliation: payments left pending because no IPN came are asked about with the
gateway's status query, and final answers are applied exactly like an IPN
(``callbacks.payment_apply``: row locks, amount check, final attempts never change), so a
sweep racing an IPN for the same payment applies it once.

Answers are stored as ``PaymentCallback`` rows of kind *query*: MoMo's final answers; every
VNPay query with what came back (or why nothing did) and its verification result. The HTTP
call is made outside any transaction: no row is locked while waiting for the gateway."""

import contextlib
import json
import logging
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.utils import timezone

from . import config
from .callbacks import (
    Verified,
    callback_apply,
    callback_finish,
    callback_process,
    callback_record,
    callback_verify,
)
from .exceptions import REFERENCE_MISMATCH, GatewayUnavailable, InvalidCallback
from .gateways.momo import momo_outcome
from .gateways.momo_client import momo_query_payment
from .gateways.vnpay import DATE_FORMAT, VIETNAM, VnpayCredentials, vnpay_sent_dates
from .gateways.vnpay_client import vnpay_querydr_request, vnpay_querydr_send, vnpay_verify_querydr
from .models import Gateway, PaymentAttempt, PaymentCallback
from .outcomes import PaymentOutcome

logger = logging.getLogger(__name__)
AttemptStatus = PaymentAttempt.Status


# How long one sweep may spend asking (each runs every 5 minutes, under Celery's 240 s soft
# limit; a gateway that answers slowly must not make two sweeps overlap).
SWEEP_SECONDS = 120.0


def _pending_attempts(gateway: str, *, older_than: timedelta) -> Iterator[PaymentAttempt]:
    """The gateway's attempts still pending ``older_than`` after creation, up to a week old,
    newest first (a buyer who just paid is waiting; an old one has long given up), at most 100,
    for at most ``SWEEP_SECONDS``: the next sweep takes the rest."""
    now = timezone.now()
    pending = (
        PaymentAttempt.objects.filter(
            gateway=gateway,
            status=AttemptStatus.PENDING,
            created_at__lt=now - older_than,
            created_at__gt=now - timedelta(days=7),
        )
        .select_related("order")
        .order_by("-created_at")[:100]
    )
    deadline = time.monotonic() + SWEEP_SECONDS
    for attempt in pending:
        if time.monotonic() > deadline:
            logger.warning("%s reconciliation out of time; older attempts wait", gateway)
            return
        yield attempt


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
    settled = 0
    for attempt in _pending_attempts(Gateway.MOMO, older_than=older_than):
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


# --- VNPay: querydr ---------------------------------------------------------------------------

# VNPay's clock and ours may disagree a little about when a payment window ended.
_WINDOW_GRACE = timedelta(minutes=5)


def vnpay_reconcile_pending(*, older_than: timedelta = timedelta(minutes=15)) -> int:
    """Asks VNPay (``querydr``) about attempts still pending ``older_than`` after creation (up
    to a week old, newest first) and applies final answers exactly like an IPN. Returns how
    many were settled. Nothing to do for the simulator, whose IPN comes before the return."""
    if config.vnpay_simulated():
        return 0
    credentials = config.vnpay_credentials()
    settled = 0
    with vnpay_api_client() as client:
        for attempt in _pending_attempts(Gateway.VNPAY, older_than=older_than):
            settled += vnpay_reconcile_attempt(
                attempt=attempt, credentials=credentials, client=client
            )
    return settled


def vnpay_api_client() -> httpx.Client:
    timeout = httpx.Timeout(settings.VNPAY_API_TIMEOUT_SECONDS, connect=5.0)
    return httpx.Client(timeout=timeout)


def vnpay_reconcile_attempt(
    *, attempt: PaymentAttempt, credentials: VnpayCredentials, client: httpx.Client
) -> bool:
    """One querydr for ``attempt``, stored (kind *query*) whatever happens; True when a final
    answer was applied. The attempt may have been settled by an IPN since it was read: the
    answer then goes through ``payment_apply``'s locks and changes nothing."""
    asked = _vnpay_ask(attempt=attempt, credentials=credentials, client=client)
    if asked is None:
        return False
    record, answer = asked
    window_over = timezone.now() > _vnpay_window_end(attempt)
    try:
        verified = callback_verify(
            record, lambda: _vnpay_query_verified(answer, attempt, credentials, window_over)
        )
    except InvalidCallback as exc:  # unsigned, badly signed, or about another payment
        logger.error("VNPay querydr answer for %s refused (%s): nothing changed", attempt, exc)
        return False
    except _NoAnswer as exc:
        logger.error("VNPay querydr for %s not answered: %s", attempt, exc)
        callback_finish(record, PaymentCallback.Result.ERROR, signature_valid=True)
        return False
    if verified.outcome is PaymentOutcome.PENDING:
        callback_finish(record, PaymentCallback.Result.PENDING)
        return False
    try:
        callback_apply(record, verified)
    except Exception:  # a wrong amount or a replay: recorded on the callback row and logged
        return False
    return record.result == PaymentCallback.Result.APPLIED


def _vnpay_ask(
    *, attempt: PaymentAttempt, credentials: VnpayCredentials, client: httpx.Client
) -> tuple[PaymentCallback, dict] | None:
    """Sends the query and stores it with what came back; None when no answer came (a
    timeout, a refused connection, a 5xx, not JSON): recorded as an error, asked again."""
    transaction_date = _vnpay_sent(attempt, "vnp_CreateDate")
    if not transaction_date:
        logger.error("VNPay attempt %s has no vnp_CreateDate: cannot be queried", attempt)
        return None
    request = vnpay_querydr_request(
        credentials=credentials,
        txn_ref=attempt.reference,
        transaction_date=transaction_date,
        ip_addr=settings.VNPAY_SERVER_IP,
    )
    exchange = vnpay_querydr_send(request=request, api_url=settings.VNPAY_API_URL, client=client)
    record = callback_record(
        gateway=Gateway.VNPAY,
        kind=PaymentCallback.Kind.QUERY,
        raw_body=exchange.raw,
        params=exchange.as_params(),
        attempt=attempt,
    )
    if exchange.answer is None:
        logger.warning(
            "VNPay querydr for %s failed (%s); asked again later", attempt, exchange.error
        )
        callback_finish(record, PaymentCallback.Result.ERROR)
        return None
    return record, exchange.answer


class _NoAnswer(Exception):
    """A correctly signed querydr reply that says nothing about the payment (an API error
    code such as 94 or 99, or a refund status)."""


def _vnpay_query_verified(
    answer: dict, attempt: PaymentAttempt, credentials: VnpayCredentials, window_over: bool
) -> Verified:
    checked = vnpay_verify_querydr(answer, credentials=credentials)
    if checked.txn_ref != attempt.reference:
        raise InvalidCallback(
            "VNPay answered the query for another payment.", code=REFERENCE_MISMATCH
        )
    outcome, amount = checked.outcome, checked.amount_vnd
    if outcome is None:
        raise _NoAnswer(
            f"vnp_ResponseCode {checked.response_code}, "
            f"vnp_TransactionStatus {checked.transaction_status or '-'}"
        )
    if outcome is PaymentOutcome.PENDING and window_over:
        # Not found (91) or not completed (01) after the payment window closed: VNPay takes
        # no payment after vnp_ExpireDate, so nothing was paid. No amount: none was charged.
        outcome, amount = PaymentOutcome.EXPIRED, attempt.amount
    elif outcome is PaymentOutcome.FAILED and checked.amount_x100 is None:
        amount = attempt.amount  # a failure may omit the amount; a different one still fails
    return Verified(
        reference=attempt.reference,
        amount=amount,
        transaction_id=checked.transaction_no if outcome is PaymentOutcome.PAID else "",
        outcome=outcome,
    )


def _vnpay_sent(attempt: PaymentAttempt, name: str) -> str:
    """``vnp_CreateDate`` or ``vnp_ExpireDate`` as sent: stored with the attempt, or, for an
    attempt stored before they were, read from its payment URL."""
    stored = attempt.request_data.get(name)
    if stored:
        return stored
    return vnpay_sent_dates(attempt.request_data.get("url", "")).get(name, "")


def _vnpay_window_end(attempt: PaymentAttempt) -> datetime:
    """When the buyer can no longer pay: the later of the order's payment window and the
    attempt's own ``vnp_ExpireDate``, plus a little grace."""
    order_end = attempt.order.created_at + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)
    try:
        sent = datetime.strptime(_vnpay_sent(attempt, "vnp_ExpireDate"), DATE_FORMAT)
        attempt_end = sent.replace(tzinfo=VIETNAM)
    except ValueError:
        attempt_end = attempt.created_at + timedelta(minutes=settings.VNPAY_EXPIRE_MINUTES)
    return max(order_end, attempt_end) + _WINDOW_GRACE
