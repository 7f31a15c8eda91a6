"""Support metrics for staff, computed from the rooms' stored timestamps.

Durations are measured from the handoff (the moment the user asked for a human, or an admin
took the room over), so time spent with the bot does not count against the team. Medians and
p90s, not averages: one forgotten room must not hide how the team usually does.
"""

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ChatMessage, ChatRoom


def _percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return round(ordered[index], 1)


def _summary(seconds: list[float]) -> dict[str, Any]:
    return {
        "count": len(seconds),
        "median_seconds": _percentile(seconds, 0.5),
        "p90_seconds": _percentile(seconds, 0.9),
    }


def _durations(rooms) -> tuple[dict[str, Any], dict[str, Any]]:
    """First response and resolution, from the handoff, in one query."""
    first, resolution = [], []
    rows = rooms.filter(handoff_requested_at__isnull=False).values_list(
        "handoff_requested_at", "first_response_at", "resolved_at"
    )
    for start, responded, resolved in rows:
        if responded is not None:
            first.append(max(0.0, (responded - start).total_seconds()))
        if resolved is not None:
            resolution.append(max(0.0, (resolved - start).total_seconds()))
    return _summary(first), _summary(resolution)


def support_metrics(*, start, end_before) -> dict[str, Any]:
    """The team's numbers for the rooms created in ``[start, end_before)``: the one place they
    are computed, so the rooms list, the admin dashboard and the API always agree."""
    rooms = ChatRoom.objects.filter(created_at__gte=start, created_at__lt=end_before)
    counts = rooms.aggregate(
        total=Count("id"),
        handed_off=Count("id", filter=Q(handoff_requested_at__isnull=False)),
        bot_resolved=Count(
            "id",
            filter=Q(
                handoff_requested_at__isnull=True,
                status__in=[ChatRoom.Status.RESOLVED, ChatRoom.Status.CLOSED],
            ),
        ),
    )
    total, handed_off, bot_resolved = counts["total"], counts["handed_off"], counts["bot_resolved"]
    first_response, resolution = _durations(rooms)
    return {
        "rooms": total,
        "handed_off": handed_off,
        "bot_resolved": bot_resolved,
        "handoff_rate": round(handed_off / total, 3) if total else None,
        "bot_resolution_rate": round(bot_resolved / total, 3) if total else None,
        "first_response": first_response,
        "resolution": resolution,
    }


def chat_stats(*, days: int = 30) -> dict[str, Any]:
    now = timezone.now()
    since = now - timedelta(days=days)
    by_status = {status: 0 for status in ChatRoom.Status.values}
    for row in ChatRoom.objects.values("status").annotate(n=Count("id")):
        by_status[row["status"]] = row["n"]
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
        **support_metrics(start=since, end_before=now + timedelta(seconds=1)),
        "messages_per_day": [{"day": r["day"], "count": r["count"]} for r in per_day],
    }
