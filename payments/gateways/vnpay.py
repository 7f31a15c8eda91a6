"""VNPay payment gateway, API version 2.1.0: the payment URL, Return URL / IPN verification,
and the IPN reply.

The secure hash (``docs/payments.md`` 2.3, VNPay pay.html and its official Python demo)::

    data = "&".join(f"{k}={quote_plus(v)}" for k, v in sorted(vnp_* params
                    without vnp_SecureHash and vnp_SecureHashType))
    vnp_SecureHash = hex_lowercase(HMAC_SHA512(key=UTF-8(HashSecret), msg=UTF-8(data)))

``quote_plus`` is application/x-www-form-urlencoded over UTF-8: a space is ``+``, ``A-Z a-z
0-9 _ . - ~`` stay, everything else (``+ / : ? & =``) is ``%XX`` in uppercase hex. The payment
URL is ``base?data&vnp_SecureHash=...``: the query sent is byte for byte the string hashed.
"""

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import parse_qsl, quote_plus, urlsplit
from zoneinfo import ZoneInfo

from payments.exceptions import MERCHANT_MISMATCH, InvalidCallback, InvalidSignature
from payments.limits import VNPAY_LIMITS, amount_check
from payments.outcomes import PaymentOutcome

VERSION = "2.1.0"
SANDBOX_PAYMENT_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
# 2.9 pitfall 3: Vietnam time, never the server's zone nor "Etc/GMT+7" (which is UTC-7).
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"
HASH_FIELDS = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})
_TXN_REF = re.compile(r"[0-9A-Za-z]{1,100}")
_DIGITS = re.compile(r"[0-9]{1,12}")
_NOT_ALLOWED_IN_INFO = re.compile(r"[^0-9A-Za-z _.,:-]+")


@dataclass(frozen=True)
class VnpayCredentials:
    tmn_code: str
    hash_secret: str = field(repr=False)


def vnpay_format_date(moment: datetime) -> str:
    """``yyyyMMddHHmmss`` in Vietnam time. A naive datetime is refused: its zone is a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("VNPay dates need a timezone-aware datetime")
    return moment.astimezone(VIETNAM).strftime(DATE_FORMAT)


def vnpay_sanitize_order_info(text: str, *, fallback: str = "Thanh toan don hang") -> str:
    """``vnp_OrderInfo`` must be Vietnamese "không dấu" without special characters (2.2): the
    official demos' encoders disagree on non-ASCII and on ``~!*'()`` (2.3), so anything but
    letters, digits, space and ``_ . , : -`` becomes a space. ``đ``/``Đ`` have no
    decomposition and are mapped by hand; the other diacritics are dropped after NFKD."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = " ".join(_NOT_ALLOWED_IN_INFO.sub(" ", plain).split())[:255].strip()
    return cleaned or fallback


def vnpay_hash_data(params: Mapping[str, object], *, drop_empty: bool = True) -> str:
    """The string that is hashed (and, for a payment URL, sent): ``vnp_*`` parameters except
    the two hash fields, sorted by name (ordinal), ``name=quote_plus(value)`` joined by ``&``.
    ``drop_empty`` leaves out empty values (the C# and Java demos; the PHP and Python demos
    keep ``name=``). Never send an empty parameter and the two agree."""
    pairs = sorted(
        (name, str(value))
        for name, value in params.items()
        if name.startswith("vnp_") and name not in HASH_FIELDS
    )
    return "&".join(
        f"{name}={quote_plus(value)}" for name, value in pairs if value or not drop_empty
    )


def vnpay_sign(hash_data: str, *, hash_secret: str) -> str:
    """Lowercase hex HMAC-SHA512, key and message UTF-8."""
    key = hash_secret.encode("utf-8")
    return hmac.new(key, hash_data.encode("utf-8"), hashlib.sha512).hexdigest()


def _check_payment_fields(*, txn_ref: str, return_url: str, ip_addr: str) -> None:
    if not _TXN_REF.fullmatch(txn_ref):
        raise ValueError("vnp_TxnRef must be 1-100 letters or digits")
    parts = urlsplit(return_url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or not 10 <= len(return_url) <= 255
    ):
        raise ValueError("vnp_ReturnUrl must be an absolute http(s) URL of 10-255 characters")
    if not 7 <= len(ip_addr) <= 45:
        raise ValueError("vnp_IpAddr must be 7-45 characters")


