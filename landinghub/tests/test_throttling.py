"""The API throttles are fixed-window counters (landinghub/api/throttling.py): one integer per
scope, client and window in the cache, 429 past the rate with ``Retry-After`` = the time left
in the window, and a fresh count in the next window."""

import pytest
from django.core.cache import cache
from rest_framework import throttling as drf_throttling

from landinghub.api.throttling import AnonRateThrottle, UserRateThrottle

pytestmark = pytest.mark.django_db

WINDOW_START = 16_667 * 60  # a minute boundary
NOW = WINDOW_START + 15.0  # 45 s before the window ends


@pytest.fixture
def clock(monkeypatch):
    now = {"t": NOW}
    monkeypatch.setattr(drf_throttling.SimpleRateThrottle, "timer", staticmethod(lambda: now["t"]))
    return now


def test_anonymous_burst_gets_429_with_the_windows_remaining_time(api_client, clock, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "5/min", raising=False)
    statuses = [api_client.get("/api/marketplace/999999").status_code for _ in range(5)]
    assert statuses == [404] * 5
    throttled = api_client.get("/api/marketplace/999999")
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "45"
    error = throttled.json()["error"]
    assert error["code"] == "throttled" and error["details"]["retry_after"] == 45
    # One integer per scope, client and window: not a list of timestamps.
    assert cache.get(f"throttle_anon_127.0.0.1:{WINDOW_START // 60}") == 6

    clock["t"] = WINDOW_START + 60.0  # the next window counts afresh
    assert api_client.get("/api/marketplace/999999").status_code == 404


def test_user_counter_is_per_user_and_retry_after_within_the_window(
    auth_client, other_client, user, clock, monkeypatch
):
    monkeypatch.setattr(UserRateThrottle, "rate", "3/min", raising=False)
    clock["t"] = WINDOW_START + 59.5
    for _ in range(3):
        assert auth_client.get("/api/marketplace/999999").status_code == 404
    throttled = auth_client.get("/api/marketplace/999999")
    assert throttled.status_code == 429
    assert 1 <= int(throttled.headers["Retry-After"]) <= 60
    assert cache.get(f"throttle_user_{user.pk}:{WINDOW_START // 60}") == 4
    assert other_client.get("/api/marketplace/999999").status_code == 404  # another user
