"""Image decoding amplification (issue 12): a request is judged on its headers before anything
is decoded, and decoding happens in a time-bounded child process."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pages.content import imaging
from pages.models import PageAsset

pytestmark = pytest.mark.django_db

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _png_claiming(width: int, height: int) -> bytes:
    """A 1x1 PNG whose header claims ``width`` x ``height`` (a few dozen bytes)."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, format="PNG")
    data = bytearray(out.getvalue())
    ihdr = bytes(data[12:16]) + struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


def _real_png(side: int) -> bytes:
    """A real, fully decodable PNG of ``side`` x ``side`` that compresses to a few KB."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def decoded(monkeypatch):
    """Counts the images handed to the decoder (the real one still runs)."""
    seen: list[int] = []
    real = imaging.reencode_all

    def spy(images, **kwargs):
        seen.append(len(images))
        return real(images, **kwargs)

    monkeypatch.setattr(imaging, "reencode_all", spy)
    return seen


def _post(client, page, blobs, **headers):
    files = [SimpleUploadedFile(f"{i}.png", b, "image/png") for i, b in enumerate(blobs)]
    return client.post(f"/api/pages/{page.pk}/assets", {"files[][]": files}, **headers)


def test_ten_huge_pngs_are_refused_from_their_headers_and_never_decoded(auth_client, page, decoded):
    blobs = [_png_claiming(6300, 6300) for _ in range(10)]
    assert len(b"".join(blobs)) < 2000  # 397 MP claimed in under 2 KB
    response = _post(auth_client, page, blobs, **VI)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "image_too_large"
    assert error["message"] == "Mỗi ảnh có tối đa 25 megapixel."
    assert error["details"]["fields"]["files"] == [error["message"]]
    assert decoded == []
    assert not PageAsset.objects.exists()


def test_many_images_under_the_per_image_cap_are_refused_over_the_request_budget(
    auth_client, page, decoded
):
    blobs = [_real_png(3000) for _ in range(10)]  # 9 MP each, 90 MP together
    response = _post(auth_client, page, blobs, **EN)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "too_many_pixels"
    assert error["message"] == "Upload at most 60 megapixels at once; send fewer images."
    assert decoded == []
    assert not PageAsset.objects.exists()


def test_more_than_ten_files_are_refused_before_reading(auth_client, page, decoded):
    response = _post(auth_client, page, [_real_png(8) for _ in range(11)], **VI)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Hãy tải lên từ 1 đến 10 ảnh."
    assert decoded == [] and not PageAsset.objects.exists()


def test_images_within_the_budget_are_decoded_once_outside_and_stored(auth_client, page, decoded):
    response = _post(auth_client, page, [_real_png(2000), _real_png(40)])
    assert response.status_code == 201
    assert [item["width"] for item in response.json()["data"]] == [2000, 40]
    assert decoded == [2]  # one child process for the whole request
    assert PageAsset.objects.filter(page=page).count() == 2


def test_decoding_past_its_time_bound_is_refused_and_stores_nothing(auth_client, page, settings):
    settings.PAGES_IMAGE_DECODE_SECONDS = 0.001  # no child process finishes this fast
    response = _post(auth_client, page, [_real_png(40)], **VI)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "image_timeout"
    assert error["message"] == (
        "Xử lý các ảnh này mất quá lâu. Hãy tải lên ít ảnh hơn hoặc ảnh nhỏ hơn."
    )
    assert not PageAsset.objects.exists()


def test_a_truncated_image_that_passes_the_header_check_is_refused(auth_client, page):
    response = _post(auth_client, page, [_png_claiming(400, 300)], **VI)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_image"
    assert not PageAsset.objects.exists()