def vnpay_payment_params(
    *,
    tmn_code: str,
    txn_ref: str,
    amount_vnd: int,
    order_info: str,
    return_url: str,
    ip_addr: str,
    created_at: datetime | None = None,
    expire_minutes: int = 15,
    locale: str = "vn",
    order_type: str = "other",
    bank_code: str = "",
) -> dict[str, str]:
    """The unsigned ``vnp_Command=pay`` parameters (2.2). ``vnp_Amount`` is VND x 100;
    ``vnp_OrderInfo`` is sanitised; dates are Vietnam time, expiry ``expire_minutes`` after
    creation; ``vnp_TxnRef`` must not repeat within the day, so use one per attempt."""
    amount_check(amount_vnd=amount_vnd, limits=VNPAY_LIMITS, gateway="VNPay")
    _check_payment_fields(txn_ref=txn_ref, return_url=return_url, ip_addr=ip_addr)
    if locale not in ("vn", "en"):
        raise ValueError("vnp_Locale must be 'vn' or 'en'")
    created_at = created_at or datetime.now(VIETNAM)
    params = {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": tmn_code,
        "vnp_Amount": str(amount_vnd * 100),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": txn_ref,
        "vnp_OrderInfo": vnpay_sanitize_order_info(order_info),
        "vnp_OrderType": order_type,
        "vnp_Locale": locale,
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": ip_addr,
        "vnp_CreateDate": vnpay_format_date(created_at),
        "vnp_ExpireDate": vnpay_format_date(created_at + timedelta(minutes=expire_minutes)),
    }
    if bank_code:  # optional: without it the customer picks the method on VNPay's page
        params["vnp_BankCode"] = bank_code
    return params


def vnpay_signed_query(params: Mapping[str, object], *, hash_secret: str) -> str:
    """``data&vnp_SecureHash=<hash of data>``; no ``vnp_SecureHashType`` in 2.1.0."""
    data = vnpay_hash_data(params)
    return f"{data}&vnp_SecureHash={vnpay_sign(data, hash_secret=hash_secret)}"


def vnpay_payment_url(*, credentials: VnpayCredentials, base_url: str, **fields) -> str:
    """The URL to send the buyer to: ``base_url?<signed query>``. ``fields`` are those of
    ``vnpay_payment_params`` except ``tmn_code``."""
    params = vnpay_payment_params(tmn_code=credentials.tmn_code, **fields)
    return f"{base_url}?{vnpay_signed_query(params, hash_secret=credentials.hash_secret)}"


def vnpay_sent_dates(payment_url: str) -> dict[str, str]:
    """``vnp_CreateDate`` and ``vnp_ExpireDate`` exactly as sent in a payment URL (Vietnam
    time, ``yyyyMMddHHmmss``). querydr must repeat the first as ``vnp_TransactionDate``."""
    sent = dict(parse_qsl(urlsplit(payment_url).query))
    return {name: sent[name] for name in ("vnp_CreateDate", "vnp_ExpireDate") if name in sent}


def vnpay_hash_ok(params: Mapping[str, str], *, hash_secret: str) -> bool:
    """Whether ``vnp_SecureHash`` (any case) is the MAC of the received ``vnp_*`` parameters
    (``request.GET``, already decoded). Non-``vnp_`` parameters and ``vnp_SecureHashType`` are
    ignored. Hashing keeps empty values, as VNPay's Python/PHP demos do, and if the message
    has any, also tries without them (C#/Java demos): both are MACs under our secret, and no
    string can be both, since ``quote_plus`` escapes the ``&`` and ``=`` that would join them.
    """
    received = params.get("vnp_SecureHash")
    if not isinstance(received, str) or not received:
        return False
    candidates = [vnpay_hash_data(params, drop_empty=False)]
    if any(name.startswith("vnp_") and value == "" for name, value in params.items()):
        candidates.append(vnpay_hash_data(params, drop_empty=True))
    received_bytes = received.lower().encode("utf-8")
    return any(
        hmac.compare_digest(vnpay_sign(data, hash_secret=hash_secret).encode(), received_bytes)
        for data in candidates
    )


# --- Return URL and IPN ---------------------------------------------------------------------


