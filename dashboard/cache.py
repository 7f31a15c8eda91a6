"""A short-lived per-user cache of ``GET /api/dashboard/stats``.

The dashboard is opened, then refetched after every ``dashboard:update`` (a lead, a sale, a
deploy) and after every reconnect, so the same user asks for the same numbers in bursts; a
cold answer costs about a dozen aggregate queries. Answers are cached for
``DASHBOARD_CACHE_SECONDS`` under a key holding the user's *generation*, and any write to
what the dashboard shows (pages, leads, orders, listings, support rooms) bumps that
generation after commit, so a refetch after an event always sees the event. Counters kept
in the cache between flushes (today's views) may lag by at most the TTL. 0 turns it off.

Invalidation listens to the models' ``post_save``/``post_delete`` rather than being called
from each app's services: the apps stay unaware of the dashboard (which sits above them), and
no write path can forget it. Bulk ``update()``s (view-counter flushes, ``sold_count``) do not
send signals; they only move counters, which the TTL bounds.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _generation_key(user_id: int) -> str:
    return f"dashboard:generation:{user_id}"


def stats_cache_key(*, user_id: int, params: dict) -> str:
    generation = cache.get(_generation_key(user_id)) or 0
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
    return f"dashboard:stats:{user_id}:{generation}:{digest[:24]}"


def stats_cache_get(key: str):
    if settings.DASHBOARD_CACHE_SECONDS <= 0:
        return None
    return cache.get(key)


def stats_cache_set(key: str, data) -> None:
    if settings.DASHBOARD_CACHE_SECONDS > 0:
        cache.set(key, data, settings.DASHBOARD_CACHE_SECONDS)


def _bump(user_id: int) -> None:
    key = _generation_key(user_id)
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=None)


def dashboard_changed(*user_ids: int | None) -> None:
    """Retire the cached dashboards of these users once the transaction commits."""
    for user_id in {u for u in user_ids if u}:
        transaction.on_commit(lambda user_id=user_id: _bump(user_id))


def _on_page(sender, instance, **kwargs) -> None:
    dashboard_changed(instance.owner_id)


def _on_lead(sender, instance, **kwargs) -> None:
    from pages.models import Page

    owner_id = Page.objects.filter(pk=instance.page_id).values_list("owner_id", flat=True).first()
    dashboard_changed(owner_id)


def _on_order(sender, instance, **kwargs) -> None:
    dashboard_changed(instance.buyer_id, instance.seller_id)


def _on_listing(sender, instance, **kwargs) -> None:
    dashboard_changed(instance.seller_id)


def _on_room(sender, instance, **kwargs) -> None:
    dashboard_changed(instance.user_id)


def connect_invalidation() -> None:
    from marketplace.models import MarketplacePage
    from orders.models import Order
    from pages.models import Lead, Page
    from support.models import ChatRoom

    for model, receiver in (
        (Page, _on_page),
        (Lead, _on_lead),
        (Order, _on_order),
        (MarketplacePage, _on_listing),
        (ChatRoom, _on_room),
    ):
        uid = f"dashboard-cache-{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + "-delete")
