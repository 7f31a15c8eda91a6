"""The MoMo create call over real HTTP against the fake server in ``fake_momo.py``."""

import socket
import time

import pytest

from payments.exceptions import GatewayRejected, GatewayUnavailable
from payments.gateways.momo import MomoCredentials, momo_create_request
from payments.gateways.momo_client import RetryPolicy, momo_create_payment

FAST = RetryPolicy(attempts=3, connect_timeout=1.0, read_timeout=0.5, backoff=0.01)


def _request(credentials, **overrides):
    fields = {
        "credentials": credentials,
        "order_id": "LH251125K7Q4ZP",
        "amount": 150_000,
        "order_info": "Mua mẫu trang Nhà hàng",
        "redirect_url": "http://localhost:8000/api/payment/momo/return",
        "ipn_url": "https://shop.example.com/api/payment/momo/ipn",
    }
    return momo_create_request(**{**fields, **overrides})


def test_momo_create_payment_returns_the_pay_url(fake_momo, momo_credentials):
    request = _request(momo_credentials)
    result = momo_create_payment(
        request=request, endpoint=fake_momo.url, credentials=momo_credentials, policy=FAST
    )
    assert result.pay_url.endswith(request.request_id)
    assert (result.order_id, result.amount, result.result_code) == (request.order_id, 150_000, 0)
    [sent] = fake_momo.requests
    assert sent["body"] == request.body()
    assert sent["headers"]["Content-Type"] == "application/json; charset=UTF-8"


def test_momo_create_payment_retries_a_5xx_with_the_same_request_id(fake_momo, momo_credentials):
    fake_momo.script = ["500", "500"]
    request = _request(momo_credentials, request_type="payWithMethod")
    result = momo_create_payment(
        request=request, endpoint=fake_momo.url, credentials=momo_credentials, policy=FAST
    )
    assert result.result_code == 0
    bodies = [sent["body"] for sent in fake_momo.requests]
    assert len(bodies) == 3
    assert {body["requestId"] for body in bodies} == {request.request_id}
    assert all(body == request.body() for body in bodies)


def test_momo_create_payment_retries_a_timeout_and_gets_the_first_answer(
    fake_momo, momo_credentials
):
    # The first send times out at the client but MoMo processed it; the retry with the same
    # requestId gets that same answer back (idempotency), not a second payment.
    fake_momo.script = ["sleep"]
    fake_momo.sleep_seconds = 1.0
    request = _request(momo_credentials)
    result = momo_create_payment(
        request=request, endpoint=fake_momo.url, credentials=momo_credentials, policy=FAST
    )
    time.sleep(0.7)  # let the slow first handler finish
    assert result.pay_url.endswith(request.request_id)
    assert len(fake_momo.answers) == 1
    assert [sent["body"]["requestId"] for sent in fake_momo.requests] == [request.request_id] * 2


def test_momo_create_payment_retries_in_flight_and_dropped_connections(fake_momo, momo_credentials):
    fake_momo.script = ["in_flight", "drop"]
    request = _request(momo_credentials)
    result = momo_create_payment(
        request=request, endpoint=fake_momo.url, credentials=momo_credentials, policy=FAST
    )
    assert result.result_code == 0 and len(fake_momo.requests) == 3


def test_momo_create_payment_timeout_is_bounded(fake_momo, momo_credentials):
    fake_momo.script = ["sleep"] * 5
    fake_momo.sleep_seconds = 5.0
    policy = RetryPolicy(attempts=2, connect_timeout=0.5, read_timeout=0.3, backoff=0.05)
    request = _request(momo_credentials)
    started = time.monotonic()
    with pytest.raises(GatewayUnavailable) as caught:
        momo_create_payment(
            request=request, endpoint=fake_momo.url, credentials=momo_credentials, policy=policy
        )
    elapsed = time.monotonic() - started
    assert elapsed < 2 * (0.5 + 0.3) + 0.05 + 0.5
    assert caught.value.status_code == 503
    assert caught.value.details["request_id"] == request.request_id
    assert len(fake_momo.requests) == 2


def test_momo_create_payment_gives_up_cleanly_when_nothing_listens(momo_credentials):
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(GatewayUnavailable):
        momo_create_payment(
            request=_request(momo_credentials),
            endpoint=f"http://127.0.0.1:{port}/v2/gateway/api/create",
            credentials=momo_credentials,
            policy=FAST,
        )


def test_momo_create_payment_bad_signature_is_a_clean_domain_error(fake_momo, momo_credentials):
    wrong = MomoCredentials(momo_credentials.partner_code, momo_credentials.access_key, "x" * 32)
    with pytest.raises(GatewayRejected) as caught:
        momo_create_payment(
            request=_request(wrong),
            endpoint=fake_momo.url,
            credentials=momo_credentials,
            policy=FAST,
        )
    error = caught.value
    assert error.code == "payment_gateway_rejected" and error.status_code == 502
    assert error.details["result_code"] == 20 and error.details["http_status"] == 400
    assert error.details["sub_errors"][0]["field"] == "signature"
    assert len(fake_momo.requests) == 1  # a refusal is not retried


def test_momo_create_payment_refuses_an_answer_for_another_request(fake_momo, momo_credentials):
    first = _request(momo_credentials)
    momo_create_payment(
        request=first, endpoint=fake_momo.url, credentials=momo_credentials, policy=FAST
    )
    # Same requestId, different order: the fake (like MoMo) replays its first answer.
    second = _request(momo_credentials, order_id="LH251125OTHER1", request_id=first.request_id)
    with pytest.raises(GatewayRejected):
        momo_create_payment(
            request=second, endpoint=fake_momo.url, credentials=momo_credentials, policy=FAST
        )
