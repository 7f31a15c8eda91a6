"""The client's address behind ``NUM_PROXIES`` trusted proxies (django-axes uses it).

django-ipware is not installed, so axes's ``AXES_IPWARE_*`` settings have no effect and it
would read ``REMOTE_ADDR`` (the proxy: every client in one lockout bucket). This applies
the same rule as DRF's throttles: the ``NUM_PROXIES``-th entry from the right of
``X-Forwarded-For``; entries further left are client-controlled and ignored.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    num_proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    xff = request.META.get("HTTP_X_FORWARDED_FOR")
    if num_proxies and xff:
        entries = [part.strip() for part in xff.split(",") if part.strip()]
        if entries:
            return entries[-min(num_proxies, len(entries))]
    return remote
