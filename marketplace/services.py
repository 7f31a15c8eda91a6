"""Writes for the marketplace: listings, their review workflow, screenshots and likes."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import email_verified_require
from landinghub.counters import counter_drain, counter_hit
from landinghub.exceptions import NotFound
from landinghub.realtime.events import send_to_user_on_commit
from landinghub.tasks import enqueue_on_commit
from pages.models import Page

from . import listcache, tasks
from .exceptions import (
    ALREADY_SUBMITTED,
    PAGE_MISSING,
    PURCHASED_COPY,
    REVISION_CHANGED,
    ListingStateError,
    TooManyScreenshots,
)
from .images import image_validate_and_encode
from .models import (
    Category,
    ListingLike,
    ListingRevision,
    ListingScreenshot,
    MarketplacePage,
    RejectionReason,
    Tag,
)
from .search import search_text_build
from .snapshots import Snapshot, content_copy, page_snapshot

MAX_SCREENSHOTS = 7  # the main one and up to 6 more
Status = MarketplacePage.Status


@dataclass(frozen=True)
class ListingFields:
    title: str
    description: str
    category: Category
    price: int
    tags: list[str]


def _tags_get_or_create(names: list[str]) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip().lower() for n in names if n.strip()):
        tag, _created = Tag.objects.get_or_create(name=name)
        tags.append(tag)
    return tags


def _search_text(listing: MarketplacePage, tags: list[Tag]) -> str:
    category = listing.category
    words = [category.name_vi, category.name_en]
    for tag in tags:
        words.extend(tag.search_words())
    return search_text_build(title=listing.title, description=listing.description, words=words)


def _apply_fields(listing: MarketplacePage, fields: ListingFields) -> None:
    listing.title = fields.title
    listing.description = fields.description
    listing.category = fields.category
    listing.price = fields.price
    tags = _tags_get_or_create(fields.tags)
    listing.search_text = _search_text(listing, tags)
    listing.save()
    listing.tags.set(tags)


def listing_search_text_refresh(*, listings: QuerySet[MarketplacePage]) -> int:
    """Rebuilds the search text of ``listings`` (after a category or tag is renamed)."""
    count = 0
    for listing in listings.select_related("category").prefetch_related("tags"):
        text = _search_text(listing, list(listing.tags.all()))
        if text != listing.search_text:
            MarketplacePage.objects.filter(pk=listing.pk).update(search_text=text)
            count += 1
    if count:
        listcache.public_list_changed()
    return count


def _lock(listing: MarketplacePage) -> MarketplacePage:
    return MarketplacePage.objects.select_for_update().get(pk=listing.pk)


@transaction.atomic
def listing_create(*, seller: User, page_id: int, fields: ListingFields) -> MarketplacePage:
    email_verified_require(user=seller)
    page = Page.objects.filter(pk=page_id, owner=seller).first()
    if page is None:
        raise NotFound(
            _("Page not found."), details={"fields": {"page_id": [_("Page not found.")]}}
        )
    _not_a_purchased_copy(page)
    listing = MarketplacePage(page=page, seller=seller, status=Status.DRAFT)
    _apply_fields(listing, fields)
    return listing


def _not_a_purchased_copy(page: Page) -> None:
    if page.origin == Page.Origin.PURCHASE:
        message = _(
            "You bought this page as a template: its licence lets you use it, not sell it "
            "again. List a page you built yourself."
        )
        raise ListingStateError(
            message, code=PURCHASED_COPY, details={"fields": {"page_id": [message]}}
        )


def _revision_freeze(listing: MarketplacePage, fields: ListingFields) -> ListingRevision:
    """Freeze the page as it is now, with the listing text, as the one pending revision."""
    if listing.page is None:
        raise ListingStateError(
            _("The page behind this listing was deleted; list another page."), code=PAGE_MISSING
        )
    _not_a_purchased_copy(listing.page)  # a listing made before copies were marked
    listing.revisions.filter(status=ListingRevision.Status.PENDING).update(
        status=ListingRevision.Status.SUPERSEDED
    )
    last = listing.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    snapshot = page_snapshot(page=listing.page, prefix=f"marketplace/{listing.pk}/r{last + 1}")
    return ListingRevision.objects.create(
        listing=listing,
        number=last + 1,
        title=fields.title,
        description=fields.description,
        category=fields.category,
        price=fields.price,
        tags=fields.tags,
        project_data=snapshot.project_data,
        html_content=snapshot.html_content,
        css_content=snapshot.css_content,
        js_content=snapshot.js_content,
        assets=snapshot.assets,
    )


def _fields_of(listing: MarketplacePage) -> ListingFields:
    return ListingFields(
        title=listing.title,
        description=listing.description,
        category=listing.category,
        price=listing.price,
        tags=[t.name for t in listing.tags.all()],
    )


@transaction.atomic
def listing_update(*, listing: MarketplacePage, fields: ListingFields) -> MarketplacePage:
    """DRAFT/REJECTED listings change in place. An ACTIVE listing keeps selling what was
    approved: the change becomes a new pending revision (with a fresh snapshot of the page)."""
    listing = _lock(listing)
    if listing.status == Status.ARCHIVED:
        raise ListingStateError(_("An archived listing cannot be edited."))
    if listing.status == Status.ACTIVE:
        _revision_freeze(listing, fields)
        return listing
    _apply_fields(listing, fields)
    if listing.status == Status.PENDING:
        _revision_freeze(listing, fields)
    return listing


@transaction.atomic
def listing_submit(*, listing: MarketplacePage) -> ListingRevision:
    """Idempotency: a listing with a revision already waiting answers 409, never a second one."""
    listing = _lock(listing)
    email_verified_require(user=listing.seller)
    if listing.revisions.filter(status=ListingRevision.Status.PENDING).exists():
        raise ListingStateError(
            _("This listing is already waiting for review."), code=ALREADY_SUBMITTED
        )
    if listing.status == Status.ARCHIVED:
        raise ListingStateError(_("An archived listing cannot be submitted."))
    revision = _revision_freeze(listing, _fields_of(listing))
    if settings.MARKETPLACE_AUTO_SCREENSHOTS and not listing.screenshots.exists():
        enqueue_on_commit(tasks.listing_screenshot_generate_task, revision.pk)
    if listing.status != Status.ACTIVE:
        listing.status = Status.PENDING
        listing.rejection_reason = ""
        listing.rejection_note = ""
        listing.save(update_fields=["status", "rejection_reason", "rejection_note", "updated_at"])
    return revision


def _revision_approve(listing: MarketplacePage, revision: ListingRevision) -> None:
    listing.revisions.filter(status=ListingRevision.Status.APPROVED).update(
        status=ListingRevision.Status.SUPERSEDED
    )
    revision.status = ListingRevision.Status.APPROVED
    revision.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    fields = ListingFields(
        title=revision.title,
        description=revision.description,
        category=revision.category,
        price=revision.price,
        tags=list(revision.tags),
    )
    listing.status = Status.ACTIVE
    listing.approved_revision = revision
    listing.rejection_reason = ""
    listing.rejection_note = ""
    listing.approved_at = listing.approved_at or timezone.now()
    _apply_fields(listing, fields)
    listcache.public_list_changed()


@transaction.atomic
def listing_review(
    *,
    listing: MarketplacePage,
    reviewer: User,
    approve: bool,
    revision_number: int,
    reason: str = "",
    note: str = "",
) -> MarketplacePage:
    """``revision_number`` is the pending revision the reviewer judged. Under the listing's lock
    it must still be the pending one: a seller who edits (content or price) after the review
    page was opened makes a new revision, and the decision is refused rather than applied to
    a version nobody saw."""
    listing = _lock(listing)
    revision = listing.revisions.filter(status=ListingRevision.Status.PENDING).first()
    if revision is None:
        raise ListingStateError(
            _("Nothing is waiting for review on this listing any more."),
            code=REVISION_CHANGED,
            details={"revision": None},
        )
    if revision.number != revision_number:
        raise ListingStateError(
            _(
                "The seller changed this listing after you opened it: revision %(number)d is "
                "now waiting. Review it again."
            )
            % {"number": revision.number},
            code=REVISION_CHANGED,
            details={"revision": revision.number},
        )
    revision.reviewed_by = reviewer
    revision.reviewed_at = timezone.now()
    if approve:
        _revision_approve(listing, revision)
    else:
        revision.status = ListingRevision.Status.REJECTED
        revision.rejection_reason = reason or RejectionReason.OTHER
        revision.rejection_note = note
        revision.save()
        if listing.status != Status.ACTIVE:
            listing.status = Status.REJECTED
            listing.rejection_reason = revision.rejection_reason
            listing.rejection_note = note
            listing.save(
                update_fields=["status", "rejection_reason", "rejection_note", "updated_at"]
            )
    send_to_user_on_commit(
        listing.seller_id,
        "listing:reviewed",
        {
            "id": listing.pk,
            "title": listing.title,
            "status": listing.status,
            "decision": "approve" if approve else "reject",
            "revision": revision.number,
            "reason": revision.get_rejection_reason_display() if not approve else "",
            "note": note if not approve else "",
        },
    )
    return listing


@transaction.atomic
def listing_withdraw(*, listing: MarketplacePage) -> bool:
    """Deletes a listing nobody bought; one with orders is archived instead (orders keep
    pointing at what was sold). Returns True if it was deleted."""
    listing = _lock(listing)
    if listing.status == Status.ACTIVE:
        listcache.public_list_changed()
    try:
        with transaction.atomic():
            listing.delete()
    except ProtectedError:
        listing.status = Status.ARCHIVED
        listing.save(update_fields=["status", "updated_at"])
        return False
    return True


@transaction.atomic
def listing_like_toggle(*, listing: MarketplacePage, user: User) -> tuple[bool, int]:
    """The listing row is locked while the like is toggled and the count recomputed from the
    likes themselves, so concurrent toggles can never leave the counter off."""
    listing = _lock(listing)
    deleted, _counts = ListingLike.objects.filter(listing=listing, user=user).delete()
    if not deleted:
        try:
            with transaction.atomic():
                ListingLike.objects.create(listing=listing, user=user)
        except IntegrityError:
            pass
    listing.likes = ListingLike.objects.filter(listing=listing).count()
    listing.save(update_fields=["likes"])
    return not deleted, listing.likes


@transaction.atomic
def screenshot_add(
    *, listing: MarketplacePage, data: bytes, source: str = ListingScreenshot.Source.UPLOADED
) -> ListingScreenshot:
    encoded = image_validate_and_encode(data=data, stem="shot")
    listing = _lock(listing)
    count = listing.screenshots.count()
    if count >= MAX_SCREENSHOTS:
        raise TooManyScreenshots(
            _("A listing has at most %(n)d screenshots.") % {"n": MAX_SCREENSHOTS}
        )
    shot = ListingScreenshot(listing=listing, position=count, source=source)
    shot.image.save(encoded.image.name, encoded.image, save=False)
    shot.thumbnail.save(encoded.thumbnail.name, encoded.thumbnail, save=False)
    shot.save()
    main = listing.main_screenshot
    if main is None or main.source == ListingScreenshot.Source.GENERATED:
        listing.main_screenshot = shot
        listing.save(update_fields=["main_screenshot", "updated_at"])
        listcache.public_list_changed()
    return shot


@transaction.atomic
def screenshot_delete(*, listing: MarketplacePage, screenshot_id: int) -> None:
    listing = _lock(listing)
    shot = listing.screenshots.filter(pk=screenshot_id).first()
    if shot is None:
        raise NotFound(_("Screenshot not found."))
    files = [shot.image, shot.thumbnail]
    shot.delete()
    if listing.main_screenshot_id == screenshot_id or listing.main_screenshot_id is None:
        listing.main_screenshot = listing.screenshots.order_by("position", "id").first()
        listing.save(update_fields=["main_screenshot", "updated_at"])
        listcache.public_list_changed()
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files if f.name])


def revision_content_copy(*, revision: ListingRevision, prefix: str) -> Snapshot:
    """A buyer's own copy of what was sold: the frozen content with its files copied again,
    so that nothing the buyer edits or deletes touches the listing (or other buyers)."""
    return content_copy(
        project_data=revision.project_data,
        html_content=revision.html_content,
        css_content=revision.css_content,
        js_content=revision.js_content,
        prefix=prefix,
        allowed_keys={asset["path"] for asset in revision.assets or []},
    )


@transaction.atomic
def listing_record_sale(*, listing_id: int) -> None:
    MarketplacePage.objects.filter(pk=listing_id).update(sold_count=F("sold_count") + 1)


def _views_key(listing_id: int) -> str:
    return f"marketplace:views:{listing_id}"


def listing_view_hit(*, listing_id: int) -> None:
    """Counted in the cache; ``listing_views_flush`` moves the counts into the database."""
    counter_hit(_views_key(listing_id))


def _views_add(listing_id: int, count: int) -> None:
    MarketplacePage.objects.filter(pk=listing_id).update(views=F("views") + count)


def listing_views_flush() -> int:
    ids = MarketplacePage.objects.filter(status=Status.ACTIVE).values_list("id", flat=True)
    moved = 0
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        moved += counter_drain({_views_key(i): i for i in chunk}, _views_add)
    return moved
