"""WSGI entry point for gunicorn: all HTTP in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landinghub.settings.production")
application = get_wsgi_application()
