"""Gateway callbacks: MoMo's IPN and browser return, VNPay's IPN and browser return.

Every callback is stored raw (``PaymentCallback``) before anything is checked, in its own
transaction, so the audit trail survives whatever happens next. Then: signature, merchant,
reference, amount; then the payment is applied **exactly once**:

* the attempt row and the order row are locked (``select_for_update``), so concurrent
  duplicates queue up and the second finds the attempt final;
* a final attempt never changes again (a failure after a success regresses nothing);
* ``(gateway, transaction_id)`` is unique on attempts and on orders, so one gateway
  transaction can never pay twice; the signatures cover the reference, so an old success
  cannot be replayed against a new order.

Browser returns are for display only (VNPay: "do not update the result here"): they are
verified and recorded, and the buyer is sent to the order's page, which shows the live status.
"""

import contextlib
import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from landinghub.exceptions import ApplicationError
from orders import services as order_services
from orders.exceptions import AmountMismatch
from orders.models import Order

from . import config
from .exceptions import GatewayUnavailable, InvalidCallback, InvalidSignature, UnknownPayment
from .gateways.momo import momo_outcome, momo_verify_callback
from .gateways.momo_client import momo_query_payment
from .gateways.vnpay import IpnCode, vnpay_verify_callback
from .models import Gateway, PaymentAttempt, PaymentCallback
from .outcomes import PaymentOutcome

logger = logging.getLogger(__name__)
Result = PaymentCallback.Result
AttemptStatus = PaymentAttempt.Status
_ATTEMPT_STATUS = {
    PaymentOutcome.PAID: AttemptStatus.PAID,
    PaymentOutcome.FAILED: AttemptStatus.FAILED,
    PaymentOutcome.CANCELLED: AttemptStatus.CANCELLED,
    PaymentOutcome.EXPIRED: AttemptStatus.EXPIRED,
}
_SIGNED_BUT_NOT_OURS = frozenset({"partner_mismatch", "merchant_mismatch"})
_CANCEL_REASONS = {
    PaymentOutcome.FAILED: "The payment failed.",
    PaymentOutcome.CANCELLED: "The payment was cancelled.",
    PaymentOutcome.EXPIRED: "The payment window expired.",
}


@dataclass(frozen=True)
class Verified:
    """What both gateways' callbacks say, once verified."""

    reference: str
    amount: int | None  # whole đồng; None if the gateway sent a fraction of a đồng
    transaction_id: str
    outcome: PaymentOutcome


def _record(*, gateway: str, kind: str, raw_body: str, params: Any) -> PaymentCallback:
    return PaymentCallback.objects.create(
        gateway=gateway,
        kind=kind,
        raw_body=raw_body[:100_000],
        params=params if isinstance(params, dict) else {},
    )


def _finish(record: PaymentCallback, result: str, **fields: Any) -> None:
    record.result = result
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()


@transaction.atomic
def payment_apply(*, gateway: str, verified: Verified) -> tuple[str, PaymentAttempt]:
    """Applies a verified callback; returns ``(result, attempt)``. Raises ``UnknownPayment``
    and ``AmountMismatch`` (nothing changed). Locks the attempt, then the order."""
    attempt = (
        PaymentAttempt.objects.select_for_update()
        .filter(gateway=gateway, reference=verified.reference)
        .first()
    )
    if attempt is None:
        raise UnknownPayment("No payment with this reference.")
    order = Order.objects.select_for_update().get(pk=attempt.order_id)
    if verified.amount != attempt.amount or attempt.amount != order.amount:
        logger.error("payment %s: paid %s, expected %s", attempt, verified.amount, order.amount)
        raise AmountMismatch(f"The amount paid does not match order {order.order_id}.")
    if attempt.status in PaymentAttempt.FINAL or verified.outcome is PaymentOutcome.PENDING:
        return Result.DUPLICATE, attempt
    attempt.status = _ATTEMPT_STATUS[verified.outcome]
    if verified.outcome is PaymentOutcome.PAID:
        _apply_paid(attempt=attempt, order=order, transaction_id=verified.transaction_id)
        return Result.APPLIED, attempt
    attempt.save(update_fields=["status", "updated_at"])
    latest = order.attempts.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    if latest == attempt.pk:  # an older attempt failing must not cancel the one being paid
        order_services.order_cancel(
            order_id=order.order_id, reason=_CANCEL_REASONS[verified.outcome]
        )
    return Result.APPLIED, attempt


