"""Publishing through django-storages' S3 backend to moto's server on loopback, with the real
boto3 client over HTTP, including the CloudFront invalidation."""

import uuid

import boto3
import pytest
from django.test import Client
from moto.server import ThreadedMotoServer

from pages.tasks import page_cdn_withdraw_task

from .conftest import host_of

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

BUCKET = "landinghub-pages-test"


@pytest.fixture(scope="module")
def moto_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_settings(settings, moto_endpoint, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    cloudfront = boto3.client("cloudfront", endpoint_url=moto_endpoint, region_name="us-east-1")
    distribution = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": f"pages-test-{uuid.uuid4()}",
            "Comment": "",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [{"Id": "s3", "DomainName": f"{BUCKET}.s3.amazonaws.com",
                           "S3OriginConfig": {"OriginAccessIdentity": ""}}],
            },
            "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "allow-all",
                                     "MinTTL": 0, "ForwardedValues": {"QueryString": False,
                                     "Cookies": {"Forward": "none"}}},
        }
    )["Distribution"]  # fmt: skip
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": moto_endpoint,
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    settings.CLOUDFRONT_DISTRIBUTION_ID = distribution["Id"]
    settings.CLOUDFRONT_ENDPOINT_URL = moto_endpoint
    yield {"s3": s3, "cloudfront": cloudfront, "distribution": distribution["Id"]}
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=item["Key"])
    s3.delete_bucket(Bucket=BUCKET)


def test_publish_writes_to_s3_and_invalidates_cloudfront(page, publish, s3_settings):
    published = publish(page)
    assert published.deploy_status == "ok"
    s3, cloudfront = s3_settings["s3"], s3_settings["cloudfront"]
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert published.published_key in keys
    assert f"sites/{page.slug}/index.html" in keys
    body = s3.get_object(Bucket=BUCKET, Key=published.published_key)["Body"].read().decode()
    assert "<h1>Bánh mì Cô Ba</h1>" in body
    invalidations = cloudfront.list_invalidations(DistributionId=s3_settings["distribution"])
    items = invalidations["InvalidationList"]["Items"]
    assert len(items) == 1
    detail = cloudfront.get_invalidation(
        DistributionId=s3_settings["distribution"], Id=items[0]["Id"]
    )["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]
    assert detail == [f"/sites/{page.slug}/*"]
    # The published origin reads the document back from S3.
    response = Client().get("/", headers={"host": host_of(published)})
    assert response.status_code == 200
    assert "Bánh mì Cô Ba" in response.content.decode()


def test_s3_failure_keeps_previous_version(auth_client, page, publish, s3_settings, settings):
    first = publish(page)
    auth_client.patch(f"/api/pages/{page.pk}", {"html_content": "<h1>v2</h1>"}, format="json")
    settings.STORAGES["default"]["OPTIONS"]["bucket_name"] = "no-such-bucket"
    settings.STORAGES = {**settings.STORAGES}
    second = publish(first)
    assert second.deploy_status == "failed"
    assert second.published_key == first.published_key and second.version == 1
    settings.STORAGES["default"]["OPTIONS"]["bucket_name"] = BUCKET
    settings.STORAGES = {**settings.STORAGES}
    body = Client().get("/", headers={"host": host_of(second)}).content.decode()
    assert "Bánh mì Cô Ba" in body and "v2" not in body


def _invalidated_paths(s3_settings) -> list[list[str]]:
    cloudfront, distribution = s3_settings["cloudfront"], s3_settings["distribution"]
    items = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]
    return [
        cloudfront.get_invalidation(DistributionId=distribution, Id=item["Id"])["Invalidation"][
            "InvalidationBatch"
        ]["Paths"]["Items"]
        for item in items.get("Items", [])
    ]


def _keys(s3_settings) -> set[str]:
    listed = s3_settings["s3"].list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {item["Key"] for item in listed}


def test_unpublish_takes_the_cdn_copy_down_and_invalidates(
    auth_client, page, publish, s3_settings, django_capture_on_commit_callbacks
):
    publish(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(f"/api/pages/{page.pk}/unpublish")
    assert response.status_code == 200
    assert f"sites/{page.slug}/index.html" not in _keys(s3_settings)
    assert _invalidated_paths(s3_settings) == [[f"/sites/{page.slug}/*"]] * 2
    assert Client().get("/", headers={"host": host_of(page)}).status_code == 404


def test_slug_change_takes_the_old_cdn_copy_down(
    auth_client, page, publish, s3_settings, django_capture_on_commit_callbacks
):
    old = publish(page).slug
    with django_capture_on_commit_callbacks(execute=True):
        auth_client.patch(f"/api/pages/{page.pk}", {"slug": "new-address"}, format="json")
    assert f"sites/{old}/index.html" not in _keys(s3_settings)
    assert [f"/sites/{old}/*"] in _invalidated_paths(s3_settings)


def test_cdn_withdraw_leaves_a_page_that_serves_again(page, publish, s3_settings):
    publish(page)
    assert page_cdn_withdraw_task.delay(page.slug).get() is False
    assert f"sites/{page.slug}/index.html" in _keys(s3_settings)
