"""Redis stopped during a chat conversation (issue 8, item 3), with a real redis-server on a
private loopback port as the channel layer: while it is down messages are still stored and the
REST call still succeeds; when it is back the other side catches up with ``after=`` and live
delivery works again."""

import time

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers, get_channel_layer
from django.conf import settings as django_settings

from landinghub.realtime.events import send_to_user
from support.models import ChatMessage
from tests.support import REDIS_SERVER, free_port, redis_server

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ROOMS = "/api/chat/rooms"


@pytest.fixture
def private_layer(settings):
    if REDIS_SERVER is None:
        pytest.fail("redis-server is not installed (the README's set-up installs it)")
    port = free_port()
    state = {"proc": redis_server(port), "port": port}
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "landinghub.realtime.layers.BoundedRedisChannelLayer",
            "CONFIG": {
                "hosts": [f"redis://127.0.0.1:{port}/0"],
                "pool_size": 5,
                "pool_timeout": 1,
                "prefix": f"fault{port}",
            },
        }
    }
    channel_layers.backends.clear()
    yield state
    state["proc"].kill()
    state["proc"].wait()
    channel_layers.backends.clear()


def _receive(channel: str, timeout: float = 5.0) -> dict:
    layer = get_channel_layer()

    async def go():
        import asyncio

        return await asyncio.wait_for(layer.receive(channel), timeout)

    return async_to_sync(go)()


def test_chat_survives_redis_going_away_and_catches_up(
    private_layer, auth_client, admin_client_api, user, django_capture_on_commit_callbacks
):
    assert "Bounded" in django_settings.CHANNEL_LAYERS["default"]["BACKEND"]
    room_id = auth_client.post(ROOMS).json()["room"]["id"]
    # Staff take the room so the bot stays out of the counting.
    assign = admin_client_api.post("/api/chat/admin/assign", {"room_id": room_id}, format="json")
    assert assign.status_code < 300, assign.content
    url = f"{ROOMS}/{room_id}/messages"

    private_layer["proc"].kill()
    private_layer["proc"].wait()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(
            url, {"message": "Redis is down, are you there?"}, format="json"
        )
    assert response.status_code == 201, response.content
    assert time.monotonic() - started < 10  # a dead layer costs a bounded wait, not a hang
    stored = ChatMessage.objects.get(pk=response.json()["message"]["id"])
    assert stored.message == "Redis is down, are you there?"

    # Redis comes back on the same port: the admin catches up by id, live delivery resumes.
    private_layer["proc"] = redis_server(private_layer["port"])
    channel_layers.backends.clear()
    seen = admin_client_api.get(url, {"after": 0}).json()["messages"]
    assert stored.pk in [m["id"] for m in seen]

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"user.{user.pk}", channel)
    assert send_to_user(user.pk, "chat:new_message", {"id": 1})
    assert _receive(channel)["type"]
