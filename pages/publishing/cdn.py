"""The CDN in front of the bucket (CloudFront), when ``CLOUDFRONT_DISTRIBUTION_ID`` is set.

A distribution whose origin is the bucket serves a stable copy of each published page at
``sites/<slug>/index.html``; publishing rewrites it and invalidates the page's paths, and a
page that stops serving at a slug has its copy deleted and invalidated.
"""

import time

import boto3
from django.conf import settings
from django.core.files.storage import default_storage


def stable_copy_key(slug: str) -> str:
    return f"sites/{slug}/index.html"


def stable_copy_delete(slug: str) -> None:
    """Remove the CDN's copy of a page that no longer serves at ``slug`` (then invalidate)."""
    key = stable_copy_key(slug)
    if default_storage.exists(key):
        default_storage.delete(key)


def cloudfront_invalidate(slug: str) -> str | None:
    """Invalidate a page's paths on the CDN; returns the invalidation id (None when off)."""
    if not settings.CLOUDFRONT_DISTRIBUTION_ID:
        return None
    client = boto3.client(
        "cloudfront",
        endpoint_url=settings.CLOUDFRONT_ENDPOINT_URL,
        region_name="us-east-1",
    )
    response = client.create_invalidation(
        DistributionId=settings.CLOUDFRONT_DISTRIBUTION_ID,
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": [f"/sites/{slug}/*"]},
            "CallerReference": f"page-{slug}-{time.time_ns()}",
        },
    )
    return response["Invalidation"]["Id"]
