"""JWT authentication that refuses a token whose user id is not a database id.

A token signed with our key can still carry any ``user_id`` (a forged or a foreign-issued
one, a list, a string): simplejwt hands it straight to ``User.objects.get``, which raises
``ValueError``/``TypeError`` (a 500) instead of "this token names nobody" (a 401, or 4401 on
the socket).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import Token

_MAX_ID = 2**63 - 1  # a BigAutoField


def token_user_id(value: Any) -> int | None:
    """The user id a token claims, when it is one (an int, or its decimal string)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and 0 < value <= _MAX_ID:
        return value
    return None


class JWTAuthentication(authentication.JWTAuthentication):
    def get_user(self, validated_token: Token) -> Any:
        if token_user_id(validated_token.get(api_settings.USER_ID_CLAIM)) is None:
            raise InvalidToken(_("Token contained no recognizable user identification"))
        return super().get_user(validated_token)


class JWTScheme(SimpleJWTScheme):
    """The OpenAPI bearer scheme of the class above (drf-spectacular matches classes exactly)."""

    target_class = "landinghub.api.authentication.JWTAuthentication"
