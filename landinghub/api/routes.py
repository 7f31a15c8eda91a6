"""API routes whose trailing slash is optional (`/api/auth/login` and `.../login/`)."""

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, re_path
from rest_framework.routers import SimpleRouter


def api_path(route: str, view: Callable[..., Any], name: str) -> URLPattern:
    """``route`` is a regex without anchors or trailing slash, e.g. ``pages/(?P<pk>[0-9]+)``."""
    return re_path(rf"^{route}/?$", view, name=name)


class OptionalSlashRouter(SimpleRouter):
    def __init__(self) -> None:
        super().__init__(trailing_slash="/?")
