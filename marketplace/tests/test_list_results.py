"""The public list's narrow path (``selectors.ListingResults`` and ``ListingCardSerializer``)
answers what the plain queryset and the full serializer answer: the same rows in the same
order, the same count, the same JSON, on every filter, sort and page."""

import pytest
from django.core.paginator import Paginator
from django.db.models import Subquery

from marketplace import selectors, services
from marketplace.api.serializers import ListingCardSerializer, ListingOutputSerializer
from marketplace.models import MarketplacePage

from .factories import CategoryFactory, active_listing, png_bytes

pytestmark = pytest.mark.django_db

WORDS = ["Bánh mì", "Phở", "Spa", "Cà phê"]
FILTERS = [
    {},
    {"search": "pho"},
    {"search": "banh", "category": "food", "sort": "popular"},
    {"search": "ca phe spa", "sort": "price_desc"},
    {"category": "spa", "sort": "popular"},
    {"tag": "pho", "sort": "price_asc"},
    {"min_price": 1, "max_price": 60_000, "sort": "best_selling"},
    {"category": "no-such-category"},
    {"search": "no-such-word"},
]


@pytest.fixture
def catalogue():
    food, spa = CategoryFactory(slug="food"), CategoryFactory(slug="spa")
    listings = []
    for i in range(17):
        listing = active_listing(
            title=f"{WORDS[i % 4]} {WORDS[(i * 3 + 1) % 4]} {i}",
            description="",
            price=[0, 49_000, 99_000][i % 3],
            category=food if i % 3 else spa,
            tags=[["pho"], [], ["spa", "beauty"]][i % 3],
        )
        # Ties on the sort keys, so the id tie-break decides part of the order.
        MarketplacePage.objects.filter(pk=listing.pk).update(
            likes=i % 4, views=(i * 7) % 3, sold_count=i % 5
        )
        listings.append(listing)
    services.screenshot_add(listing=listings[1], data=png_bytes())
    return listings


def _reference(params: dict) -> list[int]:
    filters = selectors.ListingFilters(**params)
    return [listing.pk for listing in selectors.listing_list_public(filters=filters)]


@pytest.mark.parametrize("params", FILTERS, ids=str)
def test_every_page_matches_the_plain_queryset(api_client, catalogue, params):
    expected = _reference(params)
    pages = max(1, -(-len(expected) // 5))
    for number in range(1, pages + 1):
        response = api_client.get("/api/marketplace", {**params, "page": number, "page_size": 5})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == len(expected)
        assert [r["id"] for r in body["results"]] == expected[(number - 1) * 5 : number * 5]
    last = api_client.get("/api/marketplace", {**params, "page": "last", "page_size": 5})
    assert [r["id"] for r in last.json()["results"]] == expected[(pages - 1) * 5 : pages * 5]
    past = api_client.get("/api/marketplace", {**params, "page": pages + 1, "page_size": 5})
    assert past.status_code == 404


def test_results_paginate_with_djangos_paginator(catalogue):
    params = {"search": "pho", "sort": "popular"}
    results = selectors.listing_results_public(filters=selectors.ListingFilters(**params))
    page = Paginator(results, 4).page(2)
    assert page.paginator.count == len(_reference(params))
    assert [listing.pk for listing in page] == _reference(params)[4:8]


def test_card_json_is_the_output_serializers(catalogue):
    MarketplacePage.objects.filter(pk=catalogue[2].pk).update(approved_at=None)
    filters = selectors.ListingFilters(sort="popular")
    cards = selectors.listing_results_public(filters=filters)[0:100]
    full = list(selectors.listing_list_public(filters=filters))
    assert any(card["main_screenshot"] for card in ListingCardSerializer(cards, many=True).data)
    assert any(card["tags"] for card in ListingCardSerializer(cards, many=True).data)
    assert (
        ListingCardSerializer(cards, many=True).data
        == ListingOutputSerializer(full, many=True).data
    )


def test_search_inside_a_subquery_matches_its_own_rows(catalogue):
    # The PostgreSQL match names the row's vector through the query's alias; a fixed table name
    # would point a subquery's match at the outer row (and pick the newest of all listings).
    matches = selectors.listing_list_public(filters=selectors.ListingFilters(search="pho"))
    newest = list(matches.order_by("-pk").values_list("pk", flat=True)[:3])
    wrapped = MarketplacePage.objects.filter(
        pk__in=Subquery(matches.order_by("-pk").values("pk")[:3])
    )
    assert newest != [listing.pk for listing in catalogue[::-1][:3]]
    assert sorted(wrapped.values_list("pk", flat=True), reverse=True) == newest
