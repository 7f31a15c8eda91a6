"""Settings for the test suite. DATABASE_URL / REDIS_URL still switch to the real services."""

import atexit
import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CELERY_BEAT_SCHEDULE, DATABASES, REDIS_URL

DEBUG = False
# A fast hasher: the strong ones are exercised by their own test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in the test process; the worker itself is exercised by its own tests.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BEAT_SCHEDULE = CELERY_BEAT_SCHEDULE
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, as in make run (with its WAL and busy timeout), not SQLite's in-memory shared
    # cache: the live servers of the browser tests write from several threads at once, and the
    # shared cache fails a second writer at once ("database table is locked", a 500) where a
    # file makes it wait its turn. One file per test process, so parallel runs never share it.
    _TEST_DB = Path(tempfile.gettempdir()) / f"landinghub-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_DB)}
    # Django removes the file after the run; WAL leaves its two companions behind.
    atexit.register(
        lambda: [Path(f"{_TEST_DB}{end}").unlink(missing_ok=True) for end in ("-wal", "-shm")]
    )
# Assertions read these addresses whatever PORT the shell exports (browser tests set their own).
SITE_URL = PAYMENT_RETURN_BASE_URL = "http://localhost:8000"
PUBLISHED_PAGES_DOMAIN = "pages.localhost:8000"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver", "[::1]"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Assertions read English; the Vietnamese default is covered by its own i18n tests.
LANGUAGE_CODE = "en"
# Chromium screenshots are exercised by their own test, not on every submit.
MARKETPLACE_AUTO_SCREENSHOTS = False
# The public list cache is exercised by its own tests (it needs commits to be invalidated).
MARKETPLACE_LIST_CACHE_SECONDS = 0
DASHBOARD_CACHE_SECONDS = 0
# The bot answers from help articles unless a test points it at its fake API.
OPENAI_API_KEY = ""
