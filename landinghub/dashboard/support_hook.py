"""The dashboards' one seam to the support app: its two summaries, looked up by name.

``support/selectors.py`` provides both (it is installed, so they are never missing in this
project); if the module or a function were absent these return ``None`` and the dashboards
show no support block:

- ``dashboard_user_summary(*, user) -> dict``: ``{"open", "unread", "rooms": [{"id",
  "subject", "status", "unread", "updated_at"}]}``, the user's rooms that are not closed (at
  most five), in one query.
- ``dashboard_admin_summary(*, start: datetime, end_before: datetime) -> dict``: the queue
  now (``open``, ``waiting_for_human``, ``assigned``) and the range's figures
  (``resolved_in_range``, ``rooms_in_range``, ``handed_off_in_range``, median and p90 first
  response and resolution seconds, ``handoff_rate``, ``bot_resolution_rate``), three queries
  whatever the data.

The import is by name (``importlib``), so the dashboards do not import the support app.
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
