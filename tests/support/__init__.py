"""What the tests that run real servers share: loopback ports, waiting, the processes
(redis-server, daphne, Celery) and the in-process daphne server (``live_daphne``).

Importable from every test directory (pytest's ``pythonpath``) and from ``bench``."""

from .database import conninfo
from .ports import NEVER_PORT, free_port, listening
from .processes import (
    REDIS_SERVER,
    ROOT,
    SOLO_WORKER,
    celery,
    daphne,
    python_c,
    python_m,
    redis_server,
    spawn,
    stop,
)
from .waiting import logs, tail, wait_for, wait_for_async

__all__ = [
    "NEVER_PORT",
    "REDIS_SERVER",
    "ROOT",
    "SOLO_WORKER",
    "celery",
    "conninfo",
    "daphne",
    "free_port",
    "listening",
    "logs",
    "python_c",
    "python_m",
    "redis_server",
    "spawn",
    "stop",
    "tail",
    "wait_for",
    "wait_for_async",
]
