import threading

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from accounts.tests.factories import UserFactory
from landinghub.realtime import events as events_module
from marketplace import services
from marketplace.models import ListingLike, ListingRevision, MarketplacePage
from marketplace.search import fold, search_words
from pages.models import PageAsset
from pages.tests.factories import PageFactory

from .factories import active_listing, listing_for

Status = MarketplacePage.Status


@pytest.mark.django_db
def test_review_notifies_the_seller_after_commit(django_capture_on_commit_callbacks):
    listing = listing_for()
    revision = services.listing_submit(listing=listing)
    with django_capture_on_commit_callbacks() as callbacks:
        services.listing_review(
            listing=listing,
            reviewer=UserFactory(role="admin"),
            approve=False,
            revision_number=revision.number,
            reason="rights",
        )
    events = [c for c in callbacks if getattr(c, "func", None) is events_module.send_to_user]
    assert len(events) == 1
    assert events[0].args[1] == "listing:reviewed"


@pytest.mark.django_db
def test_approving_a_new_revision_supersedes_the_old_one():
    listing = active_listing(price=100_000)
    first = listing.approved_revision
    services.listing_update(
        listing=listing,
        fields=services.ListingFields(
            title="v2", description="", category=listing.category, price=120_000, tags=[]
        ),
    )
    listing = services.listing_review(
        listing=listing, reviewer=UserFactory(role="admin"), approve=True, revision_number=2
    )
    first.refresh_from_db()
    assert first.status == ListingRevision.Status.SUPERSEDED
    assert listing.title == "v2" and listing.price == 120_000 and listing.status == Status.ACTIVE


@pytest.mark.django_db
def test_rejecting_a_revision_of_an_active_listing_keeps_it_on_sale():
    listing = active_listing()
    revision = services.listing_submit(listing=listing)
    listing = services.listing_review(
        listing=listing,
        reviewer=UserFactory(role="admin"),
        approve=False,
        revision_number=revision.number,
        reason="quality",
    )
    assert listing.status == Status.ACTIVE
    assert listing.revisions.first().status == ListingRevision.Status.REJECTED


@pytest.mark.django_db
def test_snapshot_copies_stored_assets_and_rewrites_their_urls(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seller = UserFactory()
    page = PageFactory(owner=seller)
    asset = PageAsset(page=page, name="hero.png", content_type="image/png", size=9)
    asset.file.save("hero.png", ContentFile(b"png-bytes"))
    key = asset.file.name
    page.html_content = f'<img src="/media/{key}"><img src="https://cdn.example/x.png">'
    page.save()
    listing = listing_for(seller, page=page)
    revision = services.listing_submit(listing=listing)
    assert len(revision.assets) == 1
    copy = revision.assets[0]["path"]
    assert copy.startswith(f"marketplace/{listing.pk}/r1/assets/")
    assert f'src="/media/{copy}"' in revision.html_content
    assert "https://cdn.example/x.png" in revision.html_content
    default_storage.delete(key)  # the seller deletes the original: the snapshot keeps its copy
    assert default_storage.exists(copy)


def test_fold_removes_vietnamese_diacritics():
    assert fold("Bánh Mì Đà Nẵng") == "banh mi da nang"
    assert search_words("phở & bò | :*") == ["pho", "bo"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_likes_keep_the_count_exact():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    listing = active_listing()
    users = UserFactory.create_batch(8)
    barrier = threading.Barrier(len(users))
    errors = []

    def toggle(user):
        try:
            barrier.wait()
            services.listing_like_toggle(listing=listing, user=user)
        except Exception as exc:  # pragma: no cover - surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=toggle, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    listing.refresh_from_db()
    assert listing.likes == ListingLike.objects.filter(listing=listing).count() == 8


@pytest.mark.django_db
def test_views_are_counted_in_the_cache_and_flushed(client):
    listing = active_listing()
    url = f"/api/marketplace/{listing.pk}"
    for _ in range(3):
        client.get(url)
    client.get(f"/marketplace/{listing.pk}/")
    listing.refresh_from_db()
    assert listing.views == 0  # nothing written on the hot path
    assert services.listing_views_flush() == 4
    assert services.listing_views_flush() == 0
    listing.refresh_from_db()
    assert listing.views == 4


@pytest.mark.django_db
def test_a_failed_flush_puts_the_counts_back(monkeypatch):
    listing = active_listing()
    services.listing_view_hit(listing_id=listing.pk)

    def broken(listing_id, count):
        raise RuntimeError("database down")

    monkeypatch.setattr(services, "_views_add", broken)
    with pytest.raises(RuntimeError):
        services.listing_views_flush()
    monkeypatch.undo()
    assert services.listing_views_flush() == 1
