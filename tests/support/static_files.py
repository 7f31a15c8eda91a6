"""WhiteNoise's scan of the static files, made once per test session instead of once per test.

Every test client builds its own middleware chain, and WhiteNoise walks every app's and
node_modules' static files (``WHITENOISE_USE_FINDERS``) and ``STATIC_ROOT`` (when
``collectstatic`` has filled it, as ``make run`` does) and builds a response for each, each
time: about half the CPU time of the fast tier. The files do not change during a run, so the scan's
result is shared by every middleware instance built with the same settings; what each request
gets is unchanged."""

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware

_scan = WhiteNoiseMiddleware.add_files_from_finders
_scan_root = WhiteNoiseMiddleware.add_files
_scans: dict[tuple, dict] = {}


def _key(middleware: WhiteNoiseMiddleware) -> tuple:
    return (
        middleware.static_prefix,
        middleware.max_age,
        middleware.allow_all_origins,
        middleware.charset,
        middleware.index_file,
        middleware.add_headers_function,
        repr(getattr(settings, "WHITENOISE_MIMETYPES", None)),
        repr(getattr(settings, "WHITENOISE_IMMUTABLE_FILE_TEST", None)),
        tuple(map(str, settings.STATICFILES_DIRS)),
        tuple(settings.STATICFILES_FINDERS),
        tuple(settings.INSTALLED_APPS),
    )


def _add_files_from_finders(self: WhiteNoiseMiddleware) -> None:
    key = _key(self)
    if key not in _scans:
        files, self.files = self.files, {}
        try:
            _scan(self)
            _scans[key] = self.files
        finally:
            self.files = files
    self.files.update(_scans[key])


def _add_files(self: WhiteNoiseMiddleware, root, prefix=None) -> None:
    if self.autorefresh:  # nothing scanned up front: the files are looked up per request
        return _scan_root(self, root, prefix)
    key = (*_key(self), str(root), prefix)
    if key not in _scans:
        files, self.files = self.files, {}
        try:
            _scan_root(self, root, prefix)
            _scans[key] = self.files
        finally:
            self.files = files
    self.files.update(_scans[key])


def share_static_file_scans() -> None:
    WhiteNoiseMiddleware.add_files_from_finders = _add_files_from_finders
    WhiteNoiseMiddleware.add_files = _add_files
