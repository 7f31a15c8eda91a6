"""The querydr client: both signatures in the documented field order (built here from the
documented strings, not with the module's code), and the real httpx call against the fake."""

import hashlib
import hmac
from datetime import UTC, datetime

import httpx
import pytest

from payments.exceptions import InvalidCallback, InvalidSignature
from payments.gateways.vnpay_client import (
    vnpay_querydr_request,
    vnpay_querydr_send,
    vnpay_verify_querydr,
)
from payments.outcomes import PaymentOutcome

from .conftest import TEST_VNPAY

# docs/payments.md 2.7, verbatim.
DOCUMENTED_REQUEST = (
    "vnp_RequestId|vnp_Version|vnp_Command|vnp_TmnCode|vnp_TxnRef|vnp_TransactionDate"
    "|vnp_CreateDate|vnp_IpAddr|vnp_OrderInfo"
)
DOCUMENTED_RESPONSE = (
    "vnp_ResponseId|vnp_Command|vnp_ResponseCode|vnp_Message|vnp_TmnCode|vnp_TxnRef|vnp_Amount"
    "|vnp_BankCode|vnp_PayDate|vnp_TransactionNo|vnp_TransactionType|vnp_TransactionStatus"
    "|vnp_OrderInfo|vnp_PromotionCode|vnp_PromotionAmount"
)


def _hmac(data: str) -> str:
    key = TEST_VNPAY.hash_secret.encode()
    return hmac.new(key, data.encode("utf-8"), hashlib.sha512).hexdigest()


def _signed(answer: dict) -> dict:
    data = "|".join(str(answer.get(name, "")) for name in DOCUMENTED_RESPONSE.split("|"))
    return {**answer, "vnp_SecureHash": _hmac(data)}


PAID = {
    "vnp_ResponseId": "4f1a2b3c",
    "vnp_Command": "querydr",
    "vnp_ResponseCode": "00",
    "vnp_Message": "QueryDR Success",
    "vnp_TmnCode": "LPTEST01",
    "vnp_TxnRef": "LH7K2Q9X01",
    "vnp_Amount": "14900000",
    "vnp_BankCode": "NCB",
    "vnp_PayDate": "20261201170112",
    "vnp_TransactionNo": "14226112",
    "vnp_TransactionType": "01",
    "vnp_TransactionStatus": "00",
    "vnp_OrderInfo": "Truy van giao dich LH7K2Q9X01",
}


def test_the_request_is_signed_over_the_documented_field_order():
    body = vnpay_querydr_request(
        credentials=TEST_VNPAY,
        txn_ref="LH7K2Q9X01",
        transaction_date="20261201170000",
        ip_addr="203.0.113.7",
        now=datetime(2026, 12, 1, 10, 30, tzinfo=UTC),
        request_id="0f3c9a",
    )
    data = "|".join(body[name] for name in DOCUMENTED_REQUEST.split("|"))
    assert data == (
        "0f3c9a|2.1.0|querydr|LPTEST01|LH7K2Q9X01|20261201170000|20261201173000"
        "|203.0.113.7|Truy van giao dich LH7K2Q9X01"
    )  # vnp_CreateDate is Vietnam time (UTC+7)
    assert body["vnp_SecureHash"] == _hmac(data)


def test_the_request_needs_the_payment_date_and_a_new_id_each_time():
    fields = {"credentials": TEST_VNPAY, "txn_ref": "LH7K2Q9X01", "ip_addr": "203.0.113.7"}
    with pytest.raises(ValueError):
        vnpay_querydr_request(transaction_date="", **fields)
    first = vnpay_querydr_request(transaction_date="20261201170000", **fields)
    second = vnpay_querydr_request(transaction_date="20261201170000", **fields)
    assert first["vnp_RequestId"] != second["vnp_RequestId"]


def test_an_answer_signed_in_the_documented_order_is_trusted():
    checked = vnpay_verify_querydr(_signed(PAID), credentials=TEST_VNPAY)
    assert (checked.outcome, checked.amount_vnd, checked.transaction_no) == (
        PaymentOutcome.PAID,
        149_000,
        "14226112",
    )
    # A JSON number and an uppercase hash are the same answer.
    numeric = _signed({**PAID, "vnp_Amount": 14900000})
    numeric["vnp_SecureHash"] = numeric["vnp_SecureHash"].upper()
    assert vnpay_verify_querydr(numeric, credentials=TEST_VNPAY).amount_x100 == 14_900_000


