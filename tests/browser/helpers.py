"""Helpers for the browser tests."""

import time


def wait_for_js(page, expression: str, timeout: float = 15.0) -> None:
    """Polls ``expression`` until it is truthy. (Playwright's ``wait_for_function`` evaluates
    its predicate inside the page, which the app's CSP rightly forbids: no 'unsafe-eval'.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"!!({expression})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(100)
