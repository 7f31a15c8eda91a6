"""Settings for the worker and beat of the lost-work outage test (not a test module).

The broker-outage worker settings (the test points ``DATABASE_URL`` at one SQLite file that
every process of the test shares), e-mails written to files, and
the three sweeps on a one-second beat with no grace, so that work whose enqueue failed while
Redis was down is found within seconds instead of minutes. Beat runs nothing else.
"""

import os

from .celery_worker_settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["OUTAGE_MAIL_DIR"]
MEDIA_ROOT = os.environ["OUTAGE_MEDIA_ROOT"]
REALTIME_PUBLISH_TIMEOUT = 1.0
SUPPORT_BOT_SWEEP_AFTER_SECONDS = 1
PAGES_PUBLISH_SWEEP_AFTER_MINUTES = 0
PAGES_LEAD_EMAIL_INTERVAL_SECONDS = 0
PAGES_LEAD_EMAIL_SWEEP_GRACE_SECONDS = 1
CELERY_BEAT_SCHEDULE = {
    name: {"task": task, "schedule": 1.0}
    for name, task in [
        ("support-bot-replies-sweep", "support.bot_replies_sweep"),
        ("pages-publish-sweep", "pages.publish_sweep"),
        ("pages-lead-emails-sweep", "pages.lead_emails_sweep"),
    ]
}
