"""Celery tasks of accounts: the e-mails of sign-up (verification link, "you already have an
account")."""

from celery import shared_task

from landinghub.mail import MAIL_RETRY

from .emails import account_exists_mail, email_verification_mail


@shared_task(name="accounts.email_verification_send", **MAIL_RETRY)
def email_verification_send_task(address_id: int, language: str) -> bool:
    """Returns early (False) if the address is gone, already confirmed or no longer the
    account's; a rerun sends the same link again, which is harmless."""
    return email_verification_mail(address_id=address_id, language=language)


@shared_task(name="accounts.account_exists_notify", **MAIL_RETRY)
def account_exists_notify_task(email: str, language: str) -> bool:
    return account_exists_mail(email=email, language=language)
