"""The shared host → published-site cache, cleared whenever what a host serves changes."""

from django.core.cache import cache
from django.db import transaction

from pages.models import Page

from .hosts import slug_host


def site_cache_key(host: str) -> str:
    return f"pages:site:{host}"


def site_forget(*hosts: str) -> None:
    cache.delete_many([site_cache_key(h) for h in hosts if h])


def hosts_forget_on_commit(page: Page, *, slug: str | None = None, domain: str = "") -> None:
    hosts = [slug_host(slug or page.slug), page.custom_domain, domain]
    transaction.on_commit(lambda: site_forget(*hosts))
