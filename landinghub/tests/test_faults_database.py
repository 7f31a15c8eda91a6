"""PostgreSQL connections killed mid-request (issue 8, item 3).

The app's connection is terminated by the server (``pg_terminate_backend``, what a failover,
a restart or an idle-killer does) at the moment the request writes. The client must get a
clean 5xx in the error envelope with no internals, nothing of the request may be stored, and
the next request, on a fresh connection, must succeed.
"""

import psycopg
import pytest
from django.db import connection
from django.test import Client
from rest_framework_simplejwt.tokens import RefreshToken

from pages.models import Page

pytestmark = pytest.mark.django_db(transaction=True)


def _terminate_on_first_insert(table: str):
    """An execute wrapper that kills this connection's backend just before the first INSERT
    into ``table`` reaches the server."""
    state = {"killed": False}

    def wrapper(execute, sql, params, many, context):
        if not state["killed"] and sql.startswith(f'INSERT INTO "{table}"'):
            state["killed"] = True
            pid = connection.connection.info.backend_pid
            dsn = connection.connection.info.dsn
            with psycopg.connect(dsn, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, params, many, context)

    return state, wrapper


def test_killed_connection_gives_a_clean_500_and_the_next_request_succeeds(user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs this on PostgreSQL)")
    client = Client(
        raise_request_exception=False,
        HTTP_HOST="localhost",
        HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}",
    )
    state, wrapper = _terminate_on_first_insert("pages_page")
    with connection.execute_wrapper(wrapper):
        response = client.post(
            "/api/pages", {"title": "Khuyến mãi mùa hè"}, content_type="application/json"
        )
    assert state["killed"]
    assert response.status_code == 500
    body = response.json()
    assert body["error"]["code"] == "server_error"
    assert "psycopg" not in response.content.decode().lower()
    assert "terminat" not in response.content.decode().lower()

    # What the end of every request does (the test client skips it): drop the dead connection.
    connection.close_if_unusable_or_obsolete()
    assert not Page.objects.filter(owner=user).exists()  # nothing half-written

    again = client.post(
        "/api/pages", {"title": "Khuyến mãi mùa hè"}, content_type="application/json"
    )
    assert again.status_code == 201, again.content
    assert Page.objects.filter(owner=user).count() == 1
