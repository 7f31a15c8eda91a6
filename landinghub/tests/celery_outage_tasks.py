"""A task that only the broker-outage test's worker imports (not a test module)."""

import time
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.outage_mark")
def outage_mark_task(path: str, seconds: float = 0) -> str:
    """Sleeps (holding its unacknowledged message), then leaves a file saying it ran."""
    time.sleep(seconds)
    Path(path).write_text("done")
    return path
