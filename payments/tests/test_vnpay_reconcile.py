"""VNPay reconciliation: querydr over real HTTP (httpx) against a fake VNPay API on loopback.

A payment whose IPN never came is asked about with querydr; only a correctly signed answer
with the right amount changes anything, through the same path as the IPN, exactly once."""

import logging
from datetime import datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from orders.models import Order
from pages.models import Page
from payments import reconcile, tasks
from payments.gateways.vnpay import VIETNAM, vnpay_format_date
from payments.models import PaymentAttempt, PaymentCallback

from .conftest import TEST_VNPAY
from .fake_vnpay import FakeVnpay
from .helpers import get_vnpay, start, vnpay_query

pytestmark = pytest.mark.django_db
Status = Order.Status


def _stale(attempt, minutes=20):
    """Created ``minutes`` ago (its stored vnp_CreateDate/vnp_ExpireDate too); the order is
    still within its payment window."""
    created = timezone.now() - timedelta(minutes=minutes)
    data = {
        **attempt.request_data,
        "vnp_CreateDate": vnpay_format_date(created),
        "vnp_ExpireDate": vnpay_format_date(created + timedelta(minutes=15)),
    }
    PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=created, request_data=data)
    attempt.refresh_from_db()


def _window_closed(order, attempt):
    """The order's payment window and the attempt's vnp_ExpireDate both in the past."""
    long_ago = timezone.now() - timedelta(minutes=45)
    Order.objects.filter(pk=order.pk).update(created_at=long_ago)
    data = {**attempt.request_data, "vnp_ExpireDate": vnpay_format_date(long_ago)}
    PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=long_ago, request_data=data)


def _paid(attempt, **fields):
    return FakeVnpay.paid(amount_x100=attempt.amount * 100, **fields)


def _ipn(client, attempt, **overrides):
    fields = {"credentials": TEST_VNPAY, "transaction_no": 14226112, **overrides}
    return get_vnpay(client, vnpay_query(attempt, **fields)).json()["RspCode"]


def _pending(order, attempt):
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Status.PENDING and order.page_id is None
    assert attempt.status == PaymentAttempt.Status.PENDING


def _delivered_once(order):
    order.refresh_from_db()
    assert order.status == Status.DELIVERED and order.transaction_id == "14226112"
    assert Page.objects.filter(owner_id=order.buyer_id).count() == 1


def _queries():
    return PaymentCallback.objects.filter(kind="query").order_by("pk")


def test_a_paid_answer_delivers_once_and_the_later_ipn_changes_nothing(real_vnpay, client):
    order, attempt = start("vnpay")
    _stale(attempt)
    real_vnpay.answers[attempt.reference] = _paid(attempt)
    assert reconcile.vnpay_reconcile_pending() == 1
    _delivered_once(order)
    assert order.payment_method == "vnpay"
    record = _queries().get()
    assert (record.result, record.signature_valid, record.outcome) == ("applied", True, "paid")
    assert record.attempt_id == attempt.pk and record.transaction_id == "14226112"
    sent = real_vnpay.requests[0]["body"]
    assert sent["vnp_SecureHash"] == real_vnpay.request_hash(sent)  # the fake's own check
    assert sent["vnp_TransactionDate"] == attempt.request_data["vnp_CreateDate"]
    assert sent["vnp_IpAddr"] == django_settings.VNPAY_SERVER_IP
    assert record.params["request"] == sent and record.params["response"]["vnp_Amount"]
    assert _ipn(client, attempt) == "02"
    _delivered_once(order)
    assert reconcile.vnpay_reconcile_pending() == 0 and len(real_vnpay.requests) == 1


def test_an_ipn_first_then_the_query_answer_changes_nothing(real_vnpay, client):
    order, attempt = start("vnpay")
    assert _ipn(client, attempt) == "00"
    real_vnpay.answers[attempt.reference] = _paid(attempt)
    # A sweep that read the attempt just before the IPN was applied.
    with reconcile.vnpay_api_client() as http:
        assert not reconcile.vnpay_reconcile_attempt(
            attempt=attempt, credentials=TEST_VNPAY, client=http
        )
    assert _queries().get().result == "duplicate"
    _delivered_once(order)


def test_a_transaction_that_already_paid_another_order_pays_nothing_more(real_vnpay, client):
    first, first_attempt = start("vnpay")
    assert _ipn(client, first_attempt) == "00"
    order, attempt = start("vnpay")
    _stale(attempt)
    real_vnpay.answers[attempt.reference] = _paid(attempt)  # the same vnp_TransactionNo
    assert reconcile.vnpay_reconcile_pending() == 0
    _pending(order, attempt)
    assert _queries().get().result == "error"
    _delivered_once(first)


