"""NUL characters are refused with a 400 before they reach the database (found by fuzzing:
PostgreSQL refuses NUL in text, so a NUL in a lookup used to be a 500)."""

import pytest

from marketplace.models import MarketplacePage

pytestmark = pytest.mark.django_db


def test_nul_in_query_string_is_400_in_the_envelope(api_client):
    response = api_client.get("/api/marketplace?category=food%00drink", HTTP_HOST="localhost")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_nul_in_a_json_lookup_is_400_and_creates_nothing(auth_client):
    response = auth_client.post(
        "/api/marketplace",
        {"page_id": 1, "title": "T", "price": 0, "category": "food\x00drink"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert not MarketplacePage.objects.exists()


def test_nul_in_a_form_body_is_400(auth_client):
    response = auth_client.post(
        "/api/marketplace",
        "category=%00&title=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_templated_pages_refuse_it_too(client):
    response = client.get("/marketplace/?q=a%00b", HTTP_HOST="localhost")
    assert response.status_code == 400
    assert b"<html" in response.content.lower()
