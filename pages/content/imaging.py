"""Decoding uploaded images outside the web process, with a time and memory bound.

A PNG of a few kilobytes can claim 6,300 x 6,300 pixels; decoding ten of them took 18 s and
300 MB of the web process. So an upload is handled in two steps:

1. ``probe`` reads only the header (Pillow's ``Image.open`` is lazy: format and size are
   known before any pixel is decoded). The caller refuses the request on these numbers, per
   image and in total, before anything is decoded.
2. ``reencode_all`` decodes and re-encodes the images that passed in one short-lived child
   process (``python -m pages.content.imaging``), which caps its own address space and is killed
   after ``timeout`` seconds. The web process never holds the decoded pixels.

This module imports only Pillow and the standard library, so the child starts without Django.
"""

import io
import os
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024  # one 25 MP RGBA image is 100 MB; ample headroom
_ROOT = Path(__file__).resolve().parents[2]  # the repository: the child imports pages.content


class ImageRefused(Exception):
    """``code`` is one of ``invalid_image``, ``image_timeout``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Probe:
    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


@dataclass(frozen=True)
class Encoded:
    data: bytes
    format: str
    width: int
    height: int


def probe(data: bytes) -> Probe | None:
    """Format and size from the header only; None when Pillow does not recognise it."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return Probe(image.format or "", image.width, image.height)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


def _pack(chunks: list[bytes]) -> bytes:
    return struct.pack(">I", len(chunks)) + b"".join(struct.pack(">I", len(c)) + c for c in chunks)


def _unpack(stream: io.BufferedIOBase) -> list[bytes]:
    (count,) = struct.unpack(">I", stream.read(4))
    chunks = []
    for _ in range(count):
        (size,) = struct.unpack(">I", stream.read(4))
        chunks.append(stream.read(size))
    return chunks


def reencode_all(images: list[bytes], *, max_pixels: int, timeout: float) -> list[Encoded]:
    """Decode and re-encode every image in a child process; all or nothing."""
    path = os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    command = [sys.executable, "-m", "pages.content.imaging", str(max_pixels)]
    try:
        done = subprocess.run(  # noqa: S603 - our own module, data on stdin only
            command, input=_pack(images), capture_output=True, timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired as exc:
        raise ImageRefused("image_timeout") from exc
    if done.returncode != 0:
        raise ImageRefused("invalid_image")
    results = []
    for chunk in _unpack(io.BytesIO(done.stdout)):
        fmt, width, height = struct.unpack(">4sII", chunk[:12])
        results.append(Encoded(chunk[12:], fmt.decode().strip(), width, height))
    return results


def _reencode(data: bytes) -> bytes:
    """Decode fully and write again in the same format: only pixels reach storage."""
    with Image.open(io.BytesIO(data)) as check:
        check.verify()
    image = Image.open(io.BytesIO(data))
    fmt = image.format
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if fmt == "GIF":
        image.seek(0)
        image.load()  # verified and decoded once; the animation is kept as uploaded
        out = data
    else:
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format=fmt) if fmt == "PNG" else image.save(buffer, fmt, quality=88)
        out = buffer.getvalue()
    return struct.pack(">4sII", fmt.ljust(4).encode(), image.width, image.height) + out


def _child(max_pixels: int) -> int:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    Image.MAX_IMAGE_PIXELS = max_pixels  # anything above is a DecompressionBombError
    try:
        chunks = [_reencode(data) for data in _unpack(sys.stdin.buffer)]
    except Exception:  # any failure on a hostile file means "not an image"
        return 1
    sys.stdout.buffer.write(_pack(chunks))
    return 0


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1])))
