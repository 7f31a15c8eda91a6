"""Reserved subdomains of the published origin, answered by handlers other apps register.

Some user HTML that is not a published page still must never run on the app's origin: the
marketplace's preview of a listing's frozen snapshot is served at
``preview.<PUBLISHED_PAGES_DOMAIN>``, cookie-less like every published host. Apps above pages
in the dependency order register their handler from ``AppConfig.ready``, so pages never imports
them. Only labels in ``pages.content.slugs.RESERVED`` can be registered: no page can claim the host.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

from pages.content.slugs import RESERVED
from pages.serving.hosts import pages_root

# Returns the response, or None for "nothing here" (answered with the published 404 page).
Handler = Callable[[HttpRequest], HttpResponse | None]

_handlers: dict[str, Handler] = {}


def reserved_host_register(*, label: str, handler: Handler) -> None:
    if label not in RESERVED:
        raise ImproperlyConfigured(f"“{label}” is not a reserved page slug; pages could take it.")
    _handlers[label] = handler


def reserved_host_handler(host: str) -> Handler | None:
    """The handler for ``<label>.<pages root>``, if one is registered."""
    root = pages_root()
    if not host.endswith("." + root):
        return None
    return _handlers.get(host[: -len(root) - 1])


def reserved_host_url(*, label: str, path: str = "/") -> str:
    domain = settings.PUBLISHED_PAGES_DOMAIN
    return f"{settings.PUBLISHED_PAGES_SCHEME}://{label}.{domain}/{path.lstrip('/')}"
