"""Journey 1 of docs/testing.md in a real browser, the way a person meets it (issue 11): sign up →
first page from a starter → an uploaded image through the asset manager → publish → the live
address, opened → its lead form → the lead on the dashboard → the ZIP. Also: a template in the
builder → edit a heading → publish → the published origin serves it → the owner sees the lead (leads
page and dashboard, and by e-mail until they turn that off), device preview and undo/redo on the
way; and what the builder says, in Vietnamese, when the server refuses an upload, a publish or an
address."""

import io
import re
import zipfile
from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from accounts.models import User
from accounts.tests.factories import UserFactory
from pages.models import Lead, Page
from pages.tests.factories import PageFactory

from .asgi_server import asgi_live_server, live_site  # noqa: F401  (fixtures)
from .conftest import ARTIFACTS
from .helpers import DESKTOP, confirm_email_from_outbox, shots, signed_in_context, wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANVAS = "#gjs iframe.gjs-frame"


@pytest.fixture
def server(live_site, settings, tmp_path):  # noqa: F811
    """The ASGI live server (the dashboard and the chat use the socket), publishing on its port."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return SimpleNamespace(url=live_site)


@pytest.fixture
def owner_page(page, server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server.url}]
    )
    return page


def _png(color=(200, 60, 40), size=(240, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(foreground: str, background: str) -> float:
    fg, bg = (tuple(int(x) for x in re.findall(r"\d+", c)[:3]) for c in (foreground, background))
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _open_builder(page):
    expect(page).to_have_url(re.compile(r"/pages/\d+/edit$"))
    wait_for_js(page, "window.lhEditor && window.lhEditor.getWrapper()")
    expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")


JS = "document.documentElement.setAttribute('data-promo', 'on');"


def test_pages_journey_sign_up_to_zip(browser, server):
    base = server.url
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.set_default_timeout(15000)

    # Sign up through the form: a new user lands on "create your first page".
    page.goto(f"{base}/")
    page.get_by_role("navigation").get_by_role("link", name="Đăng ký miễn phí").click()
    page.get_by_label("Tên của bạn").fill("Trần Minh Châu")
    page.get_by_label("E-mail").fill("chau@example.vn")
    page.get_by_label("Mật khẩu").fill("banh-Mi-thit-2026")
    shots(page, "journey-01-sign-up")
    page.get_by_test_id("signup-submit").click()
    expect(page.get_by_test_id("check-email")).to_be_visible()
    # The link from the e-mail, opened in the browser that signed up, signs it in.
    confirm_email_from_outbox(page, base, "chau@example.vn")
    expect(page).to_have_url(f"{base}/pages/")
    expect(page.get_by_role("heading", name="Tạo trang đầu tiên của bạn")).to_be_visible()
    expect(page.locator("#new-title")).to_be_focused()
    expect(page.locator("label[for=tpl-event]")).to_contain_text("Hội thảo, lịch trình, đăng ký.")
    shots(page, "journey-02-first-page")
    user = User.objects.get(email="chau@example.vn")

    # The first page, from a starter.
    page.locator("#new-title").fill("Hội thảo bán hàng")
    page.click("label[for=tpl-event]")
    page.get_by_test_id("create-page").click()
    _open_builder(page)
    record = Page.objects.get(owner=user)
    expect(page.locator(".gjs-block-category").first).to_contain_text("Cơ bản")
    shots(page, "journey-03-builder")

    # An image through GrapesJS's asset manager: chosen with its own file input, uploaded
    # (GrapesJS posts files[][]), then placed after the selected heading.
    canvas = page.frame_locator(CANVAS)
    canvas.locator("h1").click()
    page.get_by_test_id("add-image").click()
    expect(page.locator(".gjs-mdl-title")).to_have_text("Hình ảnh")
    with page.expect_response(lambda r: r.request.method == "POST" and "/assets" in r.url) as sent:
        page.set_input_files(
            "#gjs-am-uploadFile",
            files=[{"name": "banh-mi.png", "mimeType": "image/png", "buffer": _png()}],
        )
    assert sent.value.status == 201
    status = page.get_by_test_id("upload-status")
    expect(status).to_have_attribute("data-state", "done")
    expect(status).to_contain_text("Đã tải lên")
    asset = page.locator(".gjs-am-asset-image", has_text="banh-mi.png")
    expect(asset).to_have_count(1)
    shots(page, "journey-04-asset-manager")
    asset.dblclick()
    expect(page.locator(".gjs-mdl-container")).to_be_hidden()
    placed = canvas.locator("img[src*='/media/page-assets/']")
    expect(placed).to_be_visible()
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")
    record.refresh_from_db()
    (src,) = re.findall(r'src="(/media/page-assets/[^"]+)"', record.html_content)
    # The page's own script (there is no editor for it in the builder: set as the API would).
    Page.objects.filter(pk=record.pk).update(js_content=JS)
    shots(page, "journey-05-image-placed")

    # Publish: the live address, with Copy and Open.
    page.get_by_test_id("publish").click()
    result = page.get_by_test_id("publish-result")
    expect(result).to_be_visible()
    expect(page.get_by_test_id("save-state")).to_have_text("Đã xuất bản")
    record.refresh_from_db()
    assert record.url.startswith(f"http://{record.slug}.pages.localhost:")
    expect(page.get_by_test_id("live-address")).to_have_text(record.url)
    page.get_by_test_id("copy-address").click()
    expect(page.get_by_test_id("copy-address")).to_contain_text("Đã sao chép")
    assert page.evaluate("navigator.clipboard.readText()") == record.url
    shots(page, "journey-06-published")
    with context.expect_page() as opened:
        page.get_by_test_id("open-live").click()
    public = opened.value
    public.wait_for_load_state()
    assert public.url.rstrip("/") == record.url.rstrip("/")
    expect(public.locator("html")).to_have_attribute("lang", "vi")
    expect(public.locator("html")).to_have_attribute("data-promo", "on")  # the page's script ran
    wait_for_js(public, f"document.querySelector('img[src=\"{src}\"]').naturalWidth === 240")
    shots(public, "journey-07-live-page")

    # A visitor's lead, then the owner sees it on the dashboard.
    public.fill("input[name=name]", "Nguyễn Thị Lan")
    public.fill("input[name=email]", "lan@example.vn")
    public.fill("input[name=company]", "Cà phê Lan")
    public.click("form[data-lh-form] button[type=submit]")
    thanks = public.locator(".lh-thanks-inline")
    expect(thanks).to_have_text("Cảm ơn bạn! Chúng tôi sẽ liên hệ sớm.")
    shots(public, "journey-08-lead-sent")
    public.close()
    page.get_by_role("navigation").get_by_role("link", name="Bảng điều khiển").click()
    expect(page.get_by_test_id("recent-leads")).to_contain_text("Nguyễn Thị Lan")
    shots(page, "journey-09-dashboard")

    # My pages: the card's Download ZIP, and an Unpublish button a person can read.
    page.get_by_role("navigation").get_by_role("link", name="Trang của tôi").click()
    card = page.get_by_test_id("page-card")
    expect(card).to_contain_text("Đã xuất bản")
    unpublish = card.get_by_test_id("unpublish")
    colours = unpublish.evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(b.closest('.card')).backgroundColor]"
    )
    assert _contrast(*colours) >= 4.5, colours
    shots(page, "journey-10-my-pages")
    with page.expect_download() as download:
        card.get_by_test_id("download-zip").click()
    assert download.value.suggested_filename == f"{record.slug}.zip"
    archive = zipfile.ZipFile(download.value.path())
    index = archive.read("index.html").decode()
    image = re.search(r'src="(images/[^"]+\.png)"', index).group(1)
    assert archive.read(image).startswith(b"\x89PNG")
    assert '<script src="script.js"></script>' in index and "Hội thảo" in index
    assert archive.read("script.js").decode() == JS
    context.close()


def test_builder_says_what_went_wrong_in_vietnamese(browser, server, browser_problems):
    user = UserFactory(name="Phạm Hà")
    for _ in range(3):  # the free plan's three published pages
        PageFactory(owner=user, status=Page.Status.PUBLISHED)
    draft = PageFactory(owner=user, title="Quán bún chả")
    context = signed_in_context(browser, server.url, user, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{server.url}/pages/{draft.pk}/edit")
    _open_builder(page)

    # GrapesJS in Vietnamese, one set of device/undo controls, every icon button named, and
    # the chat bubble clear of the blocks panel.
    blocks = page.locator(".gjs-pn-views-container")
    expect(blocks).to_contain_text("1 cột")
    expect(blocks).to_contain_text("Biểu mẫu")
    expect(page.locator(".gjs-pn-devices-c")).to_have_count(0)
    expect(page.locator(".gjs-pn-btn")).not_to_have_count(0)
    expect(page.get_by_role("button", name="Hoàn tác")).to_have_count(1)
    unnamed = page.evaluate(
        """[...document.querySelectorAll('.lh-builder-bar button, .lh-builder-bar a, .gjs-pn-btn')]
        .filter(b => !(b.getAttribute('aria-label') || b.textContent.trim()))
        .map(b => b.outerHTML.slice(0, 80))"""
    )
    assert unnamed == []
    chat = page.get_by_test_id("chat-launcher").bounding_box()
    panel = page.locator(".gjs-pn-views-container").bounding_box()
    assert chat["x"] + chat["width"] < panel["x"], (chat, panel)
    shots(page, "builder-vi")

    # An upload the server refuses: the reason, in Vietnamese, inside the asset manager.
    browser_problems.allow(r"400 POST .*/assets")
    browser_problems.allow(r"status of 400")
    browser_problems.allow(r"Tệp này không phải là ảnh dùng được")
    page.get_by_test_id("add-image").click()
    page.set_input_files(
        "#gjs-am-uploadFile",
        files=[{"name": "menu.png", "mimeType": "image/png", "buffer": b"%PDF-1.4 not a picture"}],
    )
    status = page.get_by_test_id("upload-status")
    expect(status).to_have_attribute("data-state", "error")
    expect(status).to_have_text("Tệp này không phải là ảnh dùng được.")
    shots(page, "builder-upload-refused")
    page.locator(".gjs-mdl-btn-close").click()

    # A publish over the plan's limit: said so, with the way to the plans.
    browser_problems.allow(r"403 POST .*/deploy")
    browser_problems.allow(r"status of 403")
    page.get_by_test_id("publish").click()
    alert = page.get_by_test_id("builder-alert")
    expect(alert).to_contain_text("Gói Miễn phí cho phép 3 trang được xuất bản")
    expect(alert.get_by_role("link", name="Xem các gói")).to_have_attribute("href", "/#pricing")
    expect(page.get_by_test_id("save-state")).to_have_text("Chưa xuất bản được")
    expect(page.get_by_test_id("publish-result")).to_be_hidden()
    shots(page, "builder-plan-limit")

    # Settings: a reserved address is refused in Vietnamese; the page's language is saved.
    browser_problems.allow(r"400 PATCH .*/api/pages/")
    page.get_by_test_id("settings").click()
    page.locator("#s-slug").fill("admin")
    page.get_by_test_id("page-language").select_option("en")
    page.locator("#settings-form button[type=submit]").click()
    expect(page.locator("#s-slug ~ .invalid-feedback")).to_have_text(
        "“admin” đã được hệ thống dành riêng. Hãy chọn địa chỉ khác."
    )
    page.locator("#s-slug").fill("bun-cha-ha-noi")
    page.locator("#settings-form button[type=submit]").click()
    expect(page.locator("#settings-saved")).to_be_visible()
    shots(page, "builder-settings-language")
    draft.refresh_from_db()
    assert draft.language == "en" and draft.slug == "bun-cha-ha-noi"

    # The bar's Download ZIP.
    page.locator("#page-settings .btn-close").click()
    with page.expect_download() as download:
        page.get_by_test_id("download-zip").click()
    assert "index.html" in zipfile.ZipFile(download.value.path()).namelist()
    context.close()


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"pages-{name}.png"), full_page=False)


def test_pages_journey_template_edit_publish_lead(owner_page, server, user, browser):
    page = owner_page
    live_server = server
    page.goto(f"{live_server.url}/pages/")
    page.fill("#new-title", "Hội thảo tăng trưởng")
    page.click("label[for=tpl-event]")
    _shot(page, "my-pages-new")
    page.click("[data-testid=create-page]")
    expect(page).to_have_url(re.compile(r"/pages/\d+/edit$"))
    wait_for_js(page, "window.lhEditor && window.lhEditor.getWrapper()")

    heading = page.frame_locator("#gjs iframe.gjs-frame").locator("h1")
    expect(heading).to_contain_text("Vietnam Growth Summit")
    # Autosave: the edit is sent without pressing Save.
    with page.expect_request(lambda r: r.method == "PATCH" and "/api/pages/" in r.url):
        heading.dblclick()
        page.keyboard.press("Control+A")
        page.keyboard.type("Hội thảo Bán hàng Online 2026")
        page.frame_locator("#gjs iframe.gjs-frame").locator(".lh-lead").first.click()
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=save-state]")).to_have_attribute("data-state", "saved")
    _shot(page, "builder")

    # Device preview: the canvas takes the phone's and the tablet's width, then the desktop's.
    canvas_width = "document.querySelector('#gjs iframe.gjs-frame').getBoundingClientRect().width"
    desktop_width = page.evaluate(canvas_width)
    for device, width in (("Mobile portrait", 375), ("Tablet", 768)):
        page.click(f"[data-device='{device}']")
        wait_for_js(page, f"Math.abs({canvas_width} - {width}) < 2")
    page.click("[data-device='Desktop']")
    wait_for_js(page, f"{canvas_width} >= {desktop_width} - 2")
    # Undo takes the heading back to the template's, redo brings the edit back.
    page.click("#undo")
    expect(heading).to_contain_text("Vietnam Growth Summit")
    page.click("#redo")
    expect(heading).to_have_text("Hội thảo Bán hàng Online 2026")
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=save-state]")).to_have_attribute("data-state", "saved")

    record = Page.objects.get(owner=user)
    assert "Hội thảo Bán hàng Online 2026" in record.html_content
    assert record.project_data.get("pages")

    page.click("[data-testid=publish]")
    expect(page.locator("[data-testid=save-state]")).to_have_text("Published")
    record.refresh_from_db()
    assert record.status == "published"

    visitor = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    public = visitor.new_page()
    public.goto(record.url)
    assert record.url.startswith(f"http://{record.slug}.pages.localhost:")
    expect(public.locator("h1")).to_have_text("Hội thảo Bán hàng Online 2026")
    assert not visitor.cookies()
    _shot(public, "published-mobile")
    public.fill("input[name=name]", "Nguyễn Thị Lan")
    public.fill("input[name=email]", "lan@example.vn")
    public.fill("input[name=company]", "Cà phê Lan")
    public.click("form[data-lh-form] button[type=submit]")
    expect(public.locator(".lh-thanks-inline")).to_be_visible()
    _shot(public, "published-thanks")
    visitor.close()
    assert Lead.objects.get(page=record).data["email"] == "lan@example.vn"
    (lead_mail,) = [m for m in mail.outbox if m.to == [user.email]]
    assert "Cà phê Lan" in lead_mail.body  # eager Celery here: sent at once, not batched

    # The builder's settings panel turns lead e-mails off for this page.
    page.goto(f"{live_server.url}/pages/{record.pk}/edit")
    page.click("[data-testid=settings]")
    expect(page.locator("[data-testid=notify-leads]")).to_be_checked()
    page.locator("[data-testid=notify-leads]").uncheck()
    page.click("#settings-form button[type=submit]")
    expect(page.locator("#settings-saved")).to_be_visible()
    _shot(page, "settings-lead-emails")
    record.refresh_from_db()
    assert record.notify_leads_by_email is False and record.title == "Hội thảo tăng trưởng"

    page.goto(f"{live_server.url}/pages/{record.pk}/leads")
    expect(page.locator("[data-testid=leads-table]")).to_contain_text("lan@example.vn")
    # ... and on the dashboard, with the visit counted (today's views are still in the cache).
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_test_id("recent-leads")).to_contain_text("Nguyễn Thị Lan")
    row = page.get_by_test_id("pages-table").locator("tr", has_text="Hội thảo tăng trưởng")
    expect(row).to_contain_text("Published")
    expect(row.locator("td").nth(2)).to_have_text(re.compile(r"^[1-9]\d*$"))  # views
    expect(row.locator("td").nth(3)).to_have_text("1")  # leads
    _shot(page, "leads")
    page.goto(f"{live_server.url}/pages/")
    expect(page.locator("[data-testid=page-card]")).to_contain_text("Published")
    _shot(page, "my-pages")

    # Connecting a custom domain shows the DNS records to create.
    page.goto(f"{live_server.url}/pages/{record.pk}/domain")
    page.fill("#domain-input", "hoithao.example.vn")
    page.click("[data-testid=domain-form] button[type=submit]")
    expect(page.locator("[data-testid=dns-records]")).to_contain_text(
        "_landinghub.hoithao.example.vn"
    )
    expect(page.locator("[data-testid=domain-status]")).to_have_text("Waiting for DNS")
    _shot(page, "domain")
