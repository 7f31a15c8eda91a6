"""A short-lived cache of the public listing list (``GET /api/marketplace``).

The public list is the same for everyone (it never depends on who asks), is read far more
often than listings change, and costs a full-text search, a count and a sort per request. Its
JSON is cached for ``MARKETPLACE_LIST_CACHE_SECONDS`` under a key made of the normalised query
and a *generation* number. Everything that changes which listings are public or what their
cards show (approve, withdraw/archive, an approved revision, screenshots) bumps the
generation after commit, so those changes show at once; counters that change all the time
(likes, views, sold) may lag by at most the TTL. 0 turns the cache off.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "marketplace:list:generation"


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def list_cache_key(*, params: dict, host: str) -> str:
    normalised = json.dumps({"host": host, **params}, sort_keys=True, default=str)
    digest = hashlib.sha256(normalised.encode()).hexdigest()[:32]
    return f"marketplace:list:{_generation()}:{digest}"


def list_cache_get(key: str) -> dict | bytes | None:
    if settings.MARKETPLACE_LIST_CACHE_SECONDS <= 0:
        return None
    return cache.get(key)


def list_cache_set(key: str, data: dict | bytes) -> None:
    if settings.MARKETPLACE_LIST_CACHE_SECONDS > 0:
        cache.set(key, data, settings.MARKETPLACE_LIST_CACHE_SECONDS)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # never set (or evicted): any new value retires the old keys
        cache.set(GENERATION_KEY, _generation() + 1, timeout=None)


def public_list_changed() -> None:
    """Retire every cached list page once the current transaction commits."""
    transaction.on_commit(_bump)
