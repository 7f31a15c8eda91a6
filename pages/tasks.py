"""Celery tasks of pages: publishing, and moving view counts from the cache to the database."""

from celery import shared_task

from landinghub.mail import MAIL_RETRY
from landinghub.tasks import enqueue

from .domains import custom_domains
from .leads import emails as lead_emails
from .publishing import publish
from .serving import view_counts


@shared_task(name="pages.publish", acks_late=True)
def page_publish_task(page_id: int) -> bool:
    """Publish the page's current content. Returns early (False) if the page is gone; a storage
    failure is recorded on the page and reported to its owner rather than retried blindly."""
    return publish.page_version_publish(page_id=page_id).ok


# The old registered name, for messages queued before the rename ("deploy" became "publish").
# Remove one release after it shipped.
@shared_task(name="pages.tasks.page_deploy_task", acks_late=True)
def page_deploy_task(page_id: int) -> bool:
    """Alias of ``page_publish_task`` under its old registered name."""
    return publish.page_version_publish(page_id=page_id).ok


@shared_task(
    name="pages.tasks.page_cdn_withdraw_task",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def page_cdn_withdraw_task(slug: str) -> bool:
    """Delete the CDN copy at ``slug`` and invalidate it; retried, since S3/CloudFront may be
    briefly unavailable and the copy would otherwise keep serving."""
    return publish.page_cdn_withdraw(slug=slug)


@shared_task(name="pages.tasks.page_views_flush_task", acks_late=True)
def page_views_flush_task() -> int:
    return view_counts.views_flush()


@shared_task(name="pages.lead_email_send", **MAIL_RETRY)
def lead_email_send_task(page_id: int) -> int:
    """One e-mail to the owner with the page's pending leads. Idempotent: leads are claimed
    under row locks, so a rerun finds nothing and sends nothing; an SMTP error puts them
    back and retries (bounded, with backoff)."""
    return lead_emails.lead_email_send(page_id=page_id)


@shared_task(name="pages.lead_emails_sweep")
def lead_emails_sweep_task() -> int:
    """Periodic (beat): sends the lead e-mails whose task was lost in a broker outage."""
    page_ids = lead_emails.lead_email_overdue_page_ids()
    return sum(1 for page_id in page_ids if enqueue(lead_email_send_task, page_id))


@shared_task(name="pages.tasks.domain_claims_expire_task", acks_late=True)
def domain_claims_expire_task() -> int:
    """Drop custom-domain claims left unverified past their week (idempotent)."""
    return custom_domains.domain_claims_expire()


@shared_task(name="pages.publish_sweep")
def pages_publish_sweep_task() -> int:
    """Periodic (beat): re-enqueues publishes whose enqueue failed during a broker outage."""
    from . import services

    return services.pages_publish_sweep()


# The old registered name, for a beat still running the old schedule during the release.
# Remove one release after it shipped.
@shared_task(name="pages.deploy_sweep")
def pages_deploy_sweep_task() -> int:
    """Alias of ``pages_publish_sweep_task`` under its old registered name."""
    from . import services

    return services.pages_publish_sweep()
