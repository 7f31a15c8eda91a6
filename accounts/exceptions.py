from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from landinghub.exceptions import THROTTLED, ApplicationError

# Error codes (``error.code``): stable snake_case identifiers clients switch on, so a value
# never changes. Raise them with ``code=`` (or as a class's ``default_code``).
AUTHENTICATION_FAILED = "authentication_failed"
LOCKED_OUT = "locked_out"
EMAIL_TAKEN = "email_taken"
EMAIL_UNVERIFIED = "email_unverified"
INVALID_CREDENTIALS = "invalid_credentials"
ACCOUNT_DISABLED = "account_disabled"
GOOGLE_ACCOUNT_MISMATCH = "google_account_mismatch"
GOOGLE_NOT_CONFIGURED = "google_not_configured"
INVALID_GOOGLE_TOKEN = "invalid_google_token"
GOOGLE_EMAIL_UNVERIFIED = "google_email_unverified"
TOKEN_NOT_VALID = "token_not_valid"
ALREADY_VERIFIED = "already_verified"
INVALID_KEY = "invalid_key"
PASSWORD_TOO_LONG = "password_too_long"


class AuthenticationError(ApplicationError):
    status_code = 401
    default_code = AUTHENTICATION_FAILED


class LockedOut(ApplicationError):
    status_code = 429
    default_code = LOCKED_OUT


class EmailTaken(ApplicationError):
    default_code = EMAIL_TAKEN


class Throttled(ApplicationError):
    status_code = 429
    default_code = THROTTLED


class EmailUnverified(ApplicationError):
    """Publishing, selling and buying wait until the account's e-mail address is confirmed.

    ``details.verify_url`` is the page that says so and resends the link (HTML), and
    ``details.resend_url`` the API endpoint that resends it."""

    status_code = 403
    default_code = EMAIL_UNVERIFIED

    def __init__(self, message: str | None = None, **kwargs) -> None:
        details = {
            "verify_url": reverse("accounts:verify_email"),
            "resend_url": reverse("api:auth-verify-email-resend"),
        }
        super().__init__(
            message
            or _(
                "Confirm your e-mail address first: publishing, selling and buying are open "
                "to confirmed accounts only. Open the link we e-mailed you, or ask for a new one."
            ),
            details=details,
            **kwargs,
        )

    def html_message(self) -> SafeString:
        """The message with its action, for the site's pages (a message or an alert)."""
        return format_html(
            '{} <a class="alert-link" href="{}" data-testid="verify-email-link">{}</a>',
            self.message,
            self.details["verify_url"],
            _("Resend the confirmation e-mail"),
        )
