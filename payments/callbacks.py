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
Status queries for payments whose IPN never came (``payments.reconcile``) are recorded and
applied with the same functions (``callback_record``, ``callback_verify``, ``callback_apply``).
"""

import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from landinghub.exceptions import ApplicationError
from orders import services as order_services
from orders.exceptions import PAYMENT_REPLAYED, AmountMismatch
from orders.models import Order

from . import config
from .exceptions import InvalidCallback, InvalidSignature, UnknownPayment
from .gateways.momo import momo_verify_callback
from .gateways.vnpay import IpnCode, vnpay_verify_callback
from .models import Gateway, PaymentAttempt, PaymentCallback
from .outcomes import PaymentOutcome
from .refunds import refund_queue
from .storable import storable_params, storable_text

logger = logging.getLogger(__name__)
Result = PaymentCallback.Result
AttemptStatus = PaymentAttempt.Status
_ATTEMPT_STATUS = {
    PaymentOutcome.PAID: AttemptStatus.PAID,
    PaymentOutcome.FAILED: AttemptStatus.FAILED,
    PaymentOutcome.CANCELLED: AttemptStatus.CANCELLED,
    PaymentOutcome.EXPIRED: AttemptStatus.EXPIRED,
}
# Closed without money; a verified success afterwards is money taken and is applied.
_CLOSED = frozenset({AttemptStatus.FAILED, AttemptStatus.CANCELLED, AttemptStatus.EXPIRED})
_SIGNED_BUT_NOT_OURS = frozenset({"partner_mismatch", "merchant_mismatch", "reference_mismatch"})
# Stored in English (the order keeps them as data); marked so that the order page shows them in
# the reader's language (``{% translate order.cancel_reason %}``).
_CANCEL_REASONS = {
    PaymentOutcome.FAILED: gettext_noop("The payment failed."),
    PaymentOutcome.CANCELLED: gettext_noop("The payment was cancelled."),
    PaymentOutcome.EXPIRED: gettext_noop("The payment window expired."),
}


@dataclass(frozen=True)
class Verified:
    """What both gateways' callbacks say, once verified."""

    reference: str
    amount: int | None  # whole đồng; None if the gateway sent a fraction of a đồng
    transaction_id: str
    outcome: PaymentOutcome


def callback_record(
    *,
    gateway: str,
    kind: str,
    raw_body: str | bytes,
    params: Any,
    attempt: PaymentAttempt | None = None,
) -> PaymentCallback:
    """Stores a callback as received, whatever its bytes (``payments.storable``: the insert
    cannot fail on a NUL or a lone surrogate). ``attempt`` only for a status query, which is
    ours: we know which payment we asked about whatever the answer says."""
    return PaymentCallback.objects.create(
        gateway=gateway,
        kind=kind,
        raw_body=storable_text(raw_body[:100_000]),
        params=storable_params(params),
        attempt=attempt,
        order_id=attempt.order_id if attempt else None,
        reference=attempt.reference if attempt else "",
    )


def callback_finish(record: PaymentCallback, result: str, **fields: Any) -> None:
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
    late_success = verified.outcome is PaymentOutcome.PAID and attempt.status in _CLOSED
    if not late_success and (
        attempt.status in PaymentAttempt.FINAL or verified.outcome is PaymentOutcome.PENDING
    ):
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
    """The money was taken, so the attempt becomes PAID whatever it was (a success after a
    failure or expiry included; never the other way round). Then the order is delivered if it
    still can be (``order_payment_refusal``); otherwise the payment is queued for refund,
    once per attempt, and staff see it in the admin."""
    attempt.transaction_id = transaction_id
    try:
        with transaction.atomic():
            attempt.save(update_fields=["status", "transaction_id", "updated_at"])
    except IntegrityError as exc:  # this gateway transaction already paid another attempt
        raise ApplicationError(
            "This payment was already used.", code=PAYMENT_REPLAYED, status=409
        ) from exc
    refusal = order_services.order_payment_refusal(order=order)
    if refusal:
        refund_queue(attempt=attempt, order=order, reason=refusal)
        return
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


def momo_ipn_process(*, data: Any, raw_body: str | bytes) -> PaymentCallback:
    """MoMo's IPN (JSON body). Returns the stored record when the IPN is accepted (answer 204,
    duplicates included); raises an ``ApplicationError`` (a 4xx for the envelope) when it is
    rejected. Either way nothing is applied twice and the raw IPN is kept."""
    record = callback_record(
        gateway=Gateway.MOMO, kind=PaymentCallback.Kind.IPN, raw_body=raw_body, params=data
    )
    return callback_process(record, lambda: _momo_verified(data))


