"""MoMo "All-In-One v2" gateway (``captureWallet`` and ``payWithMethod``): signing the create
request and verifying the IPN and the browser return. The HTTP call is in ``momo_client``.

The signature rule (``docs/payments.md`` 1.3, MoMo docs "API Idempotency" example
reproduced in the tests)::

    signature = hex_lowercase(HMAC_SHA256(key=secretKey, msg=UTF-8(rawSignature)))
    rawSignature = "k1=v1&k2=v2&..."   fixed field list per message, alphabetical

Values go in **raw**: no URL-encoding, trimming or escaping; empty values still appear
(``extraData=``); numbers are plain decimal integers; ``accessKey`` is always our own. The
official Python sample signs ASCII bytes and fails on Vietnamese text (1.9.1): sign UTF-8.
"""

import hashlib
import hmac
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from payments.exceptions import PARTNER_MISMATCH, InvalidCallback, InvalidSignature
from payments.limits import MOMO_LIMITS, amount_check
from payments.outcomes import PaymentOutcome

# docs/payments.md 1.3, "Field orders".
CREATE_FIELDS = (
    "accessKey",
    "amount",
    "extraData",
    "ipnUrl",
    "orderId",
    "orderInfo",
    "partnerCode",
    "redirectUrl",
    "requestId",
    "requestType",
)
CREATE_RESPONSE_FIELDS = (
    "accessKey",
    "amount",
    "orderId",
    "partnerCode",
    "payUrl",
    "requestId",
    "responseTime",
    "resultCode",
)

CALLBACK_FIELDS = (
    "accessKey",
    "amount",
    "extraData",
    "message",
    "orderId",
    "orderInfo",
    "orderType",
    "partnerCode",
    "payType",
    "requestId",
    "responseTime",
    "resultCode",
    "transId",
)
QUERY_FIELDS = ("accessKey", "orderId", "partnerCode", "requestId")

REQUEST_TYPES = ("captureWallet", "payWithMethod")

# The documented orderId regex ^[0-9a-zA-Z]([-_.]*[0-9a-zA-Z]+)*$ (1.2) rewritten without
# nested quantifiers (same language, no catastrophic backtracking), also allowing ":", which
# MoMo's own idempotency example uses and accepts. Generate ids without ":" all the same.
_ORDER_ID = re.compile(r"[0-9a-zA-Z]+(?:[-_.:]+[0-9a-zA-Z]+)*")
_DIGITS = re.compile(r"[0-9]+")

# 1.6: what each result code means for the order. Anything unlisted is a failure.
_OUTCOMES = {
    0: PaymentOutcome.PAID,
    # Authorised; paid because this integration never sends autoCapture=false.
    9000: PaymentOutcome.PAID,
    1000: PaymentOutcome.PENDING,
    7000: PaymentOutcome.PENDING,
    7002: PaymentOutcome.PENDING,
    1003: PaymentOutcome.CANCELLED,
    1006: PaymentOutcome.CANCELLED,
    1017: PaymentOutcome.CANCELLED,
    1005: PaymentOutcome.EXPIRED,
}


@dataclass(frozen=True)
class MomoCredentials:
    partner_code: str
    access_key: str
    secret_key: str = field(repr=False)


def momo_outcome(result_code: int) -> PaymentOutcome:
    return _OUTCOMES.get(result_code, PaymentOutcome.FAILED)


def _raw_value(name: str, value: object) -> str:
    # Strings verbatim, integers in decimal; a float (150000.0) or a bool would sign a value
    # MoMo never signed (1.9.6), so it is refused rather than guessed.
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"MoMo field {name!r} must be a string or an integer")


def momo_raw_signature(
    fields: Sequence[str], values: Mapping[str, object], *, access_key: str
) -> str:
    """``k=v&...`` over ``fields`` in the given order; ``accessKey`` is ``access_key`` whatever
    ``values`` says. Raises ``KeyError`` for a missing field, ``TypeError`` for a bad value."""
    values = {**values, "accessKey": access_key}
    return "&".join(f"{name}={_raw_value(name, values[name])}" for name in fields)


def momo_sign(raw_signature: str, *, secret_key: str) -> str:
    """Lowercase hex HMAC-SHA256 of the UTF-8 bytes of ``raw_signature``."""
    key = secret_key.encode("utf-8")
    return hmac.new(key, raw_signature.encode("utf-8"), hashlib.sha256).hexdigest()


def _signature_matches(expected: str, received: object) -> bool:
    if not isinstance(received, str) or not received:
        return False
    return hmac.compare_digest(expected.encode(), received.lower().encode("utf-8"))


