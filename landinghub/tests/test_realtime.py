"""The socket at /ws/: authentication, the core actions, bad frames and send_to_user."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.tests.factories import UserFactory
from landinghub.asgi import application
from landinghub.realtime.consumers import CLOSE_UNAUTHENTICATED
from landinghub.realtime.events import (
    agroup_send,
    asend_to_user,
    send_to_user,
    send_to_user_on_commit,
)
from landinghub.realtime.groups import ADMINS_GROUP

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost:8000")


def _socket(path: str = "/ws/", headers=None) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, path, headers=headers or [ORIGIN])


async def _connected(user) -> WebsocketCommunicator:
    token = await sync_to_async(lambda: str(AccessToken.for_user(user)))()
    ws = _socket(f"/ws/?token={token}")
    connected, _ = await ws.connect()
    assert connected
    # The handshake completes before connect() has joined the socket's groups; the consumer
    # handles frames in order, so its pong means the joins are done and nothing sent from now
    # on can miss it.
    await ws.send_json_to({"action": "ping"})
    assert await ws.receive_json_from() == {"event": "pong", "data": {}}
    return ws


async def _assert_closed_4401(ws: WebsocketCommunicator) -> None:
    connected, _ = await ws.connect()
    assert connected  # accepted, told why, then closed with the documented code
    error = await ws.receive_json_from()
    assert error == {
        "event": "error",
        "data": {"code": "not_authenticated", "message": "A valid token is required."},
    }
    closed = await ws.receive_output()
    assert closed == {"type": "websocket.close", "code": CLOSE_UNAUTHENTICATED}


async def test_socket_without_token_is_closed_4401():
    await _assert_closed_4401(_socket())


@pytest.mark.parametrize("token", ["garbage", "a.b.c", ""])
async def test_socket_with_bad_token_is_closed_4401(token):
    await _assert_closed_4401(_socket(f"/ws/?token={token}"))


async def test_socket_with_expired_token_is_closed_4401():
    user = await sync_to_async(UserFactory)()

    def expired() -> str:
        token = AccessToken.for_user(user)
        token.set_exp(from_time=timezone.now() - timedelta(hours=2), lifetime=timedelta(hours=1))
        return str(token)

    await _assert_closed_4401(_socket(f"/ws/?token={await sync_to_async(expired)()}"))


async def test_bad_token_wins_over_a_valid_session_cookie():
    user = await sync_to_async(UserFactory)()

    def session_cookie() -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    cookie = await sync_to_async(session_cookie)()
    headers = [ORIGIN, (b"cookie", f"sessionid={cookie}".encode())]
    await _assert_closed_4401(_socket("/ws/?token=forged", headers=headers))


async def test_socket_with_refresh_token_is_closed_4401():
    user = await sync_to_async(UserFactory)()
    refresh = await sync_to_async(lambda: str(RefreshToken.for_user(user)))()
    await _assert_closed_4401(_socket(f"/ws/?token={refresh}"))


async def test_ping_pong_and_dashboard_join():
    user = await sync_to_async(UserFactory)()
    ws = await _connected(user)
    await ws.send_json_to({"action": "ping"})
    assert await ws.receive_json_from() == {"event": "pong", "data": {}}
    await ws.send_json_to({"action": "dashboard:join"})
    assert await ws.receive_json_from() == {
        "event": "dashboard:joined",
        "data": {"user_id": user.pk, "scope": "user"},
    }
    await ws.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json at all", "invalid_json"),
        ("[1, 2, 3]", "invalid_frame"),
        ('{"no": "action"}', "invalid_frame"),
        ('{"action": 42}', "invalid_frame"),
        ('{"action": "launch:missiles"}', "unknown_action"),
        ('{"action": "ping", "pad": "' + "x" * 70000 + '"}', "frame_too_large"),
    ],
)
async def test_bad_frame_gets_error_event_and_socket_stays_open(frame, code):
    user = await sync_to_async(UserFactory)()
    ws = await _connected(user)
    await ws.send_to(text_data=frame)
    reply = await ws.receive_json_from()
    assert reply["event"] == "error" and reply["data"]["code"] == code
    await ws.send_json_to({"action": "ping"})
    assert (await ws.receive_json_from())["event"] == "pong"
    await ws.disconnect()


@pytest.mark.parametrize(
    "frame",
    [
        "[" * 30_000 + "]" * 30_000,  # closed the socket with 1011 (RecursionError) before
        '{"action": "ping", "x": ' + "[" * 33 + "]" * 33 + "}",
    ],
)
async def test_a_deeply_nested_frame_gets_an_error_event_and_the_socket_stays_open(frame):
    user = await sync_to_async(UserFactory)()
    ws = await _connected(user)
    await ws.send_to(text_data=frame)
    assert await ws.receive_json_from() == {
        "event": "error",
        "data": {"code": "frame_too_deep", "message": "The frame nests too deeply."},
    }
    await ws.send_json_to({"action": "ping", "note": "[[[[[[[[[[ in a string is fine"})
    assert (await ws.receive_json_from())["event"] == "pong"
    await ws.disconnect()


async def test_binary_frame_gets_error_event():
    user = await sync_to_async(UserFactory)()
    ws = await _connected(user)
    await ws.send_to(bytes_data=b"\x00\x01")
    assert (await ws.receive_json_from())["data"]["code"] == "invalid_frame"
    await ws.disconnect()


async def test_send_to_user_reaches_only_that_user():
    alice, bob = await sync_to_async(UserFactory.create_batch)(2)
    alice_ws, bob_ws = await _connected(alice), await _connected(bob)
    await asend_to_user(alice.pk, "order:updated", {"order_id": "LH-1"})
    assert await alice_ws.receive_json_from() == {
        "event": "order:updated",
        "data": {"order_id": "LH-1"},
    }
    assert await bob_ws.receive_nothing()
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_send_to_user_from_sync_code_reaches_every_socket_of_the_user():
    user = await sync_to_async(UserFactory)()
    first, second = await _connected(user), await _connected(user)
    await sync_to_async(send_to_user)(user.pk, "page:deployed", {"id": 7})
    for ws in (first, second):
        assert (await ws.receive_json_from())["event"] == "page:deployed"
        await ws.disconnect()


async def test_send_on_commit_is_not_sent_when_the_transaction_rolls_back():
    user = await sync_to_async(UserFactory)()
    ws = await _connected(user)

    def rolled_back():
        try:
            with transaction.atomic():
                send_to_user_on_commit(user.pk, "sale:new", {"id": 1})
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
        with transaction.atomic():
            send_to_user_on_commit(user.pk, "sale:new", {"id": 2})

    await sync_to_async(rolled_back)()
    assert await ws.receive_json_from() == {"event": "sale:new", "data": {"id": 2}}
    assert await ws.receive_nothing()
    await ws.disconnect()


async def test_dashboard_updates_only_after_dashboard_join():
    user = await sync_to_async(UserFactory)()
    ws = await _connected(user)
    await asend_to_user(user.pk, "dashboard:update", {"views": 1})
    assert await ws.receive_nothing()
    await ws.send_json_to({"action": "dashboard:join"})
    await ws.receive_json_from()
    await asend_to_user(user.pk, "dashboard:update", {"views": 2})
    assert await ws.receive_json_from() == {"event": "dashboard:update", "data": {"views": 2}}
    await ws.disconnect()


async def test_staff_sockets_are_in_the_admins_group():
    staff, user = await sync_to_async(UserFactory)(role="admin"), await sync_to_async(UserFactory)()
    staff_ws, user_ws = await _connected(staff), await _connected(user)
    await agroup_send(ADMINS_GROUP, "chat:admin_requested", {"room_id": 1})
    assert (await staff_ws.receive_json_from())["event"] == "chat:admin_requested"
    assert await user_ws.receive_nothing()
    await staff_ws.disconnect()
    await user_ws.disconnect()


async def test_session_cookie_authenticates_the_socket():
    user = await sync_to_async(UserFactory)()

    def session_cookie() -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    cookie = await sync_to_async(session_cookie)()
    ws = _socket(headers=[ORIGIN, (b"cookie", f"sessionid={cookie}".encode())])
    connected, _ = await ws.connect()
    assert connected
    await ws.send_json_to({"action": "ping"})
    assert (await ws.receive_json_from())["event"] == "pong"
    await ws.disconnect()


async def test_foreign_origin_is_refused():
    user = await sync_to_async(UserFactory)()
    token = await sync_to_async(lambda: str(AccessToken.for_user(user)))()
    ws = _socket(f"/ws/?token={token}", headers=[(b"origin", b"https://evil.example.com")])
    connected, _ = await ws.connect()
    assert not connected
