"""E-mails: rendered from templates in the site's language, sent with Django's mail API.

Every e-mail is three templates under ``templates/emails/``: ``<name>_subject.txt`` (one
line), ``<name>.txt`` (the plain-text body, ``{% autoescape off %}``) and ``<name>.html``
(the HTML alternative, which extends ``emails/base.html`` and is autoescaped, so lead fields,
chat text and listing titles can never inject markup). Links are absolute, from ``SITE_URL``.

Mail is sent from Celery tasks enqueued after commit, never inside a service's transaction:
an SMTP failure must not undo or block what the service stored. The tasks retry on
``MAIL_ERRORS`` a bounded number of times (``MAIL_RETRY``).
"""

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

# What a transport raises when the server is down, refuses or times out (socket errors are
# OSError): worth a retry. Anything else is a bug and fails the task at once.
MAIL_ERRORS = (smtplib.SMTPException, OSError)
# Keyword arguments of every mail task's @shared_task: bounded retries with backoff.
MAIL_RETRY = {
    "autoretry_for": MAIL_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 5,
    "acks_late": True,
}


def site_url(path: str) -> str:
    """An absolute link to ``path`` on the app's origin."""
    return settings.SITE_URL.rstrip("/") + path


def mail_language() -> str:
    """E-mails go out in the site's default language (Vietnamese): no per-user language is
    stored yet, and a Celery worker has no request to take one from."""
    return settings.LANGUAGE_CODE


def mail_render(
    *, template: str, context: dict, language: str | None = None
) -> tuple[str, str, str]:
    """``(subject, text, html)`` of ``emails/<template>`` in ``language`` (one of
    ``LANGUAGES``; the request's language when an e-mail answers a request, such as a
    sign-up), else the e-mail language."""
    context = {"site_url": site_url(""), **context}
    if language not in dict(settings.LANGUAGES):
        language = mail_language()
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    # A header is one line: a title with a newline must not split it (or inject headers).
    return " ".join(subject.split()), text.strip() + "\n", html


def mail_send(*, to: str, template: str, context: dict, language: str | None = None) -> None:
    """Sends one e-mail to one address. Raises the transport's error (see ``MAIL_ERRORS``)."""
    subject, text, html = mail_render(template=template, context=context, language=language)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()