# --- Create request -------------------------------------------------------------------------


@dataclass(frozen=True)
class MomoCreateRequest:
    """A signed create-payment request. ``request_id`` is MoMo's idempotency key (1.8): keep it
    (store it before the first send) and resend this same request after a timeout, never a
    freshly built one, so that MoMo answers with the first result instead of a second payment.
    """

    partner_code: str
    request_id: str
    amount: int
    order_id: str
    order_info: str
    redirect_url: str
    ipn_url: str
    request_type: str
    extra_data: str
    lang: str
    signature: str

    def body(self) -> dict[str, Any]:
        """The JSON body of ``POST /v2/gateway/api/create`` (1.2); amount is a JSON integer."""
        return {
            "partnerCode": self.partner_code,
            "requestId": self.request_id,
            "amount": self.amount,
            "orderId": self.order_id,
            "orderInfo": self.order_info,
            "redirectUrl": self.redirect_url,
            "ipnUrl": self.ipn_url,
            "requestType": self.request_type,
            "extraData": self.extra_data,
            "lang": self.lang,
            "signature": self.signature,
        }


def _check_url(name: str, url: str, *, ascii_only: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} must be an absolute http(s) URL")
    # 1.2: the IPN URL must be plain ASCII without spaces or special characters.
    if ascii_only and (not url.isascii() or " " in url):
        raise ValueError(f"{name} must be plain ASCII without spaces")


def _check_create_fields(*, order_id: str, request_id: str, order_info: str, extra_data: str):
    if len(order_id) > 200 or not _ORDER_ID.fullmatch(order_id):
        raise ValueError("orderId must be letters and digits with single -_.: separators")
    if not 0 < len(request_id) <= 50 or "&" in request_id or "=" in request_id:
        raise ValueError("requestId must be 1-50 characters without & or =")
    # 1.9.4: & and = in orderInfo make the raw string ambiguous and break the redirect query.
    if not 0 < len(order_info) <= 255 or "&" in order_info or "=" in order_info:
        raise ValueError("orderInfo must be 1-255 characters without & or =")
    if len(extra_data) > 1000:
        raise ValueError("extraData is at most 1000 characters")


def momo_create_request(
    *,
    credentials: MomoCredentials,
    order_id: str,
    amount: int,
    order_info: str,
    redirect_url: str,
    ipn_url: str,
    request_type: str = "captureWallet",
    request_id: str | None = None,
    extra_data: str = "",
    lang: str = "vi",
) -> MomoCreateRequest:
    """Builds and signs a create request (raw-signature order: ``CREATE_FIELDS``).

    ``amount`` is checked against the method's limits (``AmountOutOfRange``); other bad fields
    are programming errors (``ValueError``). ``request_id`` defaults to a new UUID4.
    """
    if request_type not in REQUEST_TYPES:
        raise ValueError(f"requestType must be one of {REQUEST_TYPES}")
    if lang not in ("vi", "en"):
        raise ValueError("lang must be 'vi' or 'en'")
    amount_check(amount_vnd=amount, limits=MOMO_LIMITS[request_type], gateway="MoMo")
    request_id = request_id or str(uuid.uuid4())
    _check_create_fields(
        order_id=order_id, request_id=request_id, order_info=order_info, extra_data=extra_data
    )
    _check_url("redirectUrl", redirect_url, ascii_only=False)
    _check_url("ipnUrl", ipn_url, ascii_only=True)
    values = {
        "amount": amount,
        "extraData": extra_data,
        "ipnUrl": ipn_url,
        "orderId": order_id,
        "orderInfo": order_info,
        "partnerCode": credentials.partner_code,
        "redirectUrl": redirect_url,
        "requestId": request_id,
        "requestType": request_type,
    }
    raw = momo_raw_signature(CREATE_FIELDS, values, access_key=credentials.access_key)
    return MomoCreateRequest(
        partner_code=credentials.partner_code,
        request_id=request_id,
        amount=amount,
        order_id=order_id,
        order_info=order_info,
        redirect_url=redirect_url,
        ipn_url=ipn_url,
        request_type=request_type,
        extra_data=extra_data,
        lang=lang,
        signature=momo_sign(raw, secret_key=credentials.secret_key),
    )


@dataclass(frozen=True)
class MomoCreateResponse:
    """A successful create answer (1.4): send the buyer to ``pay_url``."""

    request_id: str
    order_id: str
    amount: int
    result_code: int
    message: str
    pay_url: str
    deeplink: str
    qr_code_url: str  # QR *content*, not an image (1.4)
    raw: dict[str, Any]