def momo_return_process(*, params: dict[str, str], raw_query: str) -> PaymentCallback:
    """MoMo's browser return: verified and recorded, never applied."""
    record = callback_record(
        gateway=Gateway.MOMO, kind=PaymentCallback.Kind.RETURN, raw_body=raw_query, params=params
    )
    return _display(record, lambda: _momo_verified(params))


# --- VNPay ----------------------------------------------------------------------------------


def _vnpay_verified(params: dict[str, str]) -> Verified:
    callback = vnpay_verify_callback(params, credentials=config.vnpay_credentials())
    return Verified(
        reference=callback.txn_ref,
        # Integer division only when exact (docs/payments.md 2.9 pitfall 2).
        amount=callback.amount_vnd,
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
    record = callback_record(
        gateway=Gateway.VNPAY, kind=PaymentCallback.Kind.IPN, raw_body=raw_query, params=params
    )
    # VNPay gets a code whatever went wrong; the reason is on the record (and in the log).
    with contextlib.suppress(Exception):
        callback_process(record, lambda: _vnpay_verified(params))
    code = _VNPAY_CODES.get(record.result, IpnCode.UNKNOWN_ERROR)
    PaymentCallback.objects.filter(pk=record.pk).update(reply=code.value)
    return code


def vnpay_return_process(*, params: dict[str, str], raw_query: str) -> PaymentCallback:
    record = callback_record(
        gateway=Gateway.VNPAY, kind=PaymentCallback.Kind.RETURN, raw_body=raw_query, params=params
    )
    return _display(record, lambda: _vnpay_verified(params))


# --- Shared ---------------------------------------------------------------------------------


def callback_verify(record: PaymentCallback, verify) -> Verified:
    try:
        verified = verify()
    except InvalidSignature:
        callback_finish(record, Result.INVALID_SIGNATURE)
        raise
    except InvalidCallback as exc:
        # Only "another merchant" is known to come after a good signature; a malformed
        # callback may not have reached the check.
        callback_finish(record, Result.INVALID, signature_valid=exc.code in _SIGNED_BUT_NOT_OURS)
        raise
    record.signature_valid = True
    record.reference = verified.reference[:200]
    record.transaction_id = verified.transaction_id[:64]
    record.outcome = verified.outcome.value
    return verified


def callback_process(record: PaymentCallback, verify) -> PaymentCallback:
    return callback_apply(record, callback_verify(record, verify))


def callback_apply(record: PaymentCallback, verified: Verified) -> PaymentCallback:
    """Applies a verified callback and records the result on ``record``. Re-raises what
    ``payment_apply`` raises, after recording it."""
    try:
        result, attempt = payment_apply(gateway=record.gateway, verified=verified)
    except UnknownPayment:
        callback_finish(record, Result.UNKNOWN_ORDER)
        raise
    except AmountMismatch:
        callback_finish(
            record, Result.AMOUNT_MISMATCH, attempt=_attempt(record), order=_order(record)
        )
        raise
    except Exception:
        logger.exception("payment callback %s could not be applied", record.pk)
        callback_finish(record, Result.ERROR, attempt=_attempt(record), order=_order(record))
        raise
    callback_finish(record, result, attempt=attempt, order_id=attempt.order_id)
    return record


def _display(record: PaymentCallback, verify) -> PaymentCallback:
    """A browser return: raises ``InvalidCallback``/``UnknownPayment``; otherwise returns the
    record, linked to the attempt and order, without changing either."""
    callback_verify(record, verify)
    attempt = _attempt(record)
    if attempt is None:
        callback_finish(record, Result.UNKNOWN_ORDER)
        raise UnknownPayment("No payment with this reference.")
    callback_finish(record, Result.DISPLAYED, attempt=attempt, order_id=attempt.order_id)
    return record


def _attempt(record: PaymentCallback) -> PaymentAttempt | None:
    if not record.reference:
        return None
    return PaymentAttempt.objects.filter(gateway=record.gateway, reference=record.reference).first()


def _order(record: PaymentCallback) -> Order | None:
    attempt = _attempt(record)
    return attempt.order if attempt else None
