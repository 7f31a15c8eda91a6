"""Reads for the support chat: rooms scoped to who asks, the message cursor, article search."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from accounts.models import User

from .exceptions import RoomNotFound
from .models import ChatMessage, ChatRoom, HelpArticle

_STOPWORDS_TEXT = (
    "a an and are as at be can do does for from get how i in is it me my of on or the to what "
    "when where why with you your please help hi hello "
    "tôi toi mình minh bạn ban có co không khong là la của cua và va được duoc cho làm lam "
    "thế the nào nao gì gi sao với voi này nay ạ ơi oi giúp giup muốn muon cần can"
)
STOPWORDS = frozenset(_STOPWORDS_TEXT.split(" "))


def room_list_for_user(*, user: User) -> QuerySet[ChatRoom]:
    return ChatRoom.objects.filter(user=user).select_related("admin")


def room_get_for_actor(*, actor: User, pk: int) -> ChatRoom:
    """A user sees only their rooms (another user's room is a 404); admins see every room."""
    rooms = ChatRoom.objects.select_related("user", "admin")
    if not actor.is_staff:
        rooms = rooms.filter(user=actor)
    room = rooms.filter(pk=pk).first()
    if room is None:
        raise RoomNotFound("Conversation not found.")
    return room


def room_list_for_admin(
    *,
    admin: User,
    status: str = "",
    priority: str = "",
    assignee: str = "all",
    search: str = "",
) -> QuerySet[ChatRoom]:
    """``assignee`` is ``mine``, ``unassigned`` or ``all``; ``search`` matches the subject,
    the user's name or e-mail, or a room id."""
    rooms = ChatRoom.objects.select_related("user", "admin")
    if status:
        rooms = rooms.filter(status__in=status.split(","))
    if priority:
        rooms = rooms.filter(priority__in=priority.split(","))
    if assignee == "mine":
        rooms = rooms.filter(admin=admin)
    elif assignee == "unassigned":
        rooms = rooms.filter(admin__isnull=True)
    if search:
        match = Q(subject__icontains=search) | Q(user__email__icontains=search)
        match |= Q(user__name__icontains=search)
        if search.isdigit():
            match |= Q(pk=int(search))
        rooms = rooms.filter(match)
    return rooms.order_by("-last_message_at", "-id")


def messages_for_actor(*, room: ChatRoom, actor: User) -> QuerySet[ChatMessage]:
    messages = room.messages.select_related("sender")
    if not actor.is_staff or actor.pk == room.user_id:
        messages = messages.filter(is_internal=False)  # internal notes never reach the user
    return messages


def message_page(
    *, room: ChatRoom, actor: User, after: int | None, before: int | None, limit: int
) -> tuple[list[ChatMessage], bool]:
    """``after``: the next ``limit`` messages, oldest first (catch-up walks this until
    ``has_more`` is false). Otherwise the latest ``limit`` (before ``before`` if given),
    oldest first, ``has_more`` telling whether older ones exist."""
    messages = messages_for_actor(room=room, actor=actor)
    if after is not None:
        page = list(messages.filter(id__gt=after).order_by("id")[: limit + 1])
        return page[:limit], len(page) > limit
    if before is not None:
        messages = messages.filter(id__lt=before)
    page = list(messages.order_by("-id")[: limit + 1])
    return list(reversed(page[:limit])), len(page) > limit


def _terms(text: str) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    seen: list[str] = []
    for word in words:
        if len(word) > 1 and word not in STOPWORDS and word not in seen:
            seen.append(word)
    return seen[:12]


def help_article_search(
    *, query: str, limit: int = 3, language: str | None = None
) -> list[HelpArticle]:
    """Best matches first, in ``language`` when articles in it match (the question's language:
    an English question gets the English article), else in any language."""
    if language:
        found = _help_article_search(query=query, limit=limit, language=language)
        if found:
            return found
    return _help_article_search(query=query, limit=limit, language=None)


def _help_article_search(*, query: str, limit: int, language: str | None) -> list[HelpArticle]:
    """PostgreSQL full-text search (any of the words, ranked, titles and keywords weigh more),
    or on SQLite a word-overlap score over ``icontains`` matches."""
    terms = _terms(query)
    if not terms:
        return []
    articles = HelpArticle.objects.filter(is_published=True)
    if language:
        articles = articles.filter(language=language)
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="simple")
            + SearchVector("keywords", weight="A", config="simple")
            + SearchVector("body", weight="B", config="simple")
        )
        search = SearchQuery(" | ".join(terms), search_type="raw", config="simple")
        ranked = articles.annotate(rank=SearchRank(vector, search)).filter(rank__gt=0)
        return list(ranked.order_by("-rank", "pk")[:limit])
    match = Q()
    for term in terms:
        match |= Q(title__icontains=term) | Q(keywords__icontains=term) | Q(body__icontains=term)
    scored = []
    for article in articles.filter(match)[:50]:
        title, keywords = article.title.lower(), article.keywords.lower()
        body = article.body.lower()
        score = sum(
            3 if term in title else 2 if term in keywords else 1 if term in body else 0
            for term in terms
        )
        scored.append((-score, article.pk, article))
    return [article for _, _, article in sorted(scored)[:limit]]


# --- The dashboards' view of support (dashboard.selectors, dashboard.admin_selectors) ---


def dashboard_user_summary(*, user: User) -> dict:
    """The user's conversations that are not closed (at most one by design), one query."""
    rooms = list(
        ChatRoom.objects.filter(user=user)
        .exclude(status=ChatRoom.Status.CLOSED)
        .order_by("-updated_at")
        .values("id", "subject", "status", "unread_count_user", "updated_at")[:5]
    )
    return {
        "open": len(rooms),
        "unread": sum(r["unread_count_user"] for r in rooms),
        "rooms": [
            {
                "id": r["id"],
                "subject": r["subject"],
                "status": r["status"],
                "unread": r["unread_count_user"],
                "updated_at": r["updated_at"],
            }
            for r in rooms
        ],
    }


def dashboard_admin_summary(*, start, end_before) -> dict:
    """Queue now and the team's numbers for rooms created in the range, from
    ``support.stats.support_metrics`` (as the support rooms list shows them), three queries
    whatever the data."""
    from django.db.models import Count

    from .stats import support_metrics

    Status = ChatRoom.Status
    now = ChatRoom.objects.aggregate(
        open=Count("id", filter=Q(status=Status.OPEN)),
        waiting_for_human=Count(
            "id", filter=Q(status=Status.OPEN, handoff_requested_at__isnull=False)
        ),
        assigned=Count("id", filter=Q(status=Status.ASSIGNED)),
        resolved_in_range=Count("id", filter=Q(resolved_at__gte=start, resolved_at__lt=end_before)),
    )
    metrics = support_metrics(start=start, end_before=end_before)
    return {
        **now,
        "rooms_in_range": metrics["rooms"],
        "handed_off_in_range": metrics["handed_off"],
        "median_first_response_seconds": metrics["first_response"]["median_seconds"],
        "p90_first_response_seconds": metrics["first_response"]["p90_seconds"],
        "median_resolution_seconds": metrics["resolution"]["median_seconds"],
        "p90_resolution_seconds": metrics["resolution"]["p90_seconds"],
        "handoff_rate": metrics["handoff_rate"],
        "bot_resolution_rate": metrics["bot_resolution_rate"],
    }
