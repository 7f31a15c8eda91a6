""" "We'll e-mail you": an admin reply still unread after SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS is
e-mailed to the user, batched per room; never once read, never for the bot or internal notes."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from accounts.tests.factories import UserFactory
from landinghub.tests.mail_backends import FAILING
from support import services
from support.models import ChatMessage, ChatRoom
from support.tasks import room_offline_email_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(monkeypatch):
    """Offline e-mail checks handed to the worker: (room id, countdown), not run."""
    calls = []
    real = services.enqueue_on_commit

    def fake(task, *args, countdown=None, **kwargs):
        if task.name == "support.room_offline_email":
            calls.append((*args, countdown))
        else:
            real(task, *args, countdown=countdown, **kwargs)

    monkeypatch.setattr(services, "enqueue_on_commit", fake)
    return calls


@pytest.fixture
def room(user):
    return services.room_open(user=user)


def _reply(admin, room, text="Chào bạn, mình xem ngay nhé.", **kwargs):
    message, _ = services.message_send(actor=admin, room_id=room.pk, text=text, **kwargs)
    return message


def _after_the_delay(room) -> int:
    """The worker runs the check once the countdown is over."""
    ChatRoom.objects.filter(pk=room.pk, offline_email_due_at__isnull=False).update(
        offline_email_due_at=timezone.now() - timedelta(seconds=1)
    )
    return room_offline_email_task(room.pk)


def _html(message) -> str:
    (body, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return body


def test_an_unread_reply_is_e_mailed_after_the_delay(
    room, user, admin_user, scheduled, mailoutbox, settings
):
    settings.SITE_URL = "https://landinghub.vn"
    settings.SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS = 150
    _reply(admin_user, room, "Trang của bạn đã được xuất bản lại.")
    assert scheduled == [(room.pk, 150)]
    assert mailoutbox == []
    assert _after_the_delay(room) == 1
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert "Trang của bạn đã được xuất bản lại." in message.body
    assert "Trang của bạn đã được xuất bản lại." in _html(message)
    assert "https://landinghub.vn/dashboard/#support" in message.body
    assert admin_user.name in message.body


def test_a_reply_read_in_time_is_not_e_mailed(room, user, admin_user, scheduled, mailoutbox):
    _reply(admin_user, room)
    services.room_mark_read(actor=user, room_id=room.pk)  # the widget showed it
    assert _after_the_delay(room) == 0
    assert mailoutbox == []


def test_a_check_run_before_its_delay_sends_nothing_and_stays_due(
    room, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    # Eager mode runs the countdown task at once: the user may still be reading.
    with django_capture_on_commit_callbacks(execute=True):
        _reply(admin_user, room)
    assert mailoutbox == []
    room.refresh_from_db()
    assert room.offline_email_due_at is not None
    assert _after_the_delay(room) == 1 and len(mailoutbox) == 1


def test_replies_in_one_window_are_one_e_mail_and_a_rerun_sends_nothing(
    room, admin_user, scheduled, mailoutbox
):
    _reply(admin_user, room, "Tin thứ nhất")
    _reply(admin_user, room, "Tin thứ hai")
    assert len(scheduled) == 1  # the second reply rides along
    assert _after_the_delay(room) == 2
    assert room_offline_email_task(room.pk) == 0  # a redelivered message
    (message,) = mailoutbox
    assert "Tin thứ nhất" in message.body and "Tin thứ hai" in message.body
    assert "2 messages" in message.subject

    _reply(admin_user, room, "Tin thứ ba")  # after the e-mail: a new window
    assert len(scheduled) == 2
    assert _after_the_delay(room) == 1
    assert "Tin thứ ba" in mailoutbox[1].body and "Tin thứ nhất" not in mailoutbox[1].body


def test_bot_answers_system_messages_and_internal_notes_are_never_e_mailed(
    room, user, admin_user, scheduled, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(actor=user, room_id=room.pk, text="How do I publish my page?")
    services.room_request_admin(actor=user, room_id=room.pk)
    _reply(admin_user, room, "Ghi chú nội bộ: khách VIP", is_internal=True)
    assert room.messages.filter(sender_type__in=["bot", "system"]).exists()
    assert scheduled == []
    assert _after_the_delay(room) == 0 and mailoutbox == []
    ChatRoom.objects.filter(pk=room.pk).update(offline_email_due_at=timezone.now())
    assert _after_the_delay(room) == 0 and mailoutbox == []

    _reply(admin_user, room, "Chào bạn")
    assert _after_the_delay(room) == 1
    (message,) = mailoutbox
    assert "Chào bạn" in message.body
    for hidden in ("khách VIP", "joined the conversation", "getting a person"):
        assert hidden not in message.body and hidden not in _html(message)
    bot = room.messages.get(sender_type="bot").message
    assert bot[:30] not in message.body


def test_chat_text_is_escaped_in_the_html_part(room, admin_user, scheduled, mailoutbox):
    _reply(admin_user, room, '<script>alert("x")</script> <a href="https://evil.example">bấm</a>')
    _after_the_delay(room)
    (message,) = mailoutbox
    html = _html(message)
    assert "<script>" not in html and 'href="https://evil.example"' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<script>alert("x")</script>' in message.body


def test_a_failing_mail_server_keeps_the_message_and_retries(room, admin_user, scheduled, settings):
    settings.EMAIL_BACKEND = FAILING
    reply = _reply(admin_user, room)
    ChatRoom.objects.filter(pk=room.pk).update(offline_email_due_at=timezone.now())
    with pytest.raises(Retry):
        room_offline_email_task.apply(args=[room.pk])
    assert ChatMessage.objects.filter(pk=reply.pk).exists()
    room.refresh_from_db()
    assert room.offline_emailed_through == 0  # the retry will send it


def test_another_users_conversation_never_appears_in_the_e_mail(
    room, user, admin_user, scheduled, mailoutbox
):
    other = UserFactory()
    other_room = services.room_open(user=other)
    _reply(admin_user, room, "Dành cho bạn")
    _reply(admin_user, other_room, "Dành cho người khác")
    _after_the_delay(room)
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert "người khác" not in message.body and other.email not in message.body
    _after_the_delay(other_room)
    assert mailoutbox[1].to == [other.email] and "Dành cho bạn" not in mailoutbox[1].body


def test_the_handoff_message_says_replies_are_e_mailed(room, user):
    services.room_request_admin(actor=user, room_id=room.pk)
    assert "by e-mail if you have left" in room.messages.get(sender_type="system").message


def test_with_no_delay_the_embedded_default_e_mails_at_once(
    room, admin_user, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        _reply(admin_user, room, "Ngay lập tức")
    (message,) = mailoutbox
    assert "Ngay lập tức" in message.body


def test_the_support_e_mail_is_in_vietnamese_by_default(
    room, admin_user, scheduled, mailoutbox, settings
):
    settings.LANGUAGE_CODE = "vi"
    _reply(admin_user, room, "Một")
    _reply(admin_user, room, "Hai")
    _after_the_delay(room)
    (message,) = mailoutbox
    assert message.subject == "Bộ phận hỗ trợ LandingHub đã trả lời bạn"
    assert "Tiếp tục cuộc trò chuyện" in message.body


def test_a_check_whose_enqueue_was_lost_is_sent_by_the_sweep_once(
    room, user, admin_user, monkeypatch, mailoutbox, settings
):
    """The broker was down when the admin replied: the check never reached a worker. The
    periodic sweep finds the room once its check is overdue and e-mails the reply once."""
    from support.tasks import offline_emails_sweep_task

    settings.SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS = 150
    monkeypatch.setattr(services, "enqueue_on_commit", lambda *args, **kwargs: None)  # lost
    _reply(admin_user, room, "Mình đã sửa xong tên miền cho bạn.")
    assert offline_emails_sweep_task() == 0  # not overdue yet: the user may still read it
    assert mailoutbox == []
    ChatRoom.objects.filter(pk=room.pk).update(
        offline_email_due_at=timezone.now() - timedelta(minutes=2)
    )
    assert offline_emails_sweep_task() == 1
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert "Mình đã sửa xong tên miền cho bạn." in message.body
    assert offline_emails_sweep_task() == 0  # done: the next sweep finds nothing
    assert len(mailoutbox) == 1
