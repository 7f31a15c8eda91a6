"""Templated pages: My pages (cards with stats and actions), the builder and the leads table.

Thin adapters over the same services and owner-scoped selectors as the API, so another
user's page is a 404 here too.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.exceptions import EmailUnverified
from landinghub.exceptions import ApplicationError, NotFound

from . import selectors, services
from .content import builder_i18n
from .content.starters import STARTERS
from .domains import custom_domains
from .leads.csv_export import leads_csv_response
from .limits import UPGRADE_URL as PLANS_URL
from .limits import PlanLimitReached
from .models import Page
from .serving import media


def _own_page(request: HttpRequest, pk: int) -> Page:
    """The user's page, or the site's 404 page (the selector's NotFound is an API error)."""
    try:
        return selectors.page_get_for_user(user=request.user, page_id=pk)
    except NotFound as exc:
        raise Http404 from exc


@login_required
def my_pages(request: HttpRequest) -> HttpResponse:
    pages = list(selectors.page_list_for_user(user=request.user))
    cards = [{"page": p, "stats": selectors.page_stats(p)} for p in pages]
    return render(request, "pages/my_pages.html", {"cards": cards, "starters": STARTERS})


@login_required
@require_POST
def page_new(request: HttpRequest) -> HttpResponse:
    title = request.POST.get("title", "").strip()[:200] or _("My landing page")
    # The new page speaks the language its owner reads the site in (its <html lang>, its
    # thank-you message); Settings in the builder changes it.
    language = (request.LANGUAGE_CODE or "").split("-")[0]
    try:
        page = services.page_create(
            owner=request.user,
            title=title,
            template=request.POST.get("template", ""),
            language=language if language in Page.Language.values else Page.Language.VI,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("pages:list")
    return redirect("pages:builder", pk=page.pk)


@login_required
def builder(request: HttpRequest, pk: int) -> HttpResponse:
    page = _own_page(request, pk)
    config = {
        "pageId": page.pk,
        "api": f"/api/pages/{page.pk}",
        "csrfToken": get_token(request),
        "plansUrl": PLANS_URL,
        **builder_i18n.builder_locale(),
        "text": builder_i18n.builder_texts(),
        "gjsMessages": builder_i18n.grapesjs_messages(),
    }
    context = {
        "page": page,
        "builder_config": config,
        "languages": Page.Language.choices,
        "PUBLISHED_PAGES_DOMAIN": settings.PUBLISHED_PAGES_DOMAIN,
    }
    return render(request, "pages/builder.html", context)


LEADS_PER_PAGE = 50


@login_required
def leads(request: HttpRequest, pk: int) -> HttpResponse:
    page = _own_page(request, pk)
    # 50 a page, newest first: a busy page's leads stay a readable page on a phone.
    listing = Paginator(selectors.lead_list_for_page(page=page), LEADS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = list(listing)
    columns: list[str] = []
    for lead in rows:
        columns += [k for k in lead.data if k not in columns]
    labels = [selectors.lead_field_label(c) for c in columns]
    # Each value with its column's name: on a phone the rows are cards that label every value.
    table = [
        (lead, [(label, lead.data.get(c, "")) for label, c in zip(labels, columns, strict=True)])
        for lead in rows
    ]
    context = {
        "page": page,
        "columns": labels,
        "table": table,
        "listing": listing,
        "stats": selectors.page_stats(page),
    }
    return render(request, "pages/leads.html", context)


@login_required
def leads_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return leads_csv_response(_own_page(request, pk))


@login_required
def domain(request: HttpRequest, pk: int) -> HttpResponse:
    """Connect a custom domain: add it, see the DNS records to create, verify, remove."""
    page = _own_page(request, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                custom_domains.domain_set(page=page, domain=request.POST.get("domain", ""))
            elif action == "verify":
                custom_domains.domain_verify(page=page)
                messages.success(request, _("Verified. The domain now serves this page."))
            elif action == "remove":
                custom_domains.domain_remove(page=page)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("pages:domain", pk=page.pk)
    current = selectors.domain_get_for_page(page=page)
    context = {
        "page": page,
        "domain": current,
        "records": custom_domains.dns_records(current) if current else [],
        "domain_url": custom_domains.domain_public_url(current) if current else "",
    }
    return render(request, "pages/domain.html", context)


@login_required
@require_POST
def page_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    page = _own_page(request, pk)
    try:
        if action == "publish":
            services.page_publish(page=page)
            messages.success(request, _("Publishing “%s”…") % page.title)
        elif action == "unpublish":
            services.page_unpublish(page=page)
            messages.info(request, _("“%s” is no longer published.") % page.title)
        elif action == "delete":
            services.page_delete(page=page)
            messages.info(request, _("“%s” was deleted.") % page.title)
    except EmailUnverified as exc:
        messages.error(request, exc.html_message())
    except PlanLimitReached as exc:
        link = format_html('<a class="alert-link" href="{}">{}</a>', PLANS_URL, _("See the plans"))
        messages.error(request, format_html("{} {}", exc.message, link))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("pages:list")


def media_file(request: HttpRequest, key: str) -> HttpResponse:
    """``/media/<key>`` on the app's origin, for the builder's canvas (``pages.serving.media``)."""
    response = media.media_response(request, request.path)
    if response is None:
        raise Http404
    return response
