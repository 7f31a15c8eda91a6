import re

import pytest
from django.urls import reverse

from pages.content import sanitize
from pages.content.starters import STARTERS, starter_content
from pages.models import Page

from .factories import PageFactory

pytestmark = pytest.mark.django_db


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    return response.json()["error"]


def test_page_create_from_title_generates_slug_and_url(auth_client, user):
    response = auth_client.post("/api/pages", {"title": "Bánh mì Đà Nẵng"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "banh-mi-da-nang"
    assert body["url"] == "http://banh-mi-da-nang.pages.localhost:8000/"
    assert body["status"] == "draft"
    assert Page.objects.get(pk=body["id"]).owner == user


def test_page_create_numbers_a_generated_slug_that_is_taken(auth_client):
    PageFactory(slug="quan-pho")
    response = auth_client.post("/api/pages/", {"title": "Quán phở"}, format="json")
    assert response.json()["slug"] == "quan-pho-2"


def test_page_create_from_starter_template(auth_client):
    response = auth_client.post(
        "/api/pages", {"title": "Nhà hàng", "template": "restaurant"}, format="json"
    )
    assert response.status_code == 201
    assert "Phở bò Nam Định" in response.json()["html_content"]
    assert ".lh-hero" in response.json()["css_content"]


def test_page_create_unknown_template_is_400(auth_client):
    response = auth_client.post("/api/pages", {"title": "X", "template": "nope"}, format="json")
    _error(response, 400, "template_unknown")


def test_starter_list_has_five_templates(auth_client):
    keys = [t["key"] for t in auth_client.get("/api/pages/templates").json()["results"]]
    assert {"product-launch", "event", "app-download", "consulting", "restaurant"} <= set(keys)


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("www", "slug_reserved"),
        ("admin", "slug_reserved"),
        ("api", "slug_reserved"),
        ("Has Space", "slug_invalid"),
        ("-dash", "slug_invalid"),
        ("ab", "slug_invalid"),
        ("a" * 64, "slug_invalid"),
        ("xn--abc", "slug_invalid"),
        ("bánh", "slug_invalid"),
    ],
)
def test_page_slug_reserved_or_malformed_is_400(auth_client, page, slug, code):
    response = auth_client.patch(f"/api/pages/{page.pk}", {"slug": slug}, format="json")
    error = _error(response, 400, code)
    assert "slug" in error["details"]["fields"]
    page.refresh_from_db()
    assert page.slug != slug


def test_page_slug_taken_is_400(auth_client, page):
    PageFactory(slug="taken-slug")
    response = auth_client.patch(f"/api/pages/{page.pk}", {"slug": "taken-slug"}, format="json")
    _error(response, 400, "slug_taken")
    response = auth_client.post("/api/pages", {"title": "x", "slug": "taken-slug"}, format="json")
    _error(response, 400, "slug_taken")


def test_page_update_sanitises_html_on_save(auth_client, page):
    html = (
        '<section><h1 onclick="steal()">Hi</h1><script>alert(1)</script>'
        '<img src="x.png" onerror="alert(1)"><a href="javascript:alert(1)">bad</a>'
        '<iframe src="https://evil.example/x"></iframe>'
        '<iframe src="https://www.youtube.com/embed/abc"></iframe>'
        '<form action="https://evil.example" method="get"><input name="email"></form></section>'
    )
    response = auth_client.patch(f"/api/pages/{page.pk}", {"html_content": html}, format="json")
    assert response.status_code == 200
    saved = Page.objects.get(pk=page.pk).html_content
    for bad in ("<script", "alert(1)", "onerror", "onclick", "javascript:", "evil.example"):
        assert bad not in saved
    assert '<iframe src="https://www.youtube.com/embed/abc">' in saved
    assert "<h1>Hi</h1>" in saved
    assert "<form>" in saved


