"""``support_chat --trace``: where a chat message's time goes, hop by hop.

The servers run the real application through these wrappers (gunicorn
``bench.tracing:wsgi_application``, daphne ``bench.tracing:asgi_application``). Each records
wall-clock stamps (``time.time()``: one clock for every process on the machine) for the
benchmark's messages into ``BENCH_TRACE_FILE``, one JSON line per hop, and the client joins
them by message id. Nothing here changes what the application does; it only wraps it.
"""

import contextvars
import gc
import json
import os
import threading
import time
from typing import Any

_local = threading.local()
_lock = threading.Lock()
# async_to_sync runs the sends in another thread but in a copy of this context: the list is
# shared, a thread-local would not be.
_sends: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar("sends", default=None)


def record(**fields: Any) -> None:
    path = os.environ.get("BENCH_TRACE_FILE")
    if not path:
        return
    line = json.dumps({"pid": os.getpid(), **fields}) + "\n"
    with _lock, open(path, "a") as f:
        f.write(line)


def _patch_delivery() -> None:
    from support import realtime

    deliver, send = realtime._deliver_message, realtime.agroup_send

    def traced_deliver(message, room):
        sends: list[float] = []
        token = _sends.set(sends)
        started = time.time()
        try:
            deliver(message, room)
        finally:
            _sends.reset(token)
        record(
            hop="deliver",
            id=message.pk,
            request=getattr(_local, "request_started", None),
            committed=started,
            send_started=sends[0] if sends else None,
            first_send=sends[1] if len(sends) > 1 else None,
            delivered=time.time(),
        )
        _local.response_for = message.pk

    async def traced_send(group, event, data):
        sends = _sends.get()
        if sends is not None and not sends:
            sends.append(time.time())  # the publishing coroutine starts
        result = await send(group, event, data)
        if sends is not None:
            sends.append(time.time())
        return result

    realtime._deliver_message = traced_deliver
    realtime.agroup_send = traced_send


def _patch_consumer() -> None:
    from landinghub.realtime.consumers import AppConsumer

    handler = AppConsumer.realtime_event

    async def traced_event(self, message):
        received = time.time()
        await handler(self, message)
        if message["event"] == "chat:new_message":
            record(hop="consumer", id=message["data"]["id"], received=received, sent=time.time())

    AppConsumer.realtime_event = traced_event


def _watch_gc() -> None:
    """Records every collection of 5 ms or more: a full (generation 2) collection walks every
    object the process holds, and its pause stops the process's every thread."""
    started: list[float] = []

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started[:] = [time.time()]
        elif started and (elapsed := time.time() - started[0]) >= 0.005:
            record(
                hop="gc",
                id=None,
                server="gunicorn" if os.environ.get("BENCH_TRACE_SERVER") == "wsgi" else "daphne",
                generation=info["generation"],
                start=started[0],
                ms=elapsed * 1000,
                collected=info["collected"],
            )

    gc.callbacks.append(callback)


def _wsgi():
    from landinghub.wsgi import application

    _patch_delivery()
    _watch_gc()

    def traced(environ, start_response):
        _local.request_started = time.time()
        _local.response_for = None
        try:
            return application(environ, start_response)
        finally:
            if _local.response_for is not None:
                record(hop="response", id=_local.response_for, returned=time.time())

    return traced


def _asgi():
    from landinghub.asgi import application

    _patch_consumer()
    _watch_gc()
    return application


if os.environ.get("BENCH_TRACE_SERVER") == "wsgi":
    wsgi_application = _wsgi()
elif os.environ.get("BENCH_TRACE_SERVER") == "asgi":
    asgi_application = _asgi()
