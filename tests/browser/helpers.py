"""Helpers for the browser tests."""

import re
import threading
import time

from django.core import mail
from django.db import connections
from django.test import Client


def wait_for_js(page, expression: str, timeout: float = 15.0) -> None:
    """Polls ``expression`` until it is truthy. (Playwright's ``wait_for_function`` evaluates
    its predicate inside the page, which the app's CSP rightly forbids: no 'unsafe-eval'.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"!!({expression})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(100)


def signed_in_context(browser, base: str, user, *, width=1280, height=860, **options):
    """A browser context already signed in as ``user`` (the session cookie of a real login)."""
    client = Client()
    client.force_login(user)
    options.setdefault("locale", "en-US")
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    return context


def signed_in_page(browser, base: str, user, *, width=1280, height=860):
    page = signed_in_context(browser, base, user, width=width, height=height).new_page()
    page.set_default_timeout(15000)
    return page


def off_the_event_loop(work):
    """Runs ``work()`` in another thread and returns its result (re-raising its error).
    Services broadcast with async_to_sync, which cannot run in the test's thread: Playwright's
    sync API keeps an event loop running there."""
    results, errors = [], []

    def run():
        try:
            results.append(work())
        except BaseException as exc:  # re-raised in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return results[0]


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}


def shots(page, name: str) -> None:
    """Screenshots of the page as it is now at desktop and at phone width, saved under
    test-artifacts/ as ``<name>-desktop.png`` and ``<name>-phone.png`` (then back to the page's
    own size), so every step of a journey can be looked at on both."""
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(150)  # let the layout settle at the new width
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    if size:
        page.set_viewport_size(size)


def confirm_email_from_outbox(page, base: str, email: str) -> None:
    """Opens the confirmation link e-mailed to ``email`` (Django's locmem outbox: the live
    servers run in the test process) and presses Confirm, as a person does."""
    (message,) = [m for m in mail.outbox if m.to == [email] and "/confirm-email/" in m.body]
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body)[1]
    page.goto(f"{base}{path}")
    page.get_by_test_id("confirm-email").click()


class SocketSwitch:
    """Routes the page's WebSockets: passed through while on, closed at once while off."""

    def __init__(self, page):
        self.on = True
        self.open: list = []
        self.connected_at = 0.0
        page.route_web_socket(re.compile(r".*/ws/.*"), self._route)

    def _route(self, ws) -> None:
        if not self.on:
            ws.close(code=1006, reason="proxy down")
            return
        ws.connect_to_server()
        self.open.append(ws)
        self.connected_at = time.monotonic()

    def down(self) -> None:
        self.on = False
        for ws in self.open:
            ws.close(code=1006, reason="proxy down")
        self.open.clear()

    def up(self) -> None:
        self.on = True
