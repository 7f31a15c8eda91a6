"""What a person sees on a phone (390 px) on every main page: nothing scrolls sideways, every
column and main action of a table is on screen (rows become cards), headings and buttons keep
their distance, the chat bubble never covers the footer's language switcher; and the leads
page counts in plain English (issue 11, builder-2 walk-through)."""

import pytest
from playwright.sync_api import expect

from dashboard.tests.conftest import seller_with_activity
from orders.models import Order
from pages.models import Lead, Page

from .asgi_server import asgi_live_server, live_site  # noqa: F401  (fixtures)
from .helpers import PHONE, off_the_event_loop, shots, signed_in_context, wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD = {
    "name": "Nguyễn Thị Lan Anh",
    "email": "nguyen.thi.lan.anh@congty-example.vn",
    "phone": "+84 912 345 678",
    "company": "Cà phê Lan Anh",
}


@pytest.fixture
def shopper(user, other_user, settings, tmp_path, live_site):  # noqa: F811
    """``user`` has published pages with long leads, sold templates, and bought one."""
    settings.MEDIA_ROOT = tmp_path / "media"

    def seed():
        made = seller_with_activity(user, other_user, pages=1, leads=0, views=4, sales=1)
        Lead.objects.create(page=made[0], data=LEAD, ip_address="203.0.113.5")
        Page.objects.filter(pk=made[0].pk).update(views=4)
        seller_with_activity(other_user, user, pages=1, leads=0, views=1, sales=1)

    off_the_event_loop(seed)
    return user


def _phone(browser, base, user, locale="en-US"):
    page = signed_in_context(browser, base, user, locale=locale, **PHONE).new_page()
    page.set_default_timeout(15000)
    return page


def _leads_page(user) -> Page:
    return Page.objects.filter(owner=user, leads__isnull=False).distinct().get()


def _paths(user):
    page = _leads_page(user)
    bought = Order.objects.filter(buyer=user).first()
    sold = Order.objects.filter(seller=user).first()
    return {
        "home": "/",
        "marketplace": "/marketplace/",
        "listing": f"/marketplace/{sold.marketplace_page_id}/",
        "my-pages": "/pages/",
        "dashboard": "/dashboard/",
        "leads": f"/pages/{page.pk}/leads",
        "my-orders": "/orders/",
        "my-sales": "/orders/sales/",
        "order": f"/orders/{bought.pk}/",
        "profile": "/accounts/profile/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
    }


WIDEST = """
(() => {
  const vw = innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width && r.right > vw + 0.5 && !el.closest('.table-responsive');
  }).map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'));
  return {scroll: document.documentElement.scrollWidth, vw, wide: wide.slice(0, 5)};
})()
"""


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "marketplace",
        "listing",
        "my-pages",
        "dashboard",
        "leads",
        "my-orders",
        "my-sales",
        "order",
        "profile",
        "login",
        "signup",
    ],
)
def test_no_page_scrolls_sideways_on_a_phone(browser, shopper, live_site, name):  # noqa: F811
    path = _paths(shopper)[name]
    if name in ("login", "signup"):
        page = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    else:
        page = _phone(browser, live_site, shopper, locale="vi-VN")
    page.goto(f"{live_site}{path}")
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)
    seen = page.evaluate(WIDEST)
    assert seen["scroll"] <= seen["vw"], f"{path} is {seen['scroll']} px wide: {seen['wide']}"
    shots(page, f"phone-layout-{name}")
    page.context.close()


# Every cell of a data table, and the buttons in it, in the viewport: nothing hides behind a
# sideways scroll the user has no hint of.
CELLS_OFF_SCREEN = """
(selector) => {
  const vw = innerWidth;
  const table = document.querySelector(selector);
  if (!table) return ['no table ' + selector];
  return [...table.querySelectorAll('tbody td')].filter((td) => {
    if (!td.innerText.trim() || getComputedStyle(td).display === 'none') return false;
    const r = td.getBoundingClientRect();
    return r.left < -0.5 || r.right > vw + 0.5 || td.scrollWidth > td.clientWidth + 1;
  }).map((td) => td.innerText.trim().slice(0, 40));
}
"""


def _gap(page, first, second) -> float:
    """The distance between two elements' boxes (negative when they overlap)."""
    a = page.locator(first).first.bounding_box()
    b = page.locator(second).first.bounding_box()
    horizontal = max(b["x"] - (a["x"] + a["width"]), a["x"] - (b["x"] + b["width"]))
    vertical = max(b["y"] - (a["y"] + a["height"]), a["y"] - (b["y"] + b["height"]))
    return max(horizontal, vertical)


