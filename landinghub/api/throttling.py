"""The API's rate limits as fixed-window counters in Django's cache (Redis in production,
local memory in the embedded default).

DRF's ``SimpleRateThrottle`` keeps every request's timestamp for the whole window (up to
1,200 for a user, more for a busy address) and reads, unpickles, pickles and writes that list
on every request. Here a request costs one ``cache.incr`` of an integer keyed by scope, client
and window number (plus one ``cache.add`` for the window's first request, which sets the TTL).
The price is the fixed window's edge: a client may send up to twice the rate across a window
boundary. Rates, scopes, ``get_ident`` (``NUM_PROXIES``) and the 429 envelope stay DRF's;
``Retry-After`` is the time left in the window.

When the cache is down (django-redis with ``IGNORE_EXCEPTIONS``), ``incr`` answers ``None`` and
the request is let through, as DRF's throttles let it through on an empty history.
"""

from django.core.cache import cache
from rest_framework import throttling


class FixedWindowRateThrottle(throttling.SimpleRateThrottle):
    """``allow_request`` and ``wait`` over a counter; subclasses keep DRF's ``get_cache_key``
    (the scope and the client), to which the window number is appended."""

    window_end: float = 0.0

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        count = _hit(f"{key}:{window}", timeout=self.duration)
        return count is None or count <= self.num_requests

    def wait(self) -> float:
        return max(self.window_end - self.now, 0.001)


def _hit(key: str, *, timeout: int) -> int | None:
    """The window's count after this request (``None`` when the cache is unavailable)."""
    try:
        return cache.incr(key)
    except ValueError:  # the window's first request (or the key just expired)
        if cache.add(key, 1, timeout):
            return 1
        try:
            return cache.incr(key)  # another process added it between the two calls
        except ValueError:
            return None


class AnonRateThrottle(throttling.AnonRateThrottle, FixedWindowRateThrottle):
    """Anonymous requests, per client address (``THROTTLE_ANON``)."""


class UserRateThrottle(throttling.UserRateThrottle, FixedWindowRateThrottle):
    """Per user, or per address when anonymous (``THROTTLE_USER``)."""


class ScopedRateThrottle(throttling.ScopedRateThrottle, FixedWindowRateThrottle):
    """Per view ``throttle_scope`` and user or address (``auth``)."""
