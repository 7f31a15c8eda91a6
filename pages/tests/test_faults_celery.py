"""A Celery worker SIGKILLed mid-task (issue 8 item 3; tests/SECURITY.md row 56).

A real ``celery -A landinghub worker`` consumes ``page_publish_task`` from Redis against the
test's PostgreSQL database. The test holds the page's row lock, so the task stops inside the
flip (its new document already written); the worker is then killed with SIGKILL, as a machine
crash would. With ``acks_late`` the message was never acknowledged: a second worker gets it
again once the visibility timeout (3 s for this worker) has passed, runs it, and the page is
published exactly once (version 1), the first run's half-done work left unused.
"""

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection

from landinghub.celery import app as celery_app
from pages.models import Page
from tests.support import ROOT, SOLO_WORKER, celery, conninfo, stop, tail, wait_for

from .factories import PageFactory

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)"),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def _worker(queue: str, media_root: Path, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "landinghub.tests.celery_worker_settings",
        "DATABASE_URL": conninfo(),
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "MEDIA_ROOT": str(media_root),
        "PYTHONPATH": str(ROOT),
    }
    name = f"--hostname={queue}-{uuid.uuid4().hex[:6]}@test"
    return celery("worker", *SOLO_WORKER, "-Q", queue, "--loglevel=INFO", name, env=env, log=log)


def _wait_for(predicate, timeout: float, what: str, log: Path):
    return wait_for(predicate, timeout, what, details=lambda: f"{_activity()}\n{tail(log)}")


def _activity() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, state, wait_event_type, wait_event, left(query, 120) "
            "FROM pg_stat_activity WHERE datname = %s",
            [connection.settings_dict["NAME"]],
        )
        return cursor.fetchall()


def _ready(log: Path, workers: int) -> bool:
    return log.read_text(errors="replace").count(" ready.") >= workers


def _backend_waiting_on_a_lock(db_name: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            [db_name],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def test_worker_killed_mid_publish_reruns_the_task_and_publishes_once(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs this on PostgreSQL)")
    page = PageFactory()
    queue = f"lh-test-{uuid.uuid4().hex[:8]}"
    media_root = Path(settings.MEDIA_ROOT)
    log = tmp_path / "worker.log"
    db_name = connection.settings_dict["NAME"]

    holder = psycopg.connect(conninfo())  # a transaction holding the page's row lock
    holder.execute(f"SELECT 1 FROM {Page._meta.db_table} WHERE id = %s FOR UPDATE", [page.pk])
    first = _worker(queue, media_root, log)
    try:
        _wait_for(lambda: _ready(log, 1), 45, "the first worker to start", log)
        celery_app.send_task("pages.publish", args=[page.pk], queue=queue)
        stuck = _wait_for(
            lambda: _backend_waiting_on_a_lock(db_name), 20, "the task to reach the flip", log
        )
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        # The dead worker's socket is gone; its backend goes too (as PostgreSQL notices).
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [stuck])
    finally:
        stop(first, grace=0)
        holder.rollback()
        holder.close()

    page.refresh_from_db()
    assert page.version == 0 and not page.deployed  # nothing committed by the killed run
    written = list((media_root / "published" / str(page.pk)).glob("v*/index.html"))
    assert len(written) == 1  # the killed run had written its document

    second = _worker(queue, media_root, log)
    try:
        _wait_for(lambda: _ready(log, 2), 45, "the second worker to start", log)

        def published():
            page.refresh_from_db()
            return page.deploy_status == Page.DeployStatus.OK and page.version >= 1

        _wait_for(published, 20, "the second worker to publish the page", log)
        time.sleep(4)  # past another visibility timeout: nothing runs a third time
    finally:
        stop(second, grace=0)

    page.refresh_from_db()
    assert page.status == Page.Status.PUBLISHED and page.deployed
    assert page.version == 1  # the effect happened once
    written = list((media_root / "published" / str(page.pk)).glob("v*/index.html"))
    assert len(written) == 2  # the task really ran twice
    assert (media_root / page.published_key).is_file()
    assert (
        django_settings.CELERY_TASK_ACKS_LATE and django_settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    )
