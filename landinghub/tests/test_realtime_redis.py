"""The socket over the real channels-redis layer (CI sets REDIS_URL)."""

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
