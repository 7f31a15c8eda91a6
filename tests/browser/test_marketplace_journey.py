"""A seller lists and submits a page, staff approve it in the admin, buyers find it."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from marketplace.models import MarketplacePage
from marketplace.tests.factories import CategoryFactory, page_for, png_bytes
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base: str, email: str, path: str = "/accounts/login/") -> None:
    page.goto(f"{base}{path}")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("[type=submit]").first.click()


def test_list_submit_approve_and_find(live_server, browser, page, tmp_path, settings):
    # The preview is framed from the published origin, which only the app may frame.
    port = live_server.url.rsplit(":", 1)[1]
    settings.PUBLISHED_PAGES_DOMAIN = f"pages.localhost:{port}"
    settings.SITE_URL = live_server.url
    seller = UserFactory(email="seller@example.com", name="Chị Mai")
    UserFactory(email="staff@example.com", role="admin", is_superuser=True)
    page_for(seller, title="Tiệm bánh mì Cô Ba")
    CategoryFactory(slug="food-drink", name_en="Food & drink", name_vi="Ăn uống")
    base = live_server.url

    _log_in(page, base, "seller@example.com")
    page.goto(f"{base}/marketplace/new/")
    page.get_by_label("Title").fill("Bánh mì landing page")
    page.get_by_label("Description").fill("Trang đích cho tiệm bánh mì, có form đặt hàng.")
    page.get_by_label("Category").select_option("food-drink")
    page.get_by_label("Price (VND, 0 = free)").fill("149000")
    page.get_by_label("Tags (comma separated)").fill("banh mi, food")
    page.get_by_test_id("save-listing").click()
    expect(page.get_by_text("Listing saved as a draft")).to_be_visible()

    shot = tmp_path / "shot.png"
    shot.write_bytes(png_bytes((1280, 800), (240, 120, 40)))
    page.locator("input[type=file]").set_input_files(str(shot))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Screenshot added.")).to_be_visible()
    page.get_by_test_id("submit-listing").click()
    expect(page.get_by_text("Submitted for review")).to_be_visible()
    listing = MarketplacePage.objects.get()
    assert listing.status == MarketplacePage.Status.PENDING

    # Not public yet.
    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{base}/marketplace/?search=banh+mi")
    expect(anonymous.get_by_test_id("empty")).to_be_visible()

    staff = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _log_in(staff, base, "staff@example.com", "/admin/login/")
    staff.goto(f"{base}/admin/marketplace/marketplacepage/")
    staff.get_by_role("link", name="Bánh mì landing page").click()
    preview = staff.frame_locator("[data-testid=admin-preview]")
    expect(preview.locator("h1")).to_have_text("Bánh mì Cô Ba")
    staff.get_by_label("Approve").check()
    staff.get_by_test_id("review-submit").click()
    expect(staff.get_by_text("Review saved")).to_be_visible()

    anonymous.goto(f"{base}/marketplace/?search=banh+mi")
    card = anonymous.get_by_test_id("listing-card")
    expect(card).to_have_count(1)
    expect(card.get_by_test_id("listing-screenshot")).to_be_visible()
    card.click()
    expect(anonymous.get_by_test_id("price")).to_have_text("149.000 ₫")
    expect(anonymous.frame_locator("[data-testid=preview]").locator("h1")).to_have_text(
        "Bánh mì Cô Ba"
    )
    preview_src = anonymous.get_by_test_id("preview").get_attribute("src")
    assert preview_src.startswith(f"http://preview.pages.localhost:{port}/")
    ARTIFACTS.mkdir(exist_ok=True)
    anonymous.screenshot(path=str(ARTIFACTS / "marketplace_detail.png"), full_page=True)
    staff.screenshot(path=str(ARTIFACTS / "marketplace_admin.png"))
