"""Text compression (issue 14, target 5): the app's HTML gzipped, static files pre-compressed
by `make run`'s collectstatic, the API and downloads left as they are."""

import gzip
import os

import pytest

from landinghub.staticfiles import IncrementalCompressor

pytestmark = pytest.mark.django_db


def test_html_pages_are_gzipped_for_a_browser_that_accepts_it(client):
    response = client.get("/accounts/login/", HTTP_HOST="localhost", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
    assert "Content-Encoding" not in client.get("/accounts/login/", HTTP_HOST="localhost")


def test_the_api_is_not_gzipped(client):
    response = client.get("/api/marketplace", HTTP_HOST="localhost", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and "Content-Encoding" not in response


def test_collectstatic_compresses_a_file_once_until_it_changes(tmp_path):
    css = tmp_path / "site.css"
    css.write_text("body { color: #123456; }\n" * 200)
    compressor = IncrementalCompressor(quiet=True)
    assert compressor.compress(str(css))  # written: .br (brotli installed) and .gz
    assert compressor.compress(str(css)) == []  # up to date: skipped
    css.write_text("body { color: #654321; }\n" * 200)
    later = css.stat().st_mtime + 10  # collectstatic copied it again: a new mtime
    os.utime(css, (later, later))
    assert compressor.compress(str(css))
    assert not compressor.should_compress("vendor/x.css.map")
