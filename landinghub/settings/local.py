"""The embedded default: what `make run` serves on http://localhost:$PORT (8000 by default).

DEBUG is off, as a user meets the site (branded 404/500 pages, static files from WhiteNoise);
`make dev` turns it on with DJANGO_DEBUG=1.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
