"""Templated marketplace pages, the admin review console and the seller's live notice."""

import re
import time
from urllib.parse import urlsplit

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import signing
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import UserFactory
from landinghub.asgi import application
from marketplace import services
from marketplace.models import ListingScreenshot, MarketplacePage
from marketplace.preview import PRIVATE_MAX_AGE, preview_url
from marketplace.tasks import listing_screenshot_generate_task
from pages.tests.factories import PageFactory

from .factories import active_listing, listing_for, png_bytes

Status = MarketplacePage.Status


@pytest.mark.django_db
def test_browse_shows_only_active_listings(client):
    active_listing(title="Visible template")
    listing_for(title="Secret draft")
    response = client.get(reverse("marketplace:browse"), {"search": "template"})
    assert b"Visible template" in response.content
    assert b"Secret draft" not in response.content


@pytest.mark.django_db
def test_browse_and_home_run_a_constant_number_of_queries(client, django_assert_max_num_queries):
    """The templated browse page and the home page's featured cards read the same narrow list
    as the API: the number of queries does not grow with the listings on the page."""
    listings = [active_listing(title=f"Template {i}", tags=["a", "b"]) for i in range(2)]
    services.screenshot_add(listing=listings[0], data=png_bytes())
    counted = {}
    for path in (reverse("marketplace:browse"), "/"):
        with django_assert_max_num_queries(50) as few:
            client.get(path)
        counted[path] = len(few.captured_queries)
    for i in range(10):
        more = active_listing(title=f"More {i}", tags=["c"])
        services.screenshot_add(listing=more, data=png_bytes())
    for path, baseline in counted.items():
        with django_assert_max_num_queries(baseline):
            response = client.get(path)
        assert b'data-testid="listing-screenshot"' in response.content


@pytest.mark.django_db
def test_browse_with_invalid_filters_still_renders(client):
    active_listing(title="Visible template")
    response = client.get(reverse("marketplace:browse"), {"sort": "bogus", "min_price": "x"})
    assert response.status_code == 200
    assert b"Showing the results without this filter." in response.content
    assert b"Visible template" in response.content  # the other filters still apply


