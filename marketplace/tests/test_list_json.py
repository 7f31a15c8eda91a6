"""On PostgreSQL the public list's page comes back from the database as JSON
(``marketplace.cardjson``); it answers what the ORM path (``ListingResults`` and
``ListingCardSerializer``) answers, envelope and cards, value for value, on every filter, sort
and page, in both languages and in a zone with and without an offset."""

import datetime

import pytest
from django.db import connection
from django.utils import translation

from marketplace import selectors, services
from marketplace.models import ListingScreenshot, MarketplacePage

from .factories import png_bytes
from .test_list_results import FILTERS, catalogue  # noqa: F401 (the fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the JSON path is PostgreSQL's"),
]


def _both(api_client, monkeypatch, params: dict):
    fast = api_client.get("/api/marketplace", params)
    with monkeypatch.context() as patch:
        patch.setattr(selectors, "listing_cards_json_public", lambda **kwargs: None)
        orm = api_client.get("/api/marketplace", params)
    return fast, orm


@pytest.fixture
def odd_rows(catalogue):  # noqa: F811
    """What the formats have to get right: no approval date, a whole second, a name to escape."""
    MarketplacePage.objects.filter(pk=catalogue[2].pk).update(approved_at=None)
    whole = datetime.datetime(2024, 3, 1, 5, 6, 7, tzinfo=datetime.UTC)
    MarketplacePage.objects.filter(pk=catalogue[4].pk).update(approved_at=whole, updated_at=whole)
    MarketplacePage.objects.filter(pk=catalogue[5].pk).update(
        title='Quote " and \\ back\nslash <b>&</b> 😀', description="Đà Nẵng\t"
    )
    services.screenshot_add(listing=catalogue[7], data=png_bytes())
    shot = ListingScreenshot.objects.get(listing=catalogue[7])
    ListingScreenshot.objects.filter(pk=shot.pk).update(
        image=f"marketplace/{catalogue[7].pk}/screenshots/ảnh đẹp (1)+%#?.png",
        thumbnail=f"marketplace/{catalogue[7].pk}/screenshots/a\\b c.png",
    )
    return catalogue


@pytest.mark.parametrize("params", FILTERS, ids=str)
def test_every_page_is_the_orm_paths(api_client, monkeypatch, odd_rows, params):
    for page in (1, 2, 3, 4, "last"):
        fast, orm = _both(api_client, monkeypatch, {**params, "page": page, "page_size": 5})
        assert fast.status_code == orm.status_code
        assert fast.json() == orm.json()
        assert fast["Content-Type"] == orm["Content-Type"]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Ho_Chi_Minh", "America/St_Johns"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_languages_and_zones(api_client, monkeypatch, settings, odd_rows, zone, language):
    settings.TIME_ZONE = zone
    with translation.override(language):
        fast, orm = _both(api_client, monkeypatch, {"sort": "popular", "page_size": 100})
    assert fast.json() == orm.json()
    assert any(card["main_screenshot"] for card in fast.json()["results"])


def test_the_json_path_is_taken_and_counts_in_one_statement(
    api_client, odd_rows, django_assert_num_queries
):
    assert selectors.listing_cards_json_public(filters=selectors.ListingFilters()) is not None
    with django_assert_num_queries(1):
        response = api_client.get("/api/marketplace", {"search": "pho", "page": 2, "page_size": 3})
    assert response.status_code == 200
    assert response.json()["count"] > 3


def test_a_page_past_the_end_is_the_same_404(api_client, monkeypatch, odd_rows):
    fast, orm = _both(api_client, monkeypatch, {"page": 99})
    assert fast.status_code == orm.status_code == 404
    assert fast.json() == orm.json()
    fast, orm = _both(api_client, monkeypatch, {"page": "x"})
    assert fast.status_code == orm.status_code == 404
    assert fast.json() == orm.json()


def test_the_cache_keeps_the_json(settings, api_client, odd_rows, django_assert_num_queries):
    settings.MARKETPLACE_LIST_CACHE_SECONDS = 30
    first = api_client.get("/api/marketplace", {"sort": "newest"})
    with django_assert_num_queries(0):
        again = api_client.get("/api/marketplace", {"sort": "newest"})
    assert again.content == first.content
    assert again["Content-Type"] == "application/json"
