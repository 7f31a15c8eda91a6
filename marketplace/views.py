"""Templated marketplace pages: browse, detail, the seller's listings and forms.

Snapshot previews are not served here but on the published origin (``marketplace.preview``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.exceptions import EmailUnverified
from landinghub.exceptions import ApplicationError
from pages.models import Page

from . import selectors, services
from .filters import ListingFilterSerializer
from .forms import SORT_CHOICES, ListingForm
from .models import MarketplacePage
from .preview import preview_url

PER_PAGE = 24
LISTING_ACTIONS = ("submit", "withdraw", "screenshot", "screenshot-delete")


def _browse_filters(query) -> tuple[selectors.ListingFilters, dict]:
    """The filters as given; a field that is not valid (a min price above the max price, a
    word for a price) is left out and its error shown next to it, never silently ignored."""
    data = {key: value for key, value in query.dict().items() if value.strip()}  # empty inputs
    params = ListingFilterSerializer(data=data)
    if params.is_valid():
        return selectors.ListingFilters(**params.validated_data), {}
    errors = {field: [str(e) for e in messages_] for field, messages_ in params.errors.items()}
    for field in errors:
        data.pop(field, None)
    if "max_price" in errors:  # judged against the min price: drop the pair
        data.pop("min_price", None)
    params = ListingFilterSerializer(data=data)
    filters = (
        selectors.ListingFilters(**params.validated_data)
        if params.is_valid()
        else selectors.ListingFilters()
    )
    return filters, errors


def browse(request: HttpRequest) -> HttpResponse:
    filters, errors = _browse_filters(request.GET)
    listings = Paginator(selectors.listing_results_public(filters=filters), PER_PAGE)
    page = listings.get_page(request.GET.get("page"))
    return render(
        request,
        "marketplace/browse.html",
        {
            "page_obj": page,
            "filters": filters,
            "categories": selectors.category_list(),
            "sort_choices": SORT_CHOICES,
            "filter_errors": errors,
            "raw": request.GET,
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        listing = selectors.listing_get_visible(listing_id=pk, user=request.user)
    except ApplicationError as exc:
        raise Http404 from exc
    if listing.status == MarketplacePage.Status.ACTIVE:
        services.listing_view_hit(listing_id=listing.pk)
    revision = listing.approved_revision
    if request.user.is_authenticated and (
        listing.seller_id == request.user.pk or request.user.is_staff
    ):
        revision = listing.revisions.order_by("-number").first() or revision
    return render(
        request,
        "marketplace/detail.html",
        {
            "listing": listing,
            "preview_src": preview_url(revision_id=revision.pk) if revision else None,
            "viewer": selectors.listing_viewer_get(listing=listing, user=request.user),
            "liked": request.user.is_authenticated
            and listing.like_set.filter(user=request.user).exists(),
        },
    )


@login_required
def my_listings(request: HttpRequest) -> HttpResponse:
    listings = selectors.listing_list_for_seller(seller=request.user)
    review_strings = {
        "approved": _("“{title}” was approved and is on sale."),
        "rejected": _("“{title}” was not approved:"),
        "close": _("Close"),
        "statuses": dict(MarketplacePage.Status.choices),
    }
    return render(
        request,
        "marketplace/my_listings.html",
        {"listings": listings, "review_strings": review_strings},
    )


def _fields(data: dict) -> services.ListingFields:
    return services.ListingFields(
        title=data["title"],
        description=data["description"],
        category=data["category"],
        price=data["price"],
        tags=data["tags"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_new(request: HttpRequest) -> HttpResponse:
    own = Page.objects.filter(owner=request.user).order_by("-updated_at")
    # Bought templates are never offered: their licence allows use, not resale.
    pages = own.exclude(origin=Page.Origin.PURCHASE)
    purchased = own.filter(origin=Page.Origin.PURCHASE)
    initial = {"page": request.GET.get("page")}
    form = ListingForm(request.POST or None, pages=pages, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(
                seller=request.user,
                page_id=form.cleaned_data["page"],
                fields=_fields(form.cleaned_data),
            )
        except EmailUnverified as exc:
            messages.error(request, exc.html_message())
            return redirect(request.get_full_path())
        messages.success(
            request, _("Listing saved as a draft. Add screenshots, then submit it for review.")
        )
        return redirect("marketplace:edit", pk=listing.pk)
    context = {
        "form": form,
        "has_pages": pages.exists(),
        "has_purchased": purchased.exists(),
        "asked_for_purchased": purchased.filter(pk=_int_or_none(request.GET.get("page"))).exists(),
    }
    return render(request, "marketplace/listing_form.html", context)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _own_listing(request: HttpRequest, pk: int) -> MarketplacePage:
    """The signed-in seller's listing; a missing or someone else's listing is a 404 page."""
    try:
        return selectors.listing_get_for_seller(seller=request.user, listing_id=pk)
    except ApplicationError as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _own_listing(request, pk)
    initial = {
        "title": listing.title,
        "description": listing.description,
        "category": listing.category.slug,
        "price": listing.price,
        "tags": ", ".join(t.name for t in listing.tags.all()),
    }
    form = ListingForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(listing=listing, fields=_fields(form.cleaned_data))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            if listing.status == MarketplacePage.Status.ACTIVE:
                messages.info(
                    request,
                    _("Your changes were sent for review; the approved version stays on sale."),
                )
            else:
                messages.success(request, _("Listing saved."))
        return redirect("marketplace:edit", pk=pk)
    return render(request, "marketplace/listing_form.html", {"form": form, "listing": listing})


@login_required
@require_POST
def listing_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in LISTING_ACTIONS:
        raise Http404
    listing = _own_listing(request, pk)
    try:
        if action == "submit":
            services.listing_submit(listing=listing)
            messages.success(
                request, _("Submitted for review. We will tell you when it is reviewed.")
            )
        elif action == "withdraw":
            deleted = services.listing_withdraw(listing=listing)
            messages.success(
                request, _("Listing deleted.") if deleted else _("Listing archived: it has orders.")
            )
            return redirect("marketplace:my")
        elif action == "screenshot":
            upload = request.FILES.get("image")
            if upload is None:
                raise ApplicationError(_("Choose an image to upload."))
            services.screenshot_add(listing=listing, data=upload.read())
            messages.success(request, _("Screenshot added."))
        else:  # screenshot-delete
            shot_id = request.POST.get("id", "")
            if not (shot_id.isascii() and shot_id.isdigit()) or len(shot_id) > 18:
                raise Http404
            services.screenshot_delete(listing=listing, screenshot_id=int(shot_id))
    except EmailUnverified as exc:
        messages.error(request, exc.html_message())
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("marketplace:edit", pk=pk)


@login_required
@require_POST
def like(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        listing = selectors.listing_get_visible(listing_id=pk, user=None)
    except ApplicationError as exc:
        raise Http404 from exc
    services.listing_like_toggle(listing=listing, user=request.user)
    return redirect("marketplace:detail", pk=pk)
