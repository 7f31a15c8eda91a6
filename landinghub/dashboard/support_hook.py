"""The one optional seam to the support app, which is built separately.

Contract (to be provided by ``support/selectors.py``; until then these return ``None`` and the
dashboards show no support block):

- ``dashboard_user_summary(*, user) -> dict`` — e.g. ``{"open": 1, "rooms": [{"id", "subject",
  "status", "unread", "updated_at"}]}``, from a constant number of queries (at most two).
- ``dashboard_admin_summary(*, start: datetime, end_before: datetime) -> dict`` — e.g.
  ``{"open": 3, "waiting_for_human": 1, "resolved": 10, "median_first_response_seconds": 42}``.

The import is by name, so this package does not depend on support existing yet.
"""

import importlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from accounts.models import User


def _support_selector(name: str) -> Callable[..., dict[str, Any]] | None:
    try:
        module = importlib.import_module("support.selectors")
    except ImportError:
        return None
    return getattr(module, name, None)


def support_user_summary(*, user: User) -> dict[str, Any] | None:
    selector = _support_selector("dashboard_user_summary")
    return selector(user=user) if selector else None


def support_admin_summary(*, start: datetime, end_before: datetime) -> dict[str, Any] | None:
    selector = _support_selector("dashboard_admin_summary")
    return selector(start=start, end_before=end_before) if selector else None
