"""The embedded default's static files storage: WhiteNoise's pre-compressed files (``.br`` and
``.gz`` beside each file in STATIC_ROOT), written by ``collectstatic`` only for the files that
changed since the last one, so that ``make run`` stays quick after the first; and the
middleware that serves them before the finders' uncompressed copies."""

import os

from whitenoise.compress import Compressor
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedStaticFilesStorage


class IncrementalCompressor(Compressor):
    def should_compress(self, filename: str) -> bool:
        # Source maps are read by developer tools only: not worth their minute of Brotli.
        return not filename.endswith(".map") and super().should_compress(filename)

    def compress(self, path: str) -> list[str]:
        # WhiteNoise gives each compressed file its source's mtime; collectstatic gives a file it
        # copies again a new one.
        mtime = os.stat(path).st_mtime
        for suffix in (".br", ".gz"):
            try:
                if os.stat(path + suffix).st_mtime == mtime:
                    return []
            except FileNotFoundError:
                pass
        return super().compress(path)


class IncrementalCompressedStaticFilesStorage(CompressedStaticFilesStorage):
    def create_compressor(self, **kwargs) -> Compressor:
        return IncrementalCompressor(**kwargs)


class CollectedFirstWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise that serves a file from STATIC_ROOT (with its .br/.gz) when it was collected,
    and from the finders (uncompressed) only when it was not: WhiteNoise's finders would
    otherwise replace every collected file. ``make run`` collects before it serves."""

    def add_files_from_finders(self) -> None:
        collected = dict(self.files)
        super().add_files_from_finders()
        self.files.update(collected)
