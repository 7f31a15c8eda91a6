"""GET /api/dashboard/stats and /api/dashboard/admin: numbers, scoping, staff only, ranges,
and a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory

from .conftest import seller_with_activity

pytestmark = pytest.mark.django_db

STATS = "/api/dashboard/stats"
ADMIN = "/api/dashboard/admin"


def test_dashboard_stats_counts_only_the_users_own_data(auth_client, activity):
    response = auth_client.get(STATS)
    assert response.status_code == 200
    data = response.json()
    # 2 published pages, the page behind user's listing, 2 bought copies (drafts)
    assert data["totals"] == {
        "pages": 5,
        "published_pages": 2,
        "draft_pages": 3,
        "views": 60,
        "leads": 6,
        "conversion_rate": 10.0,
    }
    assert len(data["days"]) == 30 and len(data["per_day"]["views"]) == 30
    assert sum(data["per_day"]["views"]) == 60
    assert sum(data["per_day"]["leads"]) == 6
    shown = {p["id"]: p for p in data["pages"]}
    assert {p.pk for p in activity} <= set(shown) and len(shown) == 5
    assert all(shown[p.pk]["leads"] == 3 for p in activity)
    assert all(shown[p.pk]["conversion_rate"] == 10.0 for p in activity)
    assert {lead["page_id"] for lead in data["recent_leads"]} <= {p.pk for p in activity}
    # user sold one template for 199.000 ₫ (10 % fee) and bought two from other_user
    assert data["sales"]["count"] == 1 and data["sales"]["revenue"] == 179_100
    assert sum(data["sales"]["per_day"]["revenue"]) == 179_100
    assert len(data["recent_sales"]) == 1 and len(data["recent_orders"]) == 2
    assert data["recent_orders"][0]["amount"] == 199_000


def test_dashboard_stats_of_the_other_user_never_include_the_first(other_client, activity):
    data = other_client.get(STATS).json()
    assert data["totals"]["published_pages"] == 3 and data["totals"]["leads"] == 15
    assert data["totals"]["views"] == 900
    assert not {p["id"] for p in data["pages"]} & {p.pk for p in activity}
    assert data["sales"]["count"] == 2 and len(data["recent_orders"]) == 1


def test_dashboard_stats_for_a_new_user_are_zeros(api_client):
    api_client.force_authenticate(UserFactory())
    data = api_client.get(STATS).json()
    assert data["totals"]["pages"] == 0 and data["totals"]["conversion_rate"] == 0.0
    assert (
        data["pages"] == []
        and data["recent_leads"] == []
        and data["support"] == {"open": 0, "unread": 0, "rooms": []}
    )


def test_dashboard_stats_needs_authentication(api_client):
    response = api_client.get(STATS)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "query",
    [
        "days=0",
        "days=367",
        "days=abc",
        "days=-5",
        "days=99999999999999999999",
        "from=2026-13-01",
        "from=yesterday",
        "from=2020-01-01&to=2026-01-01",
        "from=2026-02-01&to=2026-01-01",
        "from=1900-01-01&to=1900-02-01",
        "days=7&from=2026-01-01",
    ],
)
@pytest.mark.parametrize("url", [STATS, ADMIN])
def test_dashboard_invalid_or_huge_ranges_are_400(admin_client_api, url, query):
    response = admin_client_api.get(f"{url}?{query}")
    assert response.status_code == 400, query
    error = response.json()["error"]
    assert error["code"] == "validation_error" and error["details"]["fields"]


def test_dashboard_stats_range_by_dates(auth_client, activity):
    today = timezone.localdate()
    start = today - timedelta(days=1)
    data = auth_client.get(f"{STATS}?from={start.isoformat()}&to={today.isoformat()}").json()
    assert data["days"] == [start.isoformat(), today.isoformat()]
    assert data["per_day"]["views"] == [20, 20]
    assert auth_client.get(f"{STATS}?days=7").json()["range"]["to"] == today.isoformat()


def test_dashboard_admin_is_403_for_non_staff(auth_client):
    response = auth_client.get(ADMIN)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert "users" not in response.json()


def test_dashboard_admin_numbers(admin_client_api, activity):
    data = admin_client_api.get(ADMIN).json()
    assert data["pages"]["published"] == 5
    assert data["users"]["total"] >= 3 and data["users"]["new"] == data["users"]["total"]
    assert data["listings"]["by_status"]["ACTIVE"] == 3
    assert data["listings"]["pending_review"] == 0
    assert data["orders"]["by_status"] == {"delivered": 3}
    assert data["status_labels"]["ACTIVE"] == "Active"
    assert data["status_labels"]["delivered"] == "Delivered"
    assert data["money"] == {"gmv": 597_000, "platform_revenue": 59_700}
    assert sum(data["per_day"]["gmv"]) == 597_000
    assert sum(data["per_day"]["signups"]) == data["users"]["new"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_does_not_grow_with_data(auth_client, admin_client_api, user):
    other = UserFactory()
    seller_with_activity(user, other, pages=1, leads=1, views=1, sales=1)
    small_user, small_admin = _queries(auth_client, STATS), _queries(admin_client_api, ADMIN)
    seller_with_activity(user, UserFactory(), pages=6, leads=4, views=5, sales=3)
    assert _queries(auth_client, STATS) == small_user
    assert _queries(admin_client_api, ADMIN) == small_admin
    # authentication (JWT user fetch) + the aggregates: a fixed, small number
    assert small_user <= 13 and small_admin <= 11  # 3 of the admin's are support's
