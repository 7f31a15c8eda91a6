"""Snapshots and relisting (issue 12): a snapshot copies only the seller's own uploads, and a
bought template's copy cannot be put on sale again."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.tests.factories import UserFactory
from marketplace import services
from marketplace.exceptions import ListingStateError
from marketplace.models import MarketplacePage
from orders import services as order_services
from orders.models import Order
from pages.models import Page, PageAsset
from pages.tests.factories import PageFactory

from .factories import CategoryFactory, active_listing, listing_for

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _asset(page: Page, name: str = "photo.png") -> PageAsset:
    asset = PageAsset(page=page, name=name, content_type="image/png", size=9)
    asset.file.save(name, ContentFile(b"png-bytes"), save=False)
    asset.save()
    return asset


def _stored_under(prefix: str) -> list[str]:
    try:
        dirs, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return []
    return files + [f for d in dirs for f in _stored_under(f"{prefix}/{d}")]


def _deliver(listing: MarketplacePage, buyer) -> Order:
    order, _ = order_services.order_create(
        buyer=buyer, listing_id=listing.pk, payment_method="momo"
    )
    return order_services.order_deliver(
        order_id=order.order_id, amount=order.amount, transaction_id=f"T-{order.pk}"
    )


def test_a_snapshot_copies_the_sellers_uploads_and_never_someone_elses_file():
    victim, seller = UserFactory(), UserFactory()
    victims = _asset(PageFactory(owner=victim), "secret-design.png").file.name
    paid = "marketplace/999/r1/assets/paid-template.png"  # another listing's sold file
    default_storage.save(paid, ContentFile(b"paid"))
    page = PageFactory(owner=seller)
    own = _asset(page, "hero.png").file.name
    page.html_content = f'<img src="/media/{own}"><img src="/media/{victims}">'
    page.css_content = f"body{{background:url(/media/{paid})}}"
    page.project_data = {"assets": [{"src": f"/media/{victims}"}, {"src": f"/media/{paid}"}]}
    page.save()

    revision = services.listing_submit(listing=listing_for(seller, page=page))

    assert [a["name"] for a in revision.assets] == ["hero.png"]
    copies = _stored_under(f"marketplace/{revision.listing_id}")
    assert copies == ["hero.png"]  # nothing of the victim's, nothing of the paid listing's
    assert f"/media/{own}" not in revision.html_content  # the seller's own file was copied
    assert f"/media/{victims}" in revision.html_content  # left as a plain reference


def test_a_buyers_copy_copies_only_the_files_the_snapshot_made():
    victim, seller, buyer = UserFactory(), UserFactory(), UserFactory()
    victims = _asset(PageFactory(owner=victim), "secret-design.png").file.name
    page = PageFactory(owner=seller, html_content=f'<img src="/media/{victims}">')
    order = _deliver(active_listing(seller, page=page), buyer)
    assert _stored_under(f"pages/{buyer.pk}/purchases/{order.order_id}") == []
    assert f"/media/{victims}" in order.page.html_content  # not copied into the buyer's files


def test_a_bought_copy_cannot_be_listed_409_in_the_users_language(auth_client, user):
    copy = _deliver(active_listing(price=99_000), user).page
    assert copy.origin == Page.Origin.PURCHASE
    category = CategoryFactory(slug="food-drink")
    body = {"page_id": copy.pk, "title": "Resold", "category": category.slug, "price": 50_000}
    response = auth_client.post("/api/marketplace", body, format="json", **VI)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "purchased_copy"
    assert error["message"].startswith("Bạn đã mua trang này như một mẫu")
    assert error["details"]["fields"]["page_id"] == [error["message"]]
    assert not MarketplacePage.objects.filter(seller=user).exists()


def test_the_sell_page_explains_why_a_bought_copy_is_not_offered(client, user):
    copy = _deliver(active_listing(price=99_000), user).page
    built = PageFactory(owner=user, title="My own page")
    client.force_login(user)
    content = client.get(f"/marketplace/new/?page={copy.pk}", **VI).content.decode()
    assert 'data-testid="purchased-not-listable"' in content
    assert "không được bán lại" in content
    assert f'<option value="{built.pk}"' in content
    assert f'<option value="{copy.pk}"' not in content
    category = CategoryFactory(slug="food-drink")
    form = {"page": copy.pk, "title": "x", "category": category.slug, "price": 0, "tags": ""}
    assert client.post("/marketplace/new/", form).status_code == 200  # the form refuses it
    assert not MarketplacePage.objects.filter(seller=user).exists()


def test_a_listing_of_a_copy_made_before_the_fix_cannot_be_submitted():
    buyer = UserFactory()
    copy = _deliver(active_listing(price=99_000), buyer).page
    Page.objects.filter(pk=copy.pk).update(origin=Page.Origin.BUILT)
    listing = listing_for(buyer, page=copy)  # as it could be made before the fix
    migration = importlib.import_module("orders.migrations.0005_mark_purchased_page_copies")
    migration.mark(apps, None)  # the data migration recognises it by its order
    copy.refresh_from_db()
    assert copy.origin == Page.Origin.PURCHASE
    with pytest.raises(ListingStateError) as exc:
        services.listing_submit(listing=listing)
    assert exc.value.code == "purchased_copy"
    assert not listing.revisions.exists()