@dataclass(frozen=True)
class VnpayCallback:
    """A verified Return URL or IPN (2.4). ``amount_x100`` is ``vnp_Amount`` as sent: compare
    it with ``amount_matches`` (integers, never divided first: 2.9 pitfall 2)."""

    tmn_code: str
    txn_ref: str
    amount_x100: int
    response_code: str
    transaction_status: str
    transaction_no: str
    bank_code: str
    bank_tran_no: str
    card_type: str
    pay_date: str
    order_info: str

    def amount_matches(self, amount_vnd: int) -> bool:
        return self.amount_x100 == amount_vnd * 100

    @property
    def amount_vnd(self) -> int | None:
        """The amount in đồng, or None when ``vnp_Amount`` is not a whole number of đồng."""
        whole, rest = divmod(self.amount_x100, 100)
        return None if rest else whole

    @property
    def outcome(self) -> PaymentOutcome:
        # Paid only when both codes say so (the C# demo's AND; the PHP demo's OR is wrong).
        if self.response_code == "00" and self.transaction_status == "00":
            return PaymentOutcome.PAID
        if self.response_code == "24":
            return PaymentOutcome.CANCELLED
        if self.response_code == "11":
            return PaymentOutcome.EXPIRED
        return PaymentOutcome.FAILED

    @property
    def ok(self) -> bool:
        return self.outcome is PaymentOutcome.PAID


def vnpay_verify_callback(
    params: Mapping[str, str], *, credentials: VnpayCredentials
) -> VnpayCallback:
    """Verifies a Return URL or IPN query (``request.GET``): ``InvalidSignature`` (IPN reply
    97) if the hash is missing or wrong, ``InvalidCallback`` (97 too) for another terminal or
    a malformed required field. Optional fields are read with ``.get`` (2.9 pitfall 5)."""
    if not vnpay_hash_ok(params, hash_secret=credentials.hash_secret):
        raise InvalidSignature("Invalid VNPay signature.")
    if params.get("vnp_TmnCode") != credentials.tmn_code:
        raise InvalidCallback(
            "This callback is for another VNPay terminal.", code=MERCHANT_MISMATCH
        )
    amount, txn_ref = params.get("vnp_Amount", ""), params.get("vnp_TxnRef", "")
    if not _DIGITS.fullmatch(amount) or not txn_ref or not params.get("vnp_ResponseCode"):
        raise InvalidCallback("Malformed VNPay callback.")
    return VnpayCallback(
        tmn_code=params["vnp_TmnCode"],
        txn_ref=txn_ref,
        amount_x100=int(amount),
        response_code=params["vnp_ResponseCode"],
        transaction_status=params.get("vnp_TransactionStatus", ""),
        transaction_no=params.get("vnp_TransactionNo", ""),
        bank_code=params.get("vnp_BankCode", ""),
        bank_tran_no=params.get("vnp_BankTranNo", ""),
        card_type=params.get("vnp_CardType", ""),
        pay_date=params.get("vnp_PayDate", ""),
        order_info=params.get("vnp_OrderInfo", ""),
    )


class IpnCode(StrEnum):
    """``RspCode`` of the IPN reply (2.4). VNPay stops retrying on 00 and 02 only; on the
    others, or a timeout, it calls again, up to 10 times 5 minutes apart."""

    CONFIRMED = "00"  # recorded, including a recorded failure or cancellation
    ORDER_NOT_FOUND = "01"
    ALREADY_CONFIRMED = "02"
    INVALID_AMOUNT = "04"
    INVALID_SIGNATURE = "97"
    UNKNOWN_ERROR = "99"


_IPN_MESSAGES = {
    IpnCode.CONFIRMED: "Confirm Success",
    IpnCode.ORDER_NOT_FOUND: "Order not found",
    IpnCode.ALREADY_CONFIRMED: "Order already confirmed",
    IpnCode.INVALID_AMOUNT: "Invalid amount",
    IpnCode.INVALID_SIGNATURE: "Invalid signature",
    IpnCode.UNKNOWN_ERROR: "Unknown error",
}


def vnpay_ipn_reply(code: IpnCode) -> dict[str, str]:
    """The JSON body of the IPN answer (HTTP 200): ``{"RspCode": ..., "Message": ...}``."""
    return {"RspCode": code.value, "Message": _IPN_MESSAGES[code]}


def vnpay_ipn_code(
    *, signature_ok: bool, order_found: bool, amount_ok: bool, order_pending: bool
) -> IpnCode:
    """The documented order of the IPN checks (2.4, official demo): checksum (97), then the
    order (01), then the amount (04), then whether it is still pending (02); else 00."""
    if not signature_ok:
        return IpnCode.INVALID_SIGNATURE
    if not order_found:
        return IpnCode.ORDER_NOT_FOUND
    if not amount_ok:
        return IpnCode.INVALID_AMOUNT
    if not order_pending:
        return IpnCode.ALREADY_CONFIRMED
    return IpnCode.CONFIRMED
