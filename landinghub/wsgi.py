"""WSGI entry point for gunicorn: all HTTP in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landinghub.settings.production")
application = get_wsgi_application()

from landinghub.warmup import warm_up_and_freeze  # noqa: E402  (needs the apps loaded)

warm_up_and_freeze()
