"""Enqueueing Celery tasks from services: after commit, and never failing the caller.

A broker outage (or, in the embedded default's eager mode, a task that raises) must not turn
an already-committed request into an error: the failure is logged and the work it would have
done is picked up by its periodic sweep or a retry by the user.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task: Task, *args: Any, countdown: int | None = None, **kwargs: Any) -> bool:
    """``countdown`` delays the task by that many seconds (a worker honours it; in eager mode,
    the embedded default and the tests, the task runs at once)."""
    try:
        task.apply_async(args, kwargs, countdown=countdown)
    except Exception:
        logger.exception("could not run or enqueue %s%r", task.name, args)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any, countdown: int | None = None, **kwargs: Any) -> None:
    transaction.on_commit(lambda: enqueue(task, *args, countdown=countdown, **kwargs))
