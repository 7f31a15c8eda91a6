"""Socket authentication: ``?token=<access JWT>`` or the site's session cookie."""

from typing import Any
from urllib.parse import parse_qs, urlparse

from channels.db import database_sync_to_async
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError
from rest_framework_simplejwt.tokens import AccessToken

from landinghub.api.authentication import JWTAuthentication


@database_sync_to_async
def _user_for_token(raw: str) -> Any:
    try:
        token = AccessToken(raw)
        return JWTAuthentication().get_user(token)
    except (TokenError, InvalidToken, AuthenticationFailed):
        return AnonymousUser()


class JWTQueryAuthMiddleware:
    """A ``token`` query parameter, when present, decides who the socket is: a bad token is
    anonymous even if a session cookie came along, so the consumer closes it with 4401."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict, receive: Any, send: Any) -> Any:
        params = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        tokens = params.get("token")
        if tokens:
            scope = dict(scope, user=await _user_for_token(tokens[0]))
        return await self.inner(scope, receive, send)


class SiteOriginValidator(OriginValidator):
    """Browsers always send ``Origin`` on a socket, so it must be one of ours (a cross-site
    page must not ride the user's cookie). Non-browser clients (mobile apps, servers) send
    none and authenticate with a token, which no other site can attach for them."""

    def __init__(self, application: Any) -> None:
        super().__init__(application, [])

    def valid_origin(self, parsed_origin: Any) -> bool:
        if parsed_origin is None:
            return True
        allowed = list(settings.ALLOWED_HOSTS)
        if settings.DEBUG and not allowed:
            allowed = ["localhost", "127.0.0.1", "[::1]"]
        for origin in settings.CORS_ALLOWED_ORIGINS:
            host = urlparse(origin).hostname
            if host:
                allowed.append(host)
        return any(self.match_allowed_origin(parsed_origin, pattern) for pattern in allowed)