def _apply_paid(*, attempt: PaymentAttempt, order: Order, transaction_id: str) -> None:
    attempt.transaction_id = transaction_id
    try:
        with transaction.atomic():
            attempt.save(update_fields=["status", "transaction_id", "updated_at"])
    except IntegrityError as exc:  # this gateway transaction already paid another attempt
        raise ApplicationError(
            "This payment was already used.", code="payment_replayed", status=409
        ) from exc
    owned = Order.objects.filter(
        buyer_id=order.buyer_id,
        marketplace_page_id=order.marketplace_page_id,
        status=Order.Status.DELIVERED,
    ).exists()
    if owned:
        # Paid twice (two attempts, or an expired order after buying again): keep the first
        # delivery, record this payment on its attempt and flag the refund.
        logger.error("order %s paid again by %s: refund it", order.order_id, attempt)
        return
    # A late success for an order that expired meanwhile still delivers: the money was taken.
    order_services.order_deliver(
        order_id=order.order_id,
        amount=attempt.amount,
        transaction_id=transaction_id,
        payment_method=attempt.gateway,
    )


# --- MoMo -----------------------------------------------------------------------------------


def _momo_verified(data: Any) -> Verified:
    if not isinstance(data, dict):
        raise InvalidCallback("The MoMo callback is not a JSON object.")
    callback = momo_verify_callback(data, credentials=config.momo_credentials())
    return Verified(
        reference=callback.order_id,
        amount=callback.amount,
        transaction_id=callback.trans_id,
        outcome=callback.outcome,
    )


def momo_ipn_process(*, data: Any, raw_body: str) -> PaymentCallback:
    """MoMo's IPN (JSON body). Returns the stored record when the IPN is accepted (answer 204,
    duplicates included); raises an ``ApplicationError`` (a 4xx for the envelope) when it is
    rejected. Either way nothing is applied twice and the raw IPN is kept."""
    record = _record(
        gateway=Gateway.MOMO, kind=PaymentCallback.Kind.IPN, raw_body=raw_body, params=data
    )
    return _process(record, lambda: _momo_verified(data))


def momo_return_process(*, params: dict[str, str], raw_query: str) -> PaymentCallback:
    """MoMo's browser return: verified and recorded, never applied."""
    record = _record(
        gateway=Gateway.MOMO, kind=PaymentCallback.Kind.RETURN, raw_body=raw_query, params=params
    )
    return _display(record, lambda: _momo_verified(params))


# --- VNPay ----------------------------------------------------------------------------------


def _vnpay_verified(params: dict[str, str]) -> Verified:
    callback = vnpay_verify_callback(params, credentials=config.vnpay_credentials())
    return Verified(
        reference=callback.txn_ref,
        amount=callback.amount_vnd,  # integer division only when exact (2.9 pitfall 2)
        transaction_id=callback.transaction_no,
        outcome=callback.outcome,
    )


_VNPAY_CODES = {
    Result.APPLIED: IpnCode.CONFIRMED,
    Result.DUPLICATE: IpnCode.ALREADY_CONFIRMED,
    Result.INVALID_SIGNATURE: IpnCode.INVALID_SIGNATURE,
    Result.INVALID: IpnCode.INVALID_SIGNATURE,
    Result.UNKNOWN_ORDER: IpnCode.ORDER_NOT_FOUND,
    Result.AMOUNT_MISMATCH: IpnCode.INVALID_AMOUNT,
}


