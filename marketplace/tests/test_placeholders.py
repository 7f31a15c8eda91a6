"""The text the server draws itself (a listing's stand-in screenshot) has its Vietnamese
glyphs, not the empty boxes of a font without them."""

from io import BytesIO

from PIL import Image, ImageChops, ImageDraw, ImageFont

from marketplace.placeholders import font, font_path, placeholder_png

TITLE = "Tiệm bánh mì"


def _drawn(text: str, face) -> Image.Image:
    image = Image.new("L", (700, 120), 0)
    ImageDraw.Draw(image).text((10, 10), text, fill=255, font=face)
    return image


def test_vietnamese_letters_are_drawn_as_themselves_not_as_the_missing_glyph_box():
    face = font(64)
    missing = _drawn("\U0010fffd", face).getbbox()  # a code point no font has: the box
    for letter in "ệáìĐạơư":
        assert _drawn(letter, face).getbbox() != missing, letter
    # The accented letters differ from their bare letters (the marks are there).
    for accented, bare in (("ệ", "e"), ("á", "a"), ("ì", "i")):
        assert ImageChops.difference(_drawn(accented, face), _drawn(bare, face)).getbbox()


def test_pillows_default_font_would_have_drawn_boxes():
    """What the placeholders looked like before: the default font has no "ệ"."""
    default = ImageFont.load_default(64)
    assert _drawn("ệ", default).tobytes() == _drawn("\U0010fffd", default).tobytes()
    assert _drawn("ệ", font(64)).tobytes() != _drawn("\U0010fffd", font(64)).tobytes()


def test_placeholder_draws_the_title_with_the_vietnamese_font():
    png = Image.open(BytesIO(placeholder_png(title=TITLE, accent="#5b4bdb")))
    assert png.size == (1200, 750)
    # The title area matches the title drawn alone with the font, glyph for glyph.
    expected = Image.new("RGB", (1200, 750), "#5b4bdb")
    draw = ImageDraw.Draw(expected)
    draw.text((110, 150), TITLE, fill="#ffffff", font=font(64))
    box = (100, 140, 1100, 330)
    assert not ImageChops.difference(png.convert("RGB").crop(box), expected.crop(box)).getbbox()
    assert font_path().endswith(".ttf")
