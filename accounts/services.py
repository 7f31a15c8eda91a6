"""Writes for accounts: sign-up, sign-in (password and Google), profile. Tokens are in
``accounts.credentials``, e-mail verification in ``accounts.verification``."""

from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError

from landinghub.realtime.events import send_to_admins_on_commit

from .credentials import (  # noqa: F401  (the API's views use them through services)
    TokenPair,
    refresh_token_blacklist,
    refresh_token_rotate,
    token_pair_for_user,
    user_credentials_revoke,
)
from .exceptions import (
    ACCOUNT_DISABLED,
    GOOGLE_ACCOUNT_MISMATCH,
    INVALID_CREDENTIALS,
    AuthenticationError,
    EmailTaken,
    LockedOut,
)
from .google import google_token_verify
from .models import User
from .selectors import user_email_verified, user_get_by_email
from .verification import account_exists_notify, email_mark_verified, email_verification_send

INVALID_CREDENTIALS_MESSAGE = gettext_lazy("The e-mail or password is incorrect.")


def password_check(*, password: str, user: User | None = None) -> None:
    """Django's validators, raised as a field error on ``password``."""
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from exc


@transaction.atomic
def user_register(*, email: str, name: str, password: str) -> User:
    """``POST /api/auth/register``: a new, unverified account (its confirmation link is
    e-mailed after commit). An address that has an account is a 409: the API answers with
    tokens, which cannot be faked for someone else's account (docs/accounts.md)."""
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
    email_verification_send(user=user)
    send_to_admins_on_commit("dashboard:update", {"scope": "admin", "kind": "signup"})
    return user


@transaction.atomic
def user_signup(
    *, email: str, name: str, password: str, notify_existing: bool = True
) -> User | None:
    """The sign-up *form*: answers the same whether or not the address has an account
    (no enumeration). A new address gets an account and a confirmation link; a known one
    gets a notice to its owner (unless ``notify_existing`` is off, when that address was
    just notified) and ``None`` here. The password is checked in both cases."""
    email = email.strip().lower()
    password_check(password=password, user=User(email=email, name=name))
    if user_get_by_email(email=email) is not None:
        if notify_existing:
            account_exists_notify(email=email, password=password)
        return None
    try:
        return user_register(email=email, name=name, password=password)
    except EmailTaken:  # a concurrent sign-up won the race: the same answer as above
        return None


def user_login(*, request: HttpRequest, email: str, password: str) -> User:
    """Checks the password through django-axes, which counts failures and locks out.

    A wrong password and an unknown e-mail give the same error, so the API does not tell
    anyone which addresses have accounts.
    """
    user = authenticate(request=request, email=email.strip().lower(), password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut(_("Too many failed sign-in attempts. Try again in a few minutes."))
    if user is None:
        raise AuthenticationError(INVALID_CREDENTIALS_MESSAGE, code=INVALID_CREDENTIALS)
    return user


@transaction.atomic
def user_login_google(*, credential: str) -> User:
    """Google vouches for the address (``email_verified: true``). An account with that
    address whose e-mail nobody confirmed may have been registered by someone else before
    its owner came (pre-hijack): Google's user takes it over (``_account_take_over``). A
    confirmed account without a Google link is linked, as before."""
    identity = google_token_verify(credential=credential)
    user = User.objects.select_for_update().filter(email__iexact=identity.email).first()
    if user is None:
        user = User.objects.create_user(
            email=identity.email, name=identity.name, password=None, google_sub=identity.sub
        )
        email_mark_verified(user=user)
    elif not user.is_active:
        raise AuthenticationError(_("This account is disabled."), code=ACCOUNT_DISABLED)
    elif user.google_sub and user.google_sub != identity.sub:
        raise AuthenticationError(
            _("This e-mail is linked to another Google account."),
            code=GOOGLE_ACCOUNT_MISMATCH,
        )
    elif not user_email_verified(user=user):
        _account_take_over(user=user, google_sub=identity.sub)
    elif not user.google_sub:
        user.google_sub = identity.sub
        user.save(update_fields=["google_sub", "updated_at"])
    return user


def _account_take_over(*, user: User, google_sub: str) -> None:
    """The unconfirmed password goes (``set_unusable_password``: whoever chose it never
    proved the address is theirs), and with it every session (Django's session hash), access
    token (``hash_password``), refresh token and socket of the account."""
    user.google_sub = google_sub
    user.set_unusable_password()
    user.save(update_fields=["google_sub", "password", "updated_at"])
    email_mark_verified(user=user)
    user_credentials_revoke(user=user)


@transaction.atomic
def user_update_profile(*, user: User, name: str) -> User:
    user.name = name.strip()
    user.save(update_fields=["name", "updated_at"])
    return user