def vnpay_ipn_process(*, params: dict[str, str], raw_query: str) -> IpnCode:
    """VNPay's IPN (GET). Returns the ``RspCode`` in the documented order of checks: 97 bad
    checksum, 01 unknown order, 04 wrong amount, 02 already confirmed, 00 recorded (a failure
    or cancellation too), 99 anything unexpected. VNPay retries until it gets 00 or 02."""
    record = _record(
        gateway=Gateway.VNPAY, kind=PaymentCallback.Kind.IPN, raw_body=raw_query, params=params
    )
    # VNPay gets a code whatever went wrong; the reason is on the record (and in the log).
    with contextlib.suppress(Exception):
        _process(record, lambda: _vnpay_verified(params))
    code = _VNPAY_CODES.get(record.result, IpnCode.UNKNOWN_ERROR)
    PaymentCallback.objects.filter(pk=record.pk).update(reply=code.value)
    return code


def vnpay_return_process(*, params: dict[str, str], raw_query: str) -> PaymentCallback:
    record = _record(
        gateway=Gateway.VNPAY, kind=PaymentCallback.Kind.RETURN, raw_body=raw_query, params=params
    )
    return _display(record, lambda: _vnpay_verified(params))


# --- Reconciliation: MoMo attempts whose IPN never came --------------------------------------


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
        record = _record(
            gateway=Gateway.MOMO,
            kind=PaymentCallback.Kind.QUERY,
            raw_body=json.dumps(answer, ensure_ascii=False),
            params=answer,
        )
        with contextlib.suppress(Exception):  # recorded on the callback row and logged
            _process(record, lambda a=answer, t=attempt: _momo_query_verified(a, t))
            settled += 1
    return settled


# --- Shared ---------------------------------------------------------------------------------


def _verify(record: PaymentCallback, verify) -> Verified:
    try:
        verified = verify()
    except InvalidSignature:
        _finish(record, Result.INVALID_SIGNATURE)
        raise
    except InvalidCallback as exc:
        # Only "another merchant" is known to come after a good signature; a malformed
        # callback may not have reached the check.
        _finish(record, Result.INVALID, signature_valid=exc.code in _SIGNED_BUT_NOT_OURS)
        raise
    record.signature_valid = True
    record.reference = verified.reference[:200]
    record.transaction_id = verified.transaction_id[:64]
    record.outcome = verified.outcome.value
    return verified


def _process(record: PaymentCallback, verify) -> PaymentCallback:
    verified = _verify(record, verify)
    try:
        result, attempt = payment_apply(gateway=record.gateway, verified=verified)
    except UnknownPayment:
        _finish(record, Result.UNKNOWN_ORDER)
        raise
    except AmountMismatch:
        _finish(record, Result.AMOUNT_MISMATCH, attempt=_attempt(record), order=_order(record))
        raise
    except Exception:
        logger.exception("payment callback %s could not be applied", record.pk)
        _finish(record, Result.ERROR, attempt=_attempt(record), order=_order(record))
        raise
    _finish(record, result, attempt=attempt, order_id=attempt.order_id)
    return record


def _display(record: PaymentCallback, verify) -> PaymentCallback:
    """A browser return: raises ``InvalidCallback``/``UnknownPayment``; otherwise returns the
    record, linked to the attempt and order, without changing either."""
    _verify(record, verify)
    attempt = _attempt(record)
    if attempt is None:
        _finish(record, Result.UNKNOWN_ORDER)
        raise UnknownPayment("No payment with this reference.")
    _finish(record, Result.DISPLAYED, attempt=attempt, order_id=attempt.order_id)
    return record


def _attempt(record: PaymentCallback) -> PaymentAttempt | None:
    if not record.reference:
        return None
    return PaymentAttempt.objects.filter(gateway=record.gateway, reference=record.reference).first()


def _order(record: PaymentCallback) -> Order | None:
    attempt = _attempt(record)
    return attempt.order if attempt else None
