"""Charged twice after a price change (issue 12, item 4): one payable order per buyer and
listing; a payment that still arrives for a closed order is delivered if it can be, otherwise
queued for refund, once, and recorded by staff in the admin."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from marketplace import services as marketplace_services
from marketplace.tests.factories import active_listing
from orders import services as order_services
from orders.models import Order
from pages.models import Page
from payments import services
from payments.models import PaymentAttempt, Refund

from .helpers import get_vnpay, momo_ipn, post_momo, start, vnpay_query

pytestmark = pytest.mark.django_db
Status = Order.Status


def _reprice(listing, price: int):
    """The seller changes the price and staff approve the new revision."""
    marketplace_services.listing_update(
        listing=listing,
        fields=marketplace_services.ListingFields(
            title=listing.title,
            description=listing.description,
            category=listing.category,
            price=price,
            tags=[],
        ),
    )
    pending = listing.revisions.get(status="PENDING")
    marketplace_services.listing_review(
        listing=listing,
        reviewer=UserFactory(role="admin"),
        approve=True,
        revision_number=pending.number,
    )


def _expire(order):
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=1))
    assert order_services.order_expire_unpaid() >= 1
    order.refresh_from_db()
    assert order.status == Status.CANCELLED


def test_a_new_order_after_a_price_change_cancels_the_old_one_and_paying_both_refunds_one(client):
    buyer = UserFactory()
    listing = active_listing(price=100_000)
    old, old_attempt = start("momo", buyer=buyer, listing=listing)
    _reprice(listing, 120_000)
    new, new_attempt = start("momo", buyer=buyer, listing=listing)
    assert new.pk != old.pk and new.amount == 120_000
    old.refresh_from_db()
    assert old.status == Status.CANCELLED
    assert Order.objects.filter(buyer=buyer, status=Status.PENDING).count() == 1

    # The buyer had the old payment page open and pays it, then pays the new one too.
    assert post_momo(client, momo_ipn(old_attempt)).status_code == 204
    assert post_momo(client, momo_ipn(new_attempt)).status_code == 204
    old.refresh_from_db()
    new.refresh_from_db()
    assert new.status == Status.DELIVERED
    assert old.status == Status.CANCELLED and "refunded" in old.cancel_reason
    refund = Refund.objects.get()
    assert (refund.order_id, refund.amount, refund.reason, refund.status) == (
        old.pk,
        100_000,
        Refund.Reason.PRICE_CHANGED,
        Refund.Status.DUE,
    )
    assert refund.transaction_id and refund.attempt_id == old_attempt.pk
    assert Page.objects.filter(owner=buyer).count() == 1


def test_a_late_ipn_for_an_expired_order_at_the_same_price_delivers(client):
    order, attempt = start("momo")
    _expire(order)
    assert post_momo(client, momo_ipn(attempt)).status_code == 204
    order.refresh_from_db()
    assert order.status == Status.DELIVERED
    assert not Refund.objects.exists()


def test_a_late_vnpay_ipn_for_an_expired_order_after_a_price_change_is_queued_once(client):
    listing = active_listing(price=100_000)
    order, attempt = start("vnpay", listing=listing)
    _expire(order)
    _reprice(listing, 90_000)
    query = vnpay_query(attempt)
    assert get_vnpay(client, query).json()["RspCode"] == "00"  # recorded: VNPay stops retrying
    assert get_vnpay(client, query).json()["RspCode"] == "02"  # the same IPN again
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Status.CANCELLED and attempt.status == PaymentAttempt.Status.PAID
    assert Refund.objects.filter(attempt=attempt, reason="price_changed").count() == 1
    assert Refund.objects.count() == 1
    assert not Page.objects.filter(owner_id=order.buyer_id).exists()


def test_a_late_ipn_for_a_withdrawn_listing_is_queued_for_refund(client):
    order, attempt = start("momo")
    _expire(order)
    listing = order.marketplace_page
    marketplace_services.listing_withdraw(listing=listing)  # orders exist: archived
    assert post_momo(client, momo_ipn(attempt)).status_code == 204
    assert Refund.objects.get().reason == Refund.Reason.NOT_ON_SALE
    order.refresh_from_db()
    assert order.status == Status.CANCELLED


def test_paying_the_same_order_twice_delivers_once_and_refunds_once(client):
    buyer = UserFactory()
    listing = active_listing(price=149_000)
    order, momo_attempt = start("momo", buyer=buyer, listing=listing)
    same, vnpay_attempt = start("vnpay", buyer=buyer, listing=listing)  # switched gateway
    assert same.pk == order.pk and vnpay_attempt.pk != momo_attempt.pk
    ipn = momo_ipn(momo_attempt)
    assert post_momo(client, ipn).status_code == 204
    assert post_momo(client, ipn).status_code == 204  # repeated: nothing more
    query = vnpay_query(vnpay_attempt)
    assert get_vnpay(client, query).json()["RspCode"] == "00"
    assert get_vnpay(client, query).json()["RspCode"] == "02"
    order.refresh_from_db()
    assert order.status == Status.DELIVERED and order.payment_method == "momo"
    refund = Refund.objects.get()
    assert (refund.attempt_id, refund.reason) == (vnpay_attempt.pk, Refund.Reason.ALREADY_OWNED)
    assert Page.objects.filter(owner=buyer).count() == 1


def test_a_second_pending_order_for_the_same_listing_is_refused_by_the_database():
    order, _attempt = start("momo")
    with pytest.raises(IntegrityError):
        Order.objects.create(
            order_id="LHDUPLICATE01",
            buyer_id=order.buyer_id,
            seller_id=order.seller_id,
            marketplace_page_id=order.marketplace_page_id,
            revision_id=order.revision_id,
            amount=order.amount,
            platform_fee=order.platform_fee,
            seller_revenue=order.seller_revenue,
            payment_method="momo",
        )


def _due_refund(client) -> Refund:
    order, attempt = start("momo")
    _expire(order)
    _reprice(order.marketplace_page, 200_000)
    assert post_momo(client, momo_ipn(attempt)).status_code == 204
    return Refund.objects.get()


def test_staff_record_a_refund_made_by_hand_with_its_reference(client):
    refund = _due_refund(client)
    staff = UserFactory(role="admin", is_superuser=True)
    client.force_login(staff)
    changelist = reverse("admin:payments_refund_changelist")
    assert refund.order.order_id in client.get(changelist).content.decode()
    change = client.get(reverse("admin:payments_refund_change", args=[refund.pk]))
    assert change.status_code == 200
    action = {"action": "record_manual_refund", "_selected_action": [refund.pk]}
    form = client.post(changelist, action)
    assert form.status_code == 200 and b'data-testid="refund-reference"' in form.content

    blank = client.post(changelist, {**action, "confirm": "yes", f"reference_{refund.pk}": " "})
    assert blank.status_code == 400
    refund.refresh_from_db()
    assert refund.status == Refund.Status.DUE

    done = client.post(
        changelist,
        {
            **action,
            "confirm": "yes",
            f"reference_{refund.pk}": "MOMO-RF-8812",
            f"note_{refund.pk}": "x",
        },
    )
    assert done.status_code == 302
    refund.refresh_from_db()
    assert (refund.status, refund.reference, refund.refunded_by_id) == (
        Refund.Status.REFUNDED,
        "MOMO-RF-8812",
        staff.pk,
    )
    assert refund.refunded_at is not None
    # Recorded once: selecting it again changes nothing.
    client.post(changelist, {**action, "confirm": "yes", f"reference_{refund.pk}": "OTHER"})
    refund.refresh_from_db()
    assert refund.reference == "MOMO-RF-8812"


def test_a_non_staff_user_cannot_record_a_refund(client):
    refund = _due_refund(client)
    client.force_login(UserFactory())
    client.post(
        reverse("admin:payments_refund_changelist"),
        {
            "action": "record_manual_refund",
            "_selected_action": [refund.pk],
            "confirm": "yes",
            f"reference_{refund.pk}": "FAKE",
        },
    )
    refund.refresh_from_db()
    assert refund.status == Refund.Status.DUE


@pytest.mark.django_db(transaction=True)
def test_concurrent_checkouts_at_two_prices_leave_one_payable_order():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    buyer = UserFactory()
    listing = active_listing(price=100_000)
    start("momo", buyer=buyer, listing=listing)
    _reprice(listing, 120_000)
    barrier = threading.Barrier(6)
    errors = []

    def checkout(gateway):
        try:
            barrier.wait()
            services.payment_start(buyer=buyer, listing_id=listing.pk, gateway=gateway)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=(g,)) for g in ["momo", "vnpay"] * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    pending = Order.objects.filter(buyer=buyer, status=Status.PENDING)
    assert [o.amount for o in pending] == [120_000]
