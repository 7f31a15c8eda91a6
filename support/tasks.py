from celery import shared_task
from django.db import OperationalError

from . import bot, services


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


@shared_task(name="support.rooms_close_idle")
def rooms_close_idle_task() -> int:
    return services.rooms_close_idle()
