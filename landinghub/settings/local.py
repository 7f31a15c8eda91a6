"""The embedded default: what `make run` serves on http://localhost:8000."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
