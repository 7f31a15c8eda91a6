"""The demo's marketplace: real screenshots of the templates when Chromium is there, and a
search placeholder whose every word finds a seeded listing, in both languages."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from dashboard.management.commands import seed_demo
from marketplace.models import ListingScreenshot, MarketplacePage

# Each test seeds the whole demo site, its images included.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def seeded(tmp_path, monkeypatch, settings):
    monkeypatch.setattr(seed_demo, "CREDENTIALS_FILE", tmp_path / "creds")
    settings.MEDIA_ROOT = tmp_path / "media"

    def seed():
        call_command("seed_demo")
        return MarketplacePage.objects.filter(status="ACTIVE")

    return seed


def test_demo_listings_show_screenshots_taken_by_chromium(seeded, settings):
    settings.MARKETPLACE_AUTO_SCREENSHOTS = True
    active = seeded()
    assert active.count() == 5
    for listing in active:
        shot = listing.main_screenshot
        assert shot.source == ListingScreenshot.Source.GENERATED, listing.title
        assert (shot.width, shot.height) == (1280, 800)


def test_without_screenshots_the_demo_draws_placeholders(seeded):
    active = seeded()
    sources = {listing.main_screenshot.source for listing in active}
    assert sources == {ListingScreenshot.Source.UPLOADED}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_word_the_search_placeholder_suggests_finds_a_seeded_listing(seeded, language):
    seeded()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    browse = client.get("/marketplace/").content.decode()
    placeholder = re.search(
        r'id="q" type="search" name="search" value="" placeholder="([^"]+)"', browse
    )
    words = re.sub(r"^(e\.g\.|vd\.)\s*", "", placeholder.group(1)).split(", ")
    assert len(words) == 3, words
    for word in words:
        found = client.get("/marketplace/", {"search": word}).content.decode()
        assert 'data-testid="listing-card"' in found, (language, word)


def test_the_bánh_mì_listing_shows_a_bánh_mì_shop_with_views_to_go_with_its_sales(seeded):
    """Issue 11: "Tiệm bánh mì" previewed the phở restaurant of "Nhà hàng sang trọng", and
    showed "Đã bán 5" beside "0 lượt xem"."""
    active = seeded()
    banh_mi = active.get(title="Tiệm bánh mì")
    restaurant = active.get(title="Nhà hàng sang trọng")
    shop = banh_mi.revisions.latest("number").html_content
    assert "Bánh mì Cô Ba" in shop and "Phở" not in shop
    assert shop != restaurant.revisions.latest("number").html_content
    for listing in active:
        assert listing.views >= 40 + 25 * listing.sold_count, listing.title
    detail = Client(HTTP_ACCEPT_LANGUAGE="vi").get(f"/marketplace/{banh_mi.pk}/").content.decode()
    assert f"{banh_mi.views} lượt xem" in detail and "Đã bán 5" in detail
