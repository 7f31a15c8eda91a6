"""A lead captured: the visitor's form post to ``/_leads`` on a published page.

Refused before anything is read when the visitor's IP is over ``PAGES_LEAD_RATE_PER_MINUTE``
or the body is over ``PAGES_MAX_LEAD_BYTES``; a filled honeypot looks like success and stores
nothing. The lead itself is written by ``pages.services.lead_create`` (which schedules the
owner's e-mail, ``pages.leads.emails``).
"""

from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse

from landinghub.exceptions import PAYLOAD_TOO_LARGE, THROTTLED
from pages import services
from pages.publishing.render import HONEYPOT_FIELD
from pages.serving.responses import not_found, security_headers
from pages.serving.sites import Site


def client_ip(request: HttpRequest) -> str:
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def _rate_limited(ip: str) -> bool:
    minute = int(datetime.now(UTC).timestamp() // 60)
    key = f"pages:leads:{ip}:{minute}"
    if cache.add(key, 1, 120):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        return False
    # With the cache down the count is unknown (None): a lead is never refused for that.
    return (count or 0) > settings.PAGES_LEAD_RATE_PER_MINUTE


def _lead_reply(request: HttpRequest, status: int, code: str = "") -> HttpResponse:
    wants_json = "application/json" in request.headers.get("Accept", "")
    if status < 400:
        response = (
            JsonResponse({"ok": True}, status=201) if wants_json else HttpResponse(status=303)
        )
        if not wants_json:
            response["Location"] = "/#lh-thanks"
    elif wants_json:
        response = JsonResponse(
            {"error": {"code": code, "message": code, "details": {}}}, status=status
        )
    else:
        response = not_found(status)
    response["Cache-Control"] = "no-store"
    return security_headers(response)


def lead_post(request: HttpRequest, site: Site) -> HttpResponse:
    ip = client_ip(request)
    if _rate_limited(ip):
        return _lead_reply(request, 429, THROTTLED)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.PAGES_MAX_LEAD_BYTES:  # refused before the body is read
        return _lead_reply(request, 413, PAYLOAD_TOO_LARGE)
    try:
        fields = {key: request.POST.getlist(key) for key in request.POST}
    except (RequestDataTooBig, TooManyFieldsSent):
        return _lead_reply(request, 413, PAYLOAD_TOO_LARGE)
    if any(v.strip() for v in fields.pop(HONEYPOT_FIELD, [])):
        return _lead_reply(request, 201)  # a bot: look successful, store nothing
    services.lead_create(
        page_id=site.page_id,
        fields=fields,
        ip_address=ip or None,
        user_agent=request.headers.get("User-Agent", ""),
        referrer=request.headers.get("Referer", ""),
    )
    return _lead_reply(request, 201)
