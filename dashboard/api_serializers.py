"""The answers of ``dashboard.api``, described for the schema.

The views return the selectors' dicts as they are (``dashboard.selectors`` and
``dashboard.admin_selectors``, the user's one possibly from ``dashboard.cache``); these
serializers only describe those dicts, key for key, so the body stays what it was.
"""

from rest_framework import serializers

from marketplace.models import MarketplacePage
from orders.models import Order
from pages.models import Page
from support.models import ChatRoom


def _series(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.IntegerField(), help_text=help_text)


def _counts(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=serializers.IntegerField(), help_text=help_text)


def _days() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.DateField(), help_text="Every day of the range; each series follows it."
    )


class DateRangeOutputSerializer(serializers.Serializer):
    locals()["from"] = serializers.DateField(help_text="First day.")  # a keyword in Python
    to = serializers.DateField(help_text="Last day, inclusive.")


# --- GET /api/dashboard/stats -------------------------------------------------------------


class DashboardTotalsOutputSerializer(serializers.Serializer):
    pages = serializers.IntegerField()
    published_pages = serializers.IntegerField()
    draft_pages = serializers.IntegerField()
    views = serializers.IntegerField(help_text="All time, today's views not yet flushed included.")
    leads = serializers.IntegerField(help_text="All time.")
    conversion_rate = serializers.FloatField(help_text="Leads per 100 views, one decimal.")


class DashboardPerDayOutputSerializer(serializers.Serializer):
    views = _series("Page views per day.")
    leads = _series("Leads per day.")


class DashboardPageOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    status = serializers.ChoiceField(choices=Page.Status.choices)
    views = serializers.IntegerField()
    url = serializers.CharField()
    leads = serializers.IntegerField()
    conversion_rate = serializers.FloatField()


class DashboardLeadOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    page_id = serializers.IntegerField()
    page_title = serializers.CharField()
    summary = serializers.CharField(
        help_text="The lead's name, e-mail or phone (else its first field), at most 80 characters."
    )
    created_at = serializers.DateTimeField()


class DashboardSalesPerDayOutputSerializer(serializers.Serializer):
    count = _series("Delivered sales per day.")
    revenue = _series("The seller's revenue per day.")


class DashboardSalesOutputSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Delivered sales, all time.")
    revenue = serializers.IntegerField(help_text="The seller's revenue, all time.")
    per_day = DashboardSalesPerDayOutputSerializer()
    listings = _counts(
        "The user's listings by status; statuses without any are left out. "
        f"Keys: {', '.join(MarketplacePage.Status.values)}."
    )


class DashboardOrderOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order_id = serializers.CharField()
    status = serializers.ChoiceField(choices=Order.Status.choices)
    amount = serializers.IntegerField()
    seller_revenue = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    title = serializers.CharField(help_text="The listing's title.")


class DashboardSupportRoomOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=ChatRoom.Status.choices)
    unread = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class DashboardSupportOutputSerializer(serializers.Serializer):
    """``support.selectors.dashboard_user_summary``."""

    open = serializers.IntegerField(help_text="Conversations not closed.")
    unread = serializers.IntegerField()
    rooms = DashboardSupportRoomOutputSerializer(many=True)


class DashboardStatsOutputSerializer(serializers.Serializer):
    """``dashboard.selectors.dashboard_stats_for_user``."""

    range = DateRangeOutputSerializer()
    days = _days()
    totals = DashboardTotalsOutputSerializer()
    per_day = DashboardPerDayOutputSerializer()
    pages = DashboardPageOutputSerializer(many=True, help_text="The most viewed, at most 20.")
    recent_leads = DashboardLeadOutputSerializer(many=True, help_text="The latest 5.")
    sales = DashboardSalesOutputSerializer()
    recent_sales = DashboardOrderOutputSerializer(many=True, help_text="The latest 5 sold.")
    recent_orders = DashboardOrderOutputSerializer(many=True, help_text="The latest 5 bought.")
    support = DashboardSupportOutputSerializer()


# --- GET /api/dashboard/admin -------------------------------------------------------------


class AdminUsersOutputSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    new = serializers.IntegerField(help_text="Signed up in the range.")


class AdminPagesOutputSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    published = serializers.IntegerField()


class AdminListingsOutputSerializer(serializers.Serializer):
    by_status = _counts(
        "Listings by status; statuses without any are left out. "
        f"Keys: {', '.join(MarketplacePage.Status.values)}."
    )
    pending_review = serializers.IntegerField()


class AdminOrdersOutputSerializer(serializers.Serializer):
    by_status = _counts(
        "Orders by status; statuses without any are left out. "
        f"Keys: {', '.join(Order.Status.values)}."
    )


class AdminMoneyOutputSerializer(serializers.Serializer):
    gmv = serializers.IntegerField(help_text="Delivered orders' amounts, all time.")
    platform_revenue = serializers.IntegerField(help_text="Their platform fees, all time.")


class AdminPerDayOutputSerializer(serializers.Serializer):
    signups = _series("Sign-ups per day.")
    gmv = _series("Delivered orders' amounts per day.")
    platform_revenue = _series("Platform fees per day.")


class AdminSupportOutputSerializer(serializers.Serializer):
    """``support.selectors.dashboard_admin_summary``."""

    open = serializers.IntegerField()
    waiting_for_human = serializers.IntegerField()
    assigned = serializers.IntegerField()
    resolved_in_range = serializers.IntegerField()
    rooms_in_range = serializers.IntegerField()
    handed_off_in_range = serializers.IntegerField()
    median_first_response_seconds = serializers.FloatField(allow_null=True)
    p90_first_response_seconds = serializers.FloatField(allow_null=True)
    median_resolution_seconds = serializers.FloatField(allow_null=True)
    p90_resolution_seconds = serializers.FloatField(allow_null=True)
    handoff_rate = serializers.FloatField(allow_null=True)
    bot_resolution_rate = serializers.FloatField(allow_null=True)


class DashboardAdminOutputSerializer(serializers.Serializer):
    """``dashboard.admin_selectors.dashboard_stats_for_admin``."""

    range = DateRangeOutputSerializer()
    days = _days()
    users = AdminUsersOutputSerializer()
    pages = AdminPagesOutputSerializer()
    listings = AdminListingsOutputSerializer()
    orders = AdminOrdersOutputSerializer()
    status_labels = serializers.DictField(
        child=serializers.CharField(),
        help_text="Every listing and order status's display name in the UI language.",
    )
    money = AdminMoneyOutputSerializer()
    per_day = AdminPerDayOutputSerializer()
    support = AdminSupportOutputSerializer()