def test_page_update_sanitises_project_data_and_css(auth_client, page):
    project = {
        "pages": [
            {
                "component": {
                    "type": "wrapper",
                    "components": [
                        {"tagName": "script", "content": "alert(1)"},
                        {"type": "image", "attributes": {"src": "javascript:x", "onerror": "a"}},
                        {"tagName": "iframe", "attributes": {"src": "https://evil.example/"}},
                        {"type": "text", "components": "<b onmouseover=x()>ok</b>"},
                    ],
                }
            }
        ],
        "styles": [
            {"selectors": ["x"], "style": {"width": "expression(alert(1))", "color": "red"}}
        ],
    }
    css = "@import url(https://evil.example/a.css); h1{color:red;background:url(javascript:x)}"
    response = auth_client.patch(
        f"/api/pages/{page.pk}", {"project_data": project, "css_content": css}, format="json"
    )
    assert response.status_code == 200
    page.refresh_from_db()
    dumped = str(page.project_data)
    for bad in ("script", "javascript", "onerror", "evil.example", "expression", "onmouseover"):
        assert bad not in dumped
    assert "<b>ok</b>" in dumped
    assert "evil.example" not in page.css_content
    assert "javascript" not in page.css_content
    assert "color:red" in page.css_content


def test_page_oversized_project_json_is_413_and_page_unchanged(auth_client, page, settings):
    settings.PAGES_MAX_PROJECT_BYTES = 10_000
    before = page.project_data
    big = {"pages": [{"component": "x" * 20_000}]}
    response = auth_client.patch(
        f"/api/pages/{page.pk}", {"project_data": big, "title": "New"}, format="json"
    )
    _error(response, 413, "payload_too_large")
    page.refresh_from_db()
    assert page.project_data == before
    assert page.title != "New"


def test_page_project_data_must_be_an_object(auth_client, page):
    response = auth_client.patch(f"/api/pages/{page.pk}", {"project_data": [1]}, format="json")
    _error(response, 400, "validation_error")


def test_page_list_shows_only_own_pages_with_stats(
    auth_client, user, other_user, django_assert_max_num_queries
):
    PageFactory.create_batch(3, owner=user)
    PageFactory(owner=other_user)
    with django_assert_max_num_queries(4):
        response = auth_client.get("/api/pages")
    body = response.json()
    assert body["count"] == 3
    assert body["results"][0]["stats"] == {"views": 0, "leads": 0, "conversion_rate": 0.0}
    assert "html_content" not in body["results"][0]


def test_page_delete(auth_client, page):
    assert auth_client.delete(f"/api/pages/{page.pk}").status_code == 204
    assert not Page.objects.filter(pk=page.pk).exists()


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("patch", ""),
        ("put", ""),
        ("delete", ""),
        ("post", "/deploy"),
        ("post", "/unpublish"),
        ("get", "/leads"),
        ("get", "/leads.csv"),
        ("get", "/export"),
        ("get", "/assets"),
        ("post", "/assets"),
        ("post", "/domain"),
        ("post", "/domain/verify"),
    ],
)
def test_another_users_page_is_404_everywhere(other_client, page, method, suffix):
    response = getattr(other_client, method)(f"/api/pages/{page.pk}{suffix}", {"title": "x"})
    _error(response, 404, "page_not_found")
    page.refresh_from_db()
    assert page.title.startswith("Trang")


def test_page_api_requires_authentication(api_client, page):
    _error(api_client.get("/api/pages"), 401, "not_authenticated")


def test_page_routes_resolve_with_names():
    assert reverse("api:page-deploy", kwargs={"pk": 1}) == "/api/pages/1/deploy"


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "pages:builder", []),
        ("get", "pages:leads", []),
        ("get", "pages:leads-csv", []),
        ("post", "pages:action", ["publish"]),
        ("post", "pages:action", ["unpublish"]),
        ("post", "pages:action", ["delete"]),
    ],
)
def test_another_users_page_is_404_in_the_templated_pages(
    client, other_user, page, method, name, args
):
    client.force_login(other_user)
    response = getattr(client, method)(reverse(name, args=[page.pk, *args]))
    assert response.status_code == 404
    page.refresh_from_db()
    assert page.deploy_status == "" and Page.objects.filter(pk=page.pk).exists()