@pytest.mark.django_db
def test_browse_min_price_above_max_price_is_an_error_not_ignored(client):
    active_listing(title="Bánh mì landing", price=99_000)
    response = client.get(
        reverse("marketplace:browse"), {"search": "banh mi", "min_price": 500, "max_price": 100}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="filter-errors"' in page
    assert "The maximum price must be at least the minimum price." in page
    assert 'id="max" name="max_price" inputmode="numeric" value="100"' in page
    assert "is-invalid" in page
    assert "Bánh mì landing" in page  # the search still applies


@pytest.mark.django_db
def test_browse_min_price_above_max_price_in_vietnamese(client):
    response = client.get(
        reverse("marketplace:browse"),
        {"min_price": 500, "max_price": 100},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert "Giá tối đa phải lớn hơn hoặc bằng giá tối thiểu." in response.content.decode()


def _on_published_origin(client, url: str, **extra):
    parts = urlsplit(url)
    return client.get(parts.path, HTTP_HOST=parts.netloc, **extra)


@pytest.mark.django_db
def test_draft_detail_and_preview_are_hidden_from_others(client):
    listing = listing_for()
    revision = services.listing_submit(listing=listing)
    client.force_login(UserFactory())
    assert client.get(reverse("marketplace:detail", args=[listing.pk])).status_code == 404
    # A forged or tampered preview token shows nothing.
    url = preview_url(revision_id=revision.pk)
    forged = _on_published_origin(client, "http://preview.pages.localhost:8000/not-a-token")
    assert forged.status_code == 404
    assert _on_published_origin(client, url[:-3] + "abc").status_code == 404


@pytest.mark.django_db
def test_a_private_preview_link_expires_and_the_on_sale_one_does_not(client, monkeypatch):
    """A pending revision's link works for PRIVATE_MAX_AGE, then shows nothing; the link of
    what is on sale keeps working, as the public detail page embeds it."""
    pending = services.listing_submit(listing=listing_for())
    on_sale = active_listing()
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - PRIVATE_MAX_AGE + 60)
    fresh_pending = preview_url(revision_id=pending.pk)
    monkeypatch.setattr(signing.time, "time", lambda: real() - PRIVATE_MAX_AGE - 60)
    old_pending = preview_url(revision_id=pending.pk)
    old_on_sale = preview_url(revision_id=on_sale.approved_revision_id)
    monkeypatch.setattr(signing.time, "time", real)
    assert _on_published_origin(client, fresh_pending).status_code == 200
    assert _on_published_origin(client, old_pending).status_code == 404
    assert _on_published_origin(client, old_on_sale).status_code == 200


@pytest.mark.django_db
def test_preview_is_served_from_the_published_origin(client, settings):
    settings.SITE_URL = "http://localhost:8000"
    listing = active_listing()
    url = preview_url(revision_id=listing.approved_revision_id)
    assert url.startswith("http://preview.pages.localhost:8000/")
    client.force_login(listing.seller)
    response = _on_published_origin(client, url)
    assert response.status_code == 200
    assert "Bánh mì Cô Ba" in response.content.decode()
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox;") and "script-src" not in csp
    assert "frame-ancestors http://localhost:8000" in csp
    assert "X-Frame-Options" not in response
    # The session cookie the browser might send is neither read nor refreshed there.
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert _on_published_origin(client, url, REQUEST_METHOD="POST").status_code == 404


@pytest.mark.django_db
def test_app_origin_no_longer_serves_snapshot_html(client):
    listing = active_listing()
    token = urlsplit(preview_url(revision_id=listing.approved_revision_id)).path.strip("/")
    client.force_login(listing.seller)
    for path in (f"/marketplace/preview/{token}/", f"/{token}"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Bánh mì Cô Ba" not in response.content.decode()


@pytest.mark.django_db
def test_detail_and_admin_frame_the_preview_from_the_published_origin(client):
    listing = active_listing()
    response = client.get(reverse("marketplace:detail", args=[listing.pk]))
    src = re.search(r'<iframe sandbox src="([^"]+)"', response.content.decode()).group(1)
    assert src == preview_url(revision_id=listing.approved_revision_id)
    assert urlsplit(src).netloc == "preview.pages.localhost:8000"


@pytest.mark.django_db
def test_listing_form_refuses_someone_elses_page(client):
    seller, other = UserFactory(), UserFactory()
    foreign = PageFactory(owner=other)
    client.force_login(seller)
    response = client.post(
        reverse("marketplace:new"),
        {"page": foreign.pk, "title": "x", "category": "food-drink", "price": 0},
    )
    assert response.status_code == 200
    assert not MarketplacePage.objects.exists()


@pytest.mark.django_db
def test_my_listings_requires_login(client):
    response = client.get(reverse("marketplace:my"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_admin_rejects_with_a_reason(client):
    listing = listing_for()
    services.listing_submit(listing=listing)
    staff = UserFactory(role="admin", is_superuser=True)
    client.force_login(staff)
    change = client.get(reverse("admin:marketplace_marketplacepage_change", args=[listing.pk]))
    assert b'data-testid="admin-preview"' in change.content
    src = re.search(r'<iframe sandbox src="([^"]+)"', change.content.decode()).group(1)
    assert urlsplit(src).netloc == "preview.pages.localhost:8000"
    review_url = reverse("admin:marketplace_review", args=[listing.pk])
    missing_reason = client.post(review_url, {"decision": "reject", "revision": 1})
    assert missing_reason.status_code == 200
    listing.refresh_from_db()
    assert listing.status == Status.PENDING
    client.post(
        review_url,
        {"decision": "reject", "reason": "rights", "note": "Photo from Getty", "revision": 1},
    )
    listing.refresh_from_db()
    assert listing.status == Status.REJECTED and listing.rejection_reason == "rights"


@pytest.mark.django_db
def test_admin_review_shows_the_script_buyers_would_get(client):
    # The preview runs no script, so the reviewer reads it here before approving (escaped).
    seller = UserFactory()
    listing = listing_for(
        seller, page=PageFactory(owner=seller, js_content="fetch('https://x/?'+1<2)")
    )
    services.listing_submit(listing=listing)
    client.force_login(UserFactory(role="admin", is_superuser=True))
    change = client.get(reverse("admin:marketplace_marketplacepage_change", args=[listing.pk]))
    shown = re.search(r'data-testid="admin-review-script">([^<]*)<', change.content.decode())
    assert shown and shown.group(1) == "fetch(&#x27;https://x/?&#x27;+1&lt;2)"


@pytest.mark.django_db
def test_admin_review_is_refused_to_non_staff(client):
    listing = listing_for()
    services.listing_submit(listing=listing)
    client.force_login(UserFactory())
    response = client.post(
        reverse("admin:marketplace_review", args=[listing.pk]),
        {"decision": "approve", "revision": 1},
    )
    assert response.status_code == 302 and "/admin/login/" in response.url
    listing.refresh_from_db()
    assert listing.status == Status.PENDING


@pytest.mark.django_db(transaction=True)
async def test_seller_gets_listing_reviewed_over_the_socket():
    seller = await sync_to_async(UserFactory)()
    other = await sync_to_async(UserFactory)()
    listing = await sync_to_async(listing_for)(seller)
    await sync_to_async(services.listing_submit)(listing=listing)
    sockets = []
    for user in (seller, other):
        token = await sync_to_async(lambda u=user: str(AccessToken.for_user(u)))()
        ws = WebsocketCommunicator(application, f"/ws/?token={token}")
        assert (await ws.connect())[0]
        sockets.append(ws)
    staff = await sync_to_async(UserFactory)(role="admin")
    await sync_to_async(services.listing_review)(
        listing=listing,
        reviewer=staff,
        approve=False,
        revision_number=1,
        reason="quality",
        note="Blurry images",
    )
    event = await sockets[0].receive_json_from()
    assert event["event"] == "listing:reviewed"
    assert event["data"]["id"] == listing.pk and event["data"]["status"] == "REJECTED"
    assert event["data"]["note"] == "Blurry images"
    assert await sockets[1].receive_nothing()
    for ws in sockets:
        await ws.disconnect()


@pytest.mark.browser
@pytest.mark.django_db
def test_screenshot_is_generated_from_the_snapshot_with_chromium(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    listing = listing_for()
    revision = services.listing_submit(listing=listing)
    assert listing_screenshot_generate_task.delay(revision.pk).get() == "generated"
    listing.refresh_from_db()
    shot = listing.main_screenshot
    assert shot.source == ListingScreenshot.Source.GENERATED
    assert (shot.width, shot.height) == (1280, 800)
    # Idempotent: a second run leaves the listing alone.
    assert listing_screenshot_generate_task.delay(revision.pk).get() == "has-screenshots"
    assert listing.screenshots.count() == 1


@pytest.mark.django_db
def test_browse_form_with_empty_price_inputs_searches_without_errors(client):
    """The form sends every input, the empty price ones too: they mean "no limit"."""
    active_listing(title="Bánh mì landing")
    response = client.get(
        reverse("marketplace:browse"),
        {"search": "banh mi", "category": "", "sort": "newest", "min_price": "", "max_price": ""},
    )
    page = response.content.decode()
    assert 'data-testid="filter-errors"' not in page and "Bánh mì landing" in page
