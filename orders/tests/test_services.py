import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from landinghub.exceptions import ApplicationError, NotFound
from marketplace import services as marketplace_services
from marketplace.models import MarketplacePage
from marketplace.tests.factories import active_listing, listing_for
from orders import services
from orders.exceptions import AlreadyOwned, AmountMismatch, OwnListing
from orders.models import Order
from pages.models import Page

from .factories import pending_order

pytestmark = pytest.mark.django_db
Status = Order.Status


def test_order_takes_the_price_and_splits_the_fee(settings):
    settings.MARKETPLACE_PLATFORM_FEE_PERCENT = 10
    order = pending_order(price=149_000)
    assert (order.amount, order.platform_fee, order.seller_revenue) == (149_000, 14_900, 134_100)
    assert order.status == Status.PENDING
    assert order.order_id.startswith("LH") and len(order.order_id) == 14


def test_a_second_buy_reuses_the_pending_order():
    buyer = UserFactory()
    listing = active_listing()
    first, created = services.order_create(
        buyer=buyer, listing_id=listing.pk, payment_method="momo"
    )
    again, created_again = services.order_create(
        buyer=buyer, listing_id=listing.pk, payment_method="vnpay"
    )
    assert created and not created_again
    assert again.pk == first.pk and again.payment_method == "vnpay"
    assert Order.objects.count() == 1


def test_cannot_buy_own_listing_or_a_listing_not_on_sale():
    seller = UserFactory()
    listing = active_listing(seller)
    with pytest.raises(OwnListing):
        services.order_create(buyer=seller, listing_id=listing.pk, payment_method="momo")
    draft = listing_for()
    with pytest.raises(NotFound):
        services.order_create(buyer=UserFactory(), listing_id=draft.pk, payment_method="momo")
    assert not Order.objects.exists()


def test_free_listing_is_delivered_at_once():
    order, _ = services.order_create(
        buyer=UserFactory(), listing_id=active_listing(price=0).pk, payment_method="momo"
    )
    assert order.status == Status.DELIVERED and order.payment_method == "free"
    assert order.page.owner_id == order.buyer_id


def test_delivery_copies_the_snapshot_counts_the_sale_and_is_idempotent():
    order = pending_order(price=99_000)
    delivered = services.order_deliver(order_id=order.order_id, amount=99_000, transaction_id="T1")
    assert delivered.status == Status.DELIVERED
    copy = delivered.page
    assert copy.owner_id == order.buyer_id and "Bánh mì Cô Ba" in copy.html_content
    again = services.order_deliver(order_id=order.order_id, amount=99_000, transaction_id="T1")
    assert again.page_id == copy.pk
    assert Page.objects.filter(owner_id=order.buyer_id).count() == 1
    assert MarketplacePage.objects.get(pk=order.marketplace_page_id).sold_count == 1
    with pytest.raises(AlreadyOwned):
        services.order_create(
            buyer=order.buyer, listing_id=order.marketplace_page_id, payment_method="momo"
        )


def test_amount_mismatch_delivers_nothing():
    order = pending_order(price=99_000)
    for amount in (990, 9_900_000, 98_999):
        with pytest.raises(AmountMismatch):
            services.order_deliver(order_id=order.order_id, amount=amount, transaction_id="T1")
    order.refresh_from_db()
    assert order.status == Status.PENDING and order.page is None


def test_a_transaction_id_cannot_pay_two_orders():
    first, second = pending_order(price=99_000), pending_order(price=99_000)
    services.order_deliver(order_id=first.order_id, amount=99_000, transaction_id="T-REPLAY")
    with pytest.raises(ApplicationError) as exc:
        services.order_deliver(order_id=second.order_id, amount=99_000, transaction_id="T-REPLAY")
    assert exc.value.code == "payment_replayed"
    second.refresh_from_db()
    assert second.status == Status.PENDING


def test_unknown_order_is_not_found():
    with pytest.raises(NotFound):
        services.order_deliver(order_id="LH000000XXXXXX", amount=1, transaction_id="T")


def test_cancel_only_touches_pending_orders():
    order = pending_order()
    services.order_cancel(order_id=order.order_id, reason="Buyer cancelled at MoMo")
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    delivered = pending_order(price=99_000)
    services.order_deliver(order_id=delivered.order_id, amount=99_000, transaction_id="T2")
    services.order_cancel(order_id=delivered.order_id, reason="late failure")
    delivered.refresh_from_db()
    assert delivered.status == Status.DELIVERED


def test_unpaid_orders_expire():
    old, fresh = pending_order(), pending_order()
    Order.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=2))
    assert services.order_expire_unpaid() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == Status.CANCELLED and fresh.status == Status.PENDING


def test_withdrawing_a_sold_listing_archives_it():
    order = pending_order(price=99_000)
    services.order_deliver(order_id=order.order_id, amount=99_000, transaction_id="T3")
    listing = MarketplacePage.objects.get(pk=order.marketplace_page_id)
    assert marketplace_services.listing_withdraw(listing=listing) is False
    listing.refresh_from_db()
    assert listing.status == MarketplacePage.Status.ARCHIVED


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_deliver_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    order = pending_order(price=99_000)
    barrier = threading.Barrier(4)
    errors = []

    def deliver():
        try:
            barrier.wait()
            services.order_deliver(order_id=order.order_id, amount=99_000, transaction_id="T-C")
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Page.objects.filter(owner_id=order.buyer_id).count() == 1
    assert MarketplacePage.objects.get(pk=order.marketplace_page_id).sold_count == 1
