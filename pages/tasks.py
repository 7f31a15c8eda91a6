"""Celery tasks of pages: publishing, and moving view counts from the cache to the database."""

from celery import shared_task

from . import counters, deploys


@shared_task(acks_late=True)
def page_deploy_task(page_id: int) -> bool:
    """Publish the page's current content. Returns early (False) if the page is gone; a storage
    failure is recorded on the page and reported to its owner rather than retried blindly."""
    return deploys.page_publish(page_id=page_id).ok


@shared_task(acks_late=True)
def page_views_flush_task() -> int:
    return counters.views_flush()
