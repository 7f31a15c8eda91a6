"""The support console in the Django admin: the room queue and a live conversation view.

The console's buttons call the same JSON API as every client (session auth + CSRF), and its
live updates come over the same socket: one code path for replies, assignment and resolution.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import CannedResponse, ChatRoom, HelpArticle
from .payloads import room_data
from .stats import chat_stats


def console_strings() -> dict[str, object]:
    """What the console's scripts show, in the admin's language (read with json_script)."""
    return {
        "statuses": {value: str(label) for value, label in ChatRoom.Status.choices},
        "unassigned": gettext("unassigned"),
        "internal_note": gettext("internal note"),
        "typing": gettext("%(name)s is typing…"),
        "live": gettext("● live"),
        "reconnecting": gettext("○ reconnecting (polling)"),
        "senders": {
            "user": gettext("Customer"),
            "admin": gettext("Support"),
            "bot": gettext("Assistant"),
            "system": gettext("System"),
        },
    }


def context_items(context: dict) -> list[tuple[str, str]]:
    """Where the user opened the chat from (the room's ``context``), as labelled lines."""
    labels = {"page": gettext("Page")}
    if not isinstance(context, dict):
        return []
    return [(labels.get(key, key), str(value)) for key, value in context.items() if value]


class StaffAccess:
    """Every admin works the support desk, superuser or not."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff


@admin.register(HelpArticle)
class HelpArticleAdmin(StaffAccess, admin.ModelAdmin):
    list_display = ["title", "language", "is_published", "updated_at"]
    list_filter = ["language", "is_published"]
    search_fields = ["title", "keywords", "body"]
    prepopulated_fields = {"slug": ["title"]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff


@admin.register(CannedResponse)
class CannedResponseAdmin(StaffAccess, admin.ModelAdmin):
    list_display = ["shortcut", "title"]
    search_fields = ["shortcut", "title", "body"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [("mine", _("Mine")), ("unassigned", _("Unassigned"))]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(admin=request.user)
        if self.value() == "unassigned":
            return queryset.filter(admin__isnull=True)
        return queryset


@admin.register(ChatRoom)
class ChatRoomAdmin(StaffAccess, admin.ModelAdmin):
    list_display = [
        "id",
        "customer",
        "subject",
        "live_status",
        "priority",
        "admin",
        "unread",
        "last_message_at",
    ]
    list_display_links = ["id", "customer"]
    list_filter = ["status", "priority", AssigneeFilter]
    search_fields = ["subject", "user__email", "user__name", "=id"]
    list_select_related = ["user", "admin"]
    list_per_page = 50
    change_list_template = "admin/support/chatroom/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ChatRoom]:
        return super().get_queryset(request).order_by("-last_message_at", "-id")

    @admin.display(description=_("customer"), ordering="user__email")
    def customer(self, room: ChatRoom) -> str:
        return room.user.name or room.user.email

    @admin.display(description=_("status"), ordering="status")
    def live_status(self, room: ChatRoom) -> str:
        return format_html(
            '<span data-room-status="{}">{}</span>', room.pk, room.get_status_display()
        )

    @admin.display(description=_("unread"), ordering="unread_count_admin")
    def unread(self, room: ChatRoom) -> str:
        return format_html(
            '<strong data-room-unread="{}" data-testid="room-unread">{}</strong>',
            room.pk,
            room.unread_count_admin,
        )

    def changelist_view(self, request: HttpRequest, extra_context=None):
        stats = chat_stats(days=30)
        labels = dict(ChatRoom.Status.choices)
        extra = {
            "chat_stats": stats,
            "chat_stats_by_status": [
                (status, labels[status], n) for status, n in stats["rooms_by_status"].items()
            ],
            "console_strings": console_strings(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=extra)

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        room = self.get_object(request, object_id)
        if room is None or not self.has_view_permission(request, room):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Conversation #%(id)s") % {"id": room.pk},
            "room": room,
            "room_json": room_data(room, for_staff=True),
            "canned": list(CannedResponse.objects.all()),
            "admins": list(User.objects.filter(role=User.Role.ADMIN, is_active=True)),
            "priorities": ChatRoom.Priority.choices,
            "console_strings": console_strings(),
            "context_items": context_items(room.context),
        }
        return TemplateResponse(request, "admin/support/chatroom/console.html", context)
