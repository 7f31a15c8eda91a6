from django import template

from support.models import ChatRoom

register = template.Library()


@register.inclusion_tag("support/widget.html", takes_context=True)
def support_widget(context) -> dict:
    """The chat widget for a signed-in user: their live room's id and unread count (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    room = (
        ChatRoom.objects.filter(user=user)
        .exclude(status=ChatRoom.Status.CLOSED)
        .only("pk", "unread_count_user")
        .first()
    )
    return {
        "show": True,
        "room_id": room.pk if room else "",
        "unread": room.unread_count_user if room else 0,
        "csrf_token": context.get("csrf_token"),
        "page_path": request.get_full_path()[:200],
    }
