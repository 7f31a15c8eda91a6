"""VNPay's merchant API over HTTP: ``querydr``, the status of one payment (reconciliation).

``docs/payments.md`` 2.7 (official Python demo, lehuygiang28/vnpay): ``POST`` a JSON body
to ``.../merchant_webapi/api/transaction``. Both directions are signed with HMAC-SHA512 (the
terminal's HashSecret, lowercase hex) over the values joined by ``|`` in a fixed order, raw,
with no URL-encoding::

    request:  vnp_RequestId|vnp_Version|vnp_Command|vnp_TmnCode|vnp_TxnRef|
              vnp_TransactionDate|vnp_CreateDate|vnp_IpAddr|vnp_OrderInfo
    response: vnp_ResponseId|vnp_Command|vnp_ResponseCode|vnp_Message|vnp_TmnCode|vnp_TxnRef|
              vnp_Amount|vnp_BankCode|vnp_PayDate|vnp_TransactionNo|vnp_TransactionType|
              vnp_TransactionStatus|vnp_OrderInfo|vnp_PromotionCode|vnp_PromotionAmount

A response field that is absent (or JSON ``null``) is hashed as an empty string, a number as
its decimal digits. The response's ``vnp_TmnCode`` is hashed as **our** terminal code, so a
valid hash also proves the answer is for this terminal. Unlike some libraries, an answer
without a valid ``vnp_SecureHash`` is never trusted, whatever its code.

The response does not echo ``vnp_RequestId`` inside its hash, so a signed answer is bound to
the payment (``vnp_TxnRef``), not to one query: an older genuine answer about the same payment
could be replayed. That can only repeat what VNPay once said about that payment.
"""

import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import httpx

from payments.exceptions import (
    MERCHANT_MISMATCH,
    REFERENCE_MISMATCH,
    InvalidCallback,
    InvalidSignature,
)
from payments.outcomes import PaymentOutcome

from .vnpay import VERSION, VIETNAM, VnpayCredentials, vnpay_format_date, vnpay_sanitize_order_info

SANDBOX_API_URL = "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
QUERYDR_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
QUERYDR_RESPONSE_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)

# vnp_ResponseCode of the API itself (2.7): 00 the query was answered; 91 VNPay has no
# transaction with this reference (the buyer never reached the payment). The others (02 bad
# terminal, 03 bad format, 94 duplicate request, 97 bad checksum, 99 other) say nothing about
# the payment.
QUERY_OK, NOT_FOUND = "00", "91"
# vnp_TransactionStatus (2.6) once the query was answered. 05, 06 and 09 are about refunds,
# which this site never asks for: not something reconciliation may act on.
_STATUS_OUTCOMES = {
    "00": PaymentOutcome.PAID,
    "01": PaymentOutcome.PENDING,  # not completed (yet)
    "02": PaymentOutcome.FAILED,  # error (failed or cancelled: querydr does not tell which)
    "04": PaymentOutcome.FAILED,  # reversed: debited at the bank, failed at VNPay
    "07": PaymentOutcome.FAILED,  # suspected fraud (the IPN's 07 is a failure too)
}
_DATE = re.compile(r"[0-9]{14}")
_TXN_REF = re.compile(r"[0-9A-Za-z]{1,100}")
_DIGITS = re.compile(r"[0-9]{1,15}")


def _pipe_value(value: object) -> str:
    return "" if value is None else str(value)


def vnpay_pipe_sign(values: Sequence[object], *, hash_secret: str) -> str:
    """Lowercase hex HMAC-SHA512 of the values joined by ``|`` (``None`` as empty), UTF-8."""
    data = "|".join(_pipe_value(value) for value in values)
    return hmac.new(hash_secret.encode("utf-8"), data.encode("utf-8"), hashlib.sha512).hexdigest()


def vnpay_querydr_request(
    *,
    credentials: VnpayCredentials,
    txn_ref: str,
    transaction_date: str,
    ip_addr: str,
    now: datetime | None = None,
    request_id: str | None = None,
) -> dict[str, str]:
    """The signed ``querydr`` body. ``transaction_date`` is the payment's ``vnp_CreateDate``
    as it was sent; ``vnp_RequestId`` is new for every call (VNPay: unique within the day);
    ``ip_addr`` is this server's address."""
    if not _TXN_REF.fullmatch(txn_ref) or not _DATE.fullmatch(transaction_date):
        raise ValueError("querydr needs the payment's vnp_TxnRef and vnp_CreateDate")
    if not 7 <= len(ip_addr) <= 45:
        raise ValueError("vnp_IpAddr must be 7-45 characters")
    body = {
        "vnp_RequestId": request_id or uuid.uuid4().hex,
        "vnp_Version": VERSION,
        "vnp_Command": "querydr",
        "vnp_TmnCode": credentials.tmn_code,
        "vnp_TxnRef": txn_ref,
        "vnp_TransactionDate": transaction_date,
        "vnp_CreateDate": vnpay_format_date(now or datetime.now(VIETNAM)),
        "vnp_IpAddr": ip_addr,
        "vnp_OrderInfo": vnpay_sanitize_order_info(f"Truy van giao dich {txn_ref}"),
    }
    values = [body[name] for name in QUERYDR_REQUEST_FIELDS]
    body["vnp_SecureHash"] = vnpay_pipe_sign(values, hash_secret=credentials.hash_secret)
    return body


