"""The dashboard's answers are exactly what ``/api/schema/`` documents: every documented key,
no other, each of its type (``dashboard.api_serializers`` describes the selectors' dicts)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from jsonschema import Draft7Validator, FormatChecker

from accounts.tests.factories import UserFactory
from support.models import ChatRoom

from .conftest import seller_with_activity

pytestmark = pytest.mark.django_db

STATS = "/api/dashboard/stats"
ADMIN = "/api/dashboard/admin"


@pytest.fixture
def components(api_client) -> dict:
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)["components"]["schemas"]


def _strict(node, components: dict):
    """The OpenAPI 3.0 schema as a JSON Schema with its references inlined, every object closed
    (``additionalProperties: false`` unless a map) and ``nullable`` turned into ``null``."""
    if isinstance(node, list):
        return [_strict(item, components) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _strict(components[node["$ref"].rsplit("/", 1)[-1]], components)
    out = {k: _strict(v, components) for k, v in node.items() if k != "nullable"}
    if "properties" in out:
        out.setdefault("additionalProperties", False)
    if node.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def _assert_matches(body: dict, component: str, components: dict) -> None:
    schema = _strict(components[component], components)
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == []


def _support_rooms(user, staff) -> None:
    now = timezone.now()
    ChatRoom.objects.create(user=user, subject="Tên miền", unread_count_user=2)
    ChatRoom.objects.create(
        user=UserFactory(),
        status=ChatRoom.Status.RESOLVED,
        admin=staff,
        handoff_requested_at=now - timedelta(hours=2),
        first_response_at=now - timedelta(hours=1),
        resolved_at=now,
    )


def test_the_users_stats_match_the_schema(auth_client, user, other_user, admin_user, components):
    seller_with_activity(user, other_user, pages=2, leads=3, views=10, sales=1)
    seller_with_activity(other_user, user, pages=1, leads=1, views=5, sales=1)
    _support_rooms(user, admin_user)
    body = auth_client.get(STATS).json()
    assert body["pages"] and body["recent_leads"] and body["recent_sales"]
    assert body["recent_orders"] and body["sales"]["listings"] and body["support"]["rooms"]
    _assert_matches(body, "DashboardStatsOutput", components)
    assert auth_client.get(STATS).json() == body  # the cached answer too


def test_a_new_users_stats_match_the_schema(api_client, components):
    api_client.force_authenticate(UserFactory())
    _assert_matches(api_client.get(f"{STATS}?days=1").json(), "DashboardStatsOutput", components)


def test_the_admin_stats_match_the_schema(admin_client_api, user, other_user, components):
    _assert_matches(admin_client_api.get(ADMIN).json(), "DashboardAdminOutput", components)
    seller_with_activity(user, other_user, pages=2, leads=3, views=10, sales=2)
    _support_rooms(user, UserFactory(role="admin"))
    body = admin_client_api.get(ADMIN).json()
    assert body["orders"]["by_status"] and body["support"]["median_first_response_seconds"]
    _assert_matches(body, "DashboardAdminOutput", components)


def test_the_strict_schema_rejects_a_missing_or_an_extra_key(admin_client_api, components):
    body = admin_client_api.get(ADMIN).json()
    schema = Draft7Validator(_strict(components["DashboardAdminOutput"], components))
    assert schema.is_valid(body)
    assert not schema.is_valid({**body, "extra": 1})
    assert not schema.is_valid({**body, "money": {"gmv": 0}})
    assert not schema.is_valid({**body, "support": {**body["support"], "extra": 1}})
