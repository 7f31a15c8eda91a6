"""Screenshots are decoded and re-encoded; what is not an image never reaches storage."""

import io

import pytest
from PIL import Image

from marketplace.exceptions import InvalidImage
from marketplace.images import MAX_PIXELS, image_validate_and_encode

from .factories import png_bytes


def test_valid_png_is_reencoded_to_webp_with_a_thumbnail():
    encoded = image_validate_and_encode(data=png_bytes((1600, 1000)), stem="s")
    image = Image.open(io.BytesIO(encoded.image.read()))
    thumb = Image.open(io.BytesIO(encoded.thumbnail.read()))
    assert image.format == "WEBP" and image.size == (1600, 1000)
    assert thumb.format == "WEBP" and thumb.size == (640, 400)


def test_huge_image_is_scaled_down():
    encoded = image_validate_and_encode(data=png_bytes((4000, 2000)), stem="s")
    assert max(Image.open(io.BytesIO(encoded.image.read())).size) == 2400


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj<<>>endobj",
        b"<?php system($_GET['c']); ?>",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # a PNG signature and nothing valid behind it
        b"",
    ],
    ids=["pdf", "script", "truncated-png", "empty"],
)
def test_non_images_are_refused(data):
    with pytest.raises(InvalidImage):
        image_validate_and_encode(data=data, stem="s")


def test_decompression_bomb_is_refused():
    # 10,000 x 10,000 of one colour compresses to a few kB but would need 300 MB decoded.
    side = int(MAX_PIXELS**0.5) + 1000
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 5 * 1024 * 1024
    with pytest.raises(InvalidImage) as exc:
        image_validate_and_encode(data=buffer.getvalue(), stem="s")
    assert exc.value.code == "image_too_large"


def test_oversized_upload_is_refused():
    with pytest.raises(InvalidImage) as exc:
        image_validate_and_encode(data=b"0" * (5 * 1024 * 1024 + 1), stem="s")
    assert exc.value.code == "image_too_large"
