"""A page's address follows the published domain the server runs with now: data stored under
another port (seeded at :8000, served with ``PORT=9000``) never links to the dead port."""

import io
import zipfile

import pytest

from pages.services import page_create

from .factories import HTML

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(settings, user, publish):
    settings.PUBLISHED_PAGES_DOMAIN = "pages.localhost:8000"
    page = page_create(owner=user, title="Bánh mì", slug="banh-mi", html_content=HTML)
    page = publish(page)
    settings.PUBLISHED_PAGES_DOMAIN = "pages.localhost:9000"
    return page


def test_a_stored_page_reads_with_the_current_address(moved):
    moved.refresh_from_db()
    assert moved.url == "http://banh-mi.pages.localhost:9000/"


def test_my_pages_and_the_builder_link_to_the_current_port(client, user, moved):
    client.force_login(user)
    listing = client.get("/pages/").content.decode()
    builder = client.get(f"/pages/{moved.pk}/edit").content.decode()
    for html in (listing, builder):
        assert "http://banh-mi.pages.localhost:9000/" in html
        assert "localhost:8000" not in html
    assert ".pages.localhost:9000" in builder  # the slug field's suffix


def test_api_and_export_carry_the_current_address(auth_client, moved):
    assert auth_client.get(f"/api/pages/{moved.pk}").json()["url"] == (
        "http://banh-mi.pages.localhost:9000/"
    )
    response = auth_client.get(f"/api/pages/{moved.pk}/export")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    index = archive.read("index.html").decode()
    assert '<link rel="canonical" href="http://banh-mi.pages.localhost:9000/">' in index
    assert 'property="og:url" content="http://banh-mi.pages.localhost:9000/"' in index
    assert ":8000" not in index
