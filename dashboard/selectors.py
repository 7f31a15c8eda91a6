"""The user's dashboard: their pages, views, leads, sales and orders.

Every number comes from a fixed set of aggregate queries, whatever the user owns (a test
counts them). Everything is scoped to the user through ``owner``/``seller``/``buyer``, so
another user's data cannot appear (a test with two users guards it).
"""

from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import User
from marketplace.models import MarketplacePage
from orders.models import Order
from pages.models import Lead, Page, PageViewDaily
from pages.serving import view_counts
from support.selectors import dashboard_user_summary

from .ranges import DateRange
from .series import rate, series_fill

PAGES_SHOWN = 20
RECENT = 5


def _lead_summary(data: dict[str, Any]) -> str:
    for field in ("name", "full_name", "email", "phone"):
        if data.get(field):
            return str(data[field])[:80]
    first = next(iter(data.values()), "")
    return str(first)[:80]


def _pages_block(user: User) -> tuple[dict[str, Any], list[dict[str, Any]], int, int]:
    """Totals, the most viewed pages with their leads, all-time leads, and today's views still
    in the cache (for the pages shown: the rest reach the totals at the next minute's flush)."""
    owned = Page.objects.filter(owner=user)
    totals = owned.aggregate(
        total=Count("id"),
        published=Count("id", filter=Q(status=Page.Status.PUBLISHED)),
        views=Sum("views"),
    )
    leads_by_page = dict(
        Lead.objects.filter(page__owner=user)
        .values("page_id")
        .annotate(n=Count("id"))
        .values_list("page_id", "n")
    )
    rows = list(
        owned.order_by("-views", "-id").values("id", "title", "slug", "status", "views", "url")[
            :PAGES_SHOWN
        ]
    )
    pending = view_counts.views_pending_many([row["id"] for row in rows])
    for row in rows:
        row["views"] += pending.get(row["id"], 0)
        row["leads"] = leads_by_page.get(row["id"], 0)
        row["conversion_rate"] = rate(row["leads"], row["views"])
    return totals, rows, sum(leads_by_page.values()), sum(pending.values())


def _sales_block(user: User, date_range: DateRange) -> dict[str, Any]:
    delivered = Order.objects.filter(seller=user, status=Order.Status.DELIVERED)
    totals = delivered.aggregate(count=Count("id"), revenue=Sum("seller_revenue"))
    per_day = list(
        delivered.filter(
            delivered_at__gte=date_range.start_at, delivered_at__lt=date_range.end_before
        )
        .annotate(day=TruncDate("delivered_at"))
        .values("day")
        .annotate(revenue=Sum("seller_revenue"), count=Count("id"))
    )
    listings = dict(
        MarketplacePage.objects.filter(seller=user)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "count": totals["count"] or 0,
        "revenue": totals["revenue"] or 0,
        "per_day": {
            "count": series_fill(per_day, date_range, key="count"),
            "revenue": series_fill(per_day, date_range, key="revenue"),
        },
        "listings": listings,
    }


def _recent_leads(user: User) -> list[dict[str, Any]]:
    rows = (
        Lead.objects.filter(page__owner=user)
        .order_by("-created_at", "-id")
        .values("id", "page_id", "page__title", "data", "created_at")[:RECENT]
    )
    return [
        {
            "id": r["id"],
            "page_id": r["page_id"],
            "page_title": r["page__title"],
            "summary": _lead_summary(r["data"] or {}),
            "created_at": r["created_at"],
        }
        for r in rows
    ]


def _recent_orders(**scope: User) -> list[dict[str, Any]]:
    rows = (
        Order.objects.filter(**scope)
        .order_by("-created_at", "-id")
        .values(
            "id", "order_id", "status", "amount", "seller_revenue", "created_at",
            "marketplace_page__title",
        )[:RECENT]
    )  # fmt: skip
    rows = list(rows)
    for row in rows:
        row["title"] = row.pop("marketplace_page__title")
    return rows


def dashboard_stats_for_user(*, user: User, date_range: DateRange) -> dict[str, Any]:
    totals, pages, leads_total, pending = _pages_block(user)
    leads_per_day = (
        Lead.objects.filter(page__owner=user)
        .filter(created_at__gte=date_range.start_at, created_at__lt=date_range.end_before)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
    )
    views_per_day = (
        PageViewDaily.objects.filter(
            page__owner=user, date__gte=date_range.start, date__lte=date_range.end
        )
        .values("date")
        .annotate(n=Sum("views"))
    )
    views_series = series_fill(views_per_day, date_range, key="n", day="date")
    if views_series and date_range.end == timezone.localdate():
        views_series[-1] += pending
    views_total = (totals["views"] or 0) + pending
    return {
        "range": date_range.as_dict(),
        "days": [d.isoformat() for d in date_range.days],
        "totals": {
            "pages": totals["total"],
            "published_pages": totals["published"],
            "draft_pages": totals["total"] - totals["published"],
            "views": views_total,
            "leads": leads_total,
            "conversion_rate": rate(leads_total, views_total),
        },
        "per_day": {
            "views": views_series,
            "leads": series_fill(leads_per_day, date_range, key="n"),
        },
        "pages": pages,
        "recent_leads": _recent_leads(user),
        "sales": _sales_block(user, date_range),
        "recent_sales": _recent_orders(seller=user),
        "recent_orders": _recent_orders(buyer=user),
        "support": dashboard_user_summary(user=user),
    }
