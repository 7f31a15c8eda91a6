"""Landing pages, their leads, daily view counts, custom domains and uploaded images.

``Page`` keeps the seed's field names (docs/decisions.md 1). ``project_data`` (the GrapesJS
project JSON) is what the builder edits; ``html_content``/``css_content`` are the sanitised
HTML/CSS the builder derives from it on every save, and what publishing renders.
``published_key`` points at the immutable, versioned document in storage that the published
origin serves: a new publish writes a new key and then flips the pointer, so a failed upload
never takes down the version already serving.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .serving.hosts import page_url


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Language(models.TextChoices):
        VI = "vi", "Tiếng Việt"
        EN = "en", "English"

    # The publish state. "deploy" in these names is the old word for publishing, kept because
    # they are the API's fields (and schema enum) and the database columns.
    class DeployStatus(models.TextChoices):
        NONE = "", _("Never published")
        PENDING = "pending", _("Publishing")
        OK = "ok", _("Published")
        FAILED = "failed", _("Failed")

    class Origin(models.TextChoices):
        BUILT = "built", _("Built by its owner")
        PURCHASE = "purchase", _("Bought on the marketplace")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pages"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=63, unique=True)
    html_content = models.TextField(blank=True, default="")
    css_content = models.TextField(blank=True, default="")
    js_content = models.TextField(blank=True, default="")
    project_data = models.JSONField(blank=True, default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    views = models.PositiveBigIntegerField(default=0)

    seo_title = models.CharField(max_length=200, blank=True, default="")
    seo_description = models.CharField(max_length=500, blank=True, default="")
    social_image = models.URLField(max_length=500, blank=True, default="")
    # The published page's <html lang> and the language of what the platform adds to it
    # (the thank-you message after a form is sent).
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.VI)

    deployed = models.BooleanField(default=False)
    deployed_at = models.DateTimeField(null=True, blank=True)
    url = models.URLField(max_length=300, blank=True, default="")
    custom_domain = models.CharField(max_length=253, blank=True, default="")
    version = models.PositiveIntegerField(default=0)
    published_key = models.CharField(max_length=300, blank=True, default="")
    published_etag = models.CharField(max_length=80, blank=True, default="")
    deploy_status = models.CharField(
        max_length=10, choices=DeployStatus.choices, blank=True, default=DeployStatus.NONE
    )
    deploy_error = models.CharField(max_length=500, blank=True, default="")
    # E-mail the owner about new leads (batched: at most one e-mail per page every
    # PAGES_LEAD_EMAIL_INTERVAL_SECONDS; see pages.leads.emails).
    notify_leads_by_email = models.BooleanField(default=True)
    # A bought template's copy (made on delivery) may be used but never listed for sale again.
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.BUILT)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.slug})"

    @classmethod
    def from_db(cls, db, field_names, values):
        """``url`` is derived from the slug and the published domain, which may have changed
        since it was stored (``PORT=9000 make run`` on data seeded at :8000): every page read
        carries its address as the settings give it now."""
        page = super().from_db(db, field_names, values)
        # Read through __dict__: touching a deferred field would cost a query per row.
        if "slug" in page.__dict__ and page.__dict__.get("url"):
            page.url = page_url(page.slug)
        return page

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and bool(self.published_key)


class Lead(models.Model):
    """One form submission on a published page. ``data`` holds the submitted fields as strings."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="leads")
    data = models.JSONField(default=dict)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    referrer = models.CharField(max_length=500, blank=True, default="")
    # Waiting to be e-mailed to the owner: set at insert when the page notifies, cleared by
    # the batch e-mail that lists it (pages.leads.emails). Existing rows are False.
    email_pending = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["page", "-created_at"]),
            models.Index(
                fields=["page"],
                condition=models.Q(email_pending=True),
                name="pages_lead_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"Lead {self.pk} on page {self.page_id}"


class PageViewDaily(models.Model):
    """Views per page per day, written only by the periodic flush of the cache counters."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="daily_views")
    date = models.DateField()
    views = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["page", "date"], name="pages_view_daily_unique")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} {self.date}: {self.views}"


def _verification_token() -> str:
    return secrets.token_urlsafe(24)


class CustomDomainQuerySet(models.QuerySet):
    def live(self) -> "CustomDomainQuerySet":
        """Verified domains and claims younger than ``CustomDomain.CLAIM_DAYS``."""
        cutoff = timezone.now() - timedelta(days=CustomDomain.CLAIM_DAYS)
        return self.filter(models.Q(verified_at__isnull=False) | models.Q(created_at__gte=cutoff))

    def expired(self) -> "CustomDomainQuerySet":
        cutoff = timezone.now() - timedelta(days=CustomDomain.CLAIM_DAYS)
        return self.filter(verified_at__isnull=True, created_at__lt=cutoff)


class CustomDomain(models.Model):
    """A domain the owner points at a page; it serves only once the TXT record is verified.

    Several pages (of different users) may claim the same hostname, each with its own TXT
    token: a claim proves nothing until verified, so it must not block the real owner. The
    first to verify wins and the other claims are dropped; only a verified domain is unique
    (the partial constraint below). An unverified claim expires after ``CLAIM_DAYS``.
    """

    CLAIM_DAYS = 7

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="domain")
    domain = models.CharField(max_length=253, db_index=True)
    verification_token = models.CharField(max_length=64, default=_verification_token)
    verified_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CustomDomainQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["domain"],
                condition=models.Q(verified_at__isnull=False),
                name="pages_customdomain_one_verified_per_domain",
            )
        ]

    def __str__(self) -> str:
        return self.domain

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


def _asset_path(instance: "PageAsset", filename: str) -> str:
    return f"page-assets/{instance.page_id}/{filename}"


class PageAsset(models.Model):
    """An image uploaded from the builder's asset manager, stored through the default storage."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="assets")
    file = models.FileField(upload_to=_asset_path, max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
