"""The JSON shapes of rooms and messages, shared by the REST API and the socket events.

Plain functions rather than DRF serializers because every message is serialised once per
broadcast on the hot path; the API's serializers describe the same shapes for the schema.
"""

from typing import Any

from .models import ChatMessage, ChatRoom


def _person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.name or user.email.split("@")[0]}


def message_data(message: ChatMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "room_id": message.room_id,
        "sender_type": message.sender_type,
        "sender": _person(message.sender) if message.sender_id else None,
        "message": message.message,
        "message_type": message.message_type,
        "attachments": message.attachments,
        "is_internal": message.is_internal,
        "read": message.read,
        "client_id": message.client_id,
        "created_at": message.created_at,
    }


def room_data(room: ChatRoom, *, for_staff: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": room.pk,
        "status": room.status,
        "subject": room.subject,
        "admin": _person(room.admin) if room.admin_id else None,
        "handoff_requested": room.handoff_requested_at is not None,
        "unread_count_user": room.unread_count_user,
        "version": room.version,
        "last_message_at": room.last_message_at,
        "created_at": room.created_at,
    }
    if for_staff:
        data.update(
            user=_person(room.user),
            user_email=room.user.email,
            priority=room.priority,
            tags=room.tags,
            context=room.context,
            unread_count_admin=room.unread_count_admin,
            handoff_requested_at=room.handoff_requested_at,
            assigned_at=room.assigned_at,
            first_response_at=room.first_response_at,
            resolved_at=room.resolved_at,
        )
    return data
