"""Reads for pages, always scoped to the owner: someone else's page is a 404 everywhere."""

from django.db.models import Count, QuerySet

from accounts.models import User
from landinghub.exceptions import NotFound

from . import counters
from .models import CustomDomain, Lead, Page, PageAsset


def page_list_for_user(*, user: User) -> QuerySet[Page]:
    return (
        Page.objects.filter(owner=user)
        .select_related("domain")
        .annotate(lead_count=Count("leads"))
        .order_by("-updated_at", "-id")
    )


def page_get_for_user(*, user: User, page_id: int) -> Page:
    page = page_list_for_user(user=user).filter(pk=page_id).first()
    if page is None:
        raise NotFound("Page not found.", code="page_not_found")
    return page


def lead_list_for_page(*, page: Page) -> QuerySet[Lead]:
    return Lead.objects.filter(page=page).order_by("-created_at", "-id")


def asset_list_for_page(*, page: Page) -> QuerySet[PageAsset]:
    return PageAsset.objects.filter(page=page).order_by("-created_at", "-id")


def page_stats(page: Page) -> dict:
    """Views (flushed plus still in the cache), leads and the conversion rate in percent."""
    views = page.views + counters.views_pending(page.pk)
    leads = getattr(page, "lead_count", None)
    if leads is None:
        leads = page.leads.count()
    rate = round(100 * leads / views, 1) if views else 0.0
    return {"views": views, "leads": leads, "conversion_rate": rate}


def domain_get_for_page(*, page: Page) -> CustomDomain | None:
    return CustomDomain.objects.filter(page=page).select_related("page").first()
