"""Who hears what in the support chat. Every function here runs after commit.

Delivery is point to point (``send_to_user``), plus the small staff group while a room is
unassigned. The socket is a doorbell with the data attached, never the only copy: a lost event
is healed by the client's ``GET .../messages?after=<last id>`` catch-up.
"""

from typing import Any

from django.conf import settings
from django.db import transaction

from landinghub.realtime.events import send_to_admins, send_to_user

from .models import ChatMessage, ChatRoom
from .payloads import message_data, room_data


def _to_staff(room: ChatRoom, event: str, data: dict[str, Any]) -> None:
    # The assigned admin only, once someone owns the room; every admin while nobody does.
    if room.admin_id:
        send_to_user(room.admin_id, event, data)
    else:
        send_to_admins(event, data)


def _deliver_message(message: ChatMessage, room: ChatRoom) -> None:
    data = message_data(message)
    if not message.is_internal:
        send_to_user(room.user_id, "chat:new_message", data)
    _to_staff(room, "chat:new_message", data)
    room_updated(room)


def room_updated(room: ChatRoom) -> None:
    send_to_user(room.user_id, "chat:room_updated", room_data(room, for_staff=False))
    # Every admin's room list shows unread counts and status, so the list update goes to all.
    send_to_admins("chat:room_updated", room_data(room, for_staff=True))


def message_created_on_commit(message: ChatMessage, room: ChatRoom) -> None:
    transaction.on_commit(lambda: _deliver_message(message, room))


def room_updated_on_commit(room: ChatRoom) -> None:
    transaction.on_commit(lambda: room_updated(room))


def admin_requested_on_commit(room: ChatRoom) -> None:
    transaction.on_commit(
        lambda: send_to_admins("chat:admin_requested", room_data(room, for_staff=True))
    )


def admin_joined_on_commit(room: ChatRoom) -> None:
    data = {"room_id": room.pk, "admin": room_data(room, for_staff=False)["admin"]}
    transaction.on_commit(lambda: send_to_user(room.user_id, "chat:admin_joined", data))


def typing(*, room: ChatRoom, sender_type: str, name: str) -> None:
    """Typing is never stored: the event carries ``expires_in`` and clients drop it after."""
    data = {
        "room_id": room.pk,
        "sender_type": sender_type,
        "name": name,
        "expires_in": settings.SUPPORT_TYPING_EXPIRES_SECONDS,
    }
    if sender_type == ChatMessage.SenderType.USER:
        _to_staff(room, "chat:typing", data)
    else:
        send_to_user(room.user_id, "chat:typing", data)
