"""The marketplace journey, through the UI only, on a random port: a seller lists a page for
sale → staff approve it in the Django admin with the preview in view → the seller sees the
decision arrive live → a buyer finds it by an English word and by a Vietnamese one → pays with
the MoMo simulator, lands back on the order page and opens the copy → another buyer makes the
same purchase with VNPay and downloads the ZIP. Each step is saved at desktop and phone width."""

import re
import zipfile

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from marketplace.models import MarketplacePage
from marketplace.tests.factories import CategoryFactory, png_bytes
from orders.models import Order
from pages.tests.factories import PageFactory

from .asgi_server import asgi_live_server, live_site  # noqa: F401  (fixtures)
from .helpers import off_the_event_loop, shots, signed_in_page, wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Bánh mì landing page"


def _setup():
    # The migrations' category, made again: an earlier transactional test may have flushed it.
    CategoryFactory(slug="food-drink", name_vi="Ăn uống", name_en="Food & drink")
    seller = UserFactory(email="seller@example.com", name="Chị Mai")
    PageFactory(owner=seller, title="Tiệm bánh mì Cô Ba")  # the page the seller will list
    UserFactory(email="staff@example.com", role="admin", is_superuser=True)
    buyers = (
        UserFactory(email="buyer@example.com", name="Anh Tuấn"),
        UserFactory(email="buyer2@example.com", name="Chị Hoa"),
    )
    return seller, buyers


