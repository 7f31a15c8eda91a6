"""E-mailing a page's owner about new leads, in batches, so a flood of form posts (a spammer
rotating IPs past the per-IP limit) cannot turn the form into a mail cannon.

* A lead is stored with ``email_pending`` when its page notifies (``notify_leads_by_email``),
  whatever happens to the e-mail afterwards.
* After its commit, ``lead_email_schedule`` asks for an e-mail: the first lead of a quiet
  page sets a marker in the cache and enqueues ``lead_email_send_task`` with a countdown of
  ``PAGES_LEAD_EMAIL_INTERVAL_SECONDS``; leads arriving while the marker is there ride along.
* The task deletes the marker *first*, then claims every pending lead of the page and sends
  one e-mail listing them ("3 new leads on …"). A lead committed after the deletion schedules
  the next e-mail, one interval later: at most one e-mail per page per interval, none lost.
* A transport error puts the claimed leads back to pending and the task retries; a duplicate
  run finds nothing pending and sends nothing. With the cache down no e-mail is scheduled:
  the leads stay pending and go out with the next e-mail (and are on the leads page anyway).
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from landinghub.mail import mail_send, site_url
from pages.models import Lead, Page

MAX_LISTED = 20  # leads written out in one e-mail; the rest are counted and linked


def marker_key(page_id: int) -> str:
    return f"pages:lead-email:{page_id}"


def marker_set(page_id: int) -> bool:
    """True if no e-mail was due for the page (the caller must schedule one). The marker
    outlives a lost task by a bounded time, so a lost task delays e-mails, never stops them."""
    timeout = 2 * settings.PAGES_LEAD_EMAIL_INTERVAL_SECONDS + 60
    return bool(cache.add(marker_key(page_id), 1, timeout=timeout))


def marker_clear(page_id: int) -> None:
    cache.delete(marker_key(page_id))


def _claim(page: Page) -> list[int]:
    with transaction.atomic():
        # SKIP LOCKED: two runs at once (a redelivered task) claim disjoint sets.
        pending = Lead.objects.select_for_update(skip_locked=True).filter(
            page=page, email_pending=True
        )
        ids = list(pending.order_by("id").values_list("pk", flat=True))
        Lead.objects.filter(pk__in=ids).update(email_pending=False)
    return ids


def _rows(lead: Lead) -> list[tuple[str, str]]:
    return [
        (name, ", ".join(map(str, value)) if isinstance(value, list) else str(value))
        for name, value in lead.data.items()
    ]


def lead_email_overdue_page_ids(*, limit: int = 200) -> list[int]:
    """Pages with a lead still pending e-mail well past the interval: its task was never
    enqueued (broker down) or was lost with the broker. The sweep sends them; a duplicate
    run claims nothing, so a sweep racing the real task sends one e-mail."""
    interval = settings.PAGES_LEAD_EMAIL_INTERVAL_SECONDS
    grace = 2 * interval + settings.PAGES_LEAD_EMAIL_SWEEP_GRACE_SECONDS
    cutoff = timezone.now() - timedelta(seconds=grace)
    overdue = Lead.objects.filter(email_pending=True, created_at__lt=cutoff)
    return list(overdue.order_by().values_list("page_id", flat=True).distinct()[:limit])


def lead_email_send(*, page_id: int) -> int:
    """Sends one e-mail with every pending lead of the page; returns how many it listed."""
    marker_clear(page_id)
    page = Page.objects.select_related("owner").filter(pk=page_id).first()
    if page is None:
        return 0
    ids = _claim(page)
    if not ids or not page.notify_leads_by_email:
        return 0  # nothing new, or the owner turned it off meanwhile
    leads = Lead.objects.filter(pk__in=ids).order_by("-created_at", "-id")[:MAX_LISTED]
    context = {
        "page": page,
        "owner": page.owner,
        "count": len(ids),
        "leads": [(lead, _rows(lead)) for lead in leads],
        "more": max(0, len(ids) - MAX_LISTED),
        "leads_url": site_url(reverse("pages:leads", args=[page.pk])),
        "settings_url": site_url(reverse("pages:builder", args=[page.pk])),
    }
    try:
        mail_send(to=page.owner.email, template="pages/leads", context=context)
    except Exception:
        Lead.objects.filter(pk__in=ids).update(email_pending=True)  # for the retry
        raise
    return len(ids)
