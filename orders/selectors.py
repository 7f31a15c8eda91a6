from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate

from accounts.models import User
from landinghub.exceptions import NotFound

from .models import Order


def _with_relations(qs: QuerySet[Order]) -> QuerySet[Order]:
    return qs.select_related("revision", "marketplace_page", "buyer", "seller", "page")


def order_list_for_buyer(*, buyer: User) -> QuerySet[Order]:
    return _with_relations(Order.objects.filter(buyer=buyer))


def order_list_for_seller(*, seller: User) -> QuerySet[Order]:
    return _with_relations(Order.objects.filter(seller=seller))


def order_get_for_user(*, user: User, pk: int) -> Order:
    """The buyer or the seller of an order may see it; anyone else gets a 404."""
    order = _with_relations(Order.objects.filter(pk=pk)).first()
    if order is None or user.pk not in (order.buyer_id, order.seller_id):
        raise NotFound("Order not found.")
    return order


def order_get_delivered_for_buyer(*, buyer: User, pk: int) -> Order:
    order = _with_relations(
        Order.objects.filter(pk=pk, buyer=buyer, status=Order.Status.DELIVERED)
    ).first()
    if order is None:
        raise NotFound("Order not found.")
    return order


def sales_totals(*, seller: User) -> dict:
    delivered = Order.objects.filter(seller=seller, status=Order.Status.DELIVERED)
    totals = delivered.aggregate(
        count=Count("id"), gross=Sum("amount"), revenue=Sum("seller_revenue")
    )
    by_day = (
        delivered.annotate(day=TruncDate("delivered_at"))
        .values("day")
        .annotate(revenue=Sum("seller_revenue"), count=Count("id"))
        .order_by("day")
    )
    return {
        "count": totals["count"] or 0,
        "gross": totals["gross"] or 0,
        "revenue": totals["revenue"] or 0,
        "by_day": [
            {"day": r["day"].isoformat(), "revenue": r["revenue"], "count": r["count"]}
            for r in by_day
        ],
    }
