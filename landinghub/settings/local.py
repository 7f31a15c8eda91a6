"""The embedded default: what `make run` serves on http://localhost:$PORT (8000 by default).

DEBUG is off, as a user meets the site (branded 404/500 pages, static files from WhiteNoise);
`make dev` turns it on with DJANGO_DEBUG=1.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# `make run` collects the static files first: WhiteNoise serves them from STATIC_ROOT with the
# .br/.gz beside each (written by collectstatic), instead of uncompressed from the finders.
# `make dev` (DEBUG on) keeps reading the sources as they change.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "landinghub.staticfiles.IncrementalCompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
