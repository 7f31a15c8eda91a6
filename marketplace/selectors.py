"""Reads for the marketplace. The public sees ACTIVE listings only; sellers see their own."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from accounts.models import User
from landinghub.exceptions import NotFound

from .models import Category, MarketplacePage
from .search import search_words

SORTS = {
    "newest": ("-approved_at", "-id"),
    "popular": ("-likes", "-views", "-id"),
    "price_asc": ("price", "-id"),
    "price_desc": ("-price", "-id"),
    "best_selling": ("-sold_count", "-id"),
}
Status = MarketplacePage.Status


@dataclass(frozen=True)
class ListingFilters:
    search: str = ""
    category: str = ""
    tag: str = ""
    min_price: int | None = None
    max_price: int | None = None
    sort: str = "newest"


def _with_relations(qs: QuerySet[MarketplacePage]) -> QuerySet[MarketplacePage]:
    return qs.select_related("category", "seller", "main_screenshot").prefetch_related("tags")


def _search(qs: QuerySet[MarketplacePage], query: str) -> QuerySet[MarketplacePage]:
    words = search_words(query)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        # Prefix match on every word against the stored, GIN-indexed search_vector column
        # (migration 0003). The folded words are plain \w+, so none of them is an operator.
        tsquery = " & ".join(f"{w}:*" for w in words)
        match = RawSQL(
            "marketplace_marketplacepage.search_vector @@ to_tsquery('simple', %s)",
            [tsquery],
            output_field=BooleanField(),
        )
        return qs.alias(_match=match).filter(_match=True)
    for word in words:
        qs = qs.filter(search_text__icontains=word)
    return qs


def listing_list_public(*, filters: ListingFilters) -> QuerySet[MarketplacePage]:
    qs = MarketplacePage.objects.filter(status=Status.ACTIVE)
    if filters.category:
        qs = qs.filter(category__slug=filters.category)
    if filters.tag:
        qs = qs.filter(tags__name=filters.tag.strip().lower())
    if filters.min_price is not None:
        qs = qs.filter(price__gte=filters.min_price)
    if filters.max_price is not None:
        qs = qs.filter(price__lte=filters.max_price)
    qs = _search(qs, filters.search)
    return _with_relations(qs).order_by(*SORTS[filters.sort])


def listing_get_visible(*, listing_id: int, user: User | None) -> MarketplacePage:
    """ACTIVE listings for everyone, any state for their seller (and staff); else 404."""
    visible = Q(status=Status.ACTIVE)
    if user is not None and user.is_authenticated:
        visible |= Q(seller=user)
        if user.is_staff:
            visible = Q()
    listing = (
        _with_relations(MarketplacePage.objects.filter(visible, pk=listing_id))
        .prefetch_related("screenshots")
        .first()
    )
    if listing is None:
        raise NotFound("Listing not found.")
    return listing


def listing_list_for_seller(*, seller: User) -> QuerySet[MarketplacePage]:
    return _with_relations(MarketplacePage.objects.filter(seller=seller)).prefetch_related(
        "revisions", "screenshots"
    )


def listing_get_for_seller(*, seller: User, listing_id: int) -> MarketplacePage:
    listing = listing_list_for_seller(seller=seller).filter(pk=listing_id).first()
    if listing is None:
        raise NotFound("Listing not found.")
    return listing


def listing_get_for_review(*, listing_id: int) -> MarketplacePage:
    listing = MarketplacePage.objects.filter(pk=listing_id).first()
    if listing is None:
        raise NotFound("Listing not found.")
    return listing


def category_list() -> QuerySet[Category]:
    return Category.objects.all()
