"""Page slugs: the subdomain a page is published at, so DNS-label rules plus reserved words."""

import re

from django.utils.text import slugify
from django.utils.translation import gettext as _

from landinghub.exceptions import ApplicationError
from pages.models import Page

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")
RESERVED = frozenset(
    ["www", "admin", "api", "app", "apps", "assets", "auth", "blog", "cdn", "dashboard",
     "docs", "email", "ftp", "help", "landinghub", "login", "logout", "mail", "media", "ns1",
     "ns2", "pages", "preview", "smtp", "signup", "static", "status", "support", "test", "ws",
     "www1", "www2", "marketplace", "account", "accounts", "billing", "payment", "payments"]
)  # fmt: skip


def _error(code: str, message: str) -> ApplicationError:
    return ApplicationError(message, code=code, details={"fields": {"slug": [message]}})


def slug_check(slug: str, *, page: Page | None = None) -> str:
    """Raise a 400 for a malformed, reserved or taken slug; returns it unchanged."""
    if not SLUG.match(slug) or "--" in slug[2:4]:
        raise _error(
            "slug_invalid",
            _(
                "Use 3 to 63 lowercase letters, digits and hyphens, starting and ending with a "
                "letter or digit."
            ),
        )
    if slug in RESERVED:
        raise _error(
            "slug_reserved", _("“%(slug)s” is reserved. Choose another address.") % {"slug": slug}
        )
    taken = Page.objects.filter(slug=slug)
    if page is not None and page.pk:
        taken = taken.exclude(pk=page.pk)
    if taken.exists():
        raise _error(
            "slug_taken", _("“%(slug)s” is already taken. Choose another address.") % {"slug": slug}
        )
    return slug


def slug_from_title(title: str) -> str:
    """A free slug made from the title (Vietnamese ``đ`` kept as ``d``), numbered if needed."""
    base = slugify(title.replace("đ", "d").replace("Đ", "D"))[:55].strip("-") or "page"
    if len(base) < 3:
        base = f"{base}-page"
    if base in RESERVED:
        base = f"{base}-page"
    candidate, n = base, 2
    while Page.objects.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate
