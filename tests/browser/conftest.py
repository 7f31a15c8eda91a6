"""Playwright (Python) driving the system Chromium, headless, against a live server on loopback.

Browsers cannot be downloaded here, so Debian's ``chromium`` is launched by path
(``CHROMIUM_PATH``, default ``/usr/bin/chromium``). A missing browser is an error, not a skip.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.support.ports import NEVER_PORT

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class BrowserProblems:
    """What a person would see go wrong in the browser during one test: console errors, uncaught
    script errors, failed requests and HTTP error responses, on every page of every context.

    A test that provokes one on purpose (an upload the server must refuse, a socket the test
    cuts) says so with ``allow(pattern)``; everything else fails the test at teardown."""

    # A request the browser itself abandoned because the page navigated away is not a failure.
    IGNORED = (re.compile(r"net::ERR_ABORTED"),)
    # Django's live_server speaks WSGI only, so the pages' socket (live.js) gets a 404 there
    # and retries; ``make run`` serves /ws/ with daphne. Only that server's /ws/ handshake is
    # forgiven (see ``live_server`` below): the daphne server's sockets must work.
    wsgi_only: list[re.Pattern] = []

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.allowed: list[re.Pattern] = []

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def record(self, kind: str, text: str) -> None:
        if any(p.search(text) for p in (*self.IGNORED, *self.wsgi_only, *self.allowed)):
            return
        self.seen.append(f"{kind}: {text}")


_problems: list[BrowserProblems] = []  # the running test's, if it is a browser test


def _record(kind: str, text: str) -> None:
    if _problems:
        _problems[-1].record(kind, text)


def _on_console(message) -> None:
    if message.type == "error":
        _record("console error", f"{message.text} [{message.location.get('url', '')}]")


def _on_response(response) -> None:
    if response.status >= 400:
        _record("HTTP error", f"{response.status} {response.request.method} {response.url}")


def _watch(context):
    context.on("console", _on_console)
    context.on("weberror", lambda error: _record("script error", str(error.error)))
    context.on(
        "requestfailed",
        lambda request: _record(
            "failed request", f"{request.method} {request.url}: {request.failure}"
        ),
    )
    context.on("response", _on_response)
    return context


@pytest.fixture(autouse=True)
def browser_problems(request):
    """Every browser test fails on any console error or failed request (see BrowserProblems)."""
    problems = BrowserProblems()
    _problems.append(problems)
    yield problems
    _problems.remove(problems)
    assert not problems.seen, "the browser saw problems:\n" + "\n".join(problems.seen)


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server (random free port), checked not to be on port 8000."""
    port = live_server.thread.port
    assert port != NEVER_PORT, f"the live server must not use port {NEVER_PORT}"
    assert live_server.url.endswith(f":{port}")
    BrowserProblems.wsgi_only.append(
        re.compile(
            rf"WebSocket connection to 'ws://localhost:{port}/ws/' failed: "
            r"Error during WebSocket handshake: Unexpected response code: 404"
        )
    )
    return live_server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    # Playwright's sync API keeps an event loop in this thread for the whole session; the ORM
    # calls the tests make (fixtures, assertions, the database flush) stay synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            # Every context a test opens is watched, however the test opens it.
            new_context = browser.new_context
            browser.new_context = lambda *args, **kwargs: _watch(new_context(*args, **kwargs))
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    # A script or frame the Content-Security-Policy blocks is a broken page, not a warning.
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not blocked, "blocked by the CSP:\n" + "\n".join(blocked)
