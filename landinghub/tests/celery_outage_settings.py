"""Settings for the worker of the broker-outage test (not a test module): the real worker
settings plus a slow test task, so the worker holds an unacknowledged message when Redis
dies."""

from .celery_worker_settings import *  # noqa: F403

CELERY_IMPORTS = ["landinghub.tests.celery_outage_tasks"]
