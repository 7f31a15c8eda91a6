"""Counters kept in the cache on the hot path and drained into the database periodically.

A hit costs one cache ``INCR`` (Redis in production), never a database write. Draining takes a
count out with ``DECR`` by what it read, so hits that arrive meanwhile stay for the next drain,
and puts it back if the database write fails: a hit is neither lost nor counted twice.
"""

import logging
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache

logger = logging.getLogger(__name__)

TTL = 3 * 24 * 3600
T = TypeVar("T", bound=Hashable)


def counter_hit(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # the first hit since the last drain expired the key
        if not cache.add(key, 1, TTL):
            cache.incr(key)
    except Exception:  # a cache outage loses a few counts, never the response
        logger.warning("counter %s unavailable", key, exc_info=True)


def counter_get(key: str) -> int:
    try:
        return int(cache.get(key) or 0)
    except Exception:
        return 0


def counter_drain(keys: dict[str, T], apply: Callable[[T, int], None]) -> int:
    """For each cached key with a positive count, call ``apply(target, count)``; returns the
    total moved. ``apply`` should be one short transaction."""
    moved = 0
    for key, count in cache.get_many(list(keys)).items():
        count = int(count or 0)
        if count <= 0:
            continue
        cache.decr(key, count)
        try:
            apply(keys[key], count)
        except Exception:
            cache.incr(key, count)
            raise
        moved += count
    return moved
