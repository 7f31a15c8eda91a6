"""Support metrics for staff, computed from the rooms' stored timestamps.

Durations are measured from the handoff (the moment the user asked for a human, or an admin
took the room over), so time spent with the bot does not count against the team. Medians and
p90s, not averages: one forgotten room must not hide how the team usually does.
"""

from datetime import timedelta
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ChatMessage, ChatRoom


def _percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return round(ordered[index], 1)


def _durations(rooms, end_field: str) -> dict[str, Any]:
    pairs = rooms.filter(
        handoff_requested_at__isnull=False, **{f"{end_field}__isnull": False}
    ).values_list("handoff_requested_at", end_field)
    seconds = [max(0.0, (end - start).total_seconds()) for start, end in pairs]
    return {
        "count": len(seconds),
        "median_seconds": _percentile(seconds, 0.5),
        "p90_seconds": _percentile(seconds, 0.9),
    }


def chat_stats(*, days: int = 30) -> dict[str, Any]:
    since = timezone.now() - timedelta(days=days)
    rooms = ChatRoom.objects.filter(created_at__gte=since)
    by_status = {status: 0 for status in ChatRoom.Status.values}
    for row in ChatRoom.objects.values("status").annotate(n=Count("id")):
        by_status[row["status"]] = row["n"]
    total = rooms.count()
    handed_off = rooms.filter(handoff_requested_at__isnull=False).count()
    bot_resolved = rooms.filter(
        handoff_requested_at__isnull=True,
        status__in=[ChatRoom.Status.RESOLVED, ChatRoom.Status.CLOSED],
    ).count()
    per_day = (
        ChatMessage.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(count=Count("id"))
        .order_by("day")
    )
    return {
        "days": days,
        "rooms_by_status": by_status,
        "rooms": total,
        "handed_off": handed_off,
        "bot_resolved": bot_resolved,
        "handoff_rate": round(handed_off / total, 3) if total else None,
        "bot_resolution_rate": round(bot_resolved / total, 3) if total else None,
        "first_response": _durations(rooms, "first_response_at"),
        "resolution": _durations(rooms, "resolved_at"),
        "messages_per_day": [{"day": r["day"], "count": r["count"]} for r in per_day],
    }
