"""Bad input against the pages API (rows of the bad-input catalogue,
tests/SECURITY.md): every one is a 4xx in the envelope, or is ignored, and changes nothing."""

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pages.models import Page, PageAsset

from .conftest import host_of
from .factories import PageFactory

pytestmark = pytest.mark.django_db


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert {"code", "message", "details"} <= set(error)
    if code:
        assert error["code"] == code, error
    return error


def test_page_patch_ignores_owner_status_and_deploy_fields(auth_client, page, other_user):
    response = auth_client.patch(
        f"/api/pages/{page.pk}",
        {
            "title": "Renamed",
            "owner": other_user.pk,
            "owner_id": other_user.pk,
            "status": "published",
            "deployed": True,
            "version": 99,
            "deploy_status": "ok",
            "url": "https://evil.example/",
        },
        format="json",
    )
    assert response.status_code == 200
    page.refresh_from_db()
    assert page.title == "Renamed"
    assert page.owner_id != other_user.pk
    assert page.status == Page.Status.DRAFT and not page.deployed and page.version == 0
    assert "evil" not in page.url


def test_template_syntax_in_title_is_published_literally(auth_client, page, publish, client):
    title = "{{ settings.SECRET_KEY }} {% debug %} ${7*7}"
    response = auth_client.patch(
        f"/api/pages/{page.pk}", {"title": title, "seo_description": title}, format="json"
    )
    assert response.status_code == 200
    publish(page)
    body = client.get("/", headers={"host": host_of(page)}).content.decode()
    assert "{{ settings.SECRET_KEY }} {% debug %} ${7*7}" in body
    assert django_settings.SECRET_KEY not in body
    assert "49" not in body.split("<title>")[1].split("</title>")[0]


def test_unicode_titles_are_kept_verbatim_and_slugs_stay_ascii(auth_client):
    title = "Quán 👨‍👩‍👧 \u202egnp.exe cà phê\u200d"
    response = auth_client.post("/api/pages", {"title": title}, format="json")
    assert response.status_code == 201, response.content
    page = Page.objects.get(pk=response.json()["id"])
    assert page.title == title
    assert page.slug.isascii() and "\u202e" not in page.slug


@pytest.mark.parametrize(
    "slug", ["cafe\u0301", "caf\u00e9", "xn--caf-dma", "a\u200db", "\uff21\uff22\uff23"]
)
def test_non_ascii_or_lookalike_slugs_are_400(auth_client, slug):
    response = auth_client.post("/api/pages", {"title": "T", "slug": slug}, format="json")
    _error(response, 400)
    assert not Page.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b'{"title": "\\ud800"}',
        b'{"title": "a\\udfffb"}',
        b'{"title": "T", "project_data": {"pages": ["\\ud800"]}}',
        b'{"title": "T", "project_data": {"\\udc00": 1}}',
        b'{"title": "\xff\xfe"}',
    ],
    ids=["high-surrogate", "low-surrogate", "in-json-value", "in-json-key", "invalid-utf8"],
)
def test_surrogates_and_invalid_utf8_in_raw_json_are_400(auth_client, body):
    response = auth_client.generic("POST", "/api/pages", body, content_type="application/json")
    _error(response, 400)
    assert not Page.objects.exists()


def test_deeply_nested_json_is_400_not_a_crash(auth_client, page):
    depth = 10_000
    body = '{"project_data": {"a": ' + "[" * depth + "]" * depth + "}}"
    response = auth_client.generic(
        "PATCH", f"/api/pages/{page.pk}", body, content_type="application/json"
    )
    _error(response, 400)
    page.refresh_from_db()
    assert "a" not in page.project_data


def test_duplicate_json_keys_take_the_last_value(auth_client, page):
    body = '{"title": "first", "title": "last"}'
    response = auth_client.generic(
        "PATCH", f"/api/pages/{page.pk}", body, content_type="application/json"
    )
    assert response.status_code == 200
    page.refresh_from_db()
    assert page.title == "last"


def test_wrong_content_type_is_415_and_changes_nothing(auth_client, page):
    before = page.title
    response = auth_client.generic(
        "PATCH", f"/api/pages/{page.pk}", '{"title": "x"}', content_type="text/plain"
    )
    _error(response, 415, "unsupported_media_type")
    page.refresh_from_db()
    assert page.title == before


def test_unknown_ordering_and_lookup_parameters_leak_nothing(auth_client, user, other_user):
    mine = PageFactory(owner=user)
    PageFactory(owner=other_user)
    for params in (
        {"ordering": "password"},
        {"ordering": "owner__password"},
        {"owner__password__startswith": "a"},
        {"owner": other_user.pk},
        {"search": "' OR 1=1--"},
    ):
        response = auth_client.get("/api/pages", params)
        assert response.status_code == 200, (params, response.content)
        assert [r["id"] for r in response.json()["results"]] == [mine.pk], params
        assert b"argon2" not in response.content and b"pbkdf2" not in response.content


@pytest.mark.parametrize("page_param", ["-1", "0", "abc", "99", str(10**18), "1.5"])
def test_bad_page_numbers_are_404_in_the_envelope(auth_client, page, page_param):
    _error(auth_client.get("/api/pages", {"page": page_param}), 404)


@pytest.mark.parametrize("size", ["0", "-5", "abc", str(10**18)])
def test_bad_page_sizes_fall_back_or_are_capped(auth_client, user, size):
    PageFactory.create_batch(3, owner=user)
    response = auth_client.get("/api/pages", {"page_size": size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


def test_repeated_parameters_take_the_last_value(auth_client, user):
    PageFactory.create_batch(3, owner=user)
    response = auth_client.get("/api/pages?page_size=1&page_size=2")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


@pytest.mark.parametrize("pk", ["999999", str(2**31), str(2**63), str(10**30)])
def test_unknown_and_out_of_range_ids_are_the_same_404(auth_client, other_user, pk):
    theirs = PageFactory(owner=other_user)
    expected = auth_client.get(f"/api/pages/{theirs.pk}")
    response = auth_client.get(f"/api/pages/{pk}")
    assert _error(response, 404) == _error(expected, 404)
    _error(auth_client.patch(f"/api/pages/{pk}", {"title": "x"}, format="json"), 404)
    _error(auth_client.delete(f"/api/pages/{pk}"), 404)


def test_hostile_upload_filenames_never_reach_the_storage_path(auth_client, page):
    import io

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    name = 'a";x.html\r\nSet-Cookie: x=1' + "../" * 5 + "y" * 300 + ".png"
    upload = SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
    response = auth_client.post(
        f"/api/pages/{page.pk}/assets", {"files[]": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    asset = PageAsset.objects.get(page=page)
    stored = asset.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(".png") and len(stored) == 36 and stored[:32].isalnum()
    assert asset.file.name.startswith(f"page-assets/{page.pk}/")
    assert len(asset.name) <= 200
    export = auth_client.get(f"/api/pages/{page.pk}/export")
    assert export["Content-Disposition"] == f'attachment; filename="{page.slug}.zip"'


def test_body_over_the_upload_limit_is_413_and_changes_nothing(auth_client, page, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    before = page.title
    body = '{"title": "big", "html_content": "' + "x" * 60_000 + '"}'
    response = auth_client.generic(
        "PATCH", f"/api/pages/{page.pk}", body, content_type="application/json"
    )
    _error(response, 413, "payload_too_large")
    page.refresh_from_db()
    assert page.title == before
