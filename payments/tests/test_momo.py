import base64
import hashlib
import hmac
import json
from urllib.parse import parse_qsl

import pytest

from payments.exceptions import AmountOutOfRange, InvalidCallback, InvalidSignature
from payments.gateways.momo import (
    CREATE_FIELDS,
    MomoCredentials,
    momo_create_request,
    momo_outcome,
    momo_raw_signature,
    momo_sign,
    momo_verify_callback,
    momo_verify_create_request,
)
from payments.outcomes import PaymentOutcome
from payments.simulator import momo_return_query, momo_simulated_callback

# MoMo docs, "API Idempotency" create example (docs/payments.md 1.3), signed with the sample
# credentials of momo-wallet/payment php/config.json.
DOC_CREDENTIALS = MomoCredentials(
    partner_code="MOMOBKUN20180529",
    access_key="klm05TvNBzhg7h7j",
    secret_key="at67qH6mk8w5Y1nAyMoYKMWACiEi2bsa",
)
DOC_WEBHOOK = "https://webhook.site/94e534cb-a54a-4313-8e91-c42f7aa2e145"
DOC_SIGNATURE = "a0e6c8676f651f4d8980f04d10ee562fe027d9bacb7df0031c32e3ca42096473"
DOC_RAW = (
    "accessKey=klm05TvNBzhg7h7j&amount=10000&extraData="
    f"&ipnUrl={DOC_WEBHOOK}&orderId=1629181466064:0123456778"
    "&orderInfo=Thanh toán qua ví MoMo&partnerCode=MOMOBKUN20180529"
    f"&redirectUrl={DOC_WEBHOOK}&requestId=f7a8f62f4234-0bba-405f-8178-1a516ea1fe3c"
    "&requestType=captureWallet"
)


def _doc_request(**overrides):
    fields = {
        "credentials": DOC_CREDENTIALS,
        "order_id": "1629181466064:0123456778",
        "amount": 10000,
        "order_info": "Thanh toán qua ví MoMo",
        "redirect_url": DOC_WEBHOOK,
        "ipn_url": DOC_WEBHOOK,
        "request_type": "captureWallet",
        "request_id": "f7a8f62f4234-0bba-405f-8178-1a516ea1fe3c",
        "extra_data": "",
        "lang": "en",
    }
    return momo_create_request(**{**fields, **overrides})


def test_momo_create_request_reproduces_the_documented_signature():
    request = _doc_request()
    assert request.signature == DOC_SIGNATURE
    body = request.body()
    assert (
        body["amount"] == 10000 and body["requestId"] == "f7a8f62f4234-0bba-405f-8178-1a516ea1fe3c"
    )
    assert momo_verify_create_request(body, credentials=DOC_CREDENTIALS) == request


def test_momo_raw_signature_is_the_documented_string_signed_as_utf8():
    values = _doc_request().body()
    raw = momo_raw_signature(CREATE_FIELDS, values, access_key=DOC_CREDENTIALS.access_key)
    assert raw == DOC_RAW
    assert momo_sign(raw, secret_key=DOC_CREDENTIALS.secret_key) == DOC_SIGNATURE
    # The official Python sample's bytes(raw, "ascii") cannot even encode this (1.9.1).
    with pytest.raises(UnicodeEncodeError):
        raw.encode("ascii")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", 10001),
        ("order_info", "Thanh toan qua vi MoMo"),  # the same text without diacritics
        ("request_id", "f7a8f62f4234-0bba-405f-8178-1a516ea1fe3d"),
        ("extra_data", base64.b64encode(b'{"a":1}').decode()),
        ("request_type", "payWithMethod"),
    ],
)
def test_momo_create_signature_changes_with_every_signed_field(field, value):
    assert _doc_request(**{field: value}).signature != DOC_SIGNATURE


def test_momo_create_request_signature_depends_on_the_key():
    wrong = MomoCredentials("MOMOBKUN20180529", "klm05TvNBzhg7h7j", "x" * 32)
    assert _doc_request(credentials=wrong).signature != DOC_SIGNATURE
    with pytest.raises(InvalidSignature):
        momo_verify_create_request(_doc_request().body(), credentials=wrong)


@pytest.mark.parametrize("amount", [999, 50_000_001, 0, -1000, 10000.0, "10000", True])
def test_momo_create_request_refuses_amounts_outside_capture_wallet_limits(amount):
    with pytest.raises(AmountOutOfRange):
        _doc_request(amount=amount)


@pytest.mark.parametrize("amount", [1_000, 50_000_000])
def test_momo_create_request_accepts_capture_wallet_boundaries(amount):
    assert _doc_request(amount=amount).amount == amount


def test_momo_pay_with_method_uses_its_own_limits():
    assert _doc_request(request_type="payWithMethod", amount=10_000).request_type == "payWithMethod"
    with pytest.raises(AmountOutOfRange):
        _doc_request(request_type="payWithMethod", amount=10_000_001)


@pytest.mark.parametrize(
    "overrides",
    [
        {"order_id": "LH-"},
        {"order_id": "LH 1"},
        {"order_id": "x" * 201},
        {"request_id": "r" * 51},
        {"order_info": "A & B"},
        {"order_info": ""},
        {"ipn_url": "https://example.com/ipn é"},
        {"redirect_url": "/relative"},
        {"request_type": "payWithCC"},
        {"lang": "fr"},
    ],
)
def test_momo_create_request_refuses_malformed_fields(overrides):
    with pytest.raises(ValueError):
        _doc_request(**overrides)


