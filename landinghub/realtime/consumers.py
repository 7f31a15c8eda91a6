"""The one socket every page and client opens: ``/ws/``.

The consumer is an adapter: it authenticates, puts the connection in its user's group (staff
also in the admins' group), answers the core actions and hands other actions to handlers that
apps register in ``landinghub.realtime.actions``. A bad frame gets an ``error`` event and the
socket stays open.
"""

import asyncio
import contextlib
import json
import logging
import re
from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from landinghub.exceptions import (
    CREDENTIALS_REVOKED,
    FORBIDDEN,
    FRAME_TOO_DEEP,
    FRAME_TOO_LARGE,
    INVALID_FRAME,
    INVALID_JSON,
    INVALID_SCOPE,
    NOT_AUTHENTICATED,
    SERVER_ERROR,
    UNKNOWN_ACTION,
)

from . import actions
from .groups import ADMINS_GROUP, user_group

logger = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
MAX_FRAME_CHARS = 64 * 1024
# No action nests deeper than a few levels. Python's json recurses per level: a 30,000-deep
# array raised RecursionError, which closed the socket with 1011. Checked before parsing.
MAX_FRAME_DEPTH = 32
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = str.maketrans("", "", "".join(c for c in map(chr, range(128)) if c not in "[]{}"))


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether the JSON ``text`` nests arrays/objects deeper than ``limit`` (brackets inside
    strings do not count). Linear and without recursion, so it is safe on hostile input."""
    depth = 0
    for char in _JSON_STRING.sub("", text).translate(_NOT_BRACKET):
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


# Events that only a socket which asked for them (``dashboard:join``) receives.
DASHBOARD_EVENTS = frozenset({"dashboard:update"})


def _refresh_seconds(layer: Any) -> float | None:
    """channels-redis forgets a member ``group_expiry`` seconds after its ``group_add`` (it
    prunes older members on every ``group_send``), however long the socket stays open; a socket
    therefore re-adds itself every quarter of that. None for layers without expiry."""
    expiry = getattr(layer, "group_expiry", None)
    return max(expiry / 4, 1.0) if expiry else None


class AppConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: list[str]
    _refresher: asyncio.Task | None = None

    async def connect(self) -> None:
        self.groups_joined = []
        self.dashboard_joined = False
        self.admin_dashboard_joined = False
        user = self.scope.get("user")
        await self.accept()
        if user is None or not user.is_authenticated:
            await self.send_event(
                "error", {"code": NOT_AUTHENTICATED, "message": "A valid token is required."}
            )
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        await self.join_group(user_group(user.pk))
        if user.is_staff:
            await self.join_group(ADMINS_GROUP)
        every = _refresh_seconds(self.channel_layer)
        if every:
            self._refresher = asyncio.create_task(self._refresh_groups(every))

    async def _refresh_groups(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            for group in list(self.groups_joined):
                try:
                    await self.channel_layer.group_add(group, self.channel_name)
                except Exception:  # Redis away: the next round tries again
                    logger.warning("realtime: could not refresh %s", group, exc_info=True)

    async def disconnect(self, code: int) -> None:
        if self._refresher is not None:
            self._refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresher
            self._refresher = None
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def join_group(self, group: str) -> None:
        if group not in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)

    async def leave_group(self, group: str) -> None:
        if group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
            self.groups_joined.remove(group)

    async def send_event(self, event: str, data: dict[str, Any]) -> None:
        await self.send_json({"event": event, "data": data})

    async def send_error(self, code: str, message: str) -> None:
        await self.send_event("error", {"code": code, "message": message})

    # --- client → server ----------------------------------------------------------------
    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not hasattr(self, "user"):
            return
        if text_data is None:
            await self.send_error(INVALID_FRAME, "Frames must be JSON text.")
            return
        if len(text_data) > MAX_FRAME_CHARS:
            await self.send_error(FRAME_TOO_LARGE, "The frame is too large.")
            return
        if json_depth_exceeds(text_data, MAX_FRAME_DEPTH):
            await self.send_error(FRAME_TOO_DEEP, "The frame nests too deeply.")
            return
        try:
            payload = json.loads(text_data)
        except (ValueError, RecursionError):
            await self.send_error(INVALID_JSON, "The frame is not valid JSON.")
            return
        if not isinstance(payload, dict) or not isinstance(payload.get("action"), str):
            await self.send_error(INVALID_FRAME, 'A frame is an object with an "action".')
            return
        await self.dispatch_action(payload["action"], payload)

    async def dispatch_action(self, action: str, payload: dict[str, Any]) -> None:
        if action == "ping":
            await self.send_event("pong", {})
        elif action == "dashboard:join":
            await self.join_dashboard(payload.get("scope", "user"))
        else:
            handler = actions.get_handler(action)
            if handler is None:
                await self.send_error(UNKNOWN_ACTION, f"Unknown action: {action[:50]}")
                return
            try:
                await handler(self, payload)
            except actions.SocketError as exc:
                await self.send_error(exc.code, exc.message)
            except Exception:
                logger.exception("realtime: action %s failed", action)
                await self.send_error(SERVER_ERROR, "The action failed. Please try again.")

    async def join_dashboard(self, scope: object) -> None:
        """``{"action": "dashboard:join", "scope": "admin"}`` is for staff only: anyone else
        gets a ``forbidden`` error and never an admin update."""
        if scope not in ("user", "admin"):
            await self.send_error(INVALID_SCOPE, 'scope is "user" or "admin".')
            return
        if scope == "admin":
            if not self.user.is_staff:
                await self.send_error(FORBIDDEN, "The admin dashboard is for staff only.")
                return
            self.admin_dashboard_joined = True
        self.dashboard_joined = True
        await self.send_event("dashboard:joined", {"user_id": self.user.pk, "scope": scope})

    # --- server → client (channel layer messages of type "realtime.event") --------------
    async def realtime_event(self, message: dict[str, Any]) -> None:
        if message["event"] in DASHBOARD_EVENTS:
            if not self.dashboard_joined:
                return
            # Admin updates travel in the staff group only; a staff socket that joined just
            # its own dashboard does not want them either.
            if message["data"].get("scope") == "admin" and not self.admin_dashboard_joined:
                return
        await self.send_event(message["event"], message["data"])

    async def realtime_revoke(self, message: dict[str, Any]) -> None:
        """The user's credentials were revoked (a password change, an account taken over):
        the socket says so and closes as unauthenticated; the client signs in again."""
        await self.send_error(CREDENTIALS_REVOKED, "Your sign-in has ended. Sign in again.")
        await self.close(code=CLOSE_UNAUTHENTICATED)
