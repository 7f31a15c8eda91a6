"""Settings for the real Celery worker started by the worker-fault tests (not a test module).

The test settings, with tasks really consumed from the broker and a short visibility
timeout swept every second, so that a task whose worker died is handed to the next worker
within seconds instead of the production 15 minutes (kombu sweeps every 10 s x 10 polls).
"""

from landinghub.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
