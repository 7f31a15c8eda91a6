"""Socket actions of the support chat, handled by the site's one consumer at ``/ws/``.

``chat:join`` authorises a room (users their own, admins any) and answers ``chat:joined``;
the client then catches up with ``GET .../messages?after=<last id>``. Events reach sockets
through the per-user groups, so joining adds no group: it is an authorisation check and the
ack that orders "subscribe, then fetch". ``chat:typing`` is relayed, never stored, and at
most one per ``TYPING_INTERVAL_SECONDS`` per socket: the extra ones are dropped silently (an
indicator that already shows needs no repeat, and an error would only add traffic).
"""

import json
import time
from typing import Any

from channels.db import database_sync_to_async
from django.core.serializers.json import DjangoJSONEncoder

from landinghub.realtime import actions

from . import realtime, selectors
from .exceptions import RoomNotFound
from .models import ChatMessage, ChatRoom
from .payloads import room_data

TYPING_INTERVAL_SECONDS = 1.0
_clock = time.monotonic


def _room_id(payload: dict[str, Any]) -> int:
    room_id = payload.get("room_id")
    if isinstance(room_id, bool) or not isinstance(room_id, int) or room_id < 1:
        raise actions.SocketError("invalid_room", "room_id must be a positive integer.")
    return room_id


@database_sync_to_async
def _room_for(user: Any, room_id: int) -> ChatRoom:
    try:
        return selectors.room_get_for_actor(actor=user, pk=room_id)
    except RoomNotFound:
        raise actions.SocketError("room_not_found", "Conversation not found.") from None


@actions.register("chat:join")
async def chat_join(consumer: Any, payload: dict[str, Any]) -> None:
    room = await _room_for(consumer.user, _room_id(payload))
    # Dates as ISO strings, exactly as the REST API and the broadcast events carry them.
    data = json.loads(
        json.dumps(room_data(room, for_staff=consumer.user.is_staff), cls=DjangoJSONEncoder)
    )
    await consumer.send_event("chat:joined", {"room_id": room.pk, "room": data})


@actions.register("chat:typing")
async def chat_typing(consumer: Any, payload: dict[str, Any]) -> None:
    now = _clock()
    if now - getattr(consumer, "typing_forwarded_at", -TYPING_INTERVAL_SECONDS) < (
        TYPING_INTERVAL_SECONDS
    ):
        return  # throttled before any database or channel-layer work
    consumer.typing_forwarded_at = now
    room = await _room_for(consumer.user, _room_id(payload))
    user = consumer.user
    side = ChatMessage.SenderType.USER if user.pk == room.user_id else ChatMessage.SenderType.ADMIN
    await realtime.atyping(room=room, sender_type=side, name=user.name or user.email.split("@")[0])
