"""Settings for the daphne and Celery processes of the scale-out test (not a test module).

The worker-fault settings (test settings, tasks really sent to the broker), with the default
queue named by the test so that its worker consumes only the tasks its daphne processes send.
"""

import os

from landinghub.tests.celery_worker_settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ.get("LH_TEST_CELERY_QUEUE", "celery")
