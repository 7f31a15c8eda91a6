"""End to end through daphne (and channels-redis when REDIS_URL is set) with a real websocket
client: a REST POST by the user arrives as ``chat:new_message`` on the admin's socket, and a
socket that missed it catches up by id."""

import asyncio
import json

import httpx
import pytest
import websockets
from asgiref.sync import sync_to_async
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import UserFactory
from support import services
from tests.support.live_daphne import daphne_url, fresh_channel_layer

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


async def _next_event(ws, name: str) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        if frame["event"] == name:
            return frame["data"]


@pytest.fixture(autouse=True)
def _fresh_layer():
    fresh_channel_layer()
    yield
    fresh_channel_layer()


async def test_rest_post_reaches_the_admin_socket_through_daphne():
    base = await sync_to_async(daphne_url)()
    user, admin = await sync_to_async(lambda: (UserFactory(), UserFactory(role="admin")))()
    room = await sync_to_async(services.room_open)(user=user)
    await sync_to_async(services.room_assign)(actor=admin, room_id=room.pk)
    user_token, admin_token = await sync_to_async(
        lambda: (str(AccessToken.for_user(user)), str(AccessToken.for_user(admin)))
    )()
    ws_url = base.replace("http", "ws") + f"/ws/?token={admin_token}"
    async with websockets.connect(ws_url) as ws:
        await ws.send(json.dumps({"action": "chat:join", "room_id": room.pk}))
        joined = await _next_event(ws, "chat:joined")
        assert joined["room_id"] == room.pk
        async with httpx.AsyncClient(base_url=base, timeout=10) as http:
            response = await http.post(
                f"/api/chat/rooms/{room.pk}/messages",
                json={"message": "Hello over daphne", "client_id": "e2e-1"},
                headers={"Authorization": f"Bearer {user_token}"},
            )
            assert response.status_code == 201
            message = await _next_event(ws, "chat:new_message")
            assert message["id"] == response.json()["message"]["id"]
            assert message["client_id"] == "e2e-1"
            # A client that was away catches up from its last id and gets exactly the rest.
            missed = await http.get(
                f"/api/chat/rooms/{room.pk}/messages",
                params={"after": message["id"] - 1},
                headers={"Authorization": f"Bearer {admin_token}"},
            )
            assert [m["id"] for m in missed.json()["messages"]] == [message["id"]]
