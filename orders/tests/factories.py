from accounts.tests.factories import UserFactory
from marketplace.tests.factories import active_listing
from orders import services


def pending_order(buyer=None, listing=None, method="momo", **listing_kwargs):
    buyer = buyer or UserFactory()
    listing = listing or active_listing(**listing_kwargs)
    order, _ = services.order_create(buyer=buyer, listing_id=listing.pk, payment_method=method)
    return order
