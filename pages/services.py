"""Writes for pages: create/update/delete, publish/unpublish, images and leads.

Every write of content sanitises it (``pages.content.sanitize``). Publishing is asynchronous:
``page_publish`` marks the page pending and enqueues ``page_publish_task`` after commit; the
task calls ``page_version_publish``, which writes a new versioned document and only then points
the page at it (see ``pages.publishing``).
"""

import json
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import email_verified_require
from landinghub.exceptions import PAYLOAD_TOO_LARGE, ApplicationError
from landinghub.realtime.events import send_to_user_on_commit
from landinghub.tasks import enqueue, enqueue_on_commit
from pages.exceptions import PAGE_EMPTY

from .content import sanitize
from .content.slugs import slug_check, slug_from_title
from .content.starters import starter_content
from .leads import emails as lead_emails
from .limits import publish_limit_check
from .models import Lead, Page
from .publishing import storage
from .serving.hosts import page_url
from .serving.sitecache import hosts_forget_on_commit
from .tasks import lead_email_send_task, page_cdn_withdraw_task, page_publish_task

logger = logging.getLogger(__name__)

MAX_LEAD_FIELDS = 30
MAX_LEAD_VALUE = 2000
CONTENT_FIELDS = ("html_content", "css_content", "js_content", "project_data")
EDITABLE = (
    "title", "slug", "seo_title", "seo_description", "social_image", "notify_leads_by_email",
    "language", *CONTENT_FIELDS,
)  # fmt: skip


