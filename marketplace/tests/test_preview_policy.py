"""The marketplace preview (published origin) is no looser than a published page (issue 12)."""

import pytest
from django.test import Client

from marketplace.models import ListingRevision
from marketplace.preview import preview_url

from .factories import active_listing

pytestmark = pytest.mark.django_db


def _directive(csp: str, name: str) -> str:
    return next(d for d in csp.split("; ") if d.startswith(name + " "))


def test_preview_csp_styles_fonts_and_frames_match_the_published_origin(settings):
    settings.PUBLISHED_PAGES_DOMAIN = "pages.localhost:8000"
    listing = active_listing()
    revision = listing.approved_revision
    ListingRevision.objects.filter(pk=revision.pk).update(  # frozen before the sanitiser fix
        css_content="@\\69mport url(https://evil.example/x.css); h1{color:red}",
        html_content='<iframe src="https://www.google.com/url?q=https://evil.example/"></iframe>',
    )
    url = preview_url(revision_id=revision.pk)
    path = url.split("8000", 1)[1]
    response = Client().get(path, headers={"host": "preview.pages.localhost:8000"})
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "*" not in _directive(csp, "style-src")
    assert _directive(csp, "style-src") == "style-src 'unsafe-inline' https://fonts.googleapis.com"
    assert _directive(csp, "font-src") == "font-src https://fonts.gstatic.com data:"
    assert "https://www.google.com/maps/embed" in _directive(csp, "frame-src")
    assert "evil.example" not in response.content.decode()