def test_every_query_gets_a_new_request_id(real_vnpay):
    _order, attempt = start("vnpay")
    _stale(attempt)
    assert reconcile.vnpay_reconcile_pending() == reconcile.vnpay_reconcile_pending() == 0
    ids = {r["body"]["vnp_RequestId"] for r in real_vnpay.requests}
    assert len(ids) == 2 and all(len(i) <= 32 for i in ids)


@pytest.mark.parametrize(
    "step, stored",
    [("bad_hash", "paid"), ("unsigned", "paid"), ("tamper", "failed")],
)
def test_a_badly_signed_answer_changes_nothing_and_is_retried(real_vnpay, caplog, step, stored):
    order, attempt = start("vnpay")
    _stale(attempt)
    status = "00" if stored == "paid" else "02"
    real_vnpay.answers[attempt.reference] = _paid(attempt, vnp_TransactionStatus=status)
    real_vnpay.script = [step]
    with caplog.at_level(logging.ERROR, logger="payments.reconcile"):
        assert reconcile.vnpay_reconcile_pending() == 0
    _pending(order, attempt)
    record = _queries().get()
    assert (record.result, record.signature_valid) == ("invalid_signature", False)
    assert "refused" in caplog.text
    real_vnpay.answers[attempt.reference] = _paid(attempt)
    assert reconcile.vnpay_reconcile_pending() == 1  # asked again: the next answer is good
    _delivered_once(order)


@pytest.mark.parametrize("amount_x100", [14_900_100, 14_900_001, 100_000])
def test_an_answer_with_the_wrong_amount_delivers_nothing(real_vnpay, amount_x100):
    order, attempt = start("vnpay", price=149_000)
    _stale(attempt)
    real_vnpay.answers[attempt.reference] = FakeVnpay.paid(amount_x100=amount_x100)
    assert reconcile.vnpay_reconcile_pending() == 0
    _pending(order, attempt)
    record = _queries().get()
    assert (record.result, record.signature_valid) == ("amount_mismatch", True)


@pytest.mark.parametrize("step", ["sleep", "500"])
def test_a_timeout_or_a_500_changes_nothing_and_is_retried(real_vnpay, step):
    order, attempt = start("vnpay")
    _stale(attempt)
    real_vnpay.answers[attempt.reference] = _paid(attempt)
    real_vnpay.script = [step]
    assert reconcile.vnpay_reconcile_pending() == 0
    _pending(order, attempt)
    record = _queries().get()
    assert (record.result, record.attempt_id) == ("error", attempt.pk)
    expected = "ReadTimeout" if step == "sleep" else "HTTP 500"
    assert expected in record.params["error"] and record.params["response"] is None
    assert reconcile.vnpay_reconcile_pending() == 1
    _delivered_once(order)


@pytest.mark.parametrize(
    "answer",
    [
        None,  # the fake's default: 91, no such transaction
        {"vnp_ResponseCode": "00", "vnp_TransactionStatus": "01"},  # not completed
    ],
)
def test_not_found_or_not_completed_leaves_it_pending_within_the_window(real_vnpay, answer):
    order, attempt = start("vnpay")
    _stale(attempt)
    if answer:
        real_vnpay.answers[attempt.reference] = answer
    assert reconcile.vnpay_reconcile_pending() == 0
    _pending(order, attempt)
    record = _queries().get()
    assert (record.result, record.outcome, record.signature_valid) == ("pending", "pending", True)
    assert reconcile.vnpay_reconcile_pending() == 0 and len(real_vnpay.requests) == 2


@pytest.mark.parametrize(
    "answer",
    [
        {"vnp_ResponseCode": "94", "vnp_Message": "Duplicate request"},
        {"vnp_ResponseCode": "99", "vnp_Message": "Unknown error"},
        {"vnp_ResponseCode": "00", "vnp_TransactionStatus": "05"},  # a refund status
    ],
)
def test_a_signed_api_error_changes_nothing(real_vnpay, answer):
    order, attempt = start("vnpay")
    _window_closed(order, attempt)
    real_vnpay.answers[attempt.reference] = answer
    assert reconcile.vnpay_reconcile_pending() == 0
    _pending(order, attempt)
    assert (_queries().get().result, _queries().get().signature_valid) == ("error", True)


def test_a_signed_answer_about_another_payment_changes_nothing(real_vnpay):
    order, attempt = start("vnpay")
    _stale(attempt)
    real_vnpay.answers[attempt.reference] = _paid(attempt, vnp_TxnRef="SOMEONEELSE01")
    assert reconcile.vnpay_reconcile_pending() == 0
    _pending(order, attempt)
    assert (_queries().get().result, _queries().get().signature_valid) == ("invalid", True)


