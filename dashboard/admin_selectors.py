"""The platform's numbers for staff: users, pages, listings, orders, money, support.

A fixed set of aggregate queries over the whole platform; only staff reach it (REST checks
``IsAdminUser``; the socket sends admin updates only to the staff group).
"""

from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate

from accounts.models import User
from marketplace.models import MarketplacePage
from orders.models import Order
from pages.models import Page
from support.selectors import dashboard_admin_summary

from .ranges import DateRange
from .series import series_fill


def _by_status(queryset) -> dict[str, int]:
    return dict(queryset.values("status").annotate(n=Count("id")).values_list("status", "n"))


def dashboard_stats_for_admin(*, date_range: DateRange) -> dict[str, Any]:
    in_range = Q(created_at__gte=date_range.start_at, created_at__lt=date_range.end_before)
    users = User.objects.aggregate(total=Count("id"), new=Count("id", filter=in_range))
    signups = (
        User.objects.filter(in_range)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
    )
    pages = Page.objects.aggregate(
        total=Count("id"), published=Count("id", filter=Q(status=Page.Status.PUBLISHED))
    )
    listings = _by_status(MarketplacePage.objects.all())
    orders = _by_status(Order.objects.all())
    delivered = Order.objects.filter(status=Order.Status.DELIVERED)
    money = delivered.aggregate(gmv=Sum("amount"), revenue=Sum("platform_fee"))
    money_per_day = list(
        delivered.filter(
            delivered_at__gte=date_range.start_at, delivered_at__lt=date_range.end_before
        )
        .annotate(day=TruncDate("delivered_at"))
        .values("day")
        .annotate(gmv=Sum("amount"), revenue=Sum("platform_fee"))
    )
    return {
        "range": date_range.as_dict(),
        "days": [d.isoformat() for d in date_range.days],
        "users": {"total": users["total"], "new": users["new"]},
        "pages": {"total": pages["total"], "published": pages["published"]},
        "listings": {
            "by_status": listings,
            "pending_review": listings.get(MarketplacePage.Status.PENDING, 0),
        },
        "orders": {"by_status": orders},
        # Display names in the UI language (listing statuses are upper case, orders' lower).
        "status_labels": {
            **{k: str(v) for k, v in MarketplacePage.Status.choices},
            **{k: str(v) for k, v in Order.Status.choices},
        },
        "money": {"gmv": money["gmv"] or 0, "platform_revenue": money["revenue"] or 0},
        "per_day": {
            "signups": series_fill(signups, date_range, key="n"),
            "gmv": series_fill(money_per_day, date_range, key="gmv"),
            "platform_revenue": series_fill(money_per_day, date_range, key="revenue"),
        },
        "support": dashboard_admin_summary(
            start=date_range.start_at, end_before=date_range.end_before
        ),
    }