def test_momo_order_id_check_is_linear_on_hostile_input():
    # The documented regex has nested quantifiers; ours must not backtrack exponentially.
    with pytest.raises(ValueError):
        _doc_request(order_id="a" * 199 + "!")


# --- IPN and return -------------------------------------------------------------------------


def _ipn(**overrides):
    fields = {
        "order_id": "LH251125K7Q4ZP",
        "request_id": "0b6f1b1e-1d5e-4a55-9e53-5a1e2b9f1c11",
        "amount": 150_000,
        "order_info": "Mua mẫu trang Nhà hàng",
        "extra_data": base64.b64encode(b'{"q": "a>>>"}').decode(),  # has a '+'
        "trans_id": 4088878653,
        "credentials": DOC_CREDENTIALS,
    }
    return momo_simulated_callback(**{**fields, **overrides})


def _independent_ipn_signature(data: dict, access_key: str, secret_key: str) -> str:
    names = "amount extraData message orderId orderInfo orderType partnerCode payType requestId"
    names += " responseTime resultCode transId"
    raw = f"accessKey={access_key}" + "".join(f"&{n}={data[n]}" for n in names.split())
    return hmac.new(secret_key.encode(), raw.encode(), hashlib.sha256).hexdigest()


def test_momo_ipn_signature_matches_an_independent_computation():
    data = _ipn()
    assert data["signature"] == _independent_ipn_signature(
        data, DOC_CREDENTIALS.access_key, DOC_CREDENTIALS.secret_key
    )


def test_momo_verify_callback_accepts_a_valid_ipn_from_its_json_body():
    data = json.loads(json.dumps(_ipn(), ensure_ascii=False))
    result = momo_verify_callback(data, credentials=DOC_CREDENTIALS)
    assert (result.order_id, result.amount, result.trans_id) == (
        "LH251125K7Q4ZP",
        150_000,
        "4088878653",
    )
    assert result.result_code == 0 and result.ok and result.outcome is PaymentOutcome.PAID


def test_momo_verify_callback_accepts_the_same_data_as_a_redirect_query():
    # Django's request.GET is a decoded query; the '+' of base64 extraData must survive.
    query = dict(parse_qsl(momo_return_query(_ipn()), keep_blank_values=True))
    assert "+" in query["extraData"]
    result = momo_verify_callback(query, credentials=DOC_CREDENTIALS)
    assert result.amount == 150_000 and result.ok


def test_momo_verify_callback_ignores_unsigned_extras_and_accepts_uppercase_hex():
    data = {**_ipn(), "storeId": "S1", "userFee": 0}
    data["signature"] = data["signature"].upper()
    assert momo_verify_callback(data, credentials=DOC_CREDENTIALS).ok


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", 150_001),
        ("amount", 1_500),
        ("orderId", "LH251125K7Q4ZQ"),
        ("orderInfo", "Mua mau trang Nha hang"),
        ("resultCode", 1006),
        ("transId", 4088878654),
        ("extraData", ""),
        ("requestId", "other"),
        ("responseTime", 1),
        ("message", "ok"),
        ("payType", "qr"),
        ("orderType", "other"),
        ("signature", ""),
        ("signature", "0" * 64),
        ("signature", None),
    ],
)
def test_momo_verify_callback_refuses_any_tampered_field(field, value):
    with pytest.raises(InvalidSignature):
        momo_verify_callback({**_ipn(), field: value}, credentials=DOC_CREDENTIALS)


def test_momo_verify_callback_refuses_the_wrong_key():
    other = MomoCredentials(DOC_CREDENTIALS.partner_code, DOC_CREDENTIALS.access_key, "k" * 32)
    with pytest.raises(InvalidSignature):
        momo_verify_callback(_ipn(), credentials=other)
    other_access = MomoCredentials(
        DOC_CREDENTIALS.partner_code, "other", DOC_CREDENTIALS.secret_key
    )
    with pytest.raises(InvalidSignature):
        momo_verify_callback(_ipn(), credentials=other_access)


def test_momo_verify_callback_refuses_another_partner_even_when_signed():
    foreign = MomoCredentials(
        "OTHERPARTNER", DOC_CREDENTIALS.access_key, DOC_CREDENTIALS.secret_key
    )
    with pytest.raises(InvalidCallback) as caught:
        momo_verify_callback(_ipn(credentials=foreign), credentials=DOC_CREDENTIALS)
    assert caught.value.code == "partner_mismatch"


@pytest.mark.parametrize("missing", ["amount", "transId", "payType", "extraData"])
def test_momo_verify_callback_refuses_missing_fields(missing):
    data = _ipn()
    del data[missing]
    with pytest.raises(InvalidCallback):
        momo_verify_callback(data, credentials=DOC_CREDENTIALS)


def test_momo_verify_callback_refuses_a_float_amount():
    # 150000.0 renders differently from 150000 and was never what MoMo signed (1.9.6).
    with pytest.raises(InvalidCallback):
        momo_verify_callback({**_ipn(), "amount": 150_000.0}, credentials=DOC_CREDENTIALS)


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        (0, PaymentOutcome.PAID),
        (9000, PaymentOutcome.PAID),
        (1000, PaymentOutcome.PENDING),
        (7000, PaymentOutcome.PENDING),
        (1006, PaymentOutcome.CANCELLED),
        (1003, PaymentOutcome.CANCELLED),
        (1005, PaymentOutcome.EXPIRED),
        (1001, PaymentOutcome.FAILED),
        (99, PaymentOutcome.FAILED),
    ],
)
def test_momo_outcome_maps_result_codes(code, outcome):
    assert momo_outcome(code) is outcome
