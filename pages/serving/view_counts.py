"""Page views: a cache counter per page per day on the hot path, flushed to the database.

Serving a page costs one cache ``INCR`` (Redis in production), never a database write. The
periodic ``page_views_flush_task`` moves the counts into ``PageViewDaily`` and ``Page.views``.
The flush takes a count out of the cache with an atomic ``DECR`` by what it read, so hits that
arrive meanwhile stay in the cache for the next flush, and puts it back if the database write
fails: a view is neither lost nor counted twice.
"""

import logging
from datetime import date, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from landinghub.counters import counter_drain
from pages.models import Page, PageViewDaily

logger = logging.getLogger(__name__)

COUNTER_TTL = 3 * 24 * 3600
CHUNK = 500


def _key(page_id: int, day: date) -> str:
    return f"pages:views:{day.isoformat()}:{page_id}"


def view_hit(page_id: int) -> None:
    key = _key(page_id, timezone.localdate())
    try:
        cache.incr(key)
    except ValueError:  # first view of the day
        if not cache.add(key, 1, COUNTER_TTL):
            cache.incr(key)
    except Exception:  # a cache outage loses a few counts, never the page
        logger.warning("pages: view counter unavailable", exc_info=True)


def views_pending(page_id: int) -> int:
    """Views counted in the cache today and not yet flushed (shown live in the owner's list)."""
    try:
        return int(cache.get(_key(page_id, timezone.localdate())) or 0)
    except Exception:
        return 0


@transaction.atomic
def _store(page_id: int, day: date, count: int) -> None:
    row, _ = PageViewDaily.objects.select_for_update().get_or_create(page_id=page_id, date=day)
    PageViewDaily.objects.filter(pk=row.pk).update(views=F("views") + count)
    Page.objects.filter(pk=page_id).update(views=F("views") + count)


def views_flush() -> int:
    """Move every pending count (today and yesterday) into the database. Returns views moved."""
    today = timezone.localdate()
    moved = 0
    page_ids = list(Page.objects.values_list("id", flat=True).order_by("id"))
    for day in (today - timedelta(days=1), today):
        for start in range(0, len(page_ids), CHUNK):
            chunk = page_ids[start : start + CHUNK]
            keys = {_key(pid, day): pid for pid in chunk}
            moved += counter_drain(keys, lambda pid, count, day=day: _store(pid, day, count))
    return moved


def views_pending_many(page_ids: list[int]) -> dict[int, int]:
    """Today's not-yet-flushed views of many pages in one cache round trip (the dashboard)."""
    keys = {_key(pid, timezone.localdate()): pid for pid in page_ids}
    try:
        found = cache.get_many(list(keys))
    except Exception:
        return {}
    return {keys[k]: int(v or 0) for k, v in found.items()}
