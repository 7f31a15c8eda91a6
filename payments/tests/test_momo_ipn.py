"""MoMo's IPN and browser return against the real endpoints (signature, order, amount,
exactly once). Every bad input is its own test and must change nothing."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import MarketplacePage
from orders import services as order_services
from orders.models import Order
from pages.models import Page
from payments.gateways.momo import CALLBACK_FIELDS, MomoCredentials
from payments.models import PaymentAttempt, PaymentCallback
from payments.simulator import SimulatedResult, momo_return_query

from .helpers import momo_ipn, post_momo, start

pytestmark = pytest.mark.django_db
Status = Order.Status


def _assert_untouched(order):
    order.refresh_from_db()
    assert order.status == Status.PENDING and order.page_id is None
    assert not Page.objects.filter(owner_id=order.buyer_id).exists()


def _assert_error(response, status, code):
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_momo_ipn_success_delivers_the_order(client):
    order, attempt = start("momo")
    body = momo_ipn(attempt)
    response = post_momo(client, body)
    assert response.status_code == 204 and response.content == b""
    order.refresh_from_db()
    assert order.status == Status.DELIVERED and order.payment_method == "momo"
    assert order.transaction_id == str(body["transId"])
    assert order.page.owner_id == order.buyer_id
    assert MarketplacePage.objects.get(pk=order.marketplace_page_id).sold_count == 1
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.PAID
    record = PaymentCallback.objects.get()
    assert record.signature_valid and record.result == "applied" and record.order_id == order.pk
    assert json.loads(record.raw_body) == body


def test_momo_ipn_signs_vietnamese_order_info_in_utf8(client):
    order, attempt = start("momo")
    assert "Thanh toán" in attempt.request_data["orderInfo"]
    assert (
        post_momo(client, momo_ipn(attempt, order_info="Mua mẫu trang Bánh mì")).status_code == 204
    )
    order.refresh_from_db()
    assert order.status == Status.DELIVERED


@pytest.mark.parametrize("field", [f for f in CALLBACK_FIELDS if f != "accessKey"])
def test_momo_ipn_with_any_field_tampered_is_rejected(client, field):
    order, attempt = start("momo")
    body = momo_ipn(attempt)
    value = body[field]
    body[field] = value + 1 if isinstance(value, int) else f"{value}x"
    _assert_error(post_momo(client, body), 400, "invalid_signature")
    _assert_untouched(order)
    record = PaymentCallback.objects.get()
    assert not record.signature_valid and record.result == "invalid_signature"


def test_momo_ipn_signed_with_another_key_is_rejected(client):
    order, attempt = start("momo")
    forged = MomoCredentials(
        partner_code="LHSIMULATOR", access_key="sandbox-simulator", secret_key="guess"
    )
    _assert_error(
        post_momo(client, momo_ipn(attempt, credentials=forged)), 400, "invalid_signature"
    )
    _assert_untouched(order)


def test_momo_ipn_without_a_signature_is_rejected(client):
    order, attempt = start("momo")
    body = momo_ipn(attempt)
    del body["signature"]
    _assert_error(post_momo(client, body), 400, "invalid_signature")
    _assert_untouched(order)


def test_momo_ipn_that_is_not_json_is_rejected_and_kept(client):
    response = client.post("/api/payment/momo/ipn", data="amount=1", content_type="text/plain")
    _assert_error(response, 400, "invalid_callback")
    record = PaymentCallback.objects.get()
    assert record.raw_body == "amount=1" and not record.signature_valid


def test_momo_ipn_for_another_partner_is_rejected(client):
    order, attempt = start("momo")
    other = MomoCredentials(
        partner_code="OTHER",
        access_key="sandbox-simulator",
        secret_key="sandbox-simulator-not-a-secret",
    )
    _assert_error(post_momo(client, momo_ipn(attempt, credentials=other)), 400, "partner_mismatch")
    _assert_untouched(order)


@pytest.mark.parametrize("paid", [149_000 + 1, 149_000 // 100, 149_000 * 100, 1])
def test_momo_ipn_with_the_wrong_amount_delivers_nothing(client, paid):
    order, attempt = start("momo", price=149_000)
    _assert_error(post_momo(client, momo_ipn(attempt, amount=paid)), 400, "amount_mismatch")
    _assert_untouched(order)
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.PENDING
    assert PaymentCallback.objects.get().result == "amount_mismatch"


def test_momo_ipn_for_an_unknown_order_is_404(client):
    order, attempt = start("momo")
    body = momo_ipn(attempt, order_id="LH000000XXXXXX01")
    _assert_error(post_momo(client, body), 404, "order_not_found")
    _assert_untouched(order)
    assert PaymentCallback.objects.get().result == "unknown_order"


def test_the_same_momo_ipn_twice_delivers_once(client):
    order, attempt = start("momo")
    body = momo_ipn(attempt)
    assert post_momo(client, body).status_code == 204
    assert post_momo(client, body).status_code == 204
    assert Page.objects.filter(owner_id=order.buyer_id).count() == 1
    assert MarketplacePage.objects.get(pk=order.marketplace_page_id).sold_count == 1
    results = list(PaymentCallback.objects.order_by("pk").values_list("result", flat=True))
    assert results == ["applied", "duplicate"]


def test_a_failure_after_a_success_does_not_regress_the_order(client):
    order, attempt = start("momo")
    assert post_momo(client, momo_ipn(attempt)).status_code == 204
    late = momo_ipn(attempt, result=SimulatedResult.FAILED)
    assert post_momo(client, late).status_code == 204
    order.refresh_from_db()
    assert order.status == Status.DELIVERED


def test_a_callback_for_an_already_delivered_order_changes_nothing(client):
    order, first = start("momo")
    assert post_momo(client, momo_ipn(first)).status_code == 204
    order.refresh_from_db()
    delivered_page, transaction = order.page_id, order.transaction_id
    # The same order paid again through another attempt: kept once, flagged for refund.
    second = PaymentAttempt.objects.create(
        order=order,
        gateway="momo",
        reference=f"{order.order_id}09",
        amount=order.amount,
        request_id="r-2",
        status=PaymentAttempt.Status.PENDING,
    )
    assert post_momo(client, momo_ipn(second)).status_code == 204
    order.refresh_from_db()
    assert (order.page_id, order.transaction_id) == (delivered_page, transaction)
    assert Page.objects.filter(owner_id=order.buyer_id).count() == 1


def test_replaying_an_old_success_does_not_pay_a_new_order(client):
    old_order, old_attempt = start("momo")
    old_ipn = momo_ipn(old_attempt)
    assert post_momo(client, old_ipn).status_code == 204
    new_order, new_attempt = start("momo", buyer=old_order.buyer)
    assert post_momo(client, old_ipn).status_code == 204  # a duplicate of the old one
    # Pointing the old success at the new order breaks the signature.
    _assert_error(
        post_momo(client, {**old_ipn, "orderId": new_attempt.reference}), 400, "invalid_signature"
    )
    new_order.refresh_from_db()
    assert new_order.status == Status.PENDING and new_order.page_id is None
    assert Page.objects.filter(owner_id=new_order.buyer_id).count() == 1


def test_a_cancelled_momo_payment_cancels_the_order(client):
    order, attempt = start("momo")
    assert post_momo(client, momo_ipn(attempt, result=SimulatedResult.CANCELLED)).status_code == 204
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Status.CANCELLED and attempt.status == PaymentAttempt.Status.CANCELLED
    assert order.cancel_reason == "The payment was cancelled."


def test_a_failed_older_attempt_does_not_cancel_the_one_being_paid(client):
    order, momo_attempt = start("momo")
    _, vnpay_attempt = start("vnpay", buyer=order.buyer, listing=order.marketplace_page)
    assert vnpay_attempt.order_id == order.pk
    assert (
        post_momo(client, momo_ipn(momo_attempt, result=SimulatedResult.FAILED)).status_code == 204
    )
    order.refresh_from_db()
    assert order.status == Status.PENDING


def test_a_late_success_after_expiry_still_delivers(client):
    order, attempt = start("momo")
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(hours=2))
    assert order_services.order_expire_unpaid() == 1
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    assert post_momo(client, momo_ipn(attempt)).status_code == 204
    order.refresh_from_db()
    assert order.status == Status.DELIVERED  # the buyer's money was taken: they get it


def test_momo_ipn_accepts_only_post(client):
    assert client.get("/api/payment/momo/ipn").status_code == 405


# --- Browser return -------------------------------------------------------------------------


def test_momo_return_shows_the_order_and_never_delivers(client):
    order, attempt = start("momo")
    response = client.get(f"/api/payment/momo/return?{momo_return_query(momo_ipn(attempt))}")
    assert response.status_code == 302 and response["Location"] == f"/orders/{order.pk}/"
    _assert_untouched(order)  # only the IPN applies a payment
    record = PaymentCallback.objects.get()
    assert (record.kind, record.result, record.signature_valid) == ("return", "displayed", True)


@pytest.mark.parametrize(
    "target",
    ["https://evil.com", "//evil.com", "/\\evil.com", "https:evil.com", "javascript:alert(1)"],
)
def test_momo_return_never_redirects_elsewhere(client, target):
    order, attempt = start("momo")
    query = momo_return_query({**momo_ipn(attempt), "redirectUrl": target, "next": target})
    response = client.get(f"/api/payment/momo/return?{query}")
    assert response["Location"] == f"/orders/{order.pk}/"


def test_a_tampered_momo_return_shows_an_error(client):
    order, attempt = start("momo")
    query = momo_return_query({**momo_ipn(attempt), "amount": 1})
    response = client.get(f"/api/payment/momo/return?{query}")
    assert response.status_code == 400
    assert b"could not read this payment result" in response.content
    _assert_untouched(order)


def test_a_late_success_for_an_expired_order_bought_again_is_kept_for_refund(client):
    expired, old_attempt = start("momo")
    order_services.order_cancel(order_id=expired.order_id, reason="Payment not received in time.")
    bought, new_attempt = start("momo", buyer=expired.buyer, listing=expired.marketplace_page)
    assert bought.pk != expired.pk
    assert post_momo(client, momo_ipn(new_attempt)).status_code == 204
    assert post_momo(client, momo_ipn(old_attempt)).status_code == 204  # no retry storm
    expired.refresh_from_db()
    old_attempt.refresh_from_db()
    assert expired.status == Status.CANCELLED and old_attempt.status == PaymentAttempt.Status.PAID
    assert Page.objects.filter(owner_id=expired.buyer_id).count() == 1
