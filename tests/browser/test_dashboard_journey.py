"""The dashboard in a real browser: charts with data, and a lead submitted on a published page
(another browser context, a visitor) appears on the owner's open dashboard without a reload,
through the socket. Also screenshots of the main pages at desktop and mobile widths."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from dashboard.tests.conftest import seller_with_activity
from pages.models import Lead, Page
from pages.publishing.publish import page_version_publish
from pages.services import page_create

from .asgi_server import asgi_live_server, live_site  # noqa: F401  (fixtures)
from .conftest import ARTIFACTS
from .helpers import off_the_event_loop, signed_in_context, wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = {"width": 390, "height": 844}


def _shot(page, name, full=True):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=full)


@pytest.fixture
def owner(user, other_user, settings, tmp_path, live_site):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"

    def seed():
        seller_with_activity(user, other_user, pages=2, leads=3, views=40, sales=2)
        page = page_create(owner=user, title="Hội thảo Bán hàng Online", template="event")
        assert page_version_publish(page_id=page.pk).ok

    off_the_event_loop(seed)
    return user


def _restore_migration_data() -> None:
    """Transactional tests before this one flushed what the data migrations seed (categories,
    help articles) and the demo builds on: put it back as `migrate` does on a fresh machine."""
    from importlib import import_module

    from django.apps import apps

    import_module("marketplace.migrations.0004_category_tag_names_vi_en").create_categories(
        apps, None
    )
    import_module("support.migrations.0002_seed_help_articles").seed(apps, None)


def test_dashboard_charts_and_a_lead_arrives_live(browser, owner, asgi_live_server):  # noqa: F811
    base = asgi_live_server
    context = signed_in_context(browser, base, owner, width=1280, height=900)
    dash = context.new_page()
    dash.set_default_timeout(15000)
    dash.goto(f"{base}/dashboard/")
    expect(dash.locator("[data-testid=live-state]")).to_have_attribute("data-state", "live")
    assert dash.evaluate("!!Chart.getChart('chart-traffic') && !!Chart.getChart('chart-sales')")
    assert dash.evaluate("Chart.getChart('chart-traffic').data.datasets[0].data.some(v => v > 0)")
    expect(dash.locator("[data-empty=traffic]")).to_be_hidden()
    leads_before = Lead.objects.filter(page__owner=owner).count()
    expect(dash.locator("[data-testid='stat-totals.leads']")).to_have_text(str(leads_before))
    _shot(dash, "desktop")
    dash.evaluate("window.__noReload = true")

    published = Page.objects.get(owner=owner, title="Hội thảo Bán hàng Online")
    visitor = browser.new_context(viewport=MOBILE, locale="vi-VN")
    public = visitor.new_page()
    public.goto(published.url)
    public.fill("input[name=name]", "Nguyễn Thị Lan")
    public.fill("input[name=email]", "lan@example.vn")
    public.fill("input[name=company]", "Cà phê Lan")
    public.click("form[data-lh-form] button[type=submit]")
    expect(public.locator(".lh-thanks-inline")).to_be_visible()
    visitor.close()

    expect(dash.locator("[data-testid='stat-totals.leads']")).to_have_text(str(leads_before + 1))
    expect(dash.locator("[data-testid=recent-leads] li").first).to_contain_text("Nguyễn Thị Lan")
    expect(dash.locator("[data-testid=new-lead-badge]")).to_be_visible()
    assert dash.evaluate("window.__noReload === true")  # same document: no reload happened
    _shot(dash, "desktop-live-lead")
    context.close()


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_screenshots_of_the_main_pages(browser, owner, asgi_live_server, width):  # noqa: F811
    base = asgi_live_server
    viewport = MOBILE if width == "mobile" else {"width": 1280, "height": 900}
    context = signed_in_context(browser, base, owner, **viewport)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/dashboard/")
    expect(page.locator("[data-testid=live-state]")).to_have_attribute("data-state", "live")
    wait_for_js(page, "!!Chart.getChart('chart-traffic')")
    _shot(page, f"user-{width}")
    page.goto(f"{base}/marketplace/")
    expect(page.locator("[data-testid=listing-card]").first).to_be_visible()
    _shot(page, f"marketplace-{width}")
    page.goto(f"{base}/pages/{Page.objects.filter(owner=owner).first().pk}/edit")
    wait_for_js(page, "window.lhEditor && window.lhEditor.getWrapper()")
    _shot(page, f"builder-{width}", full=False)
    staff = signed_in_context(browser, base, UserFactory(role="admin"), **viewport)
    admin_page = staff.new_page()
    admin_page.goto(f"{base}/admin/dashboard/")
    expect(admin_page.locator("[data-testid=live-state]")).to_have_attribute("data-state", "live")
    expect(admin_page.locator("[data-testid=listings-by-status]")).to_contain_text("Active")
    _shot(admin_page, f"admin-{width}")
    staff.close()
    anonymous = browser.new_context(viewport=viewport, locale="vi-VN").new_page()
    anonymous.goto(f"{base}/")
    expect(anonymous.locator("[data-testid=pricing]")).to_contain_text("199.000")
    featured = anonymous.locator("[data-testid=featured] [data-testid=listing-card]")
    expect(featured.first).to_be_visible()
    _shot(anonymous, f"home-{width}")
    anonymous.context.close()
    context.close()


def test_the_demo_user_sees_a_live_dashboard_full_of_data(
    browser,
    asgi_live_server,  # noqa: F811
    settings,
    tmp_path,
    monkeypatch,
):
    """What `make run` gives a first visitor: log in as the printed demo user, and every chart
    and list of the dashboard has something to show."""
    from django.core.management import call_command

    from dashboard.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "CREDENTIALS_FILE", tmp_path / "creds")
    settings.MEDIA_ROOT = tmp_path / "media"
    _restore_migration_data()
    off_the_event_loop(lambda: call_command("seed_demo"))
    import json

    password = json.loads((tmp_path / "creds").read_text())["demo@landinghub.local"]
    base = asgi_live_server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username], input[name=email]", "demo@landinghub.local")
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.goto(f"{base}/dashboard/")
    expect(page.locator("[data-testid=live-state]")).to_have_attribute("data-state", "live")
    assert page.evaluate(
        "Chart.getChart('chart-traffic').data.datasets.every(d => d.data.some(v => v > 0))"
    )
    assert page.evaluate("Chart.getChart('chart-sales').data.datasets[0].data.some(v => v > 0)")
    for empty in page.locator("[data-empty]").all():
        expect(empty).to_be_hidden()
    expect(page.get_by_test_id("recent-leads").locator("li")).not_to_have_count(0)
    expect(page.get_by_test_id("recent-sales")).not_to_contain_text("not sold")
    demo_pages = Page.objects.filter(owner__email="demo@landinghub.local").count()
    assert demo_pages >= 4
    expect(page.get_by_test_id("pages-table").locator("tbody tr")).to_have_count(demo_pages)
    _shot(page, "demo-user-desktop")
    context.close()


def test_a_cancelled_purchase_is_marked_in_recent_orders(browser, user, live_site):  # noqa: F811
    """The walk-through saw cancelled orders in "Recent orders" looking bought (title and
    price, no status). A delivered one stays plain; a cancelled one says so, price struck."""
    from orders import services as order_services
    from orders.tests.factories import pending_order

    def seed():
        bought = pending_order(buyer=user, title="Mẫu đã mua", price=199_000)
        order_services.order_deliver(
            order_id=bought.order_id, amount=bought.amount, transaction_id="T-BOUGHT"
        )
        dropped = pending_order(buyer=user, title="Mẫu đã hủy", price=99_000)
        order_services.order_cancel(order_id=dropped.order_id, reason="The payment was cancelled.")

    off_the_event_loop(seed)
    context = signed_in_context(browser, live_site, user, locale="vi-VN")
    dash = context.new_page()
    dash.goto(f"{live_site}/dashboard/")
    orders = dash.get_by_test_id("recent-orders")
    cancelled = orders.locator("li[data-status=cancelled]")
    expect(cancelled).to_contain_text("Mẫu đã hủy")
    expect(cancelled.get_by_test_id("order-status")).to_have_text("Đã hủy")
    delivered = orders.locator("li[data-status=delivered]")
    expect(delivered).to_contain_text("Mẫu đã mua")
    expect(delivered.get_by_test_id("order-status")).to_have_count(0)
    context.close()
