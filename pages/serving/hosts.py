"""Where a page is published: ``<scheme>://<slug>.<PUBLISHED_PAGES_DOMAIN>/`` or its domain."""

import re

from django.conf import settings

HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)


def strip_port(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def pages_root() -> str:
    """The pages domain without its port, e.g. ``pages.localhost``."""
    return strip_port(settings.PUBLISHED_PAGES_DOMAIN)


def slug_host(slug: str) -> str:
    return f"{slug}.{pages_root()}"


def page_url(slug: str) -> str:
    return f"{settings.PUBLISHED_PAGES_SCHEME}://{slug}.{settings.PUBLISHED_PAGES_DOMAIN}/"


def domain_url(domain: str) -> str:
    return f"{settings.PUBLISHED_PAGES_SCHEME}://{domain}/"
