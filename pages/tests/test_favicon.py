"""Browsers ask every origin for ``/favicon.ico`` unless the page names an icon: the app answers
it, and published pages name an empty one, so no page shows a 404 in the console."""

import pytest
from django.test import Client

from .conftest import host_of

pytestmark = pytest.mark.django_db


def test_the_app_answers_favicon_ico_and_its_pages_name_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()
    assert client.get("/static/favicon.svg").status_code == 200


def test_a_published_page_names_an_empty_icon_so_the_browser_asks_for_none(published):
    body = Client().get("/", headers={"host": host_of(published)}).content.decode()
    assert '<link rel="icon" href="data:,">' in body
