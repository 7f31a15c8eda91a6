"""Redis stopped under the running app (issue 8, item 3): the cache is a helper, never a
dependency. A real redis-server on a private loopback port is the cache, then killed: published
pages still serve, leads are still stored, the API still answers (throttles and view counters
degrade), and the cache works again as soon as Redis is back.
"""

import socket
import time

import pytest
from django.core.cache import cache
from django.test import Client

from pages.models import Lead
from tests.support import REDIS_SERVER, free_port, redis_server

from .conftest import host_of

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def private_redis(settings):
    if REDIS_SERVER is None:
        pytest.fail("redis-server is not installed (the README's set-up installs it)")
    port = free_port()
    proc = redis_server(port)
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.3,
                "SOCKET_TIMEOUT": 0.3,
            },
        }
    }
    state = {"proc": proc, "port": port}
    yield state
    state["proc"].kill()
    state["proc"].wait()


def _lead(page, email: str):
    return Client(REMOTE_ADDR="198.51.100.9").post(
        "/_leads", {"email": email}, headers={"host": host_of(page), "accept": "application/json"}
    )


def test_redis_outage_degrades_the_cache_and_loses_nothing(private_redis, published):
    host = host_of(published)
    assert Client().get("/", headers={"host": host}).status_code == 200
    assert _lead(published, "before@example.com").status_code == 201
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # the cache really is this Redis

    private_redis["proc"].kill()
    private_redis["proc"].wait()

    assert cache.get("probe") is None  # read as a miss, not an exception
    started = time.monotonic()
    page_response = Client().get("/", headers={"host": host})
    assert page_response.status_code == 200
    assert published.title.encode() in page_response.content or b"<html" in page_response.content
    assert _lead(published, "during@example.com").status_code == 201
    api = Client(HTTP_HOST="localhost").get("/api/marketplace")
    assert api.status_code == 200
    login = Client(HTTP_HOST="localhost").post(
        "/api/auth/login",
        {"email": published.owner.email, "password": "wrong"},
        content_type="application/json",
    )
    assert login.status_code == 401  # the throttled endpoint answers, unthrottled
    assert time.monotonic() - started < 10  # short socket timeouts: no request hangs on Redis
    assert set(Lead.objects.filter(page=published).values_list("data__email", flat=True)) == {
        "before@example.com",
        "during@example.com",
    }

    private_redis["proc"] = redis_server(private_redis["port"])
    cache.set("probe", 2)
    assert cache.get("probe") == 2  # back as soon as Redis is


def test_slow_redis_bounds_every_request_and_loses_nothing(private_redis, published):
    """Redis alive but not answering (``CLIENT PAUSE``): requests wait at most the socket
    timeout per cache call, then carry on without the cache."""
    host = host_of(published)
    assert Client().get("/", headers={"host": host}).status_code == 200
    pauser = socket.create_connection(("127.0.0.1", private_redis["port"]))
    pauser.sendall(b"CLIENT PAUSE 6000 ALL\r\n")
    assert pauser.recv(16).startswith(b"+OK")
    try:
        started = time.monotonic()
        assert Client().get("/", headers={"host": host}).status_code == 200
        assert _lead(published, "paused@example.com").status_code == 201
        assert Client(HTTP_HOST="localhost").get("/api/marketplace").status_code == 200
        assert time.monotonic() - started < 5  # well under the 6 s pause
    finally:
        pauser.close()
    assert Lead.objects.filter(page=published, data__email="paused@example.com").exists()
