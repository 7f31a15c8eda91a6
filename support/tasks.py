from celery import shared_task
from django.db import OperationalError

from landinghub.mail import MAIL_RETRY
from landinghub.tasks import enqueue

from . import bot, emails, services


@shared_task(
    name="support.bot_reply",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def bot_reply_task(message_id: int) -> int | None:
    """Answers one user message. Idempotent: the reply's ``client_id`` is ``bot:<message id>``
    and is checked under the room lock, so a retried or duplicated task answers once."""
    reply = bot.bot_reply(message_id=message_id)
    return reply.pk if reply else None


@shared_task(name="support.bot_replies_sweep")
def bot_replies_sweep_task() -> int:
    """Periodic (beat): re-enqueues replies whose enqueue failed during a broker outage."""
    return services.bot_replies_sweep()


@shared_task(name="support.rooms_close_idle")
def rooms_close_idle_task() -> int:
    return services.rooms_close_idle()


@shared_task(name="support.room_offline_email", **MAIL_RETRY)
def room_offline_email_task(room_id: int) -> int:
    """Runs ``SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS`` after an admin reply: e-mails the user
    the replies still unread then. Idempotent: a cursor on the room, moved under its lock,
    means a rerun sends nothing; an SMTP error moves it back and retries (bounded)."""
    return emails.room_offline_email(room_id=room_id)


@shared_task(name="support.offline_emails_sweep")
def offline_emails_sweep_task() -> int:
    """Periodic (beat): runs the "we'll e-mail you" checks whose task was lost or ran early."""
    room_ids = emails.rooms_offline_email_overdue()
    return sum(1 for room_id in room_ids if enqueue(room_offline_email_task, room_id))
