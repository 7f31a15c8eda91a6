"""The MoMo create call over HTTP: bounded timeouts, retries with the same ``requestId``.

``docs/payments.md`` 1.1 (JSON, ``Content-Type: application/json; charset=UTF-8``, client
timeout at least 30 s), 1.4 (response), 1.8 (``requestId`` is the idempotency key for at least
31 days; a duplicate while the first is in flight gets HTTP 422 with resultCode 7000).
"""

import json
import logging
import time
import uuid
from dataclasses import dataclass

import httpx

from payments.exceptions import GatewayRejected, GatewayUnavailable

from .momo import (
    QUERY_FIELDS,
    MomoCreateRequest,
    MomoCreateResponse,
    MomoCredentials,
    momo_create_response_signature_ok,
    momo_raw_signature,
    momo_sign,
)

logger = logging.getLogger(__name__)

SANDBOX_CREATE_URL = "https://test-payment.momo.vn/v2/gateway/api/create"
PRODUCTION_CREATE_URL = "https://payment.momo.vn/v2/gateway/api/create"
_IN_FLIGHT = 7000


@dataclass(frozen=True)
class RetryPolicy:
    """At most ``attempts`` sends; the whole call takes at most about
    ``attempts * (connect_timeout + read_timeout) + backoff * (2**(attempts-1) - 1)`` seconds
    (``read_timeout`` bounds each wait for bytes, which is how MoMo's 30 s is meant)."""

    attempts: int = 3
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    backoff: float = 1.0


def _retryable(response: httpx.Response, payload: dict | None) -> bool:
    if response.status_code >= 500:
        return True
    # The first send with this requestId is still being processed: ask again for its result.
    return payload is not None and payload.get("resultCode") == _IN_FLIGHT


def _payload(response: httpx.Response) -> dict | None:
    try:
        payload = response.json()
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def _result(
    request: MomoCreateRequest, payload: dict | None, status: int, credentials: MomoCredentials
) -> MomoCreateResponse:
    if payload is None:
        raise GatewayRejected(
            "MoMo answered with something that is not JSON.", details={"http_status": status}
        )
    code = payload.get("resultCode")
    if code != 0 or not isinstance(payload.get("payUrl"), str):
        raise GatewayRejected(
            f"MoMo refused the payment: {payload.get('message') or 'no message'}",
            details={
                "http_status": status,
                "result_code": code,
                "gateway_message": payload.get("message"),
                "sub_errors": payload.get("subErrors", []),
            },
        )
    echoed = (payload.get("requestId"), payload.get("orderId"), payload.get("amount"))
    if echoed != (request.request_id, request.order_id, request.amount):
        raise GatewayRejected("MoMo answered for another request.", details={"echoed": echoed})
    if not momo_create_response_signature_ok(payload, credentials=credentials):
        logger.warning("MoMo create response signature mismatch for %s", request.order_id)
    return MomoCreateResponse(
        request_id=request.request_id,
        order_id=request.order_id,
        amount=request.amount,
        result_code=0,
        message=str(payload.get("message", "")),
        pay_url=payload["payUrl"],
        deeplink=str(payload.get("deeplink") or ""),
        qr_code_url=str(payload.get("qrCodeUrl") or ""),
        raw=payload,
    )


def momo_create_payment(
    *,
    request: MomoCreateRequest,
    endpoint: str,
    credentials: MomoCredentials,
    policy: RetryPolicy = RetryPolicy(),
) -> MomoCreateResponse:
    """POSTs ``request`` to ``endpoint`` and returns the payment URL.

    Connection errors, timeouts, 5xx and 7000 ("in progress") are retried with exponential
    backoff and **the same body**, hence the same ``requestId``: MoMo then answers with the
    first result rather than creating a second payment. After the last attempt:
    ``GatewayUnavailable``. An answer that refuses the request (any other ``resultCode``, e.g.
    20 for a bad signature, 41 for a reused orderId): ``GatewayRejected``, not retried.
    """
    body = json.dumps(request.body(), ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=UTF-8"}
    timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
    failure = "no attempt made"
    with httpx.Client(timeout=timeout) as client:
        for attempt in range(policy.attempts):
            if attempt:
                time.sleep(policy.backoff * 2 ** (attempt - 1))
            try:
                response = client.post(endpoint, content=body, headers=headers)
            except httpx.TransportError as exc:
                failure = f"{type(exc).__name__}: {exc}"
            else:
                payload = _payload(response)
                if not _retryable(response, payload):
                    return _result(request, payload, response.status_code, credentials)
                failure = f"HTTP {response.status_code}"
            logger.warning(
                "MoMo create %s attempt %d/%d failed: %s",
                request.request_id,
                attempt + 1,
                policy.attempts,
                failure,
            )
    raise GatewayUnavailable(
        "MoMo is not answering; please try again in a moment.",
        details={"request_id": request.request_id, "last_error": failure},
    )


def momo_query_payment(
    *,
    order_id: str,
    endpoint: str,
    credentials: MomoCredentials,
    policy: RetryPolicy = RetryPolicy(),
) -> dict:
    """``POST /v2/gateway/api/query`` (1.8: reconciliation of payments whose IPN never came).
    Returns MoMo's answer (``resultCode``, ``transId``, ``amount``, ...). A query changes
    nothing at MoMo, so every try gets a fresh ``requestId``. ``GatewayUnavailable`` when
    MoMo does not answer. The answer is authenticated by TLS to MoMo's host; its own
    signature's field list is not documented reliably (1.3), so it is not enforced."""
    timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
    failure = "no attempt made"
    with httpx.Client(timeout=timeout) as client:
        for attempt in range(policy.attempts):
            if attempt:
                time.sleep(policy.backoff * 2 ** (attempt - 1))
            values = {
                "orderId": order_id,
                "partnerCode": credentials.partner_code,
                "requestId": str(uuid.uuid4()),
            }
            raw = momo_raw_signature(QUERY_FIELDS, values, access_key=credentials.access_key)
            body = {
                **values,
                "lang": "en",
                "signature": momo_sign(raw, secret_key=credentials.secret_key),
            }
            try:
                response = client.post(endpoint, json=body)
            except httpx.TransportError as exc:
                failure = f"{type(exc).__name__}: {exc}"
                continue
            payload = _payload(response)
            if response.status_code < 500 and payload is not None:
                return payload
            failure = f"HTTP {response.status_code}"
    raise GatewayUnavailable(
        "MoMo is not answering.", details={"order_id": order_id, "last_error": failure}
    )
