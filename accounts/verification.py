"""E-mail verification: allauth's ``EmailAddress`` rows and HMAC confirmation keys, sent with
LandingHub's mail (after commit, from a Celery task, in the language of the request).

The key is allauth's ``EmailConfirmationHMAC``: the address's id signed with ``SECRET_KEY``
and a timestamp, valid ``ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS`` days; nothing is stored.
The link opens allauth's confirm view (a page with a button: a mail scanner that follows the
link confirms nothing).
"""

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.exceptions import ALREADY_VERIFIED, INVALID_KEY
from landinghub.exceptions import ApplicationError, Conflict
from landinghub.tasks import enqueue_on_commit

from . import tasks
from .models import User
from .selectors import user_email_verified


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def email_address_for_user(*, user: User) -> EmailAddress:
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": False}
    )
    return address


@transaction.atomic
def email_mark_verified(*, user: User) -> EmailAddress:
    """The account's login address counts as confirmed (Google said so, the operator created
    it, demo data)."""
    address = email_address_for_user(user=user)
    if not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
    return address


@transaction.atomic
def email_verification_send(*, user: User) -> None:
    """Sends (after commit) a confirmation link for the account's address, in the language of
    the current request. Rate limits are the caller's (they need the request)."""
    if user_email_verified(user=user):
        raise Conflict(_("Your e-mail address is already confirmed."), code=ALREADY_VERIFIED)
    address = email_address_for_user(user=user)
    enqueue_on_commit(tasks.email_verification_send_task, address.pk, _language())


def account_exists_notify(*, email: str, password: str) -> None:
    """A sign-up form used an address that has an account: its owner gets a notice (with a
    reset link) and the form answers as for a new address. The password is hashed anyway so
    that both answers take as long."""
    make_password(password)
    enqueue_on_commit(tasks.account_exists_notify_task, email, _language())


@transaction.atomic
def email_confirm_by_key(*, key: str) -> User:
    """``POST /api/auth/verify-email {key}``: the key from the link confirms its address."""
    confirmation = EmailConfirmationHMAC.from_key(key)
    address = confirmation.email_address if confirmation else None
    if address is None or address.email.lower() != address.user.email.lower():
        message = _("This confirmation link is invalid or has expired. Ask for a new one.")
        raise ApplicationError(message, code=INVALID_KEY, details={"fields": {"key": [message]}})
    address.verified = address.primary = True
    address.save(update_fields=["verified", "primary"])
    return address.user
