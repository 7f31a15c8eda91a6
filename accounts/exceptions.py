from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from landinghub.exceptions import ApplicationError


class AuthenticationError(ApplicationError):
    status_code = 401
    default_code = "authentication_failed"


class LockedOut(ApplicationError):
    status_code = 429
    default_code = "locked_out"


class EmailTaken(ApplicationError):
    default_code = "email_taken"


class Throttled(ApplicationError):
    status_code = 429
    default_code = "throttled"


class EmailUnverified(ApplicationError):
    """Publishing, selling and buying wait until the account's e-mail address is confirmed.

    ``details.verify_url`` is the page that says so and resends the link (HTML), and
    ``details.resend_url`` the API endpoint that resends it."""

    status_code = 403
    default_code = "email_unverified"

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
