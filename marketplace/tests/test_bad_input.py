"""Bad input against the marketplace API (rows of the bad-input catalogue,
tests/SECURITY.md): ignored or refused in the envelope, and nothing changes."""

import socket
import threading

import pytest
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from marketplace import services
from marketplace.models import MarketplacePage
from marketplace.tasks import listing_screenshot_generate_task

from .factories import CategoryFactory, active_listing, listing_for

pytestmark = pytest.mark.django_db
Status = MarketplacePage.Status


def test_listing_patch_ignores_status_seller_and_counters(auth_client, user, other_user):
    listing = listing_for(user)
    response = auth_client.patch(
        f"/api/marketplace/{listing.pk}",
        {
            "title": "Renamed",
            "status": "active",
            "seller": other_user.pk,
            "seller_id": other_user.pk,
            "sold_count": 1000,
            "likes": 1000,
            "views": 1000,
            "approved_at": "2020-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    listing.refresh_from_db()
    assert listing.title == "Renamed"
    assert listing.status == Status.DRAFT and listing.approved_at is None
    assert listing.seller_id == user.pk
    assert (listing.sold_count, listing.likes, listing.views) == (0, 0, 0)


def test_repeated_filter_parameters_take_the_last_value(api_client):
    food, spa = CategoryFactory(slug="food"), CategoryFactory(slug="spa")
    active_listing(category=food)
    in_spa = active_listing(category=spa)
    response = api_client.get("/api/marketplace?category=food&category=spa")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [in_spa.pk]


@pytest.mark.parametrize("pk", ["999999", str(2**31), str(2**63), str(10**30)])
def test_unknown_and_out_of_range_listing_ids_are_404(api_client, auth_client, pk):
    draft = listing_for()  # exists, but is nobody's business
    expected = api_client.get(f"/api/marketplace/{draft.pk}")
    assert expected.status_code == 404
    response = api_client.get(f"/api/marketplace/{pk}")
    assert response.status_code == 404
    assert response.json() == expected.json()
    assert auth_client.post(f"/api/marketplace/{pk}/like").status_code == 404


@pytest.mark.slow  # Chromium renders the page
def test_screenshot_renderer_fetches_nothing_from_the_network(settings, tmp_path):
    """SSRF: the server-side Chromium renders seller HTML/CSS; every URL in it, here one on
    the server's own loopback (an internal service), is never requested."""
    settings.MEDIA_ROOT = tmp_path
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    hits: list[bytes] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            hits.append(conn.recv(200))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    internal = f"http://127.0.0.1:{port}"
    listing = listing_for()
    revision = services.listing_submit(listing=listing)
    revision.html_content = (
        f'<img src="{internal}/img"><link rel="stylesheet" href="{internal}/css">'
        f'<iframe src="{internal}/frame"></iframe><script src="{internal}/js"></script>'
        f'<iframe src="file:///etc/passwd"></iframe><img src="//127.0.0.1:{port}/rel">'
    )
    revision.css_content = f"body{{background:url({internal}/bg)}}@import url({internal}/imp);"
    revision.save()
    try:
        assert listing_screenshot_generate_task.delay(revision.pk).get() == "generated"
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()
    assert hits == []
    assert listing.screenshots.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "user"])
def test_enumerating_ids_is_throttled(api_client, auth_client, monkeypatch, who):
    """The global DRF throttles (300/min anonymous, 1200/min per user in production) stop an
    id walk; lowered here so the test sends a dozen requests, not hundreds."""
    monkeypatch.setattr(AnonRateThrottle, "rate", "10/min", raising=False)
    monkeypatch.setattr(UserRateThrottle, "rate", "10/min", raising=False)
    client = api_client if who == "anonymous" else auth_client
    statuses = [client.get(f"/api/marketplace/{pk}").status_code for pk in range(1, 13)]
    assert statuses[:10] == [404] * 10
    assert statuses[10:] == [429, 429]
    error = client.get("/api/marketplace/13").json()["error"]
    assert error["code"] == "throttled" and error["details"]["retry_after"] > 0