@dataclass(frozen=True)
class QuerydrExchange:
    """One querydr call as it happened: what was sent and what came back. ``answer`` is None
    when nothing usable came back (``error`` says why: timeout, HTTP status, not JSON)."""

    request: dict[str, str]
    http_status: int | None = None
    raw: str = ""
    answer: dict[str, Any] | None = None
    error: str = ""

    def as_params(self) -> dict[str, Any]:
        return {
            "request": self.request,
            "response": self.answer,
            "http_status": self.http_status,
            "error": self.error,
        }


def vnpay_querydr_send(
    *, request: dict[str, str], api_url: str, client: httpx.Client
) -> QuerydrExchange:
    """POSTs one querydr body (the ``client`` carries the timeouts). Never raises for the
    network: a connection error, a timeout, a 5xx or a body that is not a JSON object comes
    back as an exchange without ``answer``. One try: the next sweep is the retry, with a new
    ``vnp_RequestId``."""
    headers = {"Content-Type": "application/json; charset=UTF-8"}
    content = json.dumps(request).encode("utf-8")
    try:
        response = client.post(api_url, content=content, headers=headers)
    except httpx.HTTPError as exc:
        return QuerydrExchange(request=request, error=f"{type(exc).__name__}: {exc}")
    raw = response.text
    exchange = QuerydrExchange(request=request, http_status=response.status_code, raw=raw)
    if response.status_code != 200:
        return replace(exchange, error=f"HTTP {response.status_code}")
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        return replace(exchange, error="not a JSON object")
    return replace(exchange, answer=answer)


@dataclass(frozen=True)
class VnpayQueryAnswer:
    """A querydr answer whose hash was verified. ``amount_x100`` is ``vnp_Amount`` as sent
    (None if absent): compare integers, never divide first (2.9 pitfall 2)."""

    response_code: str
    txn_ref: str
    amount_x100: int | None
    transaction_no: str
    transaction_status: str
    raw: Mapping[str, Any] = field(repr=False)

    @property
    def amount_vnd(self) -> int | None:
        """Whole đồng, or None when absent or not a whole number of đồng."""
        if self.amount_x100 is None:
            return None
        whole, rest = divmod(self.amount_x100, 100)
        return None if rest else whole

    @property
    def outcome(self) -> PaymentOutcome | None:
        """PAID or FAILED (final); PENDING (not paid yet: status 01, or 91 no such
        transaction); None when the answer says nothing reconciliation may act on (an API
        error code, a refund status, an unknown status)."""
        if self.response_code == NOT_FOUND:
            return PaymentOutcome.PENDING
        if self.response_code != QUERY_OK:
            return None
        return _STATUS_OUTCOMES.get(self.transaction_status)


def vnpay_querydr_hash_ok(answer: Mapping[str, Any], *, credentials: VnpayCredentials) -> bool:
    received = answer.get("vnp_SecureHash")
    if not isinstance(received, str) or not received:
        return False
    values = [
        credentials.tmn_code if name == "vnp_TmnCode" else answer.get(name)
        for name in QUERYDR_RESPONSE_FIELDS
    ]
    expected = vnpay_pipe_sign(values, hash_secret=credentials.hash_secret)
    return hmac.compare_digest(expected.encode(), received.lower().encode("utf-8"))


def vnpay_verify_querydr(
    answer: Mapping[str, Any], *, credentials: VnpayCredentials
) -> VnpayQueryAnswer:
    """Verifies a querydr answer before anything in it is read: ``InvalidSignature`` if the
    hash is missing or wrong; ``InvalidCallback`` for another terminal or command, or a
    malformed amount."""
    if not vnpay_querydr_hash_ok(answer, credentials=credentials):
        raise InvalidSignature("Invalid VNPay querydr signature.")
    if answer.get("vnp_TmnCode", credentials.tmn_code) != credentials.tmn_code:
        raise InvalidCallback("This answer is for another terminal.", code=MERCHANT_MISMATCH)
    if answer.get("vnp_Command") != "querydr":
        raise InvalidCallback("This is not a querydr answer.", code=REFERENCE_MISMATCH)
    amount = _pipe_value(answer.get("vnp_Amount"))
    if amount and not _DIGITS.fullmatch(amount):
        raise InvalidCallback("Malformed vnp_Amount in the querydr answer.")
    return VnpayQueryAnswer(
        response_code=_pipe_value(answer.get("vnp_ResponseCode")),
        txn_ref=_pipe_value(answer.get("vnp_TxnRef")),
        amount_x100=int(amount) if amount else None,
        transaction_no=_pipe_value(answer.get("vnp_TransactionNo")),
        transaction_status=_pipe_value(answer.get("vnp_TransactionStatus")),
        raw=answer,
    )
