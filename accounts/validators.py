from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.exceptions import PASSWORD_TOO_LONG

from .credentials import user_credentials_revoke


class MaximumLengthValidator:
    """Refuse absurdly long passwords: hashing a megabyte is a denial of service, not security."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is too long. It must contain at most %(max)d characters."),
                code=PASSWORD_TOO_LONG,
                params={"max": self.max_length},
            )

    def get_help_text(self) -> str:
        return _("Your password must contain at most %(max)d characters.") % {
            "max": self.max_length
        }


class RevokeCredentialsOnChange:
    """Not a rule but Django's hook for "the password has just changed" (``password_changed``,
    called by ``AbstractBaseUser.save()`` after ``set_password``): every path that changes a
    password (the change and reset forms, the admin, ``changepassword``) ends the account's
    refresh tokens and closes its sockets. Access tokens and sessions already carry a hash of
    the password, so they stop working on their own."""

    def validate(self, password: str, user=None) -> None:
        return None

    def password_changed(self, password: str, user=None) -> None:
        if user is not None and user.pk is not None:
            user_credentials_revoke(user=user)

    def get_help_text(self) -> str:
        return _("Changing your password signs you out on your other devices and apps.")
