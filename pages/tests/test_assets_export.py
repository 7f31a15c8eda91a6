import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from pages.models import PageAsset

from .conftest import host_of

pytestmark = pytest.mark.django_db


def _png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (91, 75, 219)).save(out, format="PNG")
    return out.getvalue()


def _upload(client, page, name, data, content_type="image/png"):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(f"/api/pages/{page.pk}/assets", {"files[]": upload}, format="multipart")


def test_asset_upload_stores_image_and_answers_grapesjs_shape(auth_client, page):
    response = _upload(auth_client, page, "logo.png", _png())
    assert response.status_code == 201
    item = response.json()["data"][0]
    assert item["type"] == "image" and item["width"] == 40
    assert item["src"].startswith("/media/page-assets/")
    asset = PageAsset.objects.get(page=page)
    assert asset.file.read().startswith(b"\x89PNG")


def test_asset_upload_rejects_non_image(auth_client, page):
    response = _upload(auth_client, page, "x.png", b"<html><script>alert(1)</script>")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_image"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    response = _upload(auth_client, page, "x.svg", svg, "image/svg+xml")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_image"
    assert not PageAsset.objects.exists()


def test_asset_upload_rejects_oversized(auth_client, page, settings):
    settings.PAGES_MAX_ASSET_BYTES = 100
    response = _upload(auth_client, page, "big.png", _png((200, 200)))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_too_large"


def test_asset_upload_without_files_is_400(auth_client, page):
    response = auth_client.post(f"/api/pages/{page.pk}/assets", {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "application_error"


def test_zip_export_streams_html_styles_and_images(auth_client, page):
    src = _upload(auth_client, page, "hero.png", _png()).json()["data"][0]["src"]
    auth_client.patch(
        f"/api/pages/{page.pk}",
        {"html_content": f'<section><img src="{src}" alt="hero"></section>'},
        format="json",
    )
    response = auth_client.get(f"/api/pages/{page.pk}/export")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert names[:2] == ["index.html", "styles.css"]
    image = next(n for n in names if n.startswith("images/"))
    index = archive.read("index.html").decode()
    assert f'src="{image}"' in index
    assert 'href="styles.css"' in index
    assert ".hero{padding:40px" in archive.read("styles.css").decode()
    assert archive.read(image).startswith(b"\x89PNG")


def test_uploaded_image_is_served_to_the_builder_and_the_published_page(auth_client, page, publish):
    src = _upload(auth_client, page, "logo.png", _png()).json()["data"][0]["src"]
    on_app = auth_client.get(src)
    assert on_app.status_code == 200 and on_app["Content-Type"] == "image/png"
    assert b"".join(on_app.streaming_content).startswith(b"\x89PNG")
    auth_client.patch(
        f"/api/pages/{page.pk}", {"html_content": f'<img src="{src}">'}, format="json"
    )
    published = publish(page)
    on_page = Client().get(src, headers={"host": host_of(published)})
    assert on_page.status_code == 200 and on_page["X-Content-Type-Options"] == "nosniff"
    assert not on_page.cookies
    # Unknown hosts serve nothing, not even images.
    assert Client().get(src, headers={"host": "nobody.pages.localhost:8000"}).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../pyproject.toml",
        "/media/page-assets/1/../../secret.png",
        "/media/published/1/v1-abcd/index.html",
        "/media/page-assets/1/missing.png",
    ],
)
def test_media_serves_only_stored_images(client, published, path, settings):
    index = settings.MEDIA_ROOT / "published/1/v1-abcd/index.html"
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text("<script>alert(1)</script>")
    assert client.get(path).status_code == 404
    assert Client().get(path, headers={"host": host_of(published)}).status_code == 404
