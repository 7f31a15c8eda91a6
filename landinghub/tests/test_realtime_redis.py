"""The socket over the real channels-redis layer (CI sets REDIS_URL)."""

import asyncio
import os
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import UserFactory
from landinghub.asgi import application
from landinghub.realtime.events import send_to_user

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)"),
]


@pytest.fixture
def redis_layer(settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"test-{uuid.uuid4().hex[:8]}"},
        }
    }
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


async def test_ping_and_send_to_user_over_channels_redis(redis_layer):
    layer = channel_layers["default"]
    assert type(layer).__name__ == "RedisChannelLayer"
    user = await sync_to_async(UserFactory)()
    token = await sync_to_async(lambda: str(AccessToken.for_user(user)))()
    ws = WebsocketCommunicator(
        application, f"/ws/?token={token}", headers=[(b"origin", b"http://localhost:8000")]
    )
    connected, _ = await ws.connect()
    assert connected
    await ws.send_json_to({"action": "ping"})
    assert await ws.receive_json_from(timeout=5) == {"event": "pong", "data": {}}
    # From sync code (a view or a Celery task), through Redis, to the socket.
    delivered = await sync_to_async(send_to_user)(user.pk, "order:updated", {"status": "paid"})
    assert delivered
    assert await ws.receive_json_from(timeout=5) == {
        "event": "order:updated",
        "data": {"status": "paid"},
    }
    await ws.disconnect()


def test_the_layer_pool_is_bounded_and_waits():
    """Settings build the bounded layer: a BlockingConnectionPool of pool_size, named."""
    from redis.asyncio import BlockingConnectionPool

    from landinghub.realtime.layers import BoundedRedisChannelLayer

    layer = BoundedRedisChannelLayer(
        hosts=[REDIS_URL], pool_size=7, pool_timeout=3, client_name="lh-test"
    )
    pool = layer.create_pool(0)
    assert isinstance(pool, BlockingConnectionPool)
    assert pool.max_connections == 7 and pool.timeout == 3
    assert pool.connection_kwargs["client_name"] == "lh-test"


async def test_a_long_lived_socket_refreshes_its_group_membership(redis_layer, settings):
    """channels-redis prunes members older than group_expiry on every group_send, however long
    the socket has been open: the consumer re-adds itself every group_expiry / 4."""
    settings.CHANNEL_LAYERS["default"]["CONFIG"]["group_expiry"] = 4
    channel_layers.backends.clear()
    user = await sync_to_async(UserFactory)()
    token = await sync_to_async(lambda: str(AccessToken.for_user(user)))()
    communicator = WebsocketCommunicator(application, f"/ws/?token={token}")
    connected, _ = await communicator.connect()
    assert connected
    await asyncio.sleep(6)  # past group_expiry: only the refreshes keep it a member
    assert await send_to_user_async(user.pk)
    frame = await communicator.receive_json_from(timeout=5)
    assert frame["event"] == "refresh:check"
    await communicator.disconnect()


async def send_to_user_async(user_id: int) -> bool:
    from landinghub.realtime.events import asend_to_user

    return await asend_to_user(user_id, "refresh:check", {})


def _layer_connections(name: str) -> int:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        return sum(1 for c in client.client_list() if c.get("name") == name)
    finally:
        client.close()


@pytest.fixture
def named_layer(settings):
    name = f"publisher-{uuid.uuid4().hex[:8]}"
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "landinghub.realtime.layers.BoundedRedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": name, "client_name": name},
        }
    }
    channel_layers.backends.clear()
    yield name
    channel_layers.backends.clear()


def test_sync_sends_reuse_one_loop_and_one_redis_connection(named_layer):
    """From a thread with no event loop (a gunicorn worker), every send goes through the
    process's publishing loop: one pool, one connection, however many sends."""
    from landinghub.realtime import publisher

    for i in range(20):
        assert send_to_user(1, "publisher:check", {"i": i})
    loop = publisher._publisher_loop()
    assert list(channel_layers["default"]._layers) == [loop]
    assert _layer_connections(named_layer) == 1


def test_a_publish_that_hangs_gives_up_after_the_timeout(named_layer, settings, caplog):
    from landinghub.realtime.publisher import run_from_sync

    settings.REALTIME_PUBLISH_TIMEOUT = 0.2

    async def hangs():
        await asyncio.sleep(30)

    assert run_from_sync(hangs) is None
    assert "did not finish within 0.2s" in caplog.text
