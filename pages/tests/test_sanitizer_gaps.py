"""Sanitiser gaps found by the issue 12 audit: each vector saved through the API, then the
stored content and the published page checked for what a browser would run."""

import re

import pytest
from django.test import Client

from pages.models import Page

from .conftest import host_of

pytestmark = pytest.mark.django_db

SCRIPTY = ("javascript:", "alert(1)")


def _save(client, page, **content):
    response = client.patch(f"/api/pages/{page.pk}", content, format="json")
    assert response.status_code == 200, response.content
    page.refresh_from_db()
    return page


def _css_decoded(text: str) -> str:
    """As a browser reads CSS: hex escapes decoded, other escapes unescaped, no whitespace."""
    text = re.sub(r"\\([0-9a-fA-F]{1,6})\s?", lambda m: chr(int(m.group(1), 16)), text)
    return re.sub(r"\s", "", re.sub(r"\\(.)", r"\1", text)).lower()


def _served(page, publish) -> str:
    page = publish(page)
    response = Client().get("/", headers={"host": host_of(page)})
    assert response.status_code == 200
    return response.content.decode()


def test_project_json_src_and_href_with_javascript_are_dropped(auth_client, page):
    project = {
        "assets": [{"type": "image", "src": "javascript:alert(1)"}],
        "pages": [{"frames": [{"component": {"type": "wrapper", "components": [
            {"type": "image", "src": "javascript:alert(1)"},
            {"type": "link", "tagName": "a", "attributes": {"href": "java\tscript:alert(1)"}},
            {"type": "image", "attributes": {"src": "/media/ok.png"}},
        ]}}]}],
    }  # fmt: skip
    stored = _save(auth_client, page, project_data=project).project_data
    assert not any(part in str(stored) for part in SCRIPTY)
    assert "/media/ok.png" in str(stored)
    served = auth_client.get(f"/api/pages/{page.pk}").json()["project_data"]
    assert "javascript" not in str(served)


def test_svg_animate_and_set_tricks_are_dropped(auth_client, page, publish):
    trick = (
        '<a href="#"><svg><animate attributeName="href" values="javascript:alert(1)"/>'
        '<set attributeName="href" to="javascript:alert(1)"/><text>Go</text></svg></a>'
    )
    project = {"pages": [{"frames": [{"component": {"type": "wrapper", "components": [
        {"type": "svg", "components": [{"type": "svg-in", "tagName": "animate",
         "attributes": {"attributeName": "href", "values": "javascript:alert(1)"}}]},
        {"tagName": "set", "attributes": {"attributeName": "href", "to": "javascript:alert(1)"}},
        {"tagName": "div", "attributes": {"data-x": "javascript:alert(1)"}},
    ]}}]}]}  # fmt: skip
    page = _save(auth_client, page, html_content=trick, project_data=project)
    for text in (page.html_content, str(page.project_data), _served(page, publish)):
        assert "javascript:" not in text and "<animate" not in text and "<set" not in text


@pytest.mark.parametrize(
    "css",
    [
        "@\\69mport url(https://evil.example/x.css); h1{color:red}",
        "h1{width:e\\78pression(alert(1));color:red}",
        "h1{background:url(\\6a avascript:alert(1));color:red}",
        "h1{background:url('\\6A\\61vascript:alert(1)');color:red}",
    ],
)
def test_css_escapes_are_decoded_before_checking(auth_client, page, publish, css):
    page = _save(auth_client, page, css_content=css)
    for text in (page.css_content, _served(page, publish)):
        decoded = _css_decoded(text)
        assert "evil.example" not in decoded and "expression(" not in decoded
        assert "javascript:" not in decoded
    assert "color:red" in page.css_content  # the rest of the stylesheet stays


def test_css_escapes_in_a_style_attribute_are_decoded(auth_client, page):
    html = '<p style="background:url(\\6a avascript:alert(1))">x</p><p style="color:red">y</p>'
    stored = _save(auth_client, page, html_content=html).html_content
    assert "avascript" not in stored and 'style="color:red"' in stored


def test_img_srcset_with_javascript_is_dropped(auth_client, page, publish):
    html = '<img src="/a.png" srcset="/a.png 1x, javascript:alert(1) 2x"><img srcset="/b.png 2x">'
    project = {"pages": [{"frames": [{"component": {"components": [
        {"tagName": "img", "attributes": {"srcset": "/a.png 1x, javascript:alert(1) 2x"}}
    ]}}]}]}  # fmt: skip
    page = _save(auth_client, page, html_content=html, project_data=project)
    for text in (page.html_content, str(page.project_data), _served(page, publish)):
        assert "javascript:" not in text
    assert 'srcset="/b.png 2x"' in page.html_content


def test_google_open_redirect_iframes_are_dropped_and_maps_embeds_kept(auth_client, page, publish):
    bad = "https://www.google.com/url?q=https://evil.example/"
    html = (
        f'<iframe src="{bad}"></iframe>'
        '<iframe src="https://maps.google.com/url?q=https://evil.example/"></iframe>'
        '<iframe src="https://www.google.com/maps/embed?pb=!1m18"></iframe>'
        '<iframe src="https://www.youtube.com/redirect?q=https://evil.example/"></iframe>'
    )
    project = {"pages": [{"frames": [{"component": {"components": [
        {"type": "iframe", "src": bad}, {"tagName": "iframe", "attributes": {"src": bad}},
    ]}}]}]}  # fmt: skip
    page = _save(auth_client, page, html_content=html, project_data=project)
    served = _served(page, publish)
    for text in (page.html_content, str(page.project_data), served):
        assert "evil.example" not in text
    assert "https://www.google.com/maps/embed?pb=!1m18" in page.html_content


def test_the_published_csp_frames_only_the_embed_paths(page, publish):
    page = publish(page)
    csp = Client().get("/", headers={"host": host_of(page)})["Content-Security-Policy"]
    frame_src = next(d for d in csp.split("; ") if d.startswith("frame-src"))
    assert "https://www.google.com/maps/embed" in frame_src
    assert "https://www.google.com " not in frame_src + " "  # not the whole host


def test_content_stored_before_the_fix_is_cleaned_when_published(page, publish):
    Page.objects.filter(pk=page.pk).update(
        html_content='<img srcset="/a.png 1x, javascript:alert(1) 2x">',
        css_content="@\\69mport url(https://evil.example/x.css);",
    )
    page.refresh_from_db()
    served = _served(page, publish)
    assert "javascript:" not in served and "evil.example" not in served
