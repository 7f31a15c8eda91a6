"""The publish step run by ``page_publish_task``: write a new version, then point the page at
it. ``page_cdn_withdraw`` (``page_cdn_withdraw_task``) takes the CDN copy down when a page stops
serving at a slug.

A storage failure changes nothing that serves: the previous key stays in ``published_key``,
the page is marked ``deploy_status=failed`` with the reason, and the owner is told over the
socket (``page:deployed`` with ``status: "failed"``). The model's ``deploy_*`` fields, the
``page:deployed`` event and the ``"deploy"`` dashboard kind keep their names: they are the
database columns and the socket protocol.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from landinghub.realtime.events import send_to_admins_on_commit, send_to_user_on_commit
from pages.models import Page
from pages.serving.hosts import page_url
from pages.serving.sitecache import hosts_forget_on_commit

from . import cdn, storage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishResult:
    ok: bool
    error: str = ""


def _published_event(page: Page) -> dict[str, Any]:
    return {
        "page_id": page.pk,
        "status": page.deploy_status,
        "url": page.url,
        "version": page.version,
        "deployed_at": page.deployed_at,
        "error": page.deploy_error,
    }


def page_version_publish(*, page_id: int) -> PublishResult:
    """Render and write a new version, then flip the pointer. Idempotent per call: a retry
    writes another version and points at it. A storage failure changes nothing that serves."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return PublishResult(ok=False, error="gone")
    version = page.version + 1
    try:
        key, etag = storage.document_write(page, version)
    except Exception as exc:
        logger.exception("pages: publishing page %s failed", page_id)
        return _publish_failed(page_id, f"Storage error: {exc.__class__.__name__}")
    old_key = _publish_flip(page_id, key, etag, version)
    if old_key:
        transaction.on_commit(lambda: storage.document_delete(old_key))
    try:
        cdn.cloudfront_invalidate(page.slug)
    except Exception:  # the new version serves from the origin anyway; the CDN catches up
        logger.exception("pages: CloudFront invalidation for page %s failed", page_id)
    return PublishResult(ok=True)


def page_cdn_withdraw(*, slug: str) -> bool:
    """Take the CDN's copy at ``slug`` down after unpublish, delete or a slug change.

    Idempotent, and a no-op when a published page serves at ``slug`` again by the time it runs
    (republished, or the slug reused): the copy is then that page's. Returns whether it acted.
    """
    if not settings.CLOUDFRONT_DISTRIBUTION_ID:
        return False
    live = Page.objects.filter(slug=slug, status=Page.Status.PUBLISHED).exclude(published_key="")
    if live.exists():
        return False
    cdn.stable_copy_delete(slug)
    cdn.cloudfront_invalidate(slug)
    return True


@transaction.atomic
def _publish_flip(page_id: int, key: str, etag: str, version: int) -> str:
    page = Page.objects.select_for_update().get(pk=page_id)
    old_key = page.published_key
    page.published_key, page.published_etag, page.version = key, etag, version
    page.status, page.deployed, page.deployed_at = Page.Status.PUBLISHED, True, timezone.now()
    page.deploy_status, page.deploy_error = Page.DeployStatus.OK, ""
    page.url = page_url(page.slug)
    page.save()
    hosts_forget_on_commit(page)
    send_to_admins_on_commit("dashboard:update", {"scope": "admin", "kind": "deploy"})
    send_to_user_on_commit(
        page.owner_id, "dashboard:update", {"kind": "deploy", "page_id": page.pk}
    )
    send_to_user_on_commit(page.owner_id, "page:deployed", _published_event(page))
    return old_key


@transaction.atomic
def _publish_failed(page_id: int, error: str) -> PublishResult:
    page = Page.objects.select_for_update().filter(pk=page_id).first()
    if page is not None:
        page.deploy_status, page.deploy_error = Page.DeployStatus.FAILED, error[:500]
        page.save(update_fields=["deploy_status", "deploy_error", "updated_at"])
        send_to_user_on_commit(page.owner_id, "page:deployed", _published_event(page))
    return PublishResult(ok=False, error=error)
