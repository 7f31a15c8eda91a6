"""Mail transports for tests: one that fails the way an SMTP server that is down does."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

FAILING = "landinghub.tests.mail_backends.FailingEmailBackend"


class FailingEmailBackend(BaseEmailBackend):
    attempts = 0

    def send_messages(self, email_messages):
        type(self).attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
