"""Chat events on the site's socket (``WebsocketCommunicator`` on the full ASGI stack)."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import UserFactory
from landinghub.asgi import application
from support import consumers, selectors, services
from support.models import ChatMessage

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost:8000")


async def _connected(user) -> WebsocketCommunicator:
    token = await sync_to_async(lambda: str(AccessToken.for_user(user)))()
    ws = WebsocketCommunicator(application, f"/ws/?token={token}", headers=[ORIGIN])
    connected, _ = await ws.connect()
    assert connected
    # The handshake completes before connect() has joined the socket's groups; the consumer
    # handles frames in order, so its pong means the joins are done and nothing sent from now
    # on can miss it.
    await ws.send_json_to({"action": "ping"})
    assert await ws.receive_json_from() == {"event": "pong", "data": {}}
    return ws


async def _events(ws, until: str, limit: int = 12) -> list[dict]:
    seen = []
    for _ in range(limit):
        frame = await ws.receive_json_from(timeout=3)
        seen.append(frame)
        if frame["event"] == until:
            return seen
    raise AssertionError(f"no {until} in {seen}")


def _people():
    return UserFactory(), UserFactory(), UserFactory(role="admin")


async def test_join_own_room_is_acked_and_someone_elses_is_an_error():
    user, other, _ = await sync_to_async(_people)()
    room = await sync_to_async(services.room_open)(user=user)
    theirs = await sync_to_async(services.room_open)(user=other)
    ws = await _connected(user)
    await ws.send_json_to({"action": "chat:join", "room_id": room.pk})
    joined = await ws.receive_json_from()
    assert joined["event"] == "chat:joined" and joined["data"]["room_id"] == room.pk
    await ws.send_json_to({"action": "chat:join", "room_id": theirs.pk})
    assert await ws.receive_json_from() == {
        "event": "error",
        "data": {"code": "room_not_found", "message": "Conversation not found."},
    }
    await ws.send_json_to({"action": "chat:typing", "room_id": theirs.pk})
    assert (await ws.receive_json_from())["data"]["code"] == "room_not_found"
    await ws.send_json_to({"action": "chat:join", "room_id": "1; drop"})
    assert (await ws.receive_json_from())["data"]["code"] == "invalid_room"
    await ws.disconnect()


async def test_admin_can_join_any_room():
    user, _, admin = await sync_to_async(_people)()
    room = await sync_to_async(services.room_open)(user=user)
    ws = await _connected(admin)
    await ws.send_json_to({"action": "chat:join", "room_id": room.pk})
    assert (await ws.receive_json_from())["event"] == "chat:joined"
    await ws.disconnect()


async def test_user_message_reaches_admins_and_bot_reply_reaches_user():
    user, other, admin = await sync_to_async(_people)()
    room = await sync_to_async(services.room_open)(user=user)
    user_ws, other_ws, admin_ws = (
        await _connected(user),
        await _connected(other),
        await _connected(admin),
    )
    await sync_to_async(services.message_send)(
        actor=user, room_id=room.pk, text="How do I publish my page?", client_id="c1"
    )
    admin_events = await _events(admin_ws, "chat:new_message")
    assert admin_events[-1]["data"]["client_id"] == "c1"
    user_events = []
    while not any(
        e["event"] == "chat:new_message" and e["data"]["sender_type"] == "bot" for e in user_events
    ):
        user_events += await _events(user_ws, "chat:new_message")
    names = [e["event"] for e in user_events]
    assert "chat:typing" in names and "chat:room_updated" in names
    assert await other_ws.receive_nothing(timeout=0.3)  # nobody else hears it
    for ws in (user_ws, other_ws, admin_ws):
        await ws.disconnect()


async def test_handoff_assign_and_reply_events_and_internal_note_stays_with_staff():
    user, _, admin = await sync_to_async(_people)()
    room = await sync_to_async(services.room_open)(user=user)
    user_ws, admin_ws = await _connected(user), await _connected(admin)
    await sync_to_async(services.room_request_admin)(actor=user, room_id=room.pk)
    await _events(admin_ws, "chat:admin_requested")
    await sync_to_async(services.room_assign)(actor=admin, room_id=room.pk)
    joined = await _events(user_ws, "chat:admin_joined")
    assert joined[-1]["data"]["admin"]["id"] == admin.pk
    await sync_to_async(services.message_send)(
        actor=admin, room_id=room.pk, text="secret", is_internal=True
    )
    await sync_to_async(services.message_send)(actor=admin, room_id=room.pk, text="Hello!")
    seen = await _events(user_ws, "chat:new_message", limit=30)
    while seen[-1]["data"]["message"] != "Hello!":
        seen += await _events(user_ws, "chat:new_message")
    seen += await _events(user_ws, "chat:room_updated")  # sent right after the message
    assert "secret" not in str(seen)
    updates = [e["data"] for e in seen if e["event"] == "chat:room_updated"]
    assert updates[-1]["unread_count_user"] == 3 and "unread_count_admin" not in updates[-1]
    for ws in (user_ws, admin_ws):
        await ws.disconnect()


async def test_typing_goes_to_the_other_side_only_and_is_never_stored():
    user, _, admin = await sync_to_async(_people)()
    room = await sync_to_async(services.room_open)(user=user)
    await sync_to_async(services.room_assign)(actor=admin, room_id=room.pk)
    user_ws, admin_ws = await _connected(user), await _connected(admin)
    count = await sync_to_async(ChatMessage.objects.count)()
    await user_ws.send_json_to({"action": "chat:typing", "room_id": room.pk})
    typing = await _events(admin_ws, "chat:typing")
    assert typing[-1]["data"]["sender_type"] == "user" and typing[-1]["data"]["expires_in"] > 0
    assert await user_ws.receive_nothing(timeout=0.3)
    assert await sync_to_async(ChatMessage.objects.count)() == count
    for ws in (user_ws, admin_ws):
        await ws.disconnect()


async def test_typing_is_forwarded_at_most_once_a_second_per_socket(monkeypatch):
    """A flood of ``chat:typing`` frames is dropped silently after the first, until the
    interval has passed (a fake clock: no sleeping, nothing timing-dependent)."""
    now = [1000.0]
    monkeypatch.setattr(consumers, "_clock", lambda: now[0], raising=False)
    user, _, admin = await sync_to_async(_people)()
    room = await sync_to_async(services.room_open)(user=user)
    await sync_to_async(services.room_assign)(actor=admin, room_id=room.pk)
    user_ws, admin_ws = await _connected(user), await _connected(admin)
    for _ in range(50):
        await user_ws.send_json_to({"action": "chat:typing", "room_id": room.pk})
    await user_ws.send_json_to({"action": "ping"})
    assert await user_ws.receive_json_from() == {"event": "pong", "data": {}}  # no error events
    assert [e["event"] for e in await _events(admin_ws, "chat:typing")][-1] == "chat:typing"
    assert await admin_ws.receive_nothing(timeout=0.3)  # the other 49 were dropped
    now[0] += consumers.TYPING_INTERVAL_SECONDS
    await user_ws.send_json_to({"action": "chat:typing", "room_id": room.pk})
    assert (await _events(admin_ws, "chat:typing"))[-1]["data"]["sender_type"] == "user"
    for ws in (user_ws, admin_ws):
        await ws.disconnect()


async def test_redis_down_still_stores_and_catch_up_delivers(monkeypatch):
    """The channel layer failing must not fail the send; the other side catches up by id."""
    user, _, admin = await sync_to_async(_people)()
    room = await sync_to_async(services.room_open)(user=user)

    class BrokenLayer:
        async def group_send(self, *args, **kwargs):
            raise ConnectionError("redis is down")

    monkeypatch.setattr("landinghub.realtime.events.get_channel_layer", lambda: BrokenLayer())
    message, created = await sync_to_async(services.message_send)(
        actor=admin, room_id=room.pk, text="Are you there?"
    )
    assert created
    page, _ = await sync_to_async(
        lambda: selectors.message_page(room=room, actor=user, after=0, before=None, limit=50)
    )()
    assert message.pk in [m.pk for m in page]