def test_my_orders_on_a_phone_shows_status_and_open_my_copy(browser, shopper, live_site):  # noqa: F811
    page = _phone(browser, live_site, shopper, locale="vi-VN")
    page.goto(f"{live_site}/orders/")
    row = page.get_by_test_id("order-row").first
    expect(row).to_contain_text("Đã giao")
    assert page.evaluate(CELLS_OFF_SCREEN, "main table") == []
    button = row.get_by_test_id("open-copy")
    expect(button).to_be_in_viewport(ratio=1)
    # The status's label is on screen too (the column header is not, in a card).
    expect(row.locator("[data-label]").first).to_be_visible()
    assert _gap(page, "main h1", "main h1 + a") >= 8, "the heading touches the button"
    shots(page, "phone-layout-my-orders-cards")
    button.click()
    expect(page).to_have_url(f"{live_site}/pages/{Order.objects.get(buyer=shopper).page_id}/edit")
    page.context.close()


def test_leads_on_a_phone_show_every_field(browser, shopper, live_site):  # noqa: F811
    page = _phone(browser, live_site, shopper)
    owned = _leads_page(shopper)
    page.goto(f"{live_site}/pages/{owned.pk}/leads")
    table = page.get_by_test_id("leads-table")
    for value in LEAD.values():
        expect(table.get_by_text(value)).to_be_in_viewport(ratio=1)
    assert page.evaluate(CELLS_OFF_SCREEN, "[data-testid=leads-table]") == []
    expect(table.locator("td[data-label=Phone]")).to_be_visible()
    shots(page, "phone-layout-leads")
    page.context.close()


def test_my_sales_and_dashboard_tables_fit_a_phone(browser, shopper, live_site):  # noqa: F811
    page = _phone(browser, live_site, shopper)
    page.goto(f"{live_site}/orders/sales/")
    expect(page.locator("#sales-table tbody tr").first).to_contain_text("Delivered")
    assert page.evaluate(CELLS_OFF_SCREEN, "#sales-table") == []
    page.goto(f"{live_site}/dashboard/")
    wait_for_js(page, "document.querySelectorAll('[data-list=pages] tr').length > 0")
    assert page.evaluate(CELLS_OFF_SCREEN, "[data-testid=pages-table]") == []
    page.context.close()


def test_leads_page_counts_in_plain_english(browser, shopper, live_site):  # noqa: F811
    owned = _leads_page(shopper)
    page = _phone(browser, live_site, shopper)
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(f"{live_site}/pages/{owned.pk}/leads")
    summary = page.get_by_test_id("leads-summary")
    expect(summary).to_have_text("1 lead · 4 views · 25% conversion")
    Lead.objects.create(page=owned, data=LEAD, ip_address="203.0.113.6")
    Page.objects.filter(pk=owned.pk).update(views=3)
    page.reload()
    expect(summary).to_have_text("2 leads · 3 views · 66.7% conversion")
    vi = _phone(browser, live_site, shopper, locale="vi-VN")
    vi.goto(f"{live_site}/pages/{owned.pk}/leads")
    expect(vi.get_by_test_id("leads-summary")).to_have_text(
        "2 khách hàng tiềm năng · 3 lượt xem · tỷ lệ chuyển đổi 66,7%"
    )
    page.context.close()
    vi.context.close()


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_the_chat_bubble_never_covers_the_language_switcher(browser, shopper, live_site, locale):  # noqa: F811
    page = _phone(browser, live_site, shopper, locale=locale)
    for path in ("/", "/orders/", "/accounts/profile/"):
        page.goto(f"{live_site}{path}")
        expect(page.get_by_test_id("chat-launcher")).to_be_visible()
        switcher = page.locator("#lang")
        switcher.scroll_into_view_if_needed()
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_timeout(100)
        box = switcher.bounding_box()
        hit = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.id",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert hit == "lang", f"{path}: the switcher's centre is covered"
        # and its whole box: no corner under the bubble
        covered = page.evaluate(
            """([x, y, w, h]) => [[x + 2, y + 2], [x + w - 2, y + 2], [x + 2, y + h - 2],
               [x + w - 2, y + h - 2]].filter(([a, b]) => document.elementFromPoint(a, b)?.id
               !== 'lang').length""",
            [box["x"], box["y"], box["width"], box["height"]],
        )
        assert covered == 0, f"{path}: a corner of the switcher is covered"
    shots(page, f"phone-layout-footer-{locale}")
    page.context.close()
