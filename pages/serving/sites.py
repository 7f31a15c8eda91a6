"""Which published page a host serves: ``<slug>.<PUBLISHED_PAGES_DOMAIN>`` or a verified domain.

A host resolves to a ``Site`` (the page's current storage key and ETag) through the shared
cache (``pages.serving.sitecache``), which publish/unpublish/slug and domain changes clear.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http.request import validate_host

from pages.models import CustomDomain, Page

from .hosts import HOSTNAME, pages_root
from .sitecache import site_cache_key

SITE_TTL = 300
MISS_TTL = 30
MISS = 0


@dataclass(frozen=True)
class Site:
    page_id: int
    key: str
    etag: str
    last_modified: float


def _site_of(page: Page | None) -> Site | None:
    if page is None or not page.is_published:
        return None
    modified = (page.deployed_at or page.updated_at).timestamp()
    return Site(page.pk, page.published_key, page.published_etag, modified)


def _lookup(host: str, root: str) -> Site | None:
    published = Page.objects.filter(status=Page.Status.PUBLISHED).exclude(published_key="")
    if host.endswith("." + root):
        return _site_of(published.filter(slug=host[: -len(root) - 1]).first())
    domain = CustomDomain.objects.filter(domain=host, verified_at__isnull=False).first()
    return _site_of(published.filter(pk=domain.page_id).first()) if domain else None


def site_for_host(host: str) -> Site | None:
    root = pages_root()
    if host == root or not HOSTNAME.match(host):
        return None
    key = site_cache_key(host)
    site = cache.get(key)
    if site is None:
        site = _lookup(host, root) or MISS
        cache.set(key, site, SITE_TTL if site else MISS_TTL)
    return site or None


def is_published_host(host: str) -> bool:
    """Hosts under the pages domain, and any host that is not one of the app's.

    The app's hosts are its ``ALLOWED_HOSTS``; every other host can only be a customer's domain,
    so it is answered here (a page, or the 404 page) and never reaches the app. That keeps
    ``ALLOWED_HOSTS`` a strict list for the app while custom domains need no settings change.
    With ``ALLOWED_HOSTS = ["*"]`` only verified domains and the pages domain are taken.
    """
    root = pages_root()
    if host == root or host.endswith("." + root):
        return True
    allowed = settings.ALLOWED_HOSTS
    if "*" in allowed:
        return site_for_host(host) is not None
    return not validate_host(host, allowed)
