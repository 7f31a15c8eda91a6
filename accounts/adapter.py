"""django-allauth's adapter for LandingHub (``ACCOUNT_ADAPTER``).

allauth serves the confirm-e-mail page and the rate limits; LandingHub keeps its own sign-up,
log-in and mail. The adapter makes allauth's pieces speak the site's language and see the
client address the way the API's throttles see it.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle

# allauth's own messages (its catalogue has no Vietnamese) replaced by ours; any other message
# template allauth might add is dropped rather than shown in English.
_MESSAGES = {
    "account/messages/email_confirmed.txt": lambda ctx: (
        _("Your e-mail address %(email)s is confirmed: you can now publish, sell and buy.")
        % {"email": ctx.get("email", "")}
    ),
    "account/messages/email_confirmation_failed.txt": lambda ctx: (
        _("The address %(email)s could not be confirmed: it belongs to another account.")
        % {"email": ctx.get("email", "")}
    ),
    "account/messages/logged_out.txt": lambda ctx: _("You have been logged out."),
}


class AccountAdapter(DefaultAccountAdapter):
    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        render = _MESSAGES.get(message_template or "")
        if render is not None:
            messages.add_message(request, level, render(message_context or {}), extra_tags)

    def get_client_ip(self, request: HttpRequest) -> str:
        """The same client address as DRF's throttles (``NUM_PROXIES``), so that the forms'
        limits and the API's count the same clients."""
        return BaseThrottle().get_ident(request)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return True