@pytest.mark.parametrize(
    ("html", "gone", "kept"),
    [
        ("<h1>Hi</h1><script>alert(1)</script>", ["<script", "alert(1)"], "<h1>Hi</h1>"),
        ('<img src="a.png" onerror="alert(1)">', ["onerror", "alert"], '<img src="a.png">'),
        ('<a href="javascript:alert(1)">x</a>', ["javascript:", "alert"], ">x</a>"),
        ('<a href="JaVa\tScRiPt:alert(1)">x</a>', ["alert"], ">x</a>"),
        ('<iframe src="https://evil.example/x"></iframe><p>ok</p>', ["evil", "<iframe"], "ok"),
        ('<iframe srcdoc="<script>x</script>"></iframe><p>ok</p>', ["srcdoc", "<iframe"], "ok"),
        ('<svg onload="alert(1)"></svg><p>ok</p>', ["<svg", "onload"], "<p>ok</p>"),
    ],
    ids=["script", "onerror", "javascript-url", "obfuscated-javascript-url", "foreign-iframe",
         "srcdoc-iframe", "svg-onload"],
)  # fmt: skip
def test_saved_html_drops_unsafe_markup(auth_client, page, html, gone, kept):
    response = auth_client.patch(f"/api/pages/{page.pk}", {"html_content": html}, format="json")
    assert response.status_code == 200
    saved = Page.objects.get(pk=page.pk).html_content
    for fragment in gone:
        assert fragment.lower() not in saved.lower()
    assert kept in saved


@pytest.mark.parametrize(
    "css",
    [
        "h1{width:expression(alert(1))}",
        "h1{background:url(javascript:alert(1))}",
        "@import url(https://evil.example/x.css);",
        "h1{width:exp/**/ression(alert(1))}",
    ],
)
def test_saved_css_drops_unsafe_rules(auth_client, page, css):
    response = auth_client.patch(
        f"/api/pages/{page.pk}", {"css_content": css + "p{color:red}"}, format="json"
    )
    assert response.status_code == 200
    saved = Page.objects.get(pk=page.pk).css_content
    assert "expression" not in saved and "javascript" not in saved and "evil" not in saved
    assert "p{color:red}" in saved


def test_google_fonts_import_is_kept(auth_client, page):
    css = "@import url(https://fonts.googleapis.com/css2?family=Inter);p{color:red}"
    auth_client.patch(f"/api/pages/{page.pk}", {"css_content": css}, format="json")
    assert "fonts.googleapis.com" in Page.objects.get(pk=page.pk).css_content


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("key", [s.key for s in STARTERS])
def test_starter_survives_sanitising_and_is_responsive(key, language):
    content = starter_content(key, language)
    html = sanitize.html_clean(content["html_content"])
    assert html.count("<form") == 1 and 'type="submit"' in html
    for part in ('class="lh-hero"', 'class="lh-stats"', 'class="lh-quote"', 'id="signup"'):
        assert part in html, part
    css = sanitize.css_clean(content["css_content"])
    assert "@media (max-width:768px)" in css and css == content["css_content"]


@pytest.mark.parametrize("key", [s.key for s in STARTERS])
def test_every_starter_has_english_content_with_the_same_form(key):
    vi, en = starter_content(key, "vi")["html_content"], starter_content(key, "en")["html_content"]
    assert vi != en and "Tạo bằng LandingHub" in vi and "Made with LandingHub" in en
    assert "Đăng ký" not in en and "Số điện thoại" not in en and "Họ và tên" not in en
    fields = re.compile(r'name="(\w+)"')
    assert fields.findall(en) == fields.findall(vi)  # the same leads columns either way


@pytest.mark.django_db
def test_a_page_read_without_its_url_costs_one_query(django_assert_num_queries, user):
    # Page.from_db rebuilds the address from the slug; it must not load a deferred url (the
    # public lead endpoint reads pages with .only(): one query each, not two).
    page = PageFactory(owner=user)
    with django_assert_num_queries(1):
        Page.objects.only("id", "owner_id", "notify_leads_by_email").get(pk=page.pk)
