"""A drawn stand-in for a listing's screenshot, for when no browser can take a real one.

Its text is drawn with a font that has the Vietnamese glyphs (Pillow's default has none, and
"Tiệm bánh mì" came out as "Ti□m b□nh m□"): Roboto from the ``font-roboto`` package the project
installs, else Debian's DejaVu Sans.
"""

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

try:
    import font_roboto
except ImportError:  # a dependency of the project; DejaVu is the system's fallback
    font_roboto = None

DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def font_path() -> str:
    if font_roboto is not None:
        return font_roboto.RobotoBold
    if DEJAVU_BOLD.exists():
        return str(DEJAVU_BOLD)
    raise RuntimeError("No font with Vietnamese glyphs: install the font-roboto package.")


@lru_cache(maxsize=8)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(), size)


def placeholder_png(*, title: str, accent: str, size: tuple[int, int] = (1200, 750)) -> bytes:
    width, height = size
    image = Image.new("RGB", size, accent)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, width - 60, height - 60), fill="#ffffff")
    draw.rectangle((60, 60, width - 60, 330), fill=accent)
    draw.text((110, 150), title, fill="#ffffff", font=font(64))
    for col in range(3):
        draw.rounded_rectangle((110 + col * 340, 380, 400 + col * 340, 640), 24, fill="#f1f0fa")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
