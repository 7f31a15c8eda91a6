""" "We'll e-mail you": admin replies a user has not read after a delay are e-mailed to them.

``services.message_send`` schedules the check when a human admin replies (never for bot,
system or internal-note messages): under the room lock it sets ``offline_email_due_at`` and,
after commit, enqueues ``room_offline_email_task`` with a countdown of
``SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS``. Replies arriving while a check is due ride along, so
a room gets at most one e-mail per delay window, listing every reply still unread.

The task decides when it runs (``room_offline_email``): under the room lock it clears the
schedule, takes the admin replies still unread (``read`` is set by ``room_mark_read`` when the
widget shows them) and newer than ``offline_emailed_through``, moves that cursor past them and
commits, then sends. Message ids are a safe cursor here: appends to a room are serialised by
the same lock. An SMTP error moves the cursor back and retries; a rerun finds nothing new.

A check that runs before its due time sends nothing: in eager mode (the embedded default,
no worker) the countdown cannot be honoured, and e-mailing at once would e-mail users who
are reading the chat. ``SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS=0`` e-mails unread replies at
once there.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from landinghub.mail import mail_send, site_url

from .models import ChatMessage, ChatRoom

EARLY_TOLERANCE = timedelta(seconds=5)  # clocks of web and worker machines differ a little


def _unread_replies(room: ChatRoom) -> list[ChatMessage]:
    return list(
        room.messages.filter(
            sender_type=ChatMessage.SenderType.ADMIN,
            is_internal=False,
            read=False,
            pk__gt=room.offline_emailed_through,
        )
        .select_related("sender")
        .order_by("id")
    )


def _early(due: datetime | None) -> bool:
    # Run before its countdown (eager mode has no worker to wait; a broker that ignored the
    # ETA): the user may still read it. The due check stays scheduled.
    return due is not None and timezone.now() < due - EARLY_TOLERANCE


def _claim(room_id: int) -> tuple[ChatRoom | None, list[ChatMessage], int]:
    # Unlocked look first: an early run writes nothing and takes no lock.
    due = list(ChatRoom.objects.filter(pk=room_id).values_list("offline_email_due_at", flat=True))
    if not due or _early(due[0]):
        return None, [], 0
    with transaction.atomic():
        room = ChatRoom.objects.select_for_update().filter(pk=room_id).first()
        if room is None:
            return None, [], 0
        previous = room.offline_emailed_through
        if _early(room.offline_email_due_at):
            return room, [], previous
        replies = [] if room.status == ChatRoom.Status.CLOSED else _unread_replies(room)
        room.offline_email_due_at = None
        if replies:
            room.offline_emailed_through = replies[-1].pk
        room.save(update_fields=["offline_email_due_at", "offline_emailed_through"])
    return room, replies, previous


def rooms_offline_email_overdue(*, limit: int = 200) -> list[int]:
    """Rooms whose check is a minute past due: its task was never enqueued (broker down), was
    lost with the broker, or ran early (eager mode). The sweep runs them; the room lock and
    the cursor make a rerun send nothing twice."""
    cutoff = timezone.now() - timedelta(seconds=60)
    overdue = ChatRoom.objects.filter(offline_email_due_at__lt=cutoff).order_by(
        "offline_email_due_at"
    )
    return list(overdue.values_list("pk", flat=True)[:limit])


def room_offline_email(*, room_id: int) -> int:
    """E-mails the room's user the admin replies they have not read; returns how many."""
    room, replies, previous = _claim(room_id)
    if not replies:
        return 0
    user = room.user
    context = {
        "user": user,
        "room": room,
        "replies": replies,
        "count": len(replies),
        "chat_url": site_url(reverse("dashboard:user") + "#support"),
    }
    try:
        mail_send(to=user.email, template="support/unread_replies", context=context)
    except Exception:
        # Back to before this e-mail, unless another run moved on meanwhile.
        ChatRoom.objects.filter(pk=room.pk, offline_emailed_through=replies[-1].pk).update(
            offline_emailed_through=previous
        )
        raise
    return len(replies)
