"""What the IPN endpoints let in, before anything is stored: a size cap, a per-address rate
limit, and a JSON parser that refuses what would crash (depth, lone surrogates).

The endpoints are anonymous by nature (the gateways call them server to server, proven only
by the signature checked after storing), so without these a client could fill the audit
table (100 x 100 KB in under 2 s) or make a request fail before it is recorded.
"""

import io
import logging
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from rest_framework.exceptions import ParseError

from landinghub.api.parsers import JSONParser
from landinghub.api.throttling import FixedWindowRateThrottle

logger = logging.getLogger(__name__)

# A real IPN is about 1 KB (MoMo's JSON, VNPay's query string); 8 KB leaves room for a long
# orderInfo or extraData and stops anything that is not an IPN.
IPN_MAX_BYTES = 8 * 1024


class IpnThrottle(FixedWindowRateThrottle):
    """Per source address (DRF's ``get_ident``: ``REMOTE_ADDR``, or ``X-Forwarded-For`` behind
    ``NUM_PROXIES`` proxies). The ``ipn`` rate (``THROTTLE_IPN``, 120/min by default) is far
    above the gateways' own pace: VNPay retries an IPN at most 10 times, 5 minutes apart."""

    scope = "ipn"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def ipn_guard(*, too_large, throttled):
    """Wraps an IPN view: ``throttled(request)`` answers past the rate, ``too_large(request)``
    a body or query over ``IPN_MAX_BYTES``, both before the body is read or anything stored."""

    def decorate(view):
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not IpnThrottle().allow_request(request, None):
                logger.warning("IPN from %s throttled", request.META.get("REMOTE_ADDR"))
                return throttled(request)
            if _declared_size(request) > IPN_MAX_BYTES or (
                len(request.META.get("QUERY_STRING", "")) > IPN_MAX_BYTES
            ):
                return too_large(request)
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def _declared_size(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return IPN_MAX_BYTES + 1  # a length that is not a number: not a gateway


def ipn_body(request: HttpRequest) -> bytes | None:
    """The body, read up to the cap (a body sent without, or with a false, Content-Length
    is cut there): ``None`` if it is longer."""
    body = request.read(IPN_MAX_BYTES + 1)
    return None if len(body) > IPN_MAX_BYTES else body


def ipn_json(body: bytes) -> Any:
    """The API's JSON parser (nesting deeper than the recursion limit and lone surrogates are
    parse errors, not 500s); ``None`` for anything it refuses."""
    try:
        return JSONParser().parse(io.BytesIO(body))
    except ParseError:
        return None
