"""Oversized socket frames through the real server: daphne refuses a frame over its 1 MiB limit
(autobahn's maxMessagePayloadSize) by dropping that one connection before the application sees
it; frames between the app's own limit (64 KiB) and daphne's get an ``error`` event and the
socket stays open. Either way the server and everyone else's sockets carry on."""

import asyncio
import json

import pytest
import websockets
from asgiref.sync import sync_to_async
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import UserFactory
from tests.support.live_daphne import daphne_url, fresh_channel_layer

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_layer():
    fresh_channel_layer()
    yield
    fresh_channel_layer()


async def _recv(ws) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout=10))


async def _ping(ws) -> dict:
    await ws.send(json.dumps({"action": "ping"}))
    return await _recv(ws)


async def test_a_2_mib_frame_closes_only_its_own_socket():
    base = await sync_to_async(daphne_url)()
    sender, bystander = await sync_to_async(lambda: (UserFactory(), UserFactory()))()
    tokens = await sync_to_async(
        lambda: [str(AccessToken.for_user(u)) for u in (sender, bystander)]
    )()
    ws_base = base.replace("http", "ws")
    async with (
        websockets.connect(f"{ws_base}/ws/?token={tokens[0]}", max_size=None) as ws,
        websockets.connect(f"{ws_base}/ws/?token={tokens[1]}") as other,
    ):
        assert (await _ping(ws))["event"] == "pong"
        frame = json.dumps({"action": "ping", "pad": "x" * (2 * 1024 * 1024)})
        await ws.send(frame)
        # No pong: the frame never reaches the application, the connection is dropped.
        with pytest.raises(websockets.ConnectionClosed):
            await _recv(ws)
        assert (await _ping(other))["event"] == "pong"
    async with websockets.connect(f"{ws_base}/ws/?token={tokens[0]}") as again:
        assert (await _ping(again))["event"] == "pong"


async def test_a_frame_over_the_app_limit_gets_an_error_and_the_socket_stays_open():
    base = await sync_to_async(daphne_url)()
    user = await sync_to_async(UserFactory)()
    token = await sync_to_async(lambda: str(AccessToken.for_user(user)))()
    async with websockets.connect(base.replace("http", "ws") + f"/ws/?token={token}") as ws:
        await ws.send(json.dumps({"action": "ping", "pad": "x" * (200 * 1024)}))
        error = await _recv(ws)
        assert error == {
            "event": "error",
            "data": {"code": "frame_too_large", "message": "The frame is too large."},
        }
        assert (await _ping(ws))["event"] == "pong"
