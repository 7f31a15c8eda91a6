from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, QuerySet

from .exceptions import EmailUnverified
from .models import User


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def user_list() -> QuerySet[User]:
    """Users with ``email_verified_flag`` annotated, so that a list of user objects (which
    carry ``email_verified``) costs one query, not one per user."""
    confirmed = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    return User.objects.annotate(email_verified_flag=Exists(confirmed))


def user_email_verified(*, user: User) -> bool:
    """Whether the account's login address is confirmed (allauth's ``EmailAddress``): by the
    link e-mailed at sign-up, by Google (``email_verified: true``), or because the account
    predates verification (data migration ``accounts.0003``)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    if hasattr(user, "email_verified_flag"):  # from user_list()
        return user.email_verified_flag
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def email_verified_require(*, user: User) -> None:
    """The guard of publishing, selling and buying: raises ``EmailUnverified`` (403
    ``email_unverified``) for an account whose address is not confirmed yet."""
    if not user_email_verified(user=user):
        raise EmailUnverified()
