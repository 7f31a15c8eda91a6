"""Sign up, log out and log in again through the templated pages, in a real browser."""

import pytest
from playwright.sync_api import expect

from accounts.models import User

from .helpers import confirm_email_from_outbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_log_out_and_log_in(live_server, page):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign up free").click()
    page.get_by_label("Your name").fill("Lê Thị Hoa")
    page.get_by_label("E-mail").fill("hoa@example.com")
    page.get_by_label("Password").fill("banh-Mi-thit-2026")
    page.get_by_test_id("signup-submit").click()
    expect(page.get_by_test_id("check-email")).to_have_text("Check your e-mail")
    # The link from the e-mail, opened in the browser that signed up, signs it in.
    confirm_email_from_outbox(page, live_server.url, "hoa@example.com")

    expect(page.get_by_role("heading", name="Create your first page")).to_be_visible()
    expect(page.get_by_text("Welcome to LandingHub, Lê Thị Hoa!")).to_be_visible()
    assert User.objects.filter(email="hoa@example.com").exists()

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").fill("hoa@example.com")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("incorrect")

    page.get_by_label("Password").fill("banh-Mi-thit-2026")
    page.get_by_test_id("login-submit").click()
    # No "next": the dashboard (where a user works), not the profile form.
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    assert page.url == f"{live_server.url}/dashboard/"


def test_signup_page_is_usable_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    submit = page.get_by_test_id("signup-submit")
    expect(submit).to_be_visible()
    box = submit.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
