"""SPEC 7.1 in a real browser: a template in the builder → edit a heading → publish → the
published origin serves it → a visitor submits the form → the owner sees the lead (leads page
and dashboard, and by e-mail until they turn that off in the page settings) and the view;
device preview and undo/redo in the builder on the way."""

import re

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from pages.models import Lead, Page

from .conftest import ARTIFACTS
from .helpers import wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owner_page(page, live_server, user, settings):
    port = live_server.url.rsplit(":", 1)[1]
    settings.PUBLISHED_PAGES_DOMAIN = f"pages.localhost:{port}"
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"pages-{name}.png"), full_page=False)


def test_pages_journey_template_edit_publish_lead(owner_page, live_server, user, browser):
    page = owner_page
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
