"""Writes for accounts: sign-up, sign-in (password and Google), tokens, profile."""

from dataclasses import dataclass

from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from landinghub.api.authentication import token_user_id
from landinghub.realtime.events import send_to_admins_on_commit

from .exceptions import AuthenticationError, EmailTaken, LockedOut
from .google import google_token_verify
from .models import User
from .selectors import user_get_by_email

INVALID_CREDENTIALS = gettext_lazy("The e-mail or password is incorrect.")


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def token_pair_for_user(*, user: User) -> TokenPair:
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def password_check(*, password: str, user: User | None = None) -> None:
    """Django's validators, raised as a field error on ``password``."""
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from exc


@transaction.atomic
def user_register(*, email: str, name: str, password: str) -> User:
    email = email.strip().lower()
    if user_get_by_email(email=email) is not None:
        taken = _("An account with this e-mail already exists.")
        raise EmailTaken(taken, details={"fields": {"email": [taken]}})
    password_check(password=password, user=User(email=email, name=name))
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, name=name.strip(), password=password)
    except IntegrityError as exc:  # a concurrent sign-up with the same e-mail won the race
        raise EmailTaken(_("An account with this e-mail already exists.")) from exc
    send_to_admins_on_commit("dashboard:update", {"scope": "admin", "kind": "signup"})
    return user


def user_login(*, request: HttpRequest, email: str, password: str) -> User:
    """Checks the password through django-axes, which counts failures and locks out.

    A wrong password and an unknown e-mail give the same error, so the API does not tell
    anyone which addresses have accounts.
    """
    user = authenticate(request=request, email=email.strip().lower(), password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut(_("Too many failed sign-in attempts. Try again in a few minutes."))
    if user is None:
        raise AuthenticationError(INVALID_CREDENTIALS, code="invalid_credentials")
    return user


@transaction.atomic
def user_login_google(*, credential: str) -> User:
    identity = google_token_verify(credential=credential)
    user = User.objects.select_for_update().filter(email__iexact=identity.email).first()
    if user is None:
        user = User.objects.create_user(
            email=identity.email, name=identity.name, password=None, google_sub=identity.sub
        )
    elif not user.is_active:
        raise AuthenticationError(_("This account is disabled."), code="account_disabled")
    elif user.google_sub and user.google_sub != identity.sub:
        raise AuthenticationError(
            _("This e-mail is linked to another Google account."), code="google_account_mismatch"
        )
    elif not user.google_sub:
        user.google_sub = identity.sub
        user.save(update_fields=["google_sub", "updated_at"])
    return user


@transaction.atomic
def refresh_token_rotate(*, refresh: str) -> TokenPair:
    """A new pair for a refresh token, which is blacklisted (rotation).

    The token's ``OutstandingToken`` row is locked first: of several requests presenting the
    same token at once, exactly one rotates it and the others, let in after it commits, find
    it blacklisted (simplejwt alone checks, then blacklists with ``get_or_create``, so every
    one of them got a new pair).
    """
    try:
        jti = _refresh_token(refresh)[jwt_settings.JTI_CLAIM]
        OutstandingToken.objects.select_for_update(of=("self",)).filter(jti=jti).order_by().first()
        serializer = TokenRefreshSerializer(data={"refresh": refresh})
        serializer.is_valid(raise_exception=True)
    except (TokenError, User.DoesNotExist) as exc:
        raise AuthenticationError(str(exc), code="token_not_valid") from exc
    return TokenPair(
        access=serializer.validated_data["access"], refresh=serializer.validated_data["refresh"]
    )


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
        raise AuthenticationError(str(exc), code="token_not_valid") from exc


@transaction.atomic
def user_update_profile(*, user: User, name: str) -> User:
    user.name = name.strip()
    user.save(update_fields=["name", "updated_at"])
    return user
