"""Reconciliation: MoMo payments whose IPN never came are queried and applied once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Order
from payments import reconcile, services
from payments.gateways.momo_client import RetryPolicy
from payments.models import PaymentAttempt, PaymentCallback

from .conftest import SANDBOX_MOMO
from .helpers import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_momo(settings, fake_momo, monkeypatch):
    settings.MOMO_PARTNER_CODE = SANDBOX_MOMO.partner_code
    settings.MOMO_ACCESS_KEY = SANDBOX_MOMO.access_key
    settings.MOMO_SECRET_KEY = SANDBOX_MOMO.secret_key
    settings.MOMO_ENDPOINT = fake_momo.url
    fast = RetryPolicy(attempts=2, connect_timeout=1.0, read_timeout=0.5, backoff=0.01)
    monkeypatch.setattr(services, "_momo_policy", lambda: fast)
    return fake_momo


def _stale(attempt):
    PaymentAttempt.objects.filter(pk=attempt.pk).update(
        created_at=timezone.now() - timedelta(minutes=20)
    )


def _answer(attempt, **fields):
    return {"orderId": attempt.reference, "amount": attempt.amount, "transId": 123, **fields}


def test_a_paid_payment_without_ipn_is_delivered_by_the_query(real_momo):
    order, attempt = start("momo")
    _stale(attempt)
    real_momo.query_answers[attempt.reference] = _answer(attempt, resultCode=0)
    assert reconcile.momo_reconcile_pending() == 1
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED and order.transaction_id == "123"
    record = PaymentCallback.objects.get()
    assert (record.kind, record.result) == ("query", "applied")
    query = next(r for r in real_momo.requests if r.get("path", "").endswith("/query"))["body"]
    assert query["orderId"] == attempt.reference and len(query["signature"]) == 64
    assert reconcile.momo_reconcile_pending() == 0  # now final: not asked again


def test_a_still_pending_or_young_payment_is_left_alone(real_momo):
    young_order, _young = start("momo")
    old_order, old = start("momo")
    _stale(old)
    assert reconcile.momo_reconcile_pending() == 0
    for order in (young_order, old_order):
        order.refresh_from_db()
        assert order.status == Order.Status.PENDING
    assert not PaymentCallback.objects.exists()
    assert [r["body"]["orderId"] for r in real_momo.requests if "path" in r] == [old.reference]


def test_a_query_answer_with_the_wrong_amount_delivers_nothing(real_momo):
    order, attempt = start("momo")
    _stale(attempt)
    real_momo.query_answers[attempt.reference] = _answer(attempt, resultCode=0, amount=1000)
    assert reconcile.momo_reconcile_pending() == 0
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert PaymentCallback.objects.get().result == "amount_mismatch"


def test_the_simulator_needs_no_reconciliation():
    _, attempt = start("momo")
    _stale(attempt)
    assert reconcile.momo_reconcile_pending() == 0


def test_a_sweep_stops_asking_when_its_time_is_up(real_momo, monkeypatch):
    """A slow gateway cannot make a sweep outlive the 5 minutes to the next one: past
    SWEEP_SECONDS the rest waits for the next sweep."""
    order, attempt = start("momo")
    _stale(attempt)
    real_momo.query_answers[attempt.reference] = _answer(attempt, resultCode=0)
    monkeypatch.setattr(reconcile, "SWEEP_SECONDS", -1.0)  # out of time before the first ask
    assert reconcile.momo_reconcile_pending() == 0
    assert not any(r.get("path", "").endswith("/query") for r in real_momo.requests)
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    monkeypatch.setattr(reconcile, "SWEEP_SECONDS", 120.0)
    assert reconcile.momo_reconcile_pending() == 1
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED
