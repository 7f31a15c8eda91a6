"""What a person meets on the platform's own pages, in a real browser on a random port: the
branded 404 (never Django's debug page), the API's JSON envelope, the favicon, the chat that
Esc closes, and icon-only buttons that all have a name (issue 11, items 2, 3 and 12)."""

import json

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from tests.browser.helpers import shots, signed_in_page, wait_for_js
from tests.support import live_daphne

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Buttons and links whose name a screen reader would read: text, aria-label, title or an
# image's alt. Evaluated in the page (CDP, not subject to the page's CSP).
UNNAMED = """
[...document.querySelectorAll('button, a[href], [role=button]')].filter((el) => {
  const style = getComputedStyle(el);
  if (style.display === 'none' || style.visibility === 'hidden') return false;
  if (el.closest('[hidden]')) return false;
  const text = (el.innerText || '').trim();
  const img = el.querySelector('img[alt]:not([alt=""])');
  return !text && !el.getAttribute('aria-label') && !el.getAttribute('title') && !img
    && !el.getAttribute('aria-labelledby');
}).map((el) => el.outerHTML.slice(0, 120))
"""


@pytest.fixture
def daphne_url():
    live_daphne.fresh_channel_layer()
    yield live_daphne.daphne_url()
    live_daphne.fresh_channel_layer()


def test_unknown_address_shows_the_branded_404_page(page, live_server, browser_problems):
    assert not live_server.url.endswith(":8000")
    browser_problems.allow(r"404")  # the page under test answers 404, on purpose
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    assert "URLconf" not in page.content() and "DEBUG" not in page.content()
    shots(page, "platform-404")
    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_unknown_api_address_answers_the_json_envelope(page, live_server, browser_problems):
    browser_problems.allow(r"404")
    response = page.goto(f"{live_server.url}/api/no/such/thing")
    assert response.status == 404
    assert response.headers["content-type"].startswith("application/json")
    assert json.loads(page.inner_text("body"))["error"]["code"] == "not_found"


def test_pages_have_a_favicon(page, live_server):
    page.goto(f"{live_server.url}/")
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(f"{live_server.url}{href}").ok
    favicon = page.request.get(f"{live_server.url}/favicon.ico")
    assert favicon.ok and "svg" in favicon.headers["content-type"]


def test_escape_closes_the_chat_and_icon_buttons_have_names(browser, daphne_url):
    user = UserFactory(name="Lan")
    page = signed_in_page(browser, daphne_url, user)
    for path in ("/", "/dashboard/", "/pages/", "/orders/", "/accounts/profile/"):
        page.goto(f"{daphne_url}{path}")
        unnamed = page.evaluate(UNNAMED)
        assert unnamed == [], f"{path}: {unnamed}"

    launcher = page.get_by_test_id("chat-launcher")
    expect(launcher).to_have_accessible_name("Open support chat")
    launcher.click()
    panel = page.get_by_role("dialog", name="Support chat")
    expect(panel).to_be_visible()
    wait_for_js(page, "document.activeElement && document.activeElement.id === 'lh-chat-input'")
    shots(page, "platform-chat-open")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    # Esc with the panel closed does nothing; the launcher opens it again.
    page.keyboard.press("Escape")
    launcher.click()
    expect(panel).to_be_visible()
    page.get_by_test_id("chat-input").press("Escape")
    expect(panel).to_be_hidden()
    page.context.close()
