"""The Celery app: ``celery -A landinghub worker`` (and ``beat`` for periodic tasks)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landinghub.settings.production")

app = Celery("landinghub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
