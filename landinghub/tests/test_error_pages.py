"""No developer pages: /api/ answers the envelope with DEBUG on or off, the site its branded
error pages, and error messages follow the client's language (docs/api.md)."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from .test_api_plumbing import _error

pytestmark = pytest.mark.django_db

UNKNOWN_API_PATHS = ["/api/does-not-exist", "/api/pages/1/nope/", "/api/a/b/c?x=1", "/api/"]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", UNKNOWN_API_PATHS)
def test_unknown_api_path_is_the_404_envelope_in_every_mode(client, debug, path):
    with override_settings(DEBUG=debug):
        response = client.get(path)
    error = _error(response, 404)
    assert error["code"] == "not_found"
    assert b"URLconf" not in response.content and b"urlpatterns" not in response.content


@pytest.mark.urls("landinghub.tests.urls")
@override_settings(DEBUG=True)
def test_with_debug_a_404_raised_by_a_plain_api_view_is_the_envelope(client):
    response = client.get("/api/test/plain-missing")
    assert _error(response, 404)["code"] == "not_found"
    assert b"secret internal detail" not in response.content


@pytest.mark.urls("landinghub.tests.urls")
@override_settings(DEBUG=True)
def test_with_debug_an_api_crash_is_the_500_envelope(client):
    client.raise_request_exception = False
    response = client.get("/api/test/boom")
    assert _error(response, 500)["code"] == "server_error"
    assert b"hunter2" not in response.content and b"Traceback" not in response.content


def test_unknown_site_path_is_the_branded_404(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 404
    html = response.content.decode()
    assert "LandingHub" in html and "Không tìm thấy trang" in html
    assert "URLconf" not in html


@pytest.mark.parametrize(
    ("language", "message", "field"),
    [
        ("vi", "Không tìm thấy.", "Trường này là bắt buộc."),
        ("en", "Not found.", "This field is required."),
        (None, "Không tìm thấy.", "Trường này là bắt buộc."),  # Vietnamese by default
    ],
)
def test_api_errors_follow_accept_language(settings, language, message, field):
    settings.LANGUAGE_CODE = "vi"  # the site's default (the test settings read English)
    client = APIClient()
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    assert _error(client.get("/api/does-not-exist", **headers), 404)["message"] == message
    error = _error(client.post("/api/auth/register", {}, format="json", **headers), 400)
    assert error["message"] == field
    assert error["details"]["fields"]["email"] == [field]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("vi", "Bạn chưa đăng nhập (thiếu thông tin xác thực)."),
        ("en", "Authentication credentials were not provided."),
    ],
)
def test_library_messages_follow_accept_language(language, message):
    response = APIClient().get("/api/auth/verify", HTTP_ACCEPT_LANGUAGE=language)
    assert _error(response, 401)["message"] == message


def test_a_bad_token_is_explained_in_vietnamese():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer forged")
    response = client.get("/api/auth/verify", HTTP_ACCEPT_LANGUAGE="vi")
    assert _error(response, 401)["message"] == "Mã đăng nhập không hợp lệ"


@pytest.mark.urls("landinghub.tests.urls")
def test_the_500_page_survives_a_missing_static_manifest(client, tmp_path):
    """collectstatic not run: ManifestStaticFilesStorage raises ValueError for every
    {% static %}; the branded 500 page must still answer a 500, not crash the handler."""
    client.raise_request_exception = False
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    with override_settings(STORAGES=storages, DEBUG=False):
        response = client.get("/test/boom-page", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"hunter2" not in response.content
