"""S3 (moto's server on loopback) stopped during a publish (issue 8, item 3): the previous
version keeps serving, the publish is marked failed, and it succeeds when retried once S3 is
back."""

import boto3
import pytest
from django.test import Client
from moto.server import ThreadedMotoServer

from pages.serving import origin
from tests.support import free_port

from .conftest import host_of

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

BUCKET = "landinghub-pages-fault"


@pytest.fixture
def s3_outage(settings, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    port = free_port()
    state = {"server": ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)}
    state["server"].start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    settings.CLOUDFRONT_DISTRIBUTION_ID = ""

    def stop():
        state["server"].stop()

    def start():
        state["server"] = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        state["server"].start()

    state.update(stop=stop, start=start)
    yield state
    state["server"].stop()


def _serve(page) -> str:
    return Client().get("/", headers={"host": host_of(page)}).content.decode()


def test_s3_down_during_publish_keeps_the_old_version_and_retry_succeeds(
    s3_outage, auth_client, page, publish
):
    first = publish(page)
    assert first.deploy_status == "ok" and first.version == 1
    assert "Bánh mì Cô Ba" in _serve(first)

    s3_outage["stop"]()
    auth_client.patch(
        f"/api/pages/{page.pk}", {"html_content": "<h1>Phiên bản 2</h1>"}, format="json"
    )
    failed = publish(first)
    assert failed.deploy_status == "failed" and failed.deploy_error
    assert failed.published_key == first.published_key and failed.version == 1
    assert "Bánh mì Cô Ba" in _serve(failed)  # the old version is still what visitors get

    s3_outage["start"]()
    origin._document.cache_clear()
    retried = publish(failed)
    assert retried.deploy_status == "ok" and retried.version == 2
    assert "Phiên bản 2" in _serve(retried)
