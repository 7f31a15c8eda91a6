"""Point-to-point delivery of events to a user's sockets.

Delivery is best effort: the channel layer may drop a message (a full channel, Redis down), so
every event is a notification about something already stored, never the only copy of it.
Callers inside a transaction use the ``*_on_commit`` variants so that nothing is announced
that a rollback then takes back.
"""

import json
import logging
from functools import partial
from typing import Any

from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from .groups import ADMINS_GROUP, user_group
from .publisher import run_from_sync

logger = logging.getLogger(__name__)

MESSAGE_TYPE = "realtime.event"


def _message(event: str, data: dict[str, Any]) -> dict[str, Any]:
    # Round-trip through JSON so dates, decimals and UUIDs survive msgpack in channels-redis.
    return {
        "type": MESSAGE_TYPE,
        "event": event,
        "data": json.loads(json.dumps(data, cls=DjangoJSONEncoder)),
    }


async def agroup_send(group: str, event: str, data: dict[str, Any]) -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        await layer.group_send(group, _message(event, data))
    except Exception:  # a Redis outage degrades live updates, never the caller's work
        logger.warning("realtime: could not deliver %s to %s", event, group, exc_info=True)
        return False
    return True


def group_send(group: str, event: str, data: dict[str, Any]) -> bool:
    """Send from sync code (views, services, Celery tasks). Returns False if delivery failed.
    Goes through the process's publishing loop, so its Redis connection is reused."""
    return run_from_sync(agroup_send, group, event, data) is True


def send_to_user(user_id: int, event: str, data: dict[str, Any]) -> bool:
    return group_send(user_group(user_id), event, data)


async def asend_to_user(user_id: int, event: str, data: dict[str, Any]) -> bool:
    return await agroup_send(user_group(user_id), event, data)


def send_to_admins(event: str, data: dict[str, Any]) -> bool:
    return group_send(ADMINS_GROUP, event, data)


def send_to_user_on_commit(user_id: int, event: str, data: dict[str, Any]) -> None:
    transaction.on_commit(partial(send_to_user, user_id, event, data))


def send_to_admins_on_commit(event: str, data: dict[str, Any]) -> None:
    transaction.on_commit(partial(send_to_admins, event, data))


REVOKE_MESSAGE_TYPE = "realtime.revoke"


async def _aclose_user_sockets(user_id: int) -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        await layer.group_send(user_group(user_id), {"type": REVOKE_MESSAGE_TYPE})
    except Exception:
        logger.warning("realtime: could not close the sockets of user %s", user_id, exc_info=True)
        return False
    return True


def sockets_close_for_user(user_id: int) -> bool:
    """Asks every open socket of the user to close with 4401 (its credentials were revoked,
    e.g. by a password change). The socket's own re-authentication is the client's job."""
    return run_from_sync(_aclose_user_sockets, user_id) is True


def sockets_close_for_user_on_commit(user_id: int) -> None:
    transaction.on_commit(partial(sockets_close_for_user, user_id))
