"""Reads for the marketplace. The public sees ACTIVE listings only; sellers see their own."""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from accounts.models import User
from landinghub.exceptions import NotFound

from .cardjson import SORTS, ListingCardsJson, listing_cards_json
from .models import Category, ListingRevision, MarketplacePage, Tag
from .search import VectorMatch, search_words

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
        match = VectorMatch(" & ".join(f"{w}:*" for w in words))
        return qs.alias(_match=match).filter(_match=True)
    for word in words:
        qs = qs.filter(search_text__icontains=word)
    return qs


def _matching_public(filters: ListingFilters) -> QuerySet[MarketplacePage]:
    """The public listings the filters match, on the listing table alone: no join (the category
    is one id from a scalar subquery, which PostgreSQL compares as a single value), so counting
    them and sorting their ids stays narrow."""
    qs = MarketplacePage.objects.filter(status=Status.ACTIVE)
    if filters.category:
        category_id = Category.objects.filter(slug=filters.category).order_by().values("id")[:1]
        qs = qs.filter(category_id=Subquery(category_id))
    if filters.tag:
        qs = qs.filter(tags__name=filters.tag.strip().lower())
    if filters.min_price is not None:
        qs = qs.filter(price__gte=filters.min_price)
    if filters.max_price is not None:
        qs = qs.filter(price__lte=filters.max_price)
    return _search(qs, filters.search)


def listing_list_public(*, filters: ListingFilters) -> QuerySet[MarketplacePage]:
    """The public list as a plain queryset with every relation: the reference the tests hold
    ``ListingResults`` (what the API, the browse page and the home page use) equal to."""
    return _with_relations(_matching_public(filters)).order_by(*SORTS[filters.sort])


class ListingResults:
    """The public list as a paginator's object list (``count()`` and slicing), so that a page
    costs the same however many listings match and whatever the page size:

    * the count, and the sort + LIMIT that picks the page's ids, run on the listing table alone
      (``_matching_public``: no join), each planned on its own by PostgreSQL (a bitmap scan
      for the count, an ordered index walk or a top-N sort for the ids);
    * only the page's rows are joined to their category, seller and screenshot: one query, the
      sorted and limited ids in a subquery;
    * each row carries ``tag_names`` (sorted; on PostgreSQL an array in that same query, on
      SQLite one query for the page) instead of a ``tags`` prefetch, whose per-row manager
      objects cost more than the rest of the page.

    (One query for both the count and the ids, ``COUNT(*) OVER ()``, was tried: it must buffer
    every match before the LIMIT, and PostgreSQL then walks a sort index over the whole table.)
    """

    def __init__(self, filters: ListingFilters) -> None:
        self._matching = _matching_public(filters)
        self._order = SORTS[filters.sort]

    def count(self) -> int:
        return self._matching.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[MarketplacePage]:
        if not isinstance(page, slice):
            raise TypeError("ListingResults is sliced by page, not indexed.")
        ids = self._matching.order_by(*self._order).values("id")[page]
        rows = (
            MarketplacePage.objects.filter(pk__in=ids)
            .select_related("category", "seller", "main_screenshot")
            .only(*CARD_FIELDS)
            .order_by(*self._order)
        )
        if connection.vendor == "postgresql":
            # The tag names in the same query: one round trip less per page.
            names = Tag.objects.filter(listings=OuterRef("pk")).order_by("name").values("name")
            return list(rows.annotate(tag_names=ArraySubquery(names)))
        return _with_tag_names(list(rows))


def _with_tag_names(rows: list[MarketplacePage]) -> list[MarketplacePage]:
    names: dict[int, list[str]] = {row.pk: [] for row in rows}
    tags = MarketplacePage.tags.through.objects.filter(marketplacepage_id__in=list(names))
    for listing_id, name in tags.order_by("tag__name").values_list(
        "marketplacepage_id", "tag__name"
    ):
        names[listing_id].append(name)
    for row in rows:
        row.tag_names = names[row.pk]
    return rows


# What a list card shows (marketplace.api.serializers.ListingCardSerializer); everything else,
# search_text above all, stays in the database.
CARD_FIELDS = (
    "title",
    "description",
    "price",
    "status",
    "views",
    "likes",
    "sold_count",
    "approved_at",
    "created_at",
    "updated_at",
    "category__slug",
    "category__name_vi",
    "category__name_en",
    "seller__name",
    "main_screenshot__image",
    "main_screenshot__thumbnail",
    "main_screenshot__width",
    "main_screenshot__height",
    "main_screenshot__source",
)


def listing_results_public(*, filters: ListingFilters) -> ListingResults:
    return ListingResults(filters)


def listing_cards_json_public(*, filters: ListingFilters) -> ListingCardsJson | None:
    """``listing_results_public`` with each page as its cards' JSON, built by PostgreSQL in the
    statement that counts the matches (``marketplace.cardjson``); ``None`` off PostgreSQL."""
    return listing_cards_json(
        search=filters.search,
        category=filters.category,
        tag=filters.tag,
        min_price=filters.min_price,
        max_price=filters.max_price,
        sort=filters.sort,
    )


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
        raise NotFound(_("Listing not found."))
    return listing


def listing_list_for_seller(*, seller: User) -> QuerySet[MarketplacePage]:
    return _with_relations(MarketplacePage.objects.filter(seller=seller)).prefetch_related(
        "revisions", "screenshots"
    )


def listing_get_for_seller(*, seller: User, listing_id: int) -> MarketplacePage:
    listing = listing_list_for_seller(seller=seller).filter(pk=listing_id).first()
    if listing is None:
        raise NotFound(_("Listing not found."))
    return listing


def listing_get_for_review(*, listing_id: int) -> MarketplacePage:
    listing = MarketplacePage.objects.filter(pk=listing_id).first()
    if listing is None:
        raise NotFound(_("Listing not found."))
    return listing


def listing_pending_revision(*, listing: MarketplacePage) -> ListingRevision | None:
    return listing.revisions.filter(status=ListingRevision.Status.PENDING).first()


def category_list() -> QuerySet[Category]:
    return Category.objects.all()


@dataclass(frozen=True)
class ListingViewer:
    """What a listing is to the person looking at it (``viewer``, docs/api.md): their own listing,
    one they bought (with the delivered order, for "Open my copy" and the ZIP), or neither."""

    is_seller: bool = False
    owns: bool = False
    order_id: int | None = None
    page_id: int | None = None


def listing_viewer_get(*, listing: MarketplacePage, user: User | None) -> ListingViewer:
    if user is None or not user.is_authenticated:
        return ListingViewer()
    if listing.seller_id == user.pk:
        return ListingViewer(is_seller=True)
    # Through the reverse relation of orders.Order (orders builds on the marketplace, never
    # the other way round); "delivered" is Order.Status.DELIVERED.
    order = (
        listing.orders.filter(buyer=user, status="delivered")
        .order_by("-id")
        .values("id", "page_id")
        .first()
    )
    if order is None:
        return ListingViewer()
    return ListingViewer(owns=True, order_id=order["id"], page_id=order["page_id"])
