import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from support import selectors, services
from support.exceptions import InvalidAdmin, InvalidMessage, RoomClosed, RoomNotFound
from support.models import ChatMessage, ChatRoom
from support.stats import chat_stats

from .factories import ChatRoomFactory

pytestmark = pytest.mark.django_db
Status = ChatRoom.Status


def _send(user, room, text="Hello", **kwargs):
    return services.message_send(actor=user, room_id=room.pk, text=text, **kwargs)


def test_room_open_reuses_the_live_room_and_creates_after_close(user):
    room = services.room_open(user=user, subject="Billing")
    assert services.room_open(user=user).pk == room.pk
    ChatRoom.objects.filter(pk=room.pk).update(status=Status.CLOSED)
    assert services.room_open(user=user).pk != room.pk


def test_message_send_user_counts_unread_for_admins_and_bot_answers(
    user, django_capture_on_commit_callbacks
):
    room = services.room_open(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        message, created = _send(user, room, "How do I publish my page?")
    assert created and message.sender_type == "user"
    room.refresh_from_db()
    bot = room.messages.get(sender_type="bot")
    assert bot.client_id == f"bot:{message.pk}" and bot.sender is None
    assert "publish" in bot.message.lower()
    assert room.unread_count_admin == 1 and room.unread_count_user == 1


def test_message_send_same_client_id_twice_is_one_message(user):
    room = services.room_open(user=user)
    first, created = _send(user, room, client_id="abc-1")
    again, created_again = _send(user, room, text="different", client_id="abc-1")
    assert created and not created_again and again.pk == first.pk
    assert room.messages.filter(sender_type="user").count() == 1


@pytest.mark.parametrize("text", ["", "   \n\t ", "x" * 4001])
def test_message_send_rejects_empty_whitespace_and_oversized(user, text):
    room = services.room_open(user=user)
    with pytest.raises(InvalidMessage):
        _send(user, room, text)
    assert not room.messages.exists()


def test_message_send_to_someone_elses_room_is_not_found(user, other_user):
    room = services.room_open(user=other_user)
    with pytest.raises(RoomNotFound):
        _send(user, room)
    with pytest.raises(RoomNotFound):
        services.room_resolve(actor=user, room_id=room.pk)


def test_user_message_reopens_a_resolved_room(user):
    room = services.room_open(user=user)
    services.room_resolve(actor=user, room_id=room.pk)
    _send(user, room, "one more thing")
    room.refresh_from_db()
    assert room.status == Status.OPEN and room.resolved_at is None


def test_a_new_question_after_an_admin_resolved_the_room_is_answered_by_the_bot(
    user, admin_user, django_capture_on_commit_callbacks
):
    """The demo's journey (issue 11): a person answered and resolved the conversation; the
    user comes back with a new question. The bot answers it, and the user can ask for a
    person again, who is called anew (not silently the earlier admin)."""
    room = services.room_open(user=user)
    services.room_request_admin(actor=user, room_id=room.pk)
    _send(admin_user, room, "Yes, you can.")
    services.room_resolve(actor=admin_user, room_id=room.pk)
    assert services.room_open(user=user).pk == room.pk  # the history is still shown
    with django_capture_on_commit_callbacks(execute=True):
        question, _ = _send(user, room, "How do I publish my page?")
    room.refresh_from_db()
    assert room.status == Status.OPEN and room.admin_id is None and not room.handed_off
    assert room.messages.filter(sender_type="bot", client_id=f"bot:{question.pk}").exists()
    services.room_request_admin(actor=user, room_id=room.pk)
    room.refresh_from_db()
    assert room.handed_off and room.status == Status.OPEN and room.admin_id is None


def test_asking_for_a_person_in_a_resolved_room_queues_it_again(user, admin_user):
    room = services.room_open(user=user)
    services.room_request_admin(actor=user, room_id=room.pk)
    services.room_assign(actor=admin_user, room_id=room.pk)
    services.room_resolve(actor=admin_user, room_id=room.pk)
    services.room_request_admin(actor=user, room_id=room.pk)
    room.refresh_from_db()
    assert room.status == Status.OPEN and room.admin_id is None and room.handed_off
    assert room.resolved_at is None and room.first_response_at is None


def test_closed_room_refuses_messages(user):
    room = ChatRoomFactory(user=user, status=Status.CLOSED)
    with pytest.raises(RoomClosed):
        _send(user, room)


def test_handoff_stops_the_bot(user, django_capture_on_commit_callbacks):
    room = services.room_open(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.room_request_admin(actor=user, room_id=room.pk)
        _send(user, room, "How do I publish my page?")
    room.refresh_from_db()
    assert room.handoff_requested_at is not None and room.status == Status.OPEN
    assert not room.messages.filter(sender_type="bot").exists()
    assert room.messages.filter(sender_type="system").count() == 1


def test_assign_then_admin_reply_sets_first_response_and_unread(user, admin_user):
    room = services.room_open(user=user)
    services.room_request_admin(actor=user, room_id=room.pk)
    services.room_assign(actor=admin_user, room_id=room.pk)
    _send(admin_user, room, "Hi, I'm here")
    room.refresh_from_db()
    assert room.status == Status.ASSIGNED and room.admin_id == admin_user.pk
    assert room.first_response_at >= room.handoff_requested_at
    # two system notes (request, joined) + the reply are unread for the user
    assert room.unread_count_user == 3
    services.room_mark_read(actor=user, room_id=room.pk)
    room.refresh_from_db()
    assert room.unread_count_user == 0
    assert not room.messages.exclude(sender_type="user").filter(read=False).exists()


def test_read_up_to_keeps_a_message_the_reader_has_not_seen_unread(user, admin_user):
    """The widget marks read what its screen shows (``up_to``); a reply that commits between
    the render and the read call stays unread and counted."""
    room = services.room_open(user=user)
    services.room_assign(actor=admin_user, room_id=room.pk)
    seen, _ = _send(admin_user, room, "first reply")
    unseen, _ = _send(admin_user, room, "second reply, after the render")
    _send(admin_user, room, "staff only", is_internal=True)
    services.room_mark_read(actor=user, room_id=room.pk, up_to=seen.pk)
    room.refresh_from_db()
    assert room.unread_count_user == 1  # the second reply; the internal note never counts
    assert room.messages.get(pk=seen.pk).read and not room.messages.get(pk=unseen.pk).read
    services.room_mark_read(actor=user, room_id=room.pk, up_to=unseen.pk)
    room.refresh_from_db()
    assert room.unread_count_user == 0


def test_admin_reply_in_unassigned_room_takes_it_over(user, admin_user):
    room = services.room_open(user=user)
    _send(admin_user, room, "Hello from support")
    room.refresh_from_db()
    assert room.admin_id == admin_user.pk and room.status == Status.ASSIGNED
    assert room.handoff_requested_at is not None


def test_assign_to_a_non_admin_is_refused(user, admin_user, other_user):
    room = services.room_open(user=user)
    with pytest.raises(InvalidAdmin):
        services.room_assign(actor=admin_user, room_id=room.pk, admin_id=other_user.pk)
    with pytest.raises(RoomNotFound):
        services.room_assign(actor=other_user, room_id=room.pk)


def test_internal_note_is_hidden_from_the_user_and_counts_nothing(user, admin_user):
    room = services.room_open(user=user)
    services.room_assign(actor=admin_user, room_id=room.pk)
    before = ChatRoom.objects.get(pk=room.pk).unread_count_user
    note, _ = _send(admin_user, room, "VIP customer", is_internal=True)
    room.refresh_from_db()
    assert room.unread_count_user == before
    assert note not in selectors.messages_for_actor(room=room, actor=user)
    assert note in selectors.messages_for_actor(room=room, actor=admin_user)


def test_rooms_close_idle_closes_old_resolved_and_bot_only_rooms(user, other_user):
    old = timezone.now() - timedelta(days=10)
    resolved = ChatRoomFactory(user=user, status=Status.RESOLVED, resolved_at=old)
    bot_only = ChatRoomFactory(user=other_user, status=Status.OPEN, last_message_at=old)
    waiting = ChatRoomFactory(status=Status.OPEN, last_message_at=old, handoff_requested_at=old)
    fresh = ChatRoomFactory(status=Status.RESOLVED, resolved_at=timezone.now())
    assert services.rooms_close_idle() == 2
    assert services.rooms_close_idle() == 0
    statuses = dict(ChatRoom.objects.values_list("pk", "status"))
    assert statuses[resolved.pk] == statuses[bot_only.pk] == Status.CLOSED
    assert statuses[waiting.pk] == Status.OPEN and statuses[fresh.pk] == Status.RESOLVED


def test_message_page_after_walks_oldest_first_with_has_more(user):
    room = services.room_open(user=user)
    services.room_request_admin(actor=user, room_id=room.pk)  # no bot replies
    ids = [_send(user, room, f"m{i}")[0].pk for i in range(5)]
    page, more = selectors.message_page(room=room, actor=user, after=ids[0], before=None, limit=2)
    assert [m.pk for m in page] == ids[1:3] and more
    page, more = selectors.message_page(room=room, actor=user, after=ids[2], before=None, limit=2)
    assert [m.pk for m in page] == ids[3:5] and not more


@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_never_let_an_after_cursor_skip():
    """Writers hold their transaction open after inserting; a reader polls the room. Every
    snapshot it sees must contain all ids below its highest one, or ``after=`` would skip."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    user = UserFactory()
    room = services.room_open(user=user)
    services.room_request_admin(actor=user, room_id=room.pk)
    admins = [UserFactory(role="admin") for _ in range(3)]
    snapshots: list[list[int]] = []
    done = threading.Event()

    def write(actor) -> None:
        try:
            for i in range(6):
                with transaction.atomic():
                    services.message_send(actor=actor, room_id=room.pk, text=f"{actor.pk}-{i}")
                    time.sleep(0.01)  # commit late: the window in which a cursor could skip
        finally:
            connection.close()

    def read() -> None:
        try:
            while not done.is_set():
                ids = list(
                    ChatMessage.objects.filter(room=room)
                    .order_by("id")
                    .values_list("id", flat=True)
                )
                snapshots.append(ids)
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write, args=(a,)) for a in [user, *admins]]
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reader.join()
    final = list(ChatMessage.objects.filter(room=room).order_by("id").values_list("id", flat=True))
    assert len(final) == 1 + 4 * 6 + 1  # handoff note, messages, "joined" by the first admin
    for seen in snapshots:
        if seen:
            assert seen == [i for i in final if i <= seen[-1]]
    assert len(snapshots) > 5
    # The unread counters, bumped by every concurrent append, match the messages exactly.
    room.refresh_from_db()
    messages = ChatMessage.objects.filter(room=room, is_internal=False)
    assert room.unread_count_admin == messages.filter(sender_type="user").count() == 6
    assert room.unread_count_user == messages.exclude(sender_type="user").count() == 3 * 6 + 2


def test_chat_stats_medians_p90_and_rates(user, other_user, admin_user):
    now = timezone.now()
    for minutes, target in [(1, user), (3, other_user), (10, UserFactory())]:
        ChatRoomFactory(
            user=target,
            status=Status.RESOLVED,
            handoff_requested_at=now - timedelta(minutes=30),
            first_response_at=now - timedelta(minutes=30 - minutes),
            resolved_at=now,
        )
    ChatRoomFactory(status=Status.CLOSED)  # the bot handled it alone
    stats = chat_stats()
    assert stats["first_response"] == {"count": 3, "median_seconds": 180.0, "p90_seconds": 600.0}
    assert stats["resolution"]["median_seconds"] == 1800.0
    assert stats["rooms"] == 4 and stats["handed_off"] == 3 and stats["bot_resolved"] == 1
    assert stats["handoff_rate"] == 0.75 and stats["bot_resolution_rate"] == 0.25
    assert stats["rooms_by_status"]["resolved"] == 3


def test_room_open_race_returns_the_existing_room(user, monkeypatch):
    room = services.room_open(user=user)
    # A second tab that did not see the room before inserting hits the unique constraint.
    real_filter = ChatRoom.objects.filter
    calls = {"n": 0}

    def first_miss(*args, **kwargs):
        calls["n"] += 1
        qs = real_filter(*args, **kwargs)
        return qs.none() if calls["n"] == 1 else qs

    monkeypatch.setattr(ChatRoom.objects, "filter", first_miss)
    assert services.room_open(user=user).pk == room.pk
