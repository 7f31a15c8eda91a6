"""The error envelope, pagination and the OpenAPI schema/docs."""

import json

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def test_unknown_api_path_is_404_envelope(api_client):
    assert _error(api_client.get("/api/does-not-exist"), 404)["code"] == "not_found"


def test_unknown_site_path_is_an_html_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_method_not_allowed_is_405_envelope(auth_client):
    assert _error(auth_client.delete("/api/auth/verify"), 405)["code"] == "method_not_allowed"


def test_unauthenticated_is_401_envelope(api_client):
    assert _error(api_client.get("/api/auth/me"), 401)["code"] == "not_authenticated"


@pytest.mark.urls("landinghub.tests.urls")
def test_crash_is_500_envelope_without_internals(client):
    client.raise_request_exception = False
    response = client.get("/api/test/boom")
    error = _error(response, 500)
    assert error["code"] == "server_error"
    assert b"hunter2" not in response.content and b"RuntimeError" not in response.content


def test_csrf_failure_on_api_is_403_envelope(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.patch("/api/auth/me", {"name": "x"}, content_type="application/json")
    assert _error(response, 403)["code"] in {"permission_denied", "csrf_failed"}


@pytest.mark.urls("landinghub.tests.urls")
def test_page_size_is_capped_at_100(api_client, django_assert_max_num_queries):
    UserFactory.create_batch(105)
    with django_assert_max_num_queries(2):
        response = api_client.get("/api/test/users", {"page_size": 100000})
    body = response.json()
    assert body["count"] == 105
    assert len(body["results"]) == 100
    assert body["next"] and body["previous"] is None


@pytest.mark.urls("landinghub.tests.urls")
def test_page_beyond_the_end_is_404_envelope(api_client):
    UserFactory.create_batch(3)
    assert _error(api_client.get("/api/test/users", {"page": 99}), 404)["code"] == "not_found"


def test_schema_lists_the_auth_endpoints(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for path in ("/api/auth/register", "/api/auth/login", "/api/auth/google", "/api/auth/verify"):
        assert any(p.rstrip("/") == path for p in paths), path


def test_docs_render_from_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    assert b"cdn.jsdelivr" not in response.content