def momo_verify_create_request(
    data: Mapping[str, Any], *, credentials: MomoCredentials
) -> MomoCreateRequest:
    """The gateway's side of the create call (used by the local simulator and the test
    server): verifies a received create body or query against ``CREATE_FIELDS``."""
    try:
        raw = momo_raw_signature(CREATE_FIELDS, data, access_key=credentials.access_key)
    except (KeyError, TypeError) as exc:
        raise InvalidCallback("Malformed MoMo create request.") from exc
    if not _signature_matches(
        momo_sign(raw, secret_key=credentials.secret_key), data.get("signature")
    ):
        raise InvalidSignature("Invalid MoMo signature.")
    if data["partnerCode"] != credentials.partner_code:
        raise InvalidCallback("This request is for another MoMo partner.", code=PARTNER_MISMATCH)
    return MomoCreateRequest(
        partner_code=str(data["partnerCode"]),
        request_id=str(data["requestId"]),
        amount=_as_int(data["amount"], "amount"),
        order_id=str(data["orderId"]),
        order_info=str(data["orderInfo"]),
        redirect_url=str(data["redirectUrl"]),
        ipn_url=str(data["ipnUrl"]),
        request_type=str(data["requestType"]),
        extra_data=str(data["extraData"]),
        lang=str(data.get("lang", "vi")),
        signature=str(data["signature"]),
    )


def momo_create_response_signature_ok(
    data: Mapping[str, Any], *, credentials: MomoCredentials
) -> bool:
    """Optional check of the create response (``CREATE_RESPONSE_FIELDS``, 1.3 [L/M]: sources
    disagree on whether ``message`` is signed). Log a mismatch; never fail on it."""
    try:
        raw = momo_raw_signature(CREATE_RESPONSE_FIELDS, data, access_key=credentials.access_key)
    except (KeyError, TypeError):
        return False
    return _signature_matches(
        momo_sign(raw, secret_key=credentials.secret_key), data.get("signature")
    )


# --- IPN and browser return -----------------------------------------------------------------


@dataclass(frozen=True)
class MomoCallback:
    """A verified IPN or browser return. The amount still has to be compared with the order's
    (the signature only proves MoMo sent it, not that it is for this order's price)."""

    partner_code: str
    order_id: str
    request_id: str
    amount: int
    trans_id: str
    result_code: int
    message: str
    pay_type: str
    order_info: str
    extra_data: str
    response_time: int

    @property
    def outcome(self) -> PaymentOutcome:
        return momo_outcome(self.result_code)

    @property
    def ok(self) -> bool:
        return self.outcome is PaymentOutcome.PAID


def _as_int(value: object, name: str) -> int:
    # JSON numbers in the IPN, decimal strings in the redirect query.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    raise InvalidCallback(f"MoMo field {name} is not an integer.")


def momo_verify_callback(data: Mapping[str, Any], *, credentials: MomoCredentials) -> MomoCallback:
    """Verifies an IPN (``json.loads(request.body)``) or a browser return (``request.GET``):
    the same fields and the same raw-signature order, ``CALLBACK_FIELDS`` (1.3, 1.5).

    Raises ``InvalidSignature`` (constant-time compare), or ``InvalidCallback`` for missing or
    malformed fields and for another partner's callback. Unsigned extras (``storeId``,
    ``userFee``, ...) are ignored.
    """
    try:
        raw = momo_raw_signature(CALLBACK_FIELDS, data, access_key=credentials.access_key)
    except (KeyError, TypeError) as exc:
        raise InvalidCallback("Malformed MoMo callback.") from exc
    if not _signature_matches(
        momo_sign(raw, secret_key=credentials.secret_key), data.get("signature")
    ):
        raise InvalidSignature("Invalid MoMo signature.")
    if data["partnerCode"] != credentials.partner_code:
        raise InvalidCallback("This callback is for another MoMo partner.", code=PARTNER_MISMATCH)
    return MomoCallback(
        partner_code=str(data["partnerCode"]),
        order_id=str(data["orderId"]),
        request_id=str(data["requestId"]),
        amount=_as_int(data["amount"], "amount"),
        trans_id=str(_as_int(data["transId"], "transId")),
        result_code=_as_int(data["resultCode"], "resultCode"),
        message=str(data["message"]),
        pay_type=str(data["payType"]),
        order_info=str(data["orderInfo"]),
        extra_data=str(data["extraData"]),
        response_time=_as_int(data["responseTime"], "responseTime"),
    )
