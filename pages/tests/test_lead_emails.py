"""The page owner's e-mail about new leads: per-page switch, batched so that a flood of posts
gives one e-mail per interval, escaped, and the lead is stored whatever the mail server does."""

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from landinghub.tests.mail_backends import FAILING
from pages.leads import emails as lead_emails
from pages.models import Lead
from pages.tasks import lead_email_send_task

from .conftest import host_of
from .factories import PageFactory

pytestmark = pytest.mark.django_db


def _post(page, data, ip):
    return Client(REMOTE_ADDR=ip).post(
        "/_leads", data, headers={"host": host_of(page), "accept": "application/json"}
    )


@pytest.fixture
def scheduled(monkeypatch):
    """What a worker would be given: (task name, args, countdown), instead of running it."""
    calls = []

    def fake_enqueue(task, *args, countdown=None, **kwargs):
        calls.append((task.name, args, countdown))
        return True

    monkeypatch.setattr("pages.services.enqueue", fake_enqueue)
    return calls


def _html(message) -> str:
    (body, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return body


def test_a_lead_schedules_one_e_mail_to_the_owner_after_the_interval(
    published, scheduled, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://landinghub.vn"
    settings.PAGES_LEAD_EMAIL_INTERVAL_SECONDS = 240
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            _post(published, {"name": "Lan", "phone": "0901234567"}, "198.51.100.1").status_code
            == 201
        )
    assert scheduled == [("pages.lead_email_send", (published.pk,), 240)]
    assert mailoutbox == []  # not before the task runs
    assert lead_email_send_task(published.pk) == 1
    (message,) = mailoutbox
    assert message.to == [published.owner.email]
    assert published.title in message.subject and "1 new lead" in message.subject
    for shown in (
        "name: Lan",
        "phone: 0901234567",
        f"https://landinghub.vn/pages/{published.pk}/leads",
    ):
        assert shown in message.body
    assert "0901234567" in _html(message)


def test_a_flood_of_leads_is_one_e_mail_per_interval(
    published, scheduled, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):  # from three addresses, so the per-IP limit lets them all in
            assert (
                _post(published, {"email": f"lead{i}@example.com"}, f"198.51.100.{i}").status_code
                == 201
            )
    assert len(scheduled) == 1  # the later leads ride along with the e-mail already due
    assert lead_email_send_task(published.pk) == 3
    assert lead_email_send_task(published.pk) == 0  # a rerun (redelivered message) sends nothing
    (message,) = mailoutbox
    assert "3 new leads" in message.subject
    assert all(f"lead{i}@example.com" in message.body for i in range(3))
    assert Lead.objects.filter(page=published).count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        _post(published, {"email": "later@example.com"}, "198.51.100.9")
    assert len(scheduled) == 2  # the next lead after the e-mail starts the next interval
    assert lead_email_send_task(published.pk) == 1
    assert len(mailoutbox) == 2 and "later@example.com" in mailoutbox[1].body


def test_a_huge_flood_lists_twenty_leads_and_counts_the_rest(published, mailoutbox):
    for i in range(25):
        Lead.objects.create(page=published, data={"n": f"lead-{i:02d}"}, email_pending=True)
    assert lead_email_send_task(published.pk) == 25
    (message,) = mailoutbox
    assert "25 new leads" in message.subject and "5 more" in message.body
    assert "lead-24" in message.body and "lead-04" not in message.body


def test_the_page_setting_turns_lead_e_mails_off(
    published, scheduled, mailoutbox, auth_client, django_capture_on_commit_callbacks
):
    response = auth_client.patch(
        f"/api/pages/{published.pk}", {"notify_leads_by_email": False}, format="json"
    )
    assert response.status_code == 200 and response.json()["notify_leads_by_email"] is False
    renamed = auth_client.patch(f"/api/pages/{published.pk}", {"title": "Mới"}, format="json")
    assert renamed.json()["notify_leads_by_email"] is False  # a partial update keeps it
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(published, {"email": "a@b.vn"}, "198.51.100.1").status_code == 201
    assert Lead.objects.filter(page=published).count() == 1  # stored all the same
    assert scheduled == []
    assert lead_email_send_task(published.pk) == 0 and mailoutbox == []


def test_leads_pending_when_the_owner_turns_it_off_are_not_sent(published, mailoutbox, auth_client):
    Lead.objects.create(page=published, data={"email": "a@b.vn"}, email_pending=True)
    auth_client.patch(f"/api/pages/{published.pk}", {"notify_leads_by_email": False}, format="json")
    assert lead_email_send_task(published.pk) == 0 and mailoutbox == []


def test_lead_e_mails_are_on_by_default_and_set_over_the_api(auth_client, user):
    created = auth_client.post("/api/pages", {"title": "Mới"}, format="json").json()
    assert created["notify_leads_by_email"] is True
    off = auth_client.post(
        "/api/pages", {"title": "Tắt", "notify_leads_by_email": False}, format="json"
    ).json()
    assert off["notify_leads_by_email"] is False


def test_the_builder_settings_panel_has_the_switch(client, user):
    page = PageFactory(owner=user, notify_leads_by_email=False)
    client.force_login(user)
    html = client.get(f"/pages/{page.pk}/edit").content.decode()
    assert 'name="notify_leads_by_email"' in html
    assert 'data-testid="notify-leads">' in html  # unchecked: no "checked" attribute


def test_a_failing_mail_server_keeps_the_lead_and_retries_it(
    published, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):  # eager: the task runs and fails
        response = _post(published, {"email": "kept@example.com"}, "198.51.100.1")
    assert response.status_code == 201
    lead = Lead.objects.get(page=published)
    assert lead.data == {"email": "kept@example.com"}
    assert lead.email_pending  # put back for the retry
    assert lead_emails.marker_set(published.pk)  # nothing is due: the next lead schedules again


def test_lead_fields_are_escaped_in_the_html_part(published, mailoutbox):
    Lead.objects.create(
        page=published,
        data={"<b>name</b>": '<script>alert("x")</script>', "note": "<img src=x onerror=alert(1)>"},
        email_pending=True,
    )
    lead_email_send_task(published.pk)
    (message,) = mailoutbox
    html = _html(message)
    assert "<script>" not in html and "<img src=x" not in html and "<b>name" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<script>alert("x")</script>' in message.body  # the text part shows what was typed


def test_another_owners_leads_never_appear_in_the_e_mail(published, mailoutbox):
    other = PageFactory(owner=UserFactory(), title="Trang người khác")
    Lead.objects.create(page=published, data={"email": "mine@example.com"}, email_pending=True)
    Lead.objects.create(page=other, data={"email": "theirs@example.com"}, email_pending=True)
    assert lead_email_send_task(published.pk) == 1
    (message,) = mailoutbox
    assert message.to == [published.owner.email]
    text = message.body + _html(message)
    assert "theirs@example.com" not in text and "người khác" not in text
    assert Lead.objects.get(page=other).email_pending  # still waiting for its own e-mail


def test_without_a_worker_the_embedded_default_sends_at_once(
    published, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(published, {"email": "now@example.com"}, "198.51.100.1")
    (message,) = mailoutbox
    assert "now@example.com" in message.body


def test_the_lead_e_mail_is_in_vietnamese_by_default(published, mailoutbox, settings):
    settings.LANGUAGE_CODE = "vi"
    for i in range(2):
        Lead.objects.create(page=published, data={"email": f"{i}@b.vn"}, email_pending=True)
    lead_email_send_task(published.pk)
    (message,) = mailoutbox
    assert message.subject == f"2 khách hàng tiềm năng mới trên “{published.title}”"
    assert "Xin chào" in message.body and "Tất cả khách hàng tiềm năng" in message.body


def test_leads_whose_e_mail_task_was_lost_are_sent_by_the_sweep_once(
    published, monkeypatch, mailoutbox, settings, django_capture_on_commit_callbacks
):
    """The broker was down when the leads came: their e-mail task never reached a worker.
    The periodic sweep finds the overdue leads and sends one e-mail listing them."""
    from datetime import timedelta

    from django.utils import timezone

    from pages.tasks import lead_emails_sweep_task

    settings.PAGES_LEAD_EMAIL_INTERVAL_SECONDS = 240
    monkeypatch.setattr("pages.services.enqueue", lambda *args, **kwargs: False)  # lost
    with django_capture_on_commit_callbacks(execute=True):
        for i, ip in enumerate(("198.51.100.1", "198.51.100.2")):
            assert _post(published, {"name": f"Lan {i}"}, ip).status_code == 201
    assert lead_emails_sweep_task() == 0  # not overdue yet
    assert mailoutbox == []
    Lead.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    assert lead_emails_sweep_task() == 1
    (message,) = mailoutbox
    assert message.to == [published.owner.email]
    assert "2 new leads" in message.subject
    assert lead_emails_sweep_task() == 0
    assert len(mailoutbox) == 1
