"""Support chat: rooms between a user and the support team, their messages, help articles.

A room goes ``open`` (the bot answers; after a handoff it waits for a human) → ``assigned``
(an admin owns it) → ``resolved`` → ``closed`` (after an idle time). A user writing in a
resolved room reopens it. A user has at most one room that is not closed.

Message ids are the catch-up cursor (``?after=<id>``): every append locks the room row first,
so within a room ids become visible in the order they were allocated (see
``services.message_append``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChatRoom(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ASSIGNED = "assigned", _("Assigned")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_rooms"
    )
    admin = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_chat_rooms",
        limit_choices_to={"role": "admin"},
        verbose_name=_("admin"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True, default="")
    context = models.JSONField(default=dict, blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    tags = models.JSONField(default=list, blank=True)
    unread_count_user = models.PositiveIntegerField(default=0)
    unread_count_admin = models.PositiveIntegerField(default=0)
    # Bumped on every change under the row lock: clients ignore room events older than theirs.
    version = models.PositiveIntegerField(default=1)
    handoff_requested_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)
    # "We'll e-mail you" (support.emails): when the unread-replies check is due (NULL: none
    # scheduled) and the id of the last admin reply already e-mailed. Changed under the lock.
    offline_email_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    offline_emailed_through = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chat room")
        verbose_name_plural = _("chat rooms")
        ordering = ["-last_message_at", "-id"]
        indexes = [
            models.Index(fields=["status", "priority", "-last_message_at"], name="chat_queue"),
            models.Index(fields=["admin", "status"], name="chat_admin_status"),
            models.Index(fields=["user", "status"], name="chat_user_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=~Q(status="closed"),
                name="chat_one_live_room_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject or self.user}"

    @property
    def handed_off(self) -> bool:
        return self.handoff_requested_at is not None


class ChatMessage(models.Model):
    class SenderType(models.TextChoices):
        USER = "user", _("User")
        ADMIN = "admin", _("Admin")
        BOT = "bot", _("Bot")
        SYSTEM = "system", _("System")

    class MessageType(models.TextChoices):
        TEXT = "text", _("Text")
        IMAGE = "image", _("Image")
        FILE = "file", _("File")

    room = models.ForeignKey(ChatRoom, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chat_messages",
    )
    sender_type = models.CharField(max_length=8, choices=SenderType.choices)
    message = models.TextField()
    message_type = models.CharField(
        max_length=8, choices=MessageType.choices, default=MessageType.TEXT
    )
    attachments = models.JSONField(default=list, blank=True)
    # An admin's internal note: never sent to, nor listed for, the room's user.
    is_internal = models.BooleanField(default=False)
    read = models.BooleanField(default=False)
    # The sender's dedupe key: a retried POST with the same key returns the first message.
    # The bot uses ``bot:<user message id>`` so a retried task never answers twice.
    client_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["room", "id"], name="chat_room_cursor")]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "sender", "client_id"],
                condition=~Q(client_id="") & Q(sender__isnull=False),
                name="chat_client_id_per_sender",
            ),
            # NULL senders (the bot, system) are never equal in a unique index: own constraint.
            models.UniqueConstraint(
                fields=["room", "client_id"],
                condition=~Q(client_id="") & Q(sender__isnull=True),
                name="chat_client_id_senderless",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_type}: {self.message[:40]}"


class HelpArticle(models.Model):
    """What the bot knows: it quotes these when the AI is unavailable and cites them to it."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    body = models.TextField()
    keywords = models.CharField(max_length=300, blank=True, default="")
    language = models.CharField(max_length=5, default="vi")
    is_published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("help article")
        verbose_name_plural = _("help articles")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CannedResponse(models.Model):
    """A saved reply staff insert into the console with its shortcut."""

    title = models.CharField(max_length=100)
    shortcut = models.SlugField(max_length=40, unique=True)
    body = models.TextField()

    class Meta:
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        ordering = ["shortcut"]

    def __str__(self) -> str:
        return f"/{self.shortcut} {self.title}"
