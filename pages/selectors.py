"""Reads for pages, always scoped to the owner: someone else's page is a 404 everywhere."""

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from landinghub.exceptions import NotFound
from pages.exceptions import PAGE_NOT_FOUND

from .models import CustomDomain, Lead, Page, PageAsset
from .serving import view_counts


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
        raise NotFound("Page not found.", code=PAGE_NOT_FOUND)
    return page


def lead_list_for_page(*, page: Page) -> QuerySet[Lead]:
    return Lead.objects.filter(page=page).order_by("-created_at", "-id")


# Headers for the form fields the starters and the builder's form blocks use; any other field
# name is shown tidied up ("first_name" → "First name").
LEAD_FIELD_LABELS = {
    "name": _("Name"),
    "email": _("E-mail"),
    "phone": _("Phone"),
    "company": _("Company"),
    "guests": _("Guests"),
    "quantity": _("Quantity"),
    "message": _("Message"),
    "date": _("Date"),
    "time": _("Time"),
}


def lead_field_label(key: str) -> str:
    label = LEAD_FIELD_LABELS.get(key.lower())
    if label is not None:
        return str(label)
    text = " ".join(key.replace("_", " ").replace("-", " ").split())
    return text[:1].upper() + text[1:] if text else key


def asset_list_for_page(*, page: Page) -> QuerySet[PageAsset]:
    return PageAsset.objects.filter(page=page).order_by("-created_at", "-id")


def page_stats(page: Page) -> dict:
    """Views (flushed plus still in the cache), leads and the conversion rate in percent."""
    views = page.views + view_counts.views_pending(page.pk)
    leads = getattr(page, "lead_count", None)
    if leads is None:
        leads = page.leads.count()
    rate = round(100 * leads / views, 1) if views else 0.0
    return {"views": views, "leads": leads, "conversion_rate": rate}


def domain_get_for_page(*, page: Page) -> CustomDomain | None:
    """The page's domain, verified or a claim that has not expired."""
    return CustomDomain.objects.live().filter(page=page).select_related("page").first()
