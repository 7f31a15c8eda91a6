"""The e-mails of sign-up, rendered and sent by the tasks in ``accounts.tasks``."""

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.urls import reverse

from landinghub.mail import mail_send, site_url

from .models import User


def confirmation_url(*, address: EmailAddress) -> str:
    key = EmailConfirmationHMAC(address).key
    return site_url(reverse("accounts:confirm_email", args=[key]))


def email_verification_mail(*, address_id: int, language: str) -> bool:
    address = EmailAddress.objects.select_related("user").filter(pk=address_id).first()
    if address is None or address.verified or address.email.lower() != address.user.email.lower():
        return False
    context = {
        "name": address.user.name,
        "email": address.email,
        "confirm_url": confirmation_url(address=address),
        "days": settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS,
    }
    mail_send(
        to=address.email, template="accounts/verify_email", context=context, language=language
    )
    return True


def account_exists_mail(*, email: str, language: str) -> bool:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return False
    context = {
        "name": user.name,
        "email": user.email,
        "login_url": site_url(reverse("accounts:login")),
        "reset_url": site_url(reverse("accounts:password_reset")),
    }
    mail_send(to=user.email, template="accounts/account_exists", context=context, language=language)
    return True