def _list_for_sale(page, base: str, tmp_path) -> None:
    page.goto(f"{base}/marketplace/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill("Trang đích cho tiệm bánh mì, có form đặt hàng.")
    page.get_by_label("Category").select_option("food-drink")
    # A price under the gateways' minimum is explained in the form, not a server error.
    page.get_by_label("Price (VND, 0 = free)").fill("999")
    page.get_by_test_id("save-listing").click()
    expect(
        page.get_by_text("A paid template costs at least 1.000 ₫ (or 0 for free).")
    ).to_be_visible()
    page.get_by_label("Price (VND, 0 = free)").fill("149000")
    page.get_by_label("Tags (comma separated)").fill("bánh mì, bakery")
    page.get_by_test_id("save-listing").click()
    expect(page.get_by_text("Listing saved as a draft")).to_be_visible()

    shot = tmp_path / "shot.png"
    shot.write_bytes(png_bytes((1280, 800), (240, 120, 40)))
    page.locator("input[type=file]").set_input_files(str(shot))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Screenshot added.")).to_be_visible()
    page.get_by_test_id("submit-listing").click()
    expect(page.get_by_text("Submitted for review")).to_be_visible()
    shots(page, "market-01-listed")


def _approve_in_admin(browser, base: str) -> None:
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    staff.set_default_timeout(15000)
    staff.goto(f"{base}/admin/login/")
    staff.locator("input[name=username]").fill("staff@example.com")
    staff.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    staff.locator("[type=submit]").first.click()
    staff.goto(f"{base}/admin/marketplace/marketplacepage/")
    staff.get_by_role("link", name=TITLE).click()
    # The preview is served from preview.<PUBLISHED_PAGES_DOMAIN>, on this server's port.
    preview = staff.get_by_test_id("admin-preview")
    assert re.match(r"http://preview\.pages\.localhost:\d+/", preview.get_attribute("src"))
    expect(staff.frame_locator("[data-testid=admin-preview]").locator("h1")).to_have_text(
        "Bánh mì Cô Ba"
    )
    shots(staff, "market-02-admin-review")
    staff.get_by_label("Approve").check()
    staff.get_by_test_id("review-submit").click()
    expect(staff.get_by_text(f"Review saved: {TITLE}")).to_be_visible()
    staff.context.close()


def _find(page, base: str, words: str, step: str) -> None:
    page.goto(f"{base}/marketplace/")
    page.get_by_role("searchbox").fill(words)
    page.get_by_role("button", name="Find templates").click()
    card = page.get_by_test_id("listing-card")
    expect(card).to_have_count(1)
    expect(page.get_by_test_id("filter-errors")).to_have_count(0)
    expect(card).to_contain_text(TITLE)
    shots(page, step)


def _pay(page, gateway: str, step: str) -> None:
    page.get_by_test_id("listing-card").click()
    expect(page.get_by_test_id("price")).to_have_text("149.000 ₫")
    page.get_by_test_id("buy").click()
    page.get_by_test_id(f"gateway-{gateway}").click()
    page.get_by_test_id("pay").click()
    expect(page.get_by_test_id("simulator-banner")).to_be_visible()
    shots(page, f"{step}-simulator")
    page.get_by_test_id("simulator-pay").click()
    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    expect(page.get_by_text("Payment received. It's yours!")).to_be_visible()
    shots(page, f"{step}-order")


def test_list_approve_find_and_buy_with_momo_and_vnpay(
    live_site,  # noqa: F811
    browser,
    settings,
    tmp_path,
):
    base = live_site
    seller, (buyer, second_buyer) = off_the_event_loop(_setup)

    seller_page = signed_in_page(browser, base, seller)
    _list_for_sale(seller_page, base, tmp_path)
    assert MarketplacePage.objects.get().status == MarketplacePage.Status.PENDING

    # The seller waits on their listings; the decision arrives without a reload.
    seller_page.goto(f"{base}/marketplace/my/")
    notices = seller_page.get_by_test_id("review-notices")
    expect(notices).to_have_attribute("data-state", "live")
    expect(seller_page.get_by_test_id("listing-status")).to_have_text("Pending review")

    _approve_in_admin(browser, base)

    expect(seller_page.get_by_test_id("review-notice")).to_contain_text(
        f"“{TITLE}” was approved and is on sale."
    )
    expect(seller_page.get_by_test_id("listing-status")).to_have_text("Active")
    shots(seller_page, "market-03-seller-sees-approval")
    # On the detail page the seller finds their own listing, to edit, not to buy.
    seller_page.goto(f"{base}/marketplace/{MarketplacePage.objects.get().pk}/")
    expect(seller_page.get_by_test_id("your-listing")).to_have_text("Your listing")
    expect(seller_page.get_by_test_id("buy")).to_have_count(0)

    # A buyer finds it by an English word (the category's English name) and a Vietnamese one.
    shopper = signed_in_page(browser, base, buyer)
    _find(shopper, base, "food", "market-04-found-in-english")
    # A min price above the max price is said, not silently dropped.
    shopper.get_by_label("Min ₫").fill("200000")
    shopper.get_by_label("Max ₫").fill("100000")
    shopper.get_by_role("button", name="Find templates").click()
    expect(shopper.get_by_test_id("filter-errors")).to_contain_text(
        "The maximum price must be at least the minimum price."
    )
    expect(shopper.get_by_label("Max ₫")).to_have_value("100000")
    shots(shopper, "market-04b-price-range-error")
    _find(shopper, base, "ăn uống", "market-05-found-in-vietnamese")
    _pay(shopper, "momo", "market-06-momo")
    momo = Order.objects.get(buyer=buyer)
    assert (momo.status, momo.payment_method) == ("delivered", "momo")

    shopper.get_by_test_id("open-copy").click()
    wait_for_js(shopper, "window.lhEditor && window.lhEditor.getWrapper()")
    heading = shopper.frame_locator("#gjs iframe.gjs-frame").locator("h1")
    expect(heading).to_contain_text("Bánh mì Cô Ba")
    shots(shopper, "market-07-copy-in-builder")

    # Back on the listing, the buyer owns it: no Buy button, their copy and the ZIP instead.
    shopper.goto(f"{base}/marketplace/{momo.marketplace_page_id}/")
    expect(shopper.get_by_test_id("you-own-this")).to_have_text("You own this")
    expect(shopper.get_by_test_id("buy")).to_have_count(0)
    expect(shopper.get_by_test_id("open-copy")).to_be_visible()
    shots(shopper, "market-08-you-own-this")

    # The same purchase with VNPay, found by the Vietnamese word typed without its accents.
    second = signed_in_page(browser, base, second_buyer)
    _find(second, base, "an uong", "market-09-found-without-accents")
    _pay(second, "vnpay", "market-10-vnpay")
    vnpay = Order.objects.get(buyer=second_buyer)
    assert (vnpay.status, vnpay.payment_method) == ("delivered", "vnpay")
    with second.expect_download() as download:
        second.get_by_test_id("download").click()
    archive = zipfile.ZipFile(download.value.path())
    assert "Bánh mì Cô Ba" in archive.read("index.html").decode()
    second.get_by_test_id("open-copy").click()
    wait_for_js(second, "window.lhEditor && window.lhEditor.getWrapper()")
    expect(second.frame_locator("#gjs iframe.gjs-frame").locator("h1")).to_contain_text(
        "Bánh mì Cô Ba"
    )
    # Their sockets close now, while the test database is still reachable.
    for page in (seller_page, shopper, second):
        page.context.close()
