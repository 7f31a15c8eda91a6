"""A review applies to the revision the reviewer judged, or to nothing (issue 12, item 3)."""

import re

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from marketplace import services
from marketplace.models import ListingRevision, MarketplacePage

from .factories import active_listing, listing_for

pytestmark = pytest.mark.django_db
Status = MarketplacePage.Status


def _bait(listing: MarketplacePage, *, title="Switched", price=2_000_000) -> None:
    """The seller changes the text and the price after the reviewer opened the review."""
    listing.page.html_content = "<h1>Something else entirely</h1>"
    listing.page.save()
    services.listing_update(
        listing=listing,
        fields=services.ListingFields(
            title=title, description="", category=listing.category, price=price, tags=[]
        ),
    )


def test_api_approve_of_a_revision_that_changed_is_409_and_nothing_goes_on_sale(
    api_client, admin_client_api
):
    listing = active_listing(price=100_000)
    revision = services.listing_submit(listing=listing)  # r2: same content, waiting
    seen = admin_client_api.get(f"/api/marketplace/{listing.pk}").json()
    assert seen["pending_revision"]["number"] == revision.number == 2
    assert seen["pending_revision"]["price"] == 100_000
    _bait(listing)  # r3: new text, 2,000,000 ₫, new page content

    response = admin_client_api.post(
        f"/api/marketplace/{listing.pk}/review",
        {"decision": "approve", "revision": 2},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["code"] == "revision_changed"
    assert error["details"] == {"revision": 3}
    assert "changed this listing" in error["message"]
    public = api_client.get(f"/api/marketplace/{listing.pk}").json()
    assert (public["title"], public["price"]) == ("Bánh mì landing", 100_000)
    listing.refresh_from_db()
    assert listing.approved_revision.number == 1
    assert listing.revisions.get(number=3).status == ListingRevision.Status.PENDING


def test_api_approve_of_a_first_submission_edited_meanwhile_is_409_in_vietnamese(
    admin_client_api,
):
    listing = listing_for(price=100_000)
    services.listing_submit(listing=listing)
    _bait(listing)  # a PENDING listing's edit supersedes r1 with r2
    response = admin_client_api.post(
        f"/api/marketplace/{listing.pk}/review",
        {"decision": "approve", "revision": 1},
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "revision_changed"
    assert "người bán" in response.json()["error"]["message"].lower()
    listing.refresh_from_db()
    assert listing.status == Status.PENDING and listing.approved_revision is None
    # Judged again, the new revision can be approved, at the price the reviewer saw.
    ok = admin_client_api.post(
        f"/api/marketplace/{listing.pk}/review",
        {"decision": "approve", "revision": 2},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["price"] == 2_000_000


def test_api_review_without_a_revision_is_a_400_field_error(admin_client_api):
    listing = listing_for()
    services.listing_submit(listing=listing)
    response = admin_client_api.post(
        f"/api/marketplace/{listing.pk}/review", {"decision": "approve"}, format="json"
    )
    assert response.status_code == 400
    assert "revision" in response.json()["error"]["details"]["fields"]
    listing.refresh_from_db()
    assert listing.status == Status.PENDING


def test_api_review_after_another_moderator_decided_is_409(admin_client_api):
    listing = listing_for()
    services.listing_submit(listing=listing)
    body = {"decision": "approve", "revision": 1}
    assert admin_client_api.post(f"/api/marketplace/{listing.pk}/review", body).status_code == 200
    again = admin_client_api.post(
        f"/api/marketplace/{listing.pk}/review",
        {"decision": "reject", "reason": "rights", "revision": 1},
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "revision_changed"
    listing.refresh_from_db()
    assert listing.status == Status.ACTIVE


def test_admin_form_approve_after_the_seller_changed_the_price_applies_nothing(client):
    listing = active_listing(price=100_000)
    services.listing_submit(listing=listing)
    client.force_login(UserFactory(role="admin", is_superuser=True))
    change = client.get(reverse("admin:marketplace_marketplacepage_change", args=[listing.pk]))
    hidden = re.search(
        r'<input type="hidden" name="revision" value="(\d+)"', change.content.decode()
    )
    assert hidden and hidden.group(1) == "2"
    _bait(listing)

    response = client.post(
        reverse("admin:marketplace_review", args=[listing.pk]),
        {"decision": "approve", "revision": hidden.group(1)},
        follow=True,
    )
    assert "revision 3" in response.content.decode().lower() or "bản 3" in (
        response.content.decode().lower()
    )
    listing.refresh_from_db()
    assert (listing.title, listing.price) == ("Bánh mì landing", 100_000)
    assert listing.approved_revision.number == 1
    assert listing.revisions.get(number=3).status == ListingRevision.Status.PENDING


def test_admin_form_without_the_revision_applies_nothing(client):
    listing = listing_for()
    services.listing_submit(listing=listing)
    client.force_login(UserFactory(role="admin", is_superuser=True))
    response = client.post(
        reverse("admin:marketplace_review", args=[listing.pk]), {"decision": "approve"}
    )
    assert response.status_code == 200  # the form again, with its error
    listing.refresh_from_db()
    assert listing.status == Status.PENDING
