"""Tokens and their revocation: pairs at sign-in, rotation, families, password changes.

A *family* is every refresh token descended, by rotation, from one sign-in. The sign-in's
token names it in a ``family`` claim (its own ``jti``) and rotation copies the claim. A
rotated (blacklisted) token presented again means two parties hold the family, the thief and
the owner: the whole family is blacklisted and both must sign in again (RFC 9700 §4.14.2).
"""

import logging
from dataclasses import dataclass

import jwt
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password

from landinghub.api.authentication import token_user_id
from landinghub.realtime.events import sockets_close_for_user_on_commit

from .exceptions import TOKEN_NOT_VALID, AuthenticationError
from .models import User

logger = logging.getLogger(__name__)

FAMILY_CLAIM = "family"


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def token_pair_for_user(*, user: User) -> TokenPair:
    refresh = RefreshToken.for_user(user)
    refresh[FAMILY_CLAIM] = refresh[jwt_settings.JTI_CLAIM]
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def _family(payload: dict) -> str | None:
    # The sign-in's own row was stored before the claim was added: its family is its jti.
    return payload.get(FAMILY_CLAIM) or payload.get(jwt_settings.JTI_CLAIM)


def _outstanding(user_id: int):
    return OutstandingToken.objects.filter(
        user_id=user_id, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )


def _blacklist(tokens) -> int:
    rows = [BlacklistedToken(token=token) for token in tokens]
    BlacklistedToken.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def refresh_family_revoke(*, user_id: int, family: str) -> int:
    """Blacklists every live refresh token of ``family``. Returns how many."""
    members = []
    for token in _outstanding(user_id).select_for_update(of=("self",)):
        try:
            payload = jwt.decode(token.token, options={"verify_signature": False})
        except jwt.PyJWTError:
            continue
        if _family(payload) == family:
            members.append(token)
    return _blacklist(members)


@transaction.atomic
def user_credentials_revoke(*, user: User) -> None:
    """Ends what a password used to open: every refresh token of the account, and its open
    sockets (closed with 4401 after commit). Sessions and access tokens carry a hash of the
    password (Django's session hash, simplejwt's ``hash_password``) and die with it."""
    had_tokens = _blacklist(_outstanding(user.pk)) > 0
    if had_tokens or user.last_login is not None:  # a brand-new account has nothing open
        sockets_close_for_user_on_commit(user.pk)


class _Reused(Exception):
    def __init__(self, user_id: int, family: str) -> None:
        self.user_id, self.family = user_id, family


def refresh_token_rotate(*, refresh: str) -> TokenPair:
    """A new pair for a refresh token, which is blacklisted (rotation).

    The token's ``OutstandingToken`` row is locked first: of several requests presenting the
    same token at once, exactly one rotates it and the others, let in after it commits, find
    it blacklisted (simplejwt alone checks, then blacklists with ``get_or_create``, so every
    one of them got a new pair). A token already rotated revokes its family; a token issued
    before the account's password changed is refused.
    """
    try:
        return _rotate(refresh)
    except _Reused as reuse:
        revoked = refresh_family_revoke(user_id=reuse.user_id, family=reuse.family)
        logger.warning(
            "refresh token reused: family of user %s revoked (%d)", reuse.user_id, revoked
        )
        raise AuthenticationError(
            _("This session has ended. Please sign in again."), code=TOKEN_NOT_VALID
        ) from None


@transaction.atomic
def _rotate(refresh: str) -> TokenPair:
    _raise_if_reused(refresh)
    try:
        token = _refresh_token(refresh)
        jti = token[jwt_settings.JTI_CLAIM]
        OutstandingToken.objects.select_for_update(of=("self",)).filter(jti=jti).order_by().first()
        user = User.objects.filter(pk=token_user_id(token[jwt_settings.USER_ID_CLAIM])).first()
        if user is not None and token.get(jwt_settings.REVOKE_TOKEN_CLAIM) != (
            get_md5_hash_password(user.password)
        ):
            token.blacklist()
            raise TokenError(_("The password of this account has changed."))
        serializer = TokenRefreshSerializer(data={"refresh": refresh})
        serializer.is_valid(raise_exception=True)
    except (TokenError, User.DoesNotExist) as exc:
        # Also a request that waited on the lock while another rotated the same token: a
        # client racing itself gets a 401, not a revoked family (a reuse *after* the rotation
        # is caught above).
        raise AuthenticationError(str(exc), code=TOKEN_NOT_VALID) from exc
    return TokenPair(
        access=serializer.validated_data["access"], refresh=serializer.validated_data["refresh"]
    )


def _raise_if_reused(raw: str) -> None:
    """``_Reused`` for a genuine (signed, unexpired) refresh token that is blacklisted."""
    try:  # signature and expiry checked; the blacklist is what we look at ourselves
        payload = token_backend.decode(raw, verify=True)
    except TokenBackendError:
        return
    if payload.get(jwt_settings.TOKEN_TYPE_CLAIM) != RefreshToken.token_type:
        return
    user_id = token_user_id(payload.get(jwt_settings.USER_ID_CLAIM))
    jti = payload.get(jwt_settings.JTI_CLAIM)
    if user_id and jti and BlacklistedToken.objects.filter(token__jti=jti).exists():
        raise _Reused(user_id, _family(payload))


def _refresh_token(raw: str) -> RefreshToken:
    """A valid refresh token that names a user id: simplejwt would hand any other ``user_id``
    (``"abc"``, a list) to the database and fail with a 500."""
    token = RefreshToken(raw)
    if token_user_id(token.get(jwt_settings.USER_ID_CLAIM)) is None:
        raise TokenError(_("Token contained no recognizable user identification"))
    return token


def refresh_token_blacklist(*, refresh: str) -> None:
    try:
        _refresh_token(refresh).blacklist()
    except TokenError as exc:
        raise AuthenticationError(str(exc), code=TOKEN_NOT_VALID) from exc
