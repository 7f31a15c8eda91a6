"""Writes for the support chat: rooms, messages, handoff, assignment, resolution, reads.

Every write locks the room row (``SELECT ... FOR UPDATE``) for the whole transaction, then
announces what changed after commit (``support.realtime``). The lock is what keeps unread
counters exact, ``client_id`` retries idempotent and message ids safe as a cursor.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from landinghub.tasks import enqueue, enqueue_on_commit

from . import realtime, tasks
from .exceptions import InvalidAdmin, InvalidMessage, RoomClosed, RoomNotFound
from .models import ChatMessage, ChatRoom

Status = ChatRoom.Status
Sender = ChatMessage.SenderType
LIVE = [Status.OPEN, Status.ASSIGNED, Status.RESOLVED]


def _room_for_update(*, actor: User, room_id: int) -> ChatRoom:
    rooms = ChatRoom.objects.select_for_update(of=("self",)).select_related("user", "admin")
    if not actor.is_staff:
        rooms = rooms.filter(user=actor)  # someone else's room does not exist for a user
    room = rooms.filter(pk=room_id).first()
    if room is None:
        raise RoomNotFound(_("Conversation not found."))
    return room


def _is_user_side(room: ChatRoom, actor: User) -> bool:
    return actor.pk == room.user_id


def clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidMessage(
            _("Write a message first."), details={"fields": {"message": ["empty"]}}
        )
    limit = settings.SUPPORT_MESSAGE_MAX_CHARS
    if len(text) > limit:
        raise InvalidMessage(
            _("The message is too long (at most %(limit)d characters).") % {"limit": limit},
            details={"fields": {"message": ["too_long"]}, "max_length": limit},
        )
    return text


def message_append(
    *,
    room: ChatRoom,
    sender: User | None,
    sender_type: str,
    text: str,
    client_id: str = "",
    is_internal: bool = False,
    attachments: list | None = None,
) -> ChatMessage:
    """Stores a message in a room the caller has locked and bumps the counters.

    Ordering invariant: PostgreSQL hands out ids at INSERT, not at COMMIT, so without a lock a
    message with a lower id could become visible after a client already read a higher one with
    ``?after=`` and would be skipped for ever. Every append holds the room's row lock until
    commit, so appends to one room are serialised: within a room, a lower id always commits
    before a higher one and ``after=<id>`` never skips. (A per-room sequence would need the
    same lock to be gap-free; the lock alone is simpler and rooms are low-contention.)
    """
    message = ChatMessage.objects.create(
        room=room,
        sender=sender,
        sender_type=sender_type,
        message=text,
        client_id=client_id,
        is_internal=is_internal,
        attachments=attachments or [],
    )
    if not is_internal:
        if sender_type == Sender.USER:
            room.unread_count_admin += 1
        else:
            room.unread_count_user += 1
        room.last_message_at = message.created_at
    room.version += 1
    room.save()
    realtime.message_created_on_commit(message, room)
    return message


def _system(room: ChatRoom, text: str) -> ChatMessage:
    return message_append(room=room, sender=None, sender_type=Sender.SYSTEM, text=text)


@transaction.atomic
def room_open(*, user: User, subject: str = "", context: dict | None = None) -> ChatRoom:
    """The user's live room (open, assigned or resolved), or a new one. One live room per user
    is a database constraint, so two tabs opening the chat at once still share one room."""
    room = ChatRoom.objects.filter(user=user, status__in=LIVE).select_related("admin").first()
    if room is not None:
        return room
    try:
        with transaction.atomic():
            room = ChatRoom.objects.create(
                user=user, subject=subject[:200], context=(context or {})
            )
    except IntegrityError:
        return ChatRoom.objects.select_related("admin").get(user=user, status__in=LIVE)
    realtime.room_updated_on_commit(room)
    return room


def _assign(room: ChatRoom, admin: User) -> None:
    now = timezone.now()
    room.admin = admin
    room.status = Status.ASSIGNED
    room.assigned_at = now
    room.resolved_at = None
    # An admin who takes a room over ends the bot phase just like the user's request does.
    room.handoff_requested_at = room.handoff_requested_at or now
    _system(room, _("%(name)s joined the conversation.") % {"name": admin.name or admin.email})
    realtime.admin_joined_on_commit(room)


def _reopen_for_the_bot(room: ChatRoom) -> None:
    """The user writes again after the conversation was resolved: a new question, which the
    bot answers first (as in a new room), with the earlier conversation still above it. The
    admin and the handoff are let go, so "Talk to a person" works again and a person is only
    called if the user asks. (The earlier handoff's timings are replaced by the next one's.)"""
    room.status = Status.OPEN
    room.resolved_at = None
    room.admin = None
    room.assigned_at = None
    room.handoff_requested_at = None
    room.first_response_at = None


@transaction.atomic
def message_send(
    *, actor: User, room_id: int, text: str, client_id: str = "", is_internal: bool = False
) -> tuple[ChatMessage, bool]:
    """Returns ``(message, created)``. The same ``client_id`` from the same sender returns the
    first message (checked under the room lock, so concurrent retries cannot both insert)."""
    text = clean_text(text)
    room = _room_for_update(actor=actor, room_id=room_id)
    if client_id:
        existing = room.messages.filter(sender=actor, client_id=client_id).first()
        if existing is not None:
            return existing, False
    if room.status == Status.CLOSED:
        raise RoomClosed(_("This conversation is closed. Start a new one."))
    if _is_user_side(room, actor):
        if room.status == Status.RESOLVED:
            _reopen_for_the_bot(room)
        message = message_append(
            room=room, sender=actor, sender_type=Sender.USER, text=text, client_id=client_id
        )
        if room.admin_id is None and not room.handed_off:
            enqueue_on_commit(tasks.bot_reply_task, message.pk)
        return message, True
    if not is_internal:
        if room.admin_id is None:
            _assign(room, actor)
        if room.status == Status.RESOLVED:
            room.status = Status.ASSIGNED
            room.resolved_at = None
        if room.first_response_at is None:
            room.first_response_at = timezone.now()
    # Set before the append, which saves the room; enqueued after it, so the message's
    # broadcast goes out first.
    check_unread = not is_internal and _offline_email_due(room)
    message = message_append(
        room=room,
        sender=actor,
        sender_type=Sender.ADMIN,
        text=text,
        client_id=client_id,
        is_internal=is_internal,
    )
    if check_unread:
        delay = settings.SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS
        enqueue_on_commit(tasks.room_offline_email_task, room.pk, countdown=delay)
    return message, True


def _offline_email_due(room: ChatRoom) -> bool:
    """For an admin reply, under the room lock: True (and ``offline_email_due_at`` set) if a
    check must be scheduled SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS from now, which e-mails the
    reply if the user has not read it by then (``support.emails``). A check already due
    covers this reply too; one overdue by a whole delay was lost and is replaced."""
    delay = timedelta(seconds=settings.SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS)
    now = timezone.now()
    due = room.offline_email_due_at
    if due is not None and due > now - delay:
        return False
    room.offline_email_due_at = now + delay
    return True


@transaction.atomic
def room_request_admin(*, actor: User, room_id: int) -> ChatRoom:
    """The handoff: the bot stops, admins are told, the first-response clock starts now."""
    room = _room_for_update(actor=actor, room_id=room_id)
    if room.status == Status.CLOSED:
        raise RoomClosed(_("This conversation is closed. Start a new one."))
    if room.status == Status.RESOLVED:  # a new request after a resolved one: back in the queue
        _reopen_for_the_bot(room)
    if room.handed_off:
        return room  # asked twice: one request
    room.handoff_requested_at = timezone.now()
    _system(
        room,
        _(
            "We're getting a person from our support team. They'll reply here, and by "
            "e-mail if you have left."
        ),
    )
    realtime.admin_requested_on_commit(room)
    return room


@transaction.atomic
def room_assign(*, actor: User, room_id: int, admin_id: int | None = None) -> ChatRoom:
    if not actor.is_staff:
        raise RoomNotFound(_("Conversation not found."))
    admin = actor
    if admin_id is not None and admin_id != actor.pk:
        admin = User.objects.filter(pk=admin_id, role=User.Role.ADMIN, is_active=True).first()
        if admin is None:
            raise InvalidAdmin(_("Choose an active admin."))
    room = _room_for_update(actor=actor, room_id=room_id)
    if room.status == Status.CLOSED:
        raise RoomClosed(_("This conversation is closed."))
    if room.admin_id == admin.pk and room.status == Status.ASSIGNED:
        return room
    _assign(room, admin)
    return room


@transaction.atomic
def room_resolve(*, actor: User, room_id: int) -> ChatRoom:
    room = _room_for_update(actor=actor, room_id=room_id)
    if room.status == Status.CLOSED:
        raise RoomClosed(_("This conversation is closed."))
    if room.status == Status.RESOLVED:
        return room
    room.status = Status.RESOLVED
    room.resolved_at = timezone.now()
    _system(room, _("This conversation was marked as resolved. Write again if you need more help."))
    return room


@transaction.atomic
def room_mark_read(*, actor: User, room_id: int, up_to: int | None = None) -> ChatRoom:
    """Marks the other side's messages read for the reader, up to ``up_to`` (the last message
    the reader's screen shows) or all of them. Counters and flags change under the same lock as
    appends, and the counter is recomputed from the flags: a message that arrived after the
    client rendered ``up_to`` stays unread and counted, never zeroed without being seen."""
    room = _room_for_update(actor=actor, room_id=room_id)
    user_side = _is_user_side(room, actor)
    theirs = (
        room.messages.exclude(sender_type=Sender.USER)
        if user_side
        else (room.messages.filter(sender_type=Sender.USER))
    )
    unread = theirs.filter(read=False)
    if up_to is None:
        unread.update(read=True)
        left = 0
    else:
        unread.filter(id__lte=up_to).update(read=True)
        left = unread.filter(id__gt=up_to, is_internal=False).count()
    if user_side:
        room.unread_count_user = left
    else:
        room.unread_count_admin = left
    room.version += 1
    room.save()
    realtime.room_updated_on_commit(room)
    return room


@transaction.atomic
def room_update(
    *, actor: User, room_id: int, priority: str | None = None, tags: list[str] | None = None
) -> ChatRoom:
    if not actor.is_staff:
        raise RoomNotFound(_("Conversation not found."))
    room = _room_for_update(actor=actor, room_id=room_id)
    if priority is not None:
        room.priority = priority
    if tags is not None:
        room.tags = sorted({t.strip()[:30] for t in tags if t.strip()})[:10]
    room.version += 1
    room.save()
    realtime.room_updated_on_commit(room)
    return room


def rooms_close_idle() -> int:
    """Closes resolved rooms, and bot-only rooms nobody handed off, idle for
    ``SUPPORT_IDLE_CLOSE_HOURS``. Each room is re-checked under its lock. Idempotent."""
    cutoff = timezone.now() - timedelta(hours=settings.SUPPORT_IDLE_CLOSE_HOURS)
    resolved = ChatRoom.objects.filter(status=Status.RESOLVED, resolved_at__lt=cutoff)
    bot_only = ChatRoom.objects.filter(
        status=Status.OPEN, handoff_requested_at__isnull=True, last_message_at__lt=cutoff
    )
    closed = 0
    for room_id in list(resolved.values_list("pk", flat=True)) + list(
        bot_only.values_list("pk", flat=True)
    ):
        with transaction.atomic():
            room = ChatRoom.objects.select_for_update().filter(pk=room_id).first()
            idle = room and (room.resolved_at or room.last_message_at or room.created_at) < cutoff
            if not idle or room.status not in (Status.RESOLVED, Status.OPEN):
                continue
            if room.status == Status.OPEN and room.handed_off:
                continue
            room.status = Status.CLOSED
            room.closed_at = timezone.now()
            room.version += 1
            room.save()
            realtime.room_updated_on_commit(room)
            closed += 1
    return closed


def bot_replies_sweep() -> int:
    """Re-enqueues ``bot_reply`` for user messages the bot never answered: the enqueue failed
    (broker down) or the queued task was lost with the broker. A message qualifies when its
    room is still the bot's (open, no admin, not handed off), it is the room's newest user
    message, it is older than ``SUPPORT_BOT_SWEEP_AFTER_SECONDS`` (the normal path had its
    chance) and younger than ``SUPPORT_BOT_SWEEP_MAX_AGE_SECONDS`` (no replies to week-old
    questions). Idempotent: ``bot_reply`` stores its answer as ``bot:<message id>`` under the
    room lock and a unique constraint, so a sweep racing a late task still answers once."""
    from django.db.models import CharField, Exists, OuterRef, Value
    from django.db.models.functions import Cast, Concat

    now = timezone.now()
    answered = ChatMessage.objects.filter(
        room_id=OuterRef("room_id"),
        sender__isnull=True,
        client_id=Concat(Value("bot:"), Cast(OuterRef("pk"), CharField())),
    )
    newer = ChatMessage.objects.filter(
        room_id=OuterRef("room_id"), sender_type=Sender.USER, id__gt=OuterRef("pk")
    )
    pending = (
        ChatMessage.objects.filter(
            sender_type=Sender.USER,
            room__status=Status.OPEN,
            room__admin__isnull=True,
            room__handoff_requested_at__isnull=True,
            created_at__lte=now - timedelta(seconds=settings.SUPPORT_BOT_SWEEP_AFTER_SECONDS),
            created_at__gte=now - timedelta(seconds=settings.SUPPORT_BOT_SWEEP_MAX_AGE_SECONDS),
        )
        .exclude(Exists(answered))
        .exclude(Exists(newer))
        .order_by("id")
        .values_list("pk", flat=True)[:500]
    )
    count = 0
    for message_id in list(pending):
        if enqueue(tasks.bot_reply_task, message_id):
            count += 1
    return count
