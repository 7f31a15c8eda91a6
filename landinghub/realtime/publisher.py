"""Publishing to the channel layer from sync code (gunicorn workers, Celery tasks, commands).

``async_to_sync`` called from a thread with no event loop starts a new thread and a new event
loop for every call (asgiref: ``ThreadPoolExecutor(max_workers=1).submit(asyncio.run, ...)``),
and channels-redis keeps one connection pool per event loop, closed with its loop: every
broadcast from a WSGI view therefore paid a thread, a loop and a fresh Redis connection (TCP
connect, ``CLIENT SETNAME``/``SETINFO``) before its first command. Measured (README,
"Benchmarks", support_chat): an empty ``async_to_sync`` call p50 2.9 ms; a chat message's four
``group_send`` calls p50 5.0 ms that way, 1.5 ms on a loop and connection that stay.

``run_from_sync`` instead hands the coroutine to one event loop per process that lives in a
daemon thread for the life of the process, so the layer's pool, and its connections, are made
once and reused. It is used only where that is safe and useful: a channels-redis layer (its
pools are per loop, so another loop is just another pool) called from a thread with no running
loop. Everything else (the in-memory layer, whose queues belong to the consumer's loop; code
called from inside an event loop) keeps ``async_to_sync``, with its usual semantics.
"""

import asyncio
import logging
import os
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels_redis.core import RedisChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_pid: int | None = None


def _publisher_loop() -> asyncio.AbstractEventLoop:
    """The process's publishing loop, started on first use. A forked child (a prefork worker)
    inherits the parent's loop object but not its thread, so it starts its own."""
    global _loop, _pid
    with _lock:
        if _loop is None or _pid != os.getpid():
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="realtime-publisher")
            thread.daemon = True
            thread.start()
            _loop, _pid = loop, os.getpid()
        return _loop


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def run_from_sync(coroutine_function: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    """``coroutine_function(*args)`` from sync code; its result, or None if it did not finish
    within ``REALTIME_PUBLISH_TIMEOUT`` seconds (a Redis that hangs rather than refuses must not
    hold a request that has already committed its work)."""
    layer = get_channel_layer()
    if not isinstance(layer, RedisChannelLayer | RedisPubSubChannelLayer) or _in_event_loop():
        return async_to_sync(coroutine_function)(*args)
    future = asyncio.run_coroutine_threadsafe(coroutine_function(*args), _publisher_loop())
    try:
        return future.result(timeout=settings.REALTIME_PUBLISH_TIMEOUT)
    except FutureTimeout:
        future.cancel()
        logger.warning(
            "realtime: %s did not finish within %ss",
            getattr(coroutine_function, "__name__", coroutine_function),
            settings.REALTIME_PUBLISH_TIMEOUT,
        )
        return None