def _size_check(project_data: Any) -> None:
    size = len(json.dumps(project_data, separators=(",", ":")).encode())
    limit = settings.PAGES_MAX_PROJECT_BYTES
    if size > limit:
        raise ApplicationError(
            _(
                "The page is too large (%(size)s KB; the limit is %(limit)s KB). "
                "Upload images instead of pasting them."
            )
            % {"size": size // 1024, "limit": limit // 1024},
            code=PAYLOAD_TOO_LARGE,
            status=413,
            details={"size": size, "limit": limit},
        )


def _cdn_withdraw_on_commit(slug: str) -> None:
    if settings.CLOUDFRONT_DISTRIBUTION_ID:
        enqueue_on_commit(page_cdn_withdraw_task, slug)


def _clean_content(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(fields)
    if "project_data" in cleaned:
        _size_check(cleaned["project_data"])
        cleaned["project_data"] = sanitize.project_clean(cleaned["project_data"] or {})
    if "html_content" in cleaned:
        cleaned["html_content"] = sanitize.html_clean(cleaned["html_content"] or "")
    if "css_content" in cleaned:
        cleaned["css_content"] = sanitize.css_clean(cleaned["css_content"] or "")
    return cleaned


@transaction.atomic
def page_create(*, owner: User, title: str, slug: str = "", template: str = "", **fields) -> Page:
    slug = slug_check(slug) if slug else slug_from_title(title)
    if template:
        fields = {**starter_content(template, fields.get("language") or "vi"), **fields}
    page = Page(owner=owner, title=title.strip(), slug=slug)
    for name, value in _clean_content(fields).items():
        if name in EDITABLE:
            setattr(page, name, value)
    page.url = page_url(slug)
    page.save()
    return page


def page_copy_create(
    *, owner_id: int, title: str, slug: str, origin: str, content: dict[str, Any]
) -> Page:
    """A page made from content that was already cleaned where it came from (a bought
    template's approved revision, its images copied under the new owner): stored as is."""
    return Page.objects.create(
        owner_id=owner_id,
        title=title,
        slug=slug,
        origin=origin,
        **{name: content[name] for name in ("html_content", "css_content", "project_data")},
    )


@transaction.atomic
def page_update(*, page: Page, **fields) -> Page:
    page = Page.objects.select_for_update().get(pk=page.pk)
    fields = {k: v for k, v in fields.items() if k in EDITABLE}
    old_slug = page.slug
    if "slug" in fields and fields["slug"] != page.slug:
        slug_check(fields["slug"], page=page)
    for name, value in _clean_content(fields).items():
        setattr(page, name, value)
    page.url = page_url(page.slug)
    page.save()
    if page.slug != old_slug:
        hosts_forget_on_commit(page, slug=old_slug)
        _cdn_withdraw_on_commit(old_slug)
    return page


@transaction.atomic
def page_delete(*, page: Page) -> None:
    hosts_forget_on_commit(page)
    key = page.published_key
    _cdn_withdraw_on_commit(page.slug)
    page.delete()
    if key:
        transaction.on_commit(lambda: storage.document_delete(key))


@transaction.atomic
def page_publish(*, page: Page) -> Page:
    """Ask for the page to be published: checks, marks it ``pending`` and enqueues
    ``page_publish_task`` after commit (``POST /api/pages/:id/deploy``, the builder's button)."""
    page = Page.objects.select_for_update().get(pk=page.pk)
    email_verified_require(user=page.owner)  # unverified accounts build, but do not publish
    if not (page.html_content.strip() or page.project_data):
        raise ApplicationError(_("Add some content before publishing."), code=PAGE_EMPTY)
    publish_limit_check(page=page)
    page.deploy_status = Page.DeployStatus.PENDING
    page.deploy_error = ""
    page.save(update_fields=["deploy_status", "deploy_error", "updated_at"])
    enqueue_on_commit(page_publish_task, page.pk)
    return page


@transaction.atomic
def page_unpublish(*, page: Page) -> Page:
    page = Page.objects.select_for_update().get(pk=page.pk)
    page.status, page.deployed = Page.Status.DRAFT, False
    page.deploy_status = Page.DeployStatus.NONE
    page.save()
    hosts_forget_on_commit(page)
    _cdn_withdraw_on_commit(page.slug)
    return page


def _lead_fields(fields: dict[str, list[str]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, values in list(fields.items())[:MAX_LEAD_FIELDS]:
        name = str(name)[:100]
        if not name or name.startswith("csrf"):
            continue
        values = [str(v).replace("\x00", "")[:MAX_LEAD_VALUE] for v in values]
        data[name] = values[0] if len(values) == 1 else values
    return data


@transaction.atomic
def lead_create(
    *,
    page_id: int,
    fields: dict[str, list[str]],
    ip_address: str | None,
    user_agent: str = "",
    referrer: str = "",
) -> Lead:
    page = Page.objects.only("id", "owner_id", "notify_leads_by_email").get(pk=page_id)
    lead = Lead.objects.create(
        page=page,
        data=_lead_fields(fields),
        ip_address=ip_address,
        user_agent=user_agent[:300],
        referrer=referrer[:500],
        email_pending=page.notify_leads_by_email,
    )
    if page.notify_leads_by_email:
        transaction.on_commit(lambda: lead_email_schedule(page_id=page.pk))
    send_to_user_on_commit(
        page.owner_id,
        "dashboard:update",
        {"kind": "lead", "page_id": page.pk, "lead_id": lead.pk, "created_at": lead.created_at},
    )
    return lead


def lead_email_schedule(*, page_id: int) -> bool:
    """After a lead commits: enqueue the page's next lead e-mail unless one is already due
    (then it will list this lead too). Never fails the lead post. See ``pages.leads.emails``."""
    try:
        if not lead_emails.marker_set(page_id):
            return False
    except Exception:
        logger.warning("lead e-mail: cache unavailable for page %s", page_id, exc_info=True)
        return False
    interval = settings.PAGES_LEAD_EMAIL_INTERVAL_SECONDS
    if not enqueue(lead_email_send_task, page_id, countdown=interval):
        lead_emails.marker_clear(page_id)  # let the next lead try again
        return False
    return True


def pages_publish_sweep() -> int:
    """Re-enqueues the publish of pages left ``pending`` for
    ``PAGES_PUBLISH_SWEEP_AFTER_MINUTES``: the enqueue failed (broker down) or the queued task
    was lost with the broker. Safe to repeat: a publish writes the page's current content as a
    new version and flips to it, and a finished publish leaves ``pending``, so the sweep stops
    finding the page."""
    cutoff = timezone.now() - timedelta(minutes=settings.PAGES_PUBLISH_SWEEP_AFTER_MINUTES)
    stuck = Page.objects.filter(
        deploy_status=Page.DeployStatus.PENDING, updated_at__lt=cutoff
    ).values_list("pk", flat=True)[:200]
    return sum(1 for page_id in list(stuck) if enqueue(page_publish_task, page_id))
