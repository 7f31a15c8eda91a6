from celery import shared_task

from landinghub.mail import MAIL_RETRY
from landinghub.tasks import enqueue

from . import emails, services


@shared_task(name="orders.order_expire_unpaid")
def order_expire_unpaid_task() -> int:
    """Cancels orders left unpaid past ORDER_PAYMENT_TIMEOUT_MINUTES. Idempotent."""
    return services.order_expire_unpaid()


@shared_task(name="orders.order_emails_send", **MAIL_RETRY)
def order_emails_send_task(order_pk: int) -> list[str]:
    """Receipt and sale notice of a delivered order. Idempotent: each is claimed once
    (``orders.emails``), so a retry, a redelivered message or a duplicate IPN sends nothing
    more; an SMTP error releases the claim and retries (bounded, with backoff)."""
    return emails.order_emails_send(order_pk=order_pk)


@shared_task(name="orders.order_emails_sweep")
def order_emails_sweep_task() -> int:
    """Every 15 minutes: re-enqueues the e-mails of orders delivered in the last day that
    still miss one (broker down at delivery, SMTP down past the retries). Idempotent."""
    pks = emails.orders_missing_emails()
    for pk in pks:
        enqueue(order_emails_send_task, pk)
    return len(pks)