def test_not_found_after_the_payment_window_expires_the_attempt(real_vnpay, client):
    order, attempt = start("vnpay")
    _window_closed(order, attempt)
    assert reconcile.vnpay_reconcile_pending() == 1
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.EXPIRED
    assert order.status == Status.CANCELLED and order.cancel_reason == "The payment window expired."
    assert (_queries().get().result, _queries().get().outcome) == ("applied", "expired")
    assert reconcile.vnpay_reconcile_pending() == 0 and len(real_vnpay.requests) == 1
    # VNPay takes no payment after vnp_ExpireDate; if a success came anyway, the money was
    # taken: it is recorded and, the listing being on sale at that amount, delivered (a late
    # success that cannot be delivered is queued for refund: payments/tests/test_refunds.py).
    assert _ipn(client, attempt) == "00"
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Status.DELIVERED and attempt.status == PaymentAttempt.Status.PAID


def test_a_payment_window_is_the_later_of_the_order_and_the_attempt():
    order, attempt = start("vnpay")
    attempt = PaymentAttempt.objects.select_related("order").get(pk=attempt.pk)
    order_end = order.created_at + timedelta(minutes=django_settings.ORDER_PAYMENT_TIMEOUT_MINUTES)
    grace = reconcile._WINDOW_GRACE
    assert reconcile._vnpay_window_end(attempt) == order_end + grace
    later = datetime.now(VIETNAM).replace(microsecond=0) + timedelta(hours=1)
    attempt.request_data["vnp_ExpireDate"] = vnpay_format_date(later)
    assert reconcile._vnpay_window_end(attempt) == later + grace
    del attempt.request_data["vnp_ExpireDate"]  # an attempt stored before: read from the URL
    assert reconcile._vnpay_window_end(attempt) == order_end + grace


def test_a_failed_answer_cancels_the_order_when_it_is_the_latest_attempt(real_vnpay):
    order, attempt = start("vnpay")
    _stale(attempt)
    real_vnpay.answers[attempt.reference] = _paid(attempt, vnp_TransactionStatus="02")
    assert reconcile.vnpay_reconcile_pending() == 1
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED and not attempt.transaction_id
    assert order.status == Status.CANCELLED and order.cancel_reason == "The payment failed."


def test_a_failed_answer_without_an_amount_still_settles_but_a_wrong_one_does_not(real_vnpay):
    order, attempt = start("vnpay")
    _stale(attempt)
    failed = {"vnp_ResponseCode": "00", "vnp_TransactionStatus": "02"}
    real_vnpay.answers[attempt.reference] = {**failed, "vnp_Amount": "100"}
    assert reconcile.vnpay_reconcile_pending() == 0
    _pending(order, attempt)
    real_vnpay.answers[attempt.reference] = failed
    assert reconcile.vnpay_reconcile_pending() == 1
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED
    assert [r.result for r in _queries()] == ["amount_mismatch", "applied"]


def test_a_failed_answer_for_an_older_attempt_leaves_the_order_pending(real_vnpay):
    order, attempt = start("vnpay")
    _stale(attempt)
    # The buyer switched to MoMo meanwhile (MoMo has no keys here: the simulator).
    _same, newer = start("momo", buyer=order.buyer, listing=order.marketplace_page)
    assert _same.pk == order.pk and newer.pk != attempt.pk
    real_vnpay.answers[attempt.reference] = _paid(attempt, vnp_TransactionStatus="02")
    assert reconcile.vnpay_reconcile_pending() == 1
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED
    assert order.status == Status.PENDING


def test_young_attempts_are_not_asked_about_yet(real_vnpay):
    _order, _attempt = start("vnpay")
    assert reconcile.vnpay_reconcile_pending() == 0
    assert not real_vnpay.requests and not PaymentCallback.objects.exists()


def test_the_simulator_needs_no_reconciliation(fake_vnpay, settings):
    settings.VNPAY_API_URL = fake_vnpay.url  # keys unset: simulator mode
    _order, attempt = start("vnpay")
    _stale(attempt)
    assert tasks.vnpay_reconcile_pending_task() == 0
    assert not fake_vnpay.requests and not PaymentCallback.objects.exists()


def test_the_sweep_runs_every_five_minutes_next_to_momos():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert schedule["payments-vnpay-reconcile"] == {
        "task": "payments.vnpay_reconcile_pending",
        "schedule": 300.0,
    }
    assert schedule["payments-momo-reconcile"]["task"] == "payments.momo_reconcile_pending"


def test_the_task_runs_the_sweep(real_vnpay):
    order, attempt = start("vnpay")
    _stale(attempt)
    real_vnpay.answers[attempt.reference] = _paid(attempt)
    assert tasks.vnpay_reconcile_pending_task.delay().get() == 1
    _delivered_once(order)
