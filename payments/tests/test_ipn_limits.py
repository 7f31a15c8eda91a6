"""IPN endpoints take anything (issue 12, item 5): a size cap, a per-address rate limit, a
parser that refuses depth, and raw bodies stored whatever their bytes. These run on SQLite and
on PostgreSQL (DATABASE_URL), where NUL and lone surrogates used to break the insert."""

import json

import pytest

from payments.api.ipn import IPN_MAX_BYTES
from payments.models import PaymentCallback

from .helpers import MOMO_IPN, VNPAY_IPN, momo_ipn, post_momo, start

pytestmark = pytest.mark.django_db


def test_an_oversized_momo_ipn_is_413_and_nothing_is_stored(client):
    body = json.dumps({"partnerCode": "MOMO", "extraData": "x" * 100_000})
    response = client.post(MOMO_IPN, data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert not PaymentCallback.objects.exists()


def test_an_oversized_vnpay_ipn_is_400_in_vnpays_shape_and_nothing_is_stored(client):
    response = client.get(f"{VNPAY_IPN}?vnp_OrderInfo={'x' * (IPN_MAX_BYTES + 1)}")
    assert response.status_code == 400
    assert response.json() == {"RspCode": "99", "Message": "Unknown error"}
    assert not PaymentCallback.objects.exists()


def test_a_5000_deep_momo_body_is_recorded_and_answered_400(client):
    body = "[" * 3000 + "]" * 3000  # 6,000 bytes: under the cap, deeper than the recursion limit
    response = client.post(MOMO_IPN, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_callback"
    record = PaymentCallback.objects.get()
    assert record.raw_body == body and record.result == "invalid"


@pytest.mark.parametrize(
    "raw",
    [
        b'{"partnerCode": "\\ud800", "orderId": "x"}',  # a lone surrogate (JSON escape)
        b'{"partnerCode": "\xed\xa0\x80\xff", "orderId": "x"}',  # bytes that are not UTF-8
    ],
    ids=["lone-surrogate", "invalid-utf8"],
)
def test_a_momo_ipn_postgresql_cannot_store_as_is_is_recorded_and_answered_400(client, raw):
    response = client.post(MOMO_IPN, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.json()
    record = PaymentCallback.objects.get()
    assert record.result in ("invalid", "invalid_signature")
    assert record.params == {}
    # Valid UTF-8 text keeping every byte: the escape as sent, broken bytes as \xNN.
    assert record.raw_body == raw.decode("utf-8", errors="backslashreplace")


def test_a_nul_in_an_ipn_is_refused_before_the_view(client):
    # The site-wide guard (landinghub.middleware) answers 400 for NUL, raw or escaped.
    response = client.post(
        MOMO_IPN, data=b'{"partnerCode": "\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert not PaymentCallback.objects.exists()


def test_a_vnpay_ipn_with_broken_utf8_is_recorded_and_answered_97(client):
    response = client.get(f"{VNPAY_IPN}?vnp_TxnRef=%ED%A0%80%FF&vnp_SecureHash=00")
    assert response.status_code == 200
    assert response.json()["RspCode"] == "97"
    record = PaymentCallback.objects.get()
    assert record.raw_body == "vnp_TxnRef=%ED%A0%80%FF&vnp_SecureHash=00"


def test_a_real_momo_ipn_still_delivers(client):
    order, attempt = start("momo")
    assert post_momo(client, momo_ipn(attempt)).status_code == 204
    order.refresh_from_db()
    assert order.status == "delivered"


def test_ipns_are_throttled_per_address(client):
    junk = {"data": "{}", "content_type": "application/json"}
    for _ in range(120):  # the default THROTTLE_IPN, 120/min
        assert client.post(MOMO_IPN, **junk).status_code == 400
    throttled = client.post(MOMO_IPN, **junk)
    assert throttled.status_code == 429 and throttled.json()["error"]["code"] == "throttled"
    vnpay = client.get(f"{VNPAY_IPN}?vnp_TxnRef=1")
    assert vnpay.status_code == 429 and vnpay.json()["RspCode"] == "99"
    assert PaymentCallback.objects.count() == 120
    # Another address (another gateway server) is not held back.
    other = client.post(MOMO_IPN, REMOTE_ADDR="198.51.100.9", **junk)
    assert other.status_code == 400
