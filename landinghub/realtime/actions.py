"""Socket actions other apps add to the one consumer (e.g. ``chat:join`` from support).

A handler is ``async def handler(consumer, payload: dict) -> None``; it may raise
``SocketError`` to answer the client with an ``error`` event while the socket stays open.
"""

from collections.abc import Awaitable, Callable
from typing import Any

Handler = Callable[[Any, dict[str, Any]], Awaitable[None]]

_registry: dict[str, Handler] = {}


class SocketError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def register(action: str) -> Callable[[Handler], Handler]:
    def decorator(handler: Handler) -> Handler:
        _registry[action] = handler
        return handler

    return decorator


def get_handler(action: str) -> Handler | None:
    return _registry.get(action)
