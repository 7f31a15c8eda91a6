"""Reserved subdomains of the published origin answered by handlers other apps register."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client

from landinghub.exceptions import ApplicationError
from pages.content.slugs import slug_check
from pages.domains import reserved_hosts

pytestmark = pytest.mark.django_db


@pytest.fixture
def handlers(monkeypatch):
    registry = dict(reserved_hosts._handlers)
    monkeypatch.setattr(reserved_hosts, "_handlers", registry)
    return registry


def _answer(request):
    if request.path != "/hello":
        return None
    response = HttpResponse("hi")
    response.set_cookie("sessionid", "leak")
    return response


def test_reserved_host_register_refuses_a_label_a_page_could_take(handlers):
    with pytest.raises(ImproperlyConfigured):
        reserved_hosts.reserved_host_register(label="my-shop", handler=_answer)


def test_reserved_host_is_answered_by_its_handler_without_cookies(handlers, user):
    reserved_hosts.reserved_host_register(label="status", handler=_answer)
    client = Client()
    client.force_login(user)
    response = client.get("/hello", HTTP_HOST="status.pages.localhost:8000")
    assert response.content == b"hi"
    assert not response.cookies
    assert response["Content-Security-Policy"].startswith("sandbox;")
    missing = client.get("/other", HTTP_HOST="status.pages.localhost:8000")
    assert missing.status_code == 404
    assert b"<html" in missing.content.lower()


def test_reserved_host_url_is_on_the_published_origin():
    url = reserved_hosts.reserved_host_url(label="preview", path="/abc")
    assert url == "http://preview.pages.localhost:8000/abc"


def test_preview_host_is_registered_and_cannot_be_a_page_slug(handlers):
    assert "preview" in handlers  # by marketplace's AppConfig.ready
    with pytest.raises(ApplicationError) as raised:
        slug_check("preview")
    assert raised.value.code == "slug_reserved"


def test_reserved_host_serves_the_contents_images(handlers, settings):
    # A marketplace preview's snapshot refers to its copied images as /media/<key>.
    reserved_hosts.reserved_host_register(label="status", handler=_answer)
    image = settings.MEDIA_ROOT / "marketplace/snap/assets/logo.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    response = Client().get(
        "/media/marketplace/snap/assets/logo.png", HTTP_HOST="status.pages.localhost:8000"
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
