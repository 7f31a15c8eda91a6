"""The per-user dashboard cache: repeated refetches skip the aggregates, and any write the
dashboard shows is visible on the next fetch (generation bumped after commit)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages import services as page_services

pytestmark = pytest.mark.django_db

STATS = "/api/dashboard/stats"


@pytest.fixture
def cached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 30


def test_a_refetch_is_answered_from_the_cache(cached, auth_client, activity):
    first = auth_client.get(STATS).json()
    with CaptureQueriesContext(connection) as queries:
        again = auth_client.get(STATS).json()
    assert again == first
    assert len(queries) <= 1  # the JWT's user lookup only, no aggregate


def test_a_new_lead_shows_on_the_next_fetch(
    cached, auth_client, activity, django_capture_on_commit_callbacks
):
    before = auth_client.get(STATS).json()["totals"]["leads"]
    with django_capture_on_commit_callbacks(execute=True):
        page_services.lead_create(
            page_id=activity[0].pk, fields={"email": ["new@example.com"]}, ip_address=None
        )
    assert auth_client.get(STATS).json()["totals"]["leads"] == before + 1


def test_another_users_write_does_not_touch_my_cache(
    cached, auth_client, other_client, activity, django_capture_on_commit_callbacks
):
    auth_client.get(STATS)
    with django_capture_on_commit_callbacks(execute=True):
        other_client.post("/api/pages", {"title": "Trang khác"}, format="json")
    with CaptureQueriesContext(connection) as queries:
        auth_client.get(STATS)
    assert len(queries) <= 1


def test_ranges_are_cached_apart(cached, auth_client, activity):
    thirty = auth_client.get(STATS).json()
    seven = auth_client.get(STATS, {"days": 7}).json()
    assert len(thirty["days"]) == 30 and len(seven["days"]) == 7