def test_absent_fields_are_hashed_as_empty():
    not_found = {
        "vnp_ResponseId": "9d8e",
        "vnp_Command": "querydr",
        "vnp_ResponseCode": "91",
        "vnp_Message": "Khong tim thay giao dich",
        "vnp_TmnCode": "LPTEST01",
        "vnp_TxnRef": "LH7K2Q9X01",
    }
    checked = vnpay_verify_querydr(_signed(not_found), credentials=TEST_VNPAY)
    assert (checked.outcome, checked.amount_x100) == (PaymentOutcome.PENDING, None)


@pytest.mark.parametrize(
    "edit",
    [
        {"vnp_Amount": "14900100"},
        {"vnp_TransactionStatus": "02"},
        {"vnp_TxnRef": "LH7K2Q9X02"},
        {"vnp_SecureHash": ""},
    ],
)
def test_an_answer_changed_after_signing_is_refused(edit):
    with pytest.raises(InvalidSignature):
        vnpay_verify_querydr({**_signed(PAID), **edit}, credentials=TEST_VNPAY)


def test_an_answer_signed_in_another_order_or_for_another_terminal_is_refused():
    swapped = DOCUMENTED_RESPONSE.replace(
        "vnp_PayDate|vnp_TransactionNo", "vnp_TransactionNo|vnp_PayDate"
    )
    data = "|".join(str(PAID.get(name, "")) for name in swapped.split("|"))
    with pytest.raises(InvalidSignature):
        vnpay_verify_querydr({**PAID, "vnp_SecureHash": _hmac(data)}, credentials=TEST_VNPAY)
    with pytest.raises(InvalidSignature):  # the hash covers our own terminal code
        vnpay_verify_querydr(_signed({**PAID, "vnp_TmnCode": "OTHER001"}), credentials=TEST_VNPAY)
    with pytest.raises(InvalidCallback):
        vnpay_verify_querydr(_signed({**PAID, "vnp_Command": "refund"}), credentials=TEST_VNPAY)


@pytest.mark.parametrize(
    "answer, outcome",
    [
        ({"vnp_TransactionStatus": "01"}, PaymentOutcome.PENDING),
        ({"vnp_TransactionStatus": "02"}, PaymentOutcome.FAILED),
        ({"vnp_TransactionStatus": "04"}, PaymentOutcome.FAILED),
        ({"vnp_TransactionStatus": "07"}, PaymentOutcome.FAILED),
        ({"vnp_TransactionStatus": "05"}, None),  # refund statuses: not for reconciliation
        ({"vnp_ResponseCode": "94"}, None),
        ({"vnp_ResponseCode": "97"}, None),
    ],
)
def test_what_each_status_means(answer, outcome):
    checked = vnpay_verify_querydr(_signed({**PAID, **answer}), credentials=TEST_VNPAY)
    assert checked.outcome is outcome


def test_the_real_client_against_the_fake_api(fake_vnpay):
    body = vnpay_querydr_request(
        credentials=TEST_VNPAY,
        txn_ref="LH7K2Q9X01",
        transaction_date="20261201170000",
        ip_addr="203.0.113.7",
    )
    fake_vnpay.answers["LH7K2Q9X01"] = fake_vnpay.paid(amount_x100=14_900_000)
    fake_vnpay.script = ["500", "sleep", "ok"]
    with httpx.Client(timeout=httpx.Timeout(0.3, connect=1.0)) as client:
        failed = vnpay_querydr_send(request=body, api_url=fake_vnpay.url, client=client)
        timed_out = vnpay_querydr_send(request=body, api_url=fake_vnpay.url, client=client)
        answered = vnpay_querydr_send(request=body, api_url=fake_vnpay.url, client=client)
    assert (failed.http_status, failed.answer, failed.error) == (500, None, "HTTP 500")
    assert timed_out.answer is None and "ReadTimeout" in timed_out.error
    assert fake_vnpay.requests[-1]["body"] == body
    checked = vnpay_verify_querydr(answered.answer, credentials=TEST_VNPAY)
    assert checked.outcome is PaymentOutcome.PAID and answered.raw.startswith("{")
