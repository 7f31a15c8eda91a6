"""The embedded default's static files storage: WhiteNoise's pre-compressed files (``.br`` and
``.gz`` beside each file in STATIC_ROOT), written by ``collectstatic`` only for the files that
changed since the last one, so that ``make run`` stays quick after the first."""

import os

from whitenoise.compress import Compressor
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
