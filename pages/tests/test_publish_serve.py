import pytest
from django.core.files.storage import FileSystemStorage
from django.test import Client

from pages.models import Page

from .conftest import host_of
from .factories import PageFactory

pytestmark = pytest.mark.django_db


def _get(page, path="/", **headers):
    return Client().get(path, headers={"host": host_of(page), **headers})


def test_deploy_api_publishes_and_emits_page_deployed(
    auth_client, page, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "landinghub.realtime.events.send_to_user", lambda *args: sent.append(args) or True
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(f"/api/pages/{page.pk}/deploy")
    assert response.status_code == 202
    page.refresh_from_db()
    assert page.status == Page.Status.PUBLISHED and page.deployed and page.deployed_at
    assert page.version == 1 and page.deploy_status == "ok"
    assert page.url == f"http://{page.slug}.pages.localhost:8000/"
    assert (page.owner_id, "page:deployed") == sent[-1][:2]
    assert sent[-1][2]["status"] == "ok"


def test_published_page_is_served_on_its_own_origin(published):
    response = _get(published)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Bánh mì Cô Ba</h1>" in body
    assert f"<title>{published.title}</title>" in body
    assert 'property="og:title"' in body
    assert 'action="/_leads" method="post" data-lh-form' in body
    assert 'name="_hp"' in body
    assert ".hero{padding:40px" in body
    assert response["ETag"] and response["Last-Modified"]
    assert response["Cache-Control"] == "public, no-cache"
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    assert "frame-ancestors" in csp
    assert not response.cookies
    assert "Set-Cookie" not in response


def test_published_page_answers_304_to_its_etag(published):
    first = _get(published)
    again = _get(published, **{"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = _get(published, **{"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304


def test_published_origin_ignores_app_session(published, client, user):
    client.force_login(user)
    response = client.get("/", headers={"host": host_of(published)})
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_js_content_only_on_published_origin(auth_client, page, publish):
    auth_client.patch(f"/api/pages/{page.pk}", {"js_content": "console.log('hi')</script>"})
    published = publish(page)
    body = _get(published).content.decode()
    assert "console.log('hi')<\\/script>" in body
    app_body = auth_client.get(f"/api/pages/{page.pk}").content.decode()
    assert "<script>console" not in app_body


def test_unknown_hosts_get_the_404_page(published):
    for host in ("nope.pages.localhost:8000", "pages.localhost:8000", "evil.example.com"):
        response = Client().get("/", headers={"host": host})
        assert response.status_code == 404
        assert "not published" in response.content.decode()
        assert not response.cookies


def test_unknown_path_on_published_origin_is_404(published):
    assert _get(published, "/admin/").status_code == 404


def test_app_hosts_still_reach_the_app(client):
    assert client.get("/healthz").status_code == 200


def test_unpublish_removes_page_from_serving(
    auth_client, published, django_capture_on_commit_callbacks
):
    assert _get(published).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(f"/api/pages/{published.pk}/unpublish")
    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert _get(published).status_code == 404


def test_republish_serves_new_version(auth_client, published, publish):
    auth_client.patch(f"/api/pages/{published.pk}", {"html_content": "<h1>Phiên bản 2</h1>"})
    page = publish(published)
    assert page.version == 2
    assert "Phiên bản 2" in _get(page).content.decode()


def test_slug_change_moves_the_published_host(
    auth_client, published, publish, django_capture_on_commit_callbacks
):
    old = host_of(published)
    assert Client().get("/", headers={"host": old}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        auth_client.patch(f"/api/pages/{published.pk}", {"slug": "dia-chi-moi"}, format="json")
    publish(Page.objects.get(pk=published.pk))
    assert Client().get("/", headers={"host": old}).status_code == 404
    assert Client().get("/", headers={"host": "dia-chi-moi.pages.localhost"}).status_code == 200


class BrokenStorage(FileSystemStorage):
    def _save(self, name, content):
        raise OSError("disk full")


def test_storage_failure_keeps_previous_version_and_reports(
    auth_client, published, publish, settings, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "landinghub.realtime.events.send_to_user", lambda *args: sent.append(args) or True
    )
    auth_client.patch(f"/api/pages/{published.pk}", {"html_content": "<h1>Broken v2</h1>"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "pages.tests.test_publish_serve.BrokenStorage"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(f"/api/pages/{published.pk}/deploy")
    assert response.status_code == 202
    page = Page.objects.get(pk=published.pk)
    assert page.deploy_status == "failed"
    assert "Storage error" in page.deploy_error
    assert page.version == 1 and page.published_key == published.published_key
    assert sent[-1][2]["status"] == "failed"
    detail = auth_client.get(f"/api/pages/{page.pk}").json()
    assert detail["deploy_status"] == "failed" and detail["deploy_error"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    body = _get(page).content.decode()
    assert "Bánh mì Cô Ba" in body and "Broken v2" not in body


def test_deploy_empty_page_is_400(auth_client, user):
    page = PageFactory(owner=user, html_content="", project_data={})
    response = auth_client.post(f"/api/pages/{page.pk}/deploy")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "page_empty"


_PRODUCTION_TRANSPORT = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
}


def test_published_page_redirects_to_https_and_carries_hsts_behind_the_proxy(published):
    """Production's transport rules reach the published origin too (it answers before
    SecurityMiddleware): plain HTTP is redirected to HTTPS on the same host, and an HTTPS
    request (told by the proxy's X-Forwarded-Proto) gets HSTS."""
    from django.test import override_settings

    host = host_of(published).split(":")[0]
    with override_settings(**_PRODUCTION_TRANSPORT):
        plain = _get(published, "/?a=1")
        secure = _get(published, **{"x-forwarded-proto": "https"})
    assert plain.status_code == 301
    assert plain["Location"] == f"https://{host}/?a=1"
    assert secure.status_code == 200 and "Bánh mì Cô Ba" in secure.content.decode()
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_sweep_publishes_a_page_whose_publish_enqueue_was_lost(auth_client, page, settings):
    """The broker was down when the owner pressed Publish: the request still answers 202 and
    the page stays 'pending'; the periodic sweep re-enqueues the publish once it is old enough,
    the page is published, and a later sweep finds nothing."""
    from datetime import timedelta

    from django.utils import timezone

    from pages import services, tasks

    settings.PAGES_PUBLISH_SWEEP_AFTER_MINUTES = 10
    response = auth_client.post(f"/api/pages/{page.pk}/deploy")  # on_commit never runs here
    assert response.status_code == 202
    page.refresh_from_db()
    assert page.deploy_status == "pending" and not page.deployed
    assert services.pages_publish_sweep() == 0  # too fresh: the normal path may still run
    Page.objects.filter(pk=page.pk).update(updated_at=timezone.now() - timedelta(minutes=11))
    assert tasks.pages_publish_sweep_task() == 1
    page.refresh_from_db()
    assert page.deploy_status == "ok" and page.deployed and page.version == 1
    assert _get(page).status_code == 200
    assert services.pages_publish_sweep() == 0


def test_the_old_task_names_still_publish_for_messages_queued_before_the_rename(page, settings):
    """The publish tasks were called "deploy" before: a message queued under an old registered
    name (by the last release's web process or beat) is still consumed, for one release."""
    from landinghub.celery import app
    from pages import tasks

    assert app.tasks["pages.tasks.page_deploy_task"].name == tasks.page_deploy_task.name
    assert app.tasks["pages.deploy_sweep"].name == tasks.pages_deploy_sweep_task.name
    assert tasks.page_publish_task.name == "pages.publish"
    beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "pages.publish_sweep" in beat and "pages.deploy_sweep" not in beat
    assert tasks.page_deploy_task(page.pk) is True
    page.refresh_from_db()
    assert page.deploy_status == "ok" and page.version == 1
    assert tasks.pages_deploy_sweep_task() == 0
