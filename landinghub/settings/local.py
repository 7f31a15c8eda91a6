"""The embedded default: what `make run` serves on http://localhost:$PORT (8000 by default).

DEBUG is off, as a user meets the site (branded 404/500 pages, static files from WhiteNoise);
`make dev` turns it on with DJANGO_DEBUG=1.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# `make run` collects the static files first, with a .br and .gz beside each (written by
# collectstatic, for the files that changed): WhiteNoise serves those, and the finders' files
# (uncompressed) only where nothing was collected.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "landinghub.staticfiles.IncrementalCompressedStaticFilesStorage"},
}
MIDDLEWARE = [
    "landinghub.staticfiles.CollectedFirstWhiteNoiseMiddleware"
    if entry == "whitenoise.middleware.WhiteNoiseMiddleware"
    else entry
    for entry in MIDDLEWARE  # noqa: F405
]
