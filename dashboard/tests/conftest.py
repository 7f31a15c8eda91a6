from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.tests.factories import active_listing
from orders import services as order_services
from orders.tests.factories import pending_order
from pages.models import PageViewDaily
from pages.tests.factories import LeadFactory, PageFactory


def seller_with_activity(seller, buyer, *, pages=2, leads=3, views=10, sales=1):
    """Published pages with leads and daily views, and delivered sales, all owned by seller."""
    today = timezone.localdate()
    made = []
    for _ in range(pages):
        page = PageFactory(owner=seller, status="published")
        for back in range(3):
            PageViewDaily.objects.create(page=page, date=today - timedelta(days=back), views=views)
        page.views = 3 * views
        page.save(update_fields=["views"])
        LeadFactory.create_batch(leads, page=page)
        made.append(page)
    for _ in range(sales):
        listing = active_listing(seller=seller, price=199_000)
        order = pending_order(buyer=buyer, listing=listing)
        order_services.order_deliver(
            order_id=order.order_id, amount=order.amount, transaction_id=f"T-{order.order_id}"
        )
    return made


@pytest.fixture
def activity(user, other_user):
    """``user`` sells to ``other_user`` and ``other_user`` owns pages too: isolation fodder."""
    mine = seller_with_activity(user, other_user, pages=2, leads=3, views=10, sales=1)
    seller_with_activity(other_user, user, pages=3, leads=5, views=100, sales=2)
    return mine
