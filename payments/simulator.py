"""The local payment simulator's signing side: it plays MoMo and VNPay when no merchant keys
are set, so a purchase works offline and in browser tests.

It signs with its own key pairs below. They are **not secrets**: the simulator only ever
verifies what it signed itself, and ``payments.config`` uses them only while the real merchant
keys are unset. Everything it produces goes through the real verification code
(``momo_verify_callback``, ``vnpay_verify_callback``), byte for byte what the gateway sends.
"""

import secrets
import time
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from payments.gateways.momo import (
    CALLBACK_FIELDS,
    MomoCreateRequest,
    MomoCreateResponse,
    MomoCredentials,
    momo_raw_signature,
    momo_sign,
    momo_verify_create_request,
)
from payments.gateways.vnpay import (
    VIETNAM,
    VnpayCredentials,
    vnpay_format_date,
    vnpay_hash_ok,
    vnpay_signed_query,
)

from .exceptions import InvalidCallback, InvalidSignature

SIMULATOR_MOMO = MomoCredentials(
    partner_code="LHSIMULATOR",
    access_key="sandbox-simulator",
    secret_key="sandbox-simulator-not-a-secret",
)
SIMULATOR_VNPAY = VnpayCredentials(
    tmn_code="LHSIMUL1", hash_secret="sandbox-simulator-not-a-secret"
)


class SimulatedResult(StrEnum):
    PAID = "paid"
    CANCELLED = "cancelled"
    FAILED = "failed"


# The codes the real gateways send for each result: MoMo 1.6; VNPay 2.5 and 2.6.
MOMO_RESULT_CODES = {
    SimulatedResult.PAID: (0, "Thành công."),
    SimulatedResult.CANCELLED: (1006, "Giao dịch bị từ chối bởi người dùng."),
    SimulatedResult.FAILED: (1001, "Giao dịch thanh toán thất bại do tài khoản không đủ tiền."),
}
VNPAY_RESULT_CODES = {
    SimulatedResult.PAID: ("00", "00"),
    SimulatedResult.CANCELLED: ("24", "02"),
    SimulatedResult.FAILED: ("51", "02"),
}


def _transaction_no() -> int:
    return 4_000_000_000 + secrets.randbelow(1_000_000_000)


# --- MoMo -----------------------------------------------------------------------------------


def momo_simulated_create(
    request: MomoCreateRequest, *, page_url: str, credentials: MomoCredentials = SIMULATOR_MOMO
) -> MomoCreateResponse:
    """What MoMo's create call answers, without HTTP: the request's signature is checked as
    MoMo would, and ``payUrl`` is the simulator's page with the signed request in its query
    (so the page can verify it again with ``momo_simulated_checkout``)."""
    body = request.body()
    momo_verify_create_request(body, credentials=credentials)
    pay_url = f"{page_url}?{urlencode(body)}"
    raw = {**body, "payUrl": pay_url, "resultCode": 0, "message": "Thành công."}
    return MomoCreateResponse(
        request_id=request.request_id,
        order_id=request.order_id,
        amount=request.amount,
        result_code=0,
        message=raw["message"],
        pay_url=pay_url,
        deeplink="",
        qr_code_url="",
        raw=raw,
    )


def momo_simulated_checkout(
    query: Mapping[str, Any], *, credentials: MomoCredentials = SIMULATOR_MOMO
) -> MomoCreateRequest:
    """The simulator page's check of its ``payUrl`` query: a tampered amount or order id is
    refused (``InvalidSignature``)."""
    return momo_verify_create_request(query, credentials=credentials)


def momo_simulated_callback(
    *,
    order_id: str,
    request_id: str,
    amount: int,
    result: SimulatedResult = SimulatedResult.PAID,
    order_info: str = "",
    extra_data: str = "",
    trans_id: int | None = None,
    pay_type: str = "webApp",
    credentials: MomoCredentials = SIMULATOR_MOMO,
) -> dict[str, Any]:
    """A signed IPN body, as MoMo POSTs it (JSON numbers for amount, transId, resultCode,
    responseTime). The browser return carries the same fields: ``momo_return_query``."""
    result_code, message = MOMO_RESULT_CODES[SimulatedResult(result)]
    data: dict[str, Any] = {
        "partnerCode": credentials.partner_code,
        "orderId": order_id,
        "requestId": request_id,
        "amount": amount,
        "orderInfo": order_info,
        "orderType": "momo_wallet",
        "transId": trans_id if trans_id is not None else _transaction_no(),
        "resultCode": result_code,
        "message": message,
        "payType": pay_type,
        "responseTime": int(time.time() * 1000),
        "extraData": extra_data,
    }
    raw = momo_raw_signature(CALLBACK_FIELDS, data, access_key=credentials.access_key)
    data["signature"] = momo_sign(raw, secret_key=credentials.secret_key)
    return data


def momo_return_query(callback: Mapping[str, Any]) -> str:
    """The query string of the browser return (``GET redirectUrl?...``) for a signed callback.
    Form-encoded, so a ``+`` in base64 ``extraData`` travels as ``%2B`` (docs/payments.md 1.9.5)."""
    return urlencode({name: str(value) for name, value in callback.items()})


# --- VNPay ----------------------------------------------------------------------------------


def vnpay_simulated_checkout(
    query: Mapping[str, str], *, credentials: VnpayCredentials = SIMULATOR_VNPAY
) -> dict[str, str]:
    """The simulator page's check of the payment URL it was sent to (same hash as VNPay's):
    returns the ``vnp_*`` parameters, or raises if the URL was altered."""
    if not vnpay_hash_ok(query, hash_secret=credentials.hash_secret):
        raise InvalidSignature("Invalid VNPay signature.")
    if query.get("vnp_TmnCode") != credentials.tmn_code or query.get("vnp_Command") != "pay":
        raise InvalidCallback("Not a payment request for the simulator.")
    return {name: value for name, value in query.items() if name.startswith("vnp_")}


def vnpay_simulated_callback(
    *,
    txn_ref: str,
    amount_vnd: int,
    order_info: str,
    result: SimulatedResult = SimulatedResult.PAID,
    bank_code: str = "NCB",
    transaction_no: int | None = None,
    paid_at: datetime | None = None,
    credentials: VnpayCredentials = SIMULATOR_VNPAY,
) -> str:
    """A signed Return URL / IPN query string (VNPay sends both with the same parameters,
    2.4): ``vnp_Amount`` is x100, ``vnp_PayDate`` Vietnam time, the hash last."""
    response_code, status = VNPAY_RESULT_CODES[SimulatedResult(result)]
    number = str(transaction_no if transaction_no is not None else _transaction_no() % 10**8)
    params = {
        "vnp_Amount": str(amount_vnd * 100),
        "vnp_BankCode": bank_code,
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": order_info,
        "vnp_PayDate": vnpay_format_date(paid_at or datetime.now(VIETNAM)),
        "vnp_ResponseCode": response_code,
        "vnp_TmnCode": credentials.tmn_code,
        "vnp_TransactionNo": number if status == "00" else "0",
        "vnp_TransactionStatus": status,
        "vnp_TxnRef": txn_ref,
    }
    if status == "00":
        params["vnp_BankTranNo"] = f"VNP{number}"
    return vnpay_signed_query(params, hash_secret=credentials.hash_secret)
