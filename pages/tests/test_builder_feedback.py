"""What the builder and the pages journey show a person: the builder's upload field, the page's
language, its ZIP with its JavaScript, and messages in the user's language (issue 11)."""

import io
import zipfile

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from pages.models import PageAsset
from pages.publishing.render import document_render

from .conftest import host_of
from .factories import LeadFactory, PageFactory

pytestmark = pytest.mark.django_db

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (91, 75, 219)).save(out, format="PNG")
    return out.getvalue()


def test_asset_upload_accepts_the_field_grapesjs_sends(auth_client, page):
    """GrapesJS's uploadName ``files[]`` with multiUpload posts ``files[][]``."""
    files = [SimpleUploadedFile(n, _png(), content_type="image/png") for n in ("a.png", "b.png")]
    response = auth_client.post(
        f"/api/pages/{page.pk}/assets", {"files[][]": files}, format="multipart"
    )
    assert response.status_code == 201
    assert [item["name"] for item in response.json()["data"]] == ["a.png", "b.png"]
    assert PageAsset.objects.filter(page=page).count() == 2


def test_asset_refusals_are_in_the_users_language(auth_client, page):
    bad = SimpleUploadedFile("x.png", b"<html>not an image</html>", content_type="image/png")
    response = auth_client.post(
        f"/api/pages/{page.pk}/assets", {"files[][]": bad}, format="multipart", **VI
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_image"
    assert error["message"] == "Tệp này không phải là ảnh dùng được."
    assert error["details"]["fields"]["files"] == [error["message"]]
    empty = auth_client.post(f"/api/pages/{page.pk}/assets", {}, format="multipart", **VI)
    assert empty.json()["error"]["message"] == "Hãy tải lên từ 1 đến 10 ảnh."


def test_zip_export_carries_the_pages_javascript_as_a_linked_file(auth_client, user):
    page = PageFactory(owner=user, js_content="window.lhPromo = 'x' + '</script>';")
    response = auth_client.get(f"/api/pages/{page.pk}/export")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "script.js" in archive.namelist()
    assert archive.read("script.js").decode() == page.js_content
    index = archive.read("index.html").decode()
    assert '<script src="script.js"></script>' in index
    assert "lhPromo" not in index  # linked, not inlined a second time
    assert "data-lh-form" in index  # the lead form's own handler stays in the page


def test_zip_export_of_a_page_without_javascript_has_no_script_file(auth_client, page):
    response = auth_client.get(f"/api/pages/{page.pk}/export")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "script.js" not in archive.namelist()
    assert 'src="script.js"' not in archive.read("index.html").decode()


@pytest.mark.parametrize(
    "language, shown, not_shown",
    [
        ("vi", "Cảm ơn bạn! Chúng tôi sẽ liên hệ sớm.", "Thank you"),
        ("en", "Thank you! We will be in touch soon.", "Cảm ơn"),
    ],
)
def test_published_page_speaks_its_own_language_only(user, language, shown, not_shown):
    document = document_render(PageFactory(owner=user, language=language))
    assert f'<html lang="{language}">' in document
    assert shown in document and not_shown not in document


def test_page_language_is_set_through_the_api_and_published(auth_client, page, publish):
    response = auth_client.patch(f"/api/pages/{page.pk}", {"language": "en"}, format="json")
    assert response.status_code == 200 and response.json()["language"] == "en"
    served = Client().get("/", headers={"host": host_of(publish(page))}).content.decode()
    assert '<html lang="en">' in served and "Thank you! We will be in touch soon." in served
    bad = auth_client.patch(f"/api/pages/{page.pk}", {"language": "fr"}, format="json")
    assert bad.status_code == 400
    assert "language" in bad.json()["error"]["details"]["fields"]


def test_new_pages_are_vietnamese_by_default(auth_client):
    response = auth_client.post("/api/pages", {"title": "Quán phở"}, format="json")
    assert response.json()["language"] == "vi"


def test_slug_and_publish_errors_are_in_vietnamese(auth_client, user, page):
    PageFactory(owner=user, slug="banh-mi")
    taken = auth_client.patch(f"/api/pages/{page.pk}", {"slug": "banh-mi"}, format="json", **VI)
    assert taken.json()["error"]["message"] == "“banh-mi” đã có người dùng. Hãy chọn địa chỉ khác."
    bad = auth_client.patch(f"/api/pages/{page.pk}", {"slug": "A b"}, format="json", **VI)
    assert bad.json()["error"]["details"]["fields"]["slug"][0].startswith("Dùng 3 đến 63")
    empty = PageFactory(owner=user, html_content="", project_data={})
    response = auth_client.post(f"/api/pages/{empty.pk}/deploy", **VI)
    assert response.json()["error"]["message"] == "Hãy thêm nội dung trước khi xuất bản."


def test_plan_limit_is_in_vietnamese_with_where_to_see_the_plans(auth_client, user):
    for _ in range(3):
        PageFactory(owner=user, status="published")
    response = auth_client.post(f"/api/pages/{PageFactory(owner=user).pk}/deploy", **VI)
    error = response.json()["error"]
    assert response.status_code == 403 and error["code"] == "plan_limit_reached"
    assert error["message"].startswith("Gói Miễn phí cho phép 3 trang")
    assert error["details"]["upgrade_url"] == "/#pricing"


def test_leads_table_headers_are_labels_not_keys(client, user):
    page = PageFactory(owner=user)
    LeadFactory(page=page, data={"name": "Lan", "phone": "0909", "first_name": "Lan"})
    client.force_login(user)
    html = client.get(f"/pages/{page.pk}/leads", headers={"accept-language": "vi"}).content
    html = html.decode()
    assert "<th>Tên</th>" in html and "<th>Điện thoại</th>" in html
    assert "<th>First name</th>" in html
    assert "<th>phone</th>" not in html and "<th>first_name</th>" not in html


def test_my_pages_shows_starters_in_the_ui_language_and_zip_downloads(client, user):
    page = PageFactory(owner=user)
    client.force_login(user)
    vi = client.get("/pages/", headers={"accept-language": "vi"}).content.decode()
    assert "Ra mắt sản phẩm" in vi and "Nhà hàng, thực đơn, đặt bàn." in vi
    assert f'href="/api/pages/{page.pk}/export" download' in vi and "Tải ZIP" in vi
    en = client.get("/pages/", headers={"accept-language": "en"}).content.decode()
    assert "Product launch" in en and "A restaurant: menu and table booking." in en
    assert "Nhà hàng" not in en


def test_my_pages_without_pages_invites_to_create_the_first(client, user):
    client.force_login(user)
    html = client.get("/pages/", headers={"accept-language": "en"}).content.decode()
    assert "Create your first page" in html and "autofocus" in html


def test_builder_is_configured_in_the_ui_language(client, user, page):
    client.force_login(user)
    vi = client.get(f"/pages/{page.pk}/edit", headers={"accept-language": "vi"})
    config = vi.context["builder_config"]
    assert config["lang"] == "vi"
    assert config["gjsLocaleUrl"] == "/static/vendor/grapesjs/locale/vi.mjs"
    assert finders.find("vendor/grapesjs/locale/vi.mjs")  # GrapesJS's own locale, from npm
    assert config["gjsMessages"]["blockManager"]["labels"]["column1"] == "1 cột"
    assert config["text"]["seePlans"] == "Xem các gói"
    en = client.get(f"/pages/{page.pk}/edit", headers={"accept-language": "en"})
    assert en.context["builder_config"]["lang"] == "en"
    assert en.context["builder_config"]["gjsLocaleUrl"] == ""
    assert en.context["builder_config"]["gjsMessages"]["blockManager"]["categories"] == {
        "Basic": "Basic",
        "forms": "Forms",
    }


def test_publishing_from_my_pages_over_the_limit_links_to_the_plans(client, user):
    for _ in range(3):
        PageFactory(owner=user, status="published")
    draft = PageFactory(owner=user)
    client.force_login(user)
    response = client.post(
        f"/pages/{draft.pk}/publish", follow=True, headers={"accept-language": "vi"}
    )
    html = response.content.decode()
    assert "Gói Miễn phí cho phép 3 trang được xuất bản" in html
    assert '<a class="alert-link" href="/#pricing">Xem các gói</a>' in html


def test_the_starters_quantity_field_is_labelled_in_vietnamese(client, user):
    page = PageFactory(owner=user)
    LeadFactory(page=page, data={"name": "Lan", "quantity": "2"})
    client.force_login(user)
    html = client.get(f"/pages/{page.pk}/leads", headers={"accept-language": "vi"}).content
    assert "<th>Số lượng</th>" in html.decode()


def test_the_leads_page_shows_fifty_at_a_time_newest_first(client, user):
    """169 leads made a 28,000 px page on a phone: 50 a page, with Older/Newer links."""
    page = PageFactory(owner=user)
    LeadFactory.create_batch(120, page=page, data={"name": "Cũ"})
    LeadFactory.create_batch(49, page=page, data={"name": "Mới"})
    client.force_login(user)
    first = client.get(f"/pages/{page.pk}/leads", headers={"accept-language": "vi"}).content
    first = first.decode()
    assert first.count('data-label="Tên">') == 50
    assert first.count('data-label="Tên">Mới<') == 49
    assert "Trang 1 / 4" in first and 'href="?page=2" rel="next"' in first
    assert "169 khách hàng tiềm năng" in first  # the summary still counts them all
    last = client.get(f"/pages/{page.pk}/leads?page=4").content.decode()
    assert last.count('data-label="Name">') == 19 and 'rel="prev"' in last
    beyond = client.get(f"/pages/{page.pk}/leads?page=99")
    assert beyond.status_code == 200  # the last page, not an error


def test_published_page_without_seo_description_describes_itself_from_its_content(user):
    """Search engines (and Lighthouse's SEO audit) want a meta description: a starter published
    as-is has its first paragraph as one; the owner's own description wins."""
    long = "Bánh mì nóng giòn mỗi sáng, " * 10
    page = PageFactory(owner=user, html_content=f"<h1>Hi</h1><p>Short.</p><p>{long}</p>")
    document = document_render(page)
    described = document.split('<meta name="description" content="')[1].split('"')[0]
    assert described.startswith("Bánh mì nóng giòn") and described.endswith("…")
    assert len(described) <= 160
    page.seo_description = "Của chủ trang"
    assert '<meta name="description" content="Của chủ trang">' in document_render(page)
