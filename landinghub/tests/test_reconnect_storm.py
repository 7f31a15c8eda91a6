"""A reconnect storm against a real daphne process over channels-redis (issue 8 item 4).

``STORM_SOCKETS`` (1,000) sockets, one user each, connect to a daphne subprocess on the test's
PostgreSQL database and Redis; they all drop at once (aborted TCP, as a deploy restart or a
network blip does) and all reconnect at once. Afterwards:

* daphne's stderr has no error ("Too many connections", tracebacks);
* every reconnected socket gets a point-to-point ``send_to_user`` event;
* the daphne process never held more Redis connections than its pool size (``CLIENT LIST``,
  counted by the layer's ``client_name``), sampled every 20 ms through the whole storm;
* the group zsets hold exactly the live sockets: each user's group has one member, the
  reconnected channel, and none of the dropped ones.
"""

import asyncio
import json
import os
import time
import uuid

import pytest
import redis
import websockets
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import User
from landinghub.realtime.events import asend_to_user
from landinghub.realtime.groups import user_group
from tests.support import ROOT, conninfo, daphne, free_port, stop, wait_for_async

REDIS_URL = os.environ.get("REDIS_URL", "")
STORM_SOCKETS = int(os.environ.get("STORM_SOCKETS", "1000"))
POOL_SIZE = 20
GROUP_EXPIRY = 3600

pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)"),
]


@pytest.fixture
def storm(settings, tmp_path):
    tag = uuid.uuid4().hex[:8]
    prefix, client_name = f"storm-{tag}", f"storm-daphne-{tag}"
    # The production layer config (the one settings build from REDIS_URL), on its own prefix.
    layer = settings.CHANNEL_LAYERS["default"]
    assert layer["BACKEND"] == "landinghub.realtime.layers.BoundedRedisChannelLayer"
    config = dict(layer["CONFIG"], prefix=prefix, client_name=f"storm-test-{tag}")
    settings.CHANNEL_LAYERS = {"default": dict(layer, CONFIG=config)}
    channel_layers.backends.clear()
    port = free_port()
    log = tmp_path / "daphne.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "landinghub.settings.test",
        "DATABASE_URL": conninfo(),
        "DB_CONN_MAX_AGE": "60",
        "REDIS_URL": REDIS_URL,
        "CHANNEL_LAYER_PREFIX": prefix,
        "CHANNEL_LAYER_CLIENT_NAME": client_name,
        "CHANNEL_LAYER_POOL_SIZE": str(POOL_SIZE),
        "CHANNEL_LAYER_GROUP_EXPIRY": str(GROUP_EXPIRY),
        "PYTHONPATH": str(ROOT),
    }
    proc = daphne(port, env=env, log=log, verbosity=1, stderr_only=True)
    client = redis.Redis.from_url(REDIS_URL)
    try:
        yield {"port": port, "prefix": prefix, "client_name": client_name, "log": log}
    finally:
        stop(proc, grace=15)
        # daphne has exited, so its database sessions are gone with it. (Terminating every
        # other session here also killed the connections later tests' threads still use.)
        keys = list(client.scan_iter(f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
        channel_layers.backends.clear()


def _users(n: int) -> list[tuple[int, str]]:
    tag = uuid.uuid4().hex[:6]
    users = User.objects.bulk_create(
        [User(email=f"storm-{tag}-{i}@example.com", name=f"S{i}", password="!") for i in range(n)]
    )
    return [(u.pk, str(AccessToken.for_user(u))) for u in users]


async def _connect(url: str, deadline: float):
    while True:
        try:
            return await websockets.connect(url, open_timeout=30, max_queue=None)
        except (TimeoutError, OSError, websockets.InvalidHandshake):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


async def _event(ws, name: str, timeout: float = 20) -> dict:
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await ws.recv())
            if frame["event"] == name:
                return frame["data"]


def _layer_clients(client: redis.Redis, name: str) -> int:
    return sum(1 for c in client.client_list() if c.get("name") == name)


def _members(client: redis.Redis, prefix: str, users: list[tuple[int, str]]) -> list[list[bytes]]:
    pipe = client.pipeline()
    for pk, _ in users:
        pipe.zrange(f"{prefix}:group:{user_group(pk)}", 0, -1)
    return pipe.execute()


async def test_reconnect_storm_keeps_the_pool_bounded_and_groups_clean(storm):
    users = await sync_to_async(_users)(STORM_SOCKETS)
    client = redis.Redis.from_url(REDIS_URL)
    prefix, name = storm["prefix"], storm["client_name"]
    base = f"ws://127.0.0.1:{storm['port']}/ws/?token="
    started = time.monotonic()

    peak = 0
    sampling = True

    async def sample():
        nonlocal peak
        sampler = redis.asyncio.Redis.from_url(REDIS_URL)
        try:
            while sampling:
                listed = await sampler.client_list()
                peak = max(peak, sum(1 for c in listed if c.get("name") == name))
                await asyncio.sleep(0.02)
        finally:
            await sampler.aclose()

    sampler_task = asyncio.create_task(sample())
    # daphne takes a few seconds to import the project: the first wave retries until it is up.
    deadline = time.monotonic() + 60
    sockets = await asyncio.gather(*[_connect(base + token, deadline) for _, token in users])

    def all_joined(expected: int):
        return lambda: sum(len(m) for m in _members(client, prefix, users)) == expected

    await wait_for_async(all_joined(STORM_SOCKETS), 30, "the first wave's group_add")
    first_channels = {m for members in _members(client, prefix, users) for m in members}
    connected = time.monotonic()

    # The storm: every socket drops at once (no close frame), then every one reconnects at once.
    for ws in sockets:
        ws.transport.abort()
    await asyncio.sleep(0)
    deadline = time.monotonic() + 30
    sockets = await asyncio.gather(*[_connect(base + token, deadline) for _, token in users])
    reconnected = time.monotonic()

    # Every dropped socket's group_discard ran and every new one's group_add: one member per
    # user, a channel that was not there before the storm.
    await wait_for_async(
        lambda: all(len(m) == 1 for m in _members(client, prefix, users)),
        30,
        "groups to hold exactly the live sockets",
    )
    members = _members(client, prefix, users)
    assert not first_channels & {m for ms in members for m in ms}, (
        "a dropped channel is still a member"
    )
    assert all(
        0 < client.ttl(f"{prefix}:group:{user_group(pk)}") <= GROUP_EXPIRY for pk, _ in users[:50]
    )

    # Every reconnected user gets a point-to-point event.
    sent = await asyncio.gather(*[asend_to_user(pk, "storm:ping", {"user": pk}) for pk, _ in users])
    assert all(sent)
    received = await asyncio.gather(*[_event(ws, "storm:ping") for ws in sockets])
    assert [r["user"] for r in received] == [pk for pk, _ in users]
    delivered = time.monotonic()

    sampling = False
    await sampler_task
    for ws in sockets:
        ws.transport.abort()
    client.close()

    errors = storm["log"].read_text(errors="replace")
    print(
        f"\nreconnect storm: {STORM_SOCKETS} sockets; first wave {connected - started:.1f} s, "
        f"drop+reconnect {reconnected - connected:.1f} s, all delivered after "
        f"{delivered - reconnected:.1f} s; peak Redis connections of the daphne layer: {peak} "
        f"(pool size {POOL_SIZE})"
    )
    assert "Too many connections" not in errors
    assert "Traceback" not in errors, errors[-3000:]
    assert "ERROR" not in errors, errors[-3000:]
    assert 0 < peak <= POOL_SIZE
