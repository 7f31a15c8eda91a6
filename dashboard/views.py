"""The dashboard pages. The first paint comes from the same selector as the API (no second
request); the page's script then joins ``dashboard:join`` and refetches on ``dashboard:update``."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.plans import plan_list
from marketplace.selectors import ListingFilters, listing_results_public
from orders.models import Order

from .admin_selectors import dashboard_stats_for_admin
from .ranges import date_range_parse
from .selectors import dashboard_stats_for_user

FEATURED = 4


def home(request: HttpRequest) -> HttpResponse:
    """The home page: the most popular listings and the plans."""
    featured = listing_results_public(filters=ListingFilters(sort="popular"))[:FEATURED]
    return render(request, "home.html", {"featured": featured, "plans": plan_list()})


def _strings() -> dict[str, str]:
    """The few words the page's script writes itself (chart legends, list items)."""
    return {
        "views": _("Views"),
        "leads": _("Leads"),
        "revenue": _("Revenue"),
        "signups": _("Sign-ups"),
        "gmv": _("GMV"),
        "platform_revenue": _("Platform revenue"),
        "on": _("on"),
        "published": _("Published"),
        "draft": _("Draft"),
        "live": _("Live"),
        "offline": _("Reconnecting…"),
        # An order that is not delivered says so in the recent lists (a cancelled one is not a
        # purchase).
        "order_status": {k: str(v) for k, v in Order.Status.choices},
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    stats = dashboard_stats_for_user(user=request.user, date_range=date_range_parse({}))
    return render(request, "dashboard/user.html", {"stats": stats, "strings": _strings()})


@staff_member_required
def admin_dashboard(request: HttpRequest) -> HttpResponse:
    stats = dashboard_stats_for_admin(date_range=date_range_parse({}))
    return render(request, "dashboard/admin.html", {"stats": stats, "strings": _strings()})
