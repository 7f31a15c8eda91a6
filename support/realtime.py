"""Who hears what in the support chat. Every function here runs after commit.

Delivery is point to point (``send_to_user``), plus the small staff group while a room is
unassigned. The socket is a doorbell with the data attached, never the only copy: a lost event
is healed by the client's ``GET .../messages?after=<last id>`` catch-up.
"""

from typing import Any

from django.conf import settings
from django.db import transaction

from landinghub.realtime.events import agroup_send, send_to_admins, send_to_user
from landinghub.realtime.groups import ADMINS_GROUP, user_group
from landinghub.realtime.publisher import run_from_sync

from .models import ChatMessage, ChatRoom
from .payloads import message_data, room_data

Send = tuple[str, str, dict[str, Any]]


def _staff_group(room: ChatRoom) -> str:
    # The assigned admin only, once someone owns the room; every admin while nobody does.
    return user_group(room.admin_id) if room.admin_id else ADMINS_GROUP


def _to_staff(room: ChatRoom, event: str, data: dict[str, Any]) -> None:
    if room.admin_id:
        send_to_user(room.admin_id, event, data)
    else:
        send_to_admins(event, data)


async def _send_all(sends: list[Send]) -> None:
    # One hop to the publishing loop for all of a commit's events, sent in order.
    for group, event, data in sends:
        await agroup_send(group, event, data)


def _room_sends(room: ChatRoom) -> list[Send]:
    return [
        (user_group(room.user_id), "chat:room_updated", room_data(room, for_staff=False)),
        # Every admin's room list shows unread counts and status, so this goes to all of them.
        (ADMINS_GROUP, "chat:room_updated", room_data(room, for_staff=True)),
    ]


def _deliver_message(message: ChatMessage, room: ChatRoom) -> None:
    data = message_data(message)
    sends: list[Send] = []
    to_user = (user_group(room.user_id), "chat:new_message", data)
    to_staff = (_staff_group(room), "chat:new_message", data)
    if message.is_internal:
        sends.append(to_staff)
    elif message.sender_type == ChatMessage.SenderType.USER:
        sends += [to_staff, to_user]  # the other side first: that is the latency that matters
    else:
        sends += [to_user, to_staff]
    run_from_sync(_send_all, sends + _room_sends(room))


def room_updated(room: ChatRoom) -> None:
    run_from_sync(_send_all, _room_sends(room))


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


def typing_send(*, room: ChatRoom, sender_type: str, name: str) -> Send:
    """Typing is never stored: the event carries ``expires_in`` and clients drop it after."""
    data = {
        "room_id": room.pk,
        "sender_type": sender_type,
        "name": name,
        "expires_in": settings.SUPPORT_TYPING_EXPIRES_SECONDS,
    }
    if sender_type == ChatMessage.SenderType.USER:
        return (_staff_group(room), "chat:typing", data)
    return (user_group(room.user_id), "chat:typing", data)


async def atyping(*, room: ChatRoom, sender_type: str, name: str) -> None:
    """From the consumer: sent on its own event loop, no thread hop."""
    await _send_all([typing_send(room=room, sender_type=sender_type, name=name)])


def typing(*, room: ChatRoom, sender_type: str, name: str) -> None:
    run_from_sync(_send_all, [typing_send(room=room, sender_type=sender_type, name=name)])
