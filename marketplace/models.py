"""Marketplace listings: a seller offers one of their pages as a template.

A listing's *content* is never the live page: buyers get a frozen ``ListingRevision`` (the
page's project JSON, sanitised HTML/CSS and its assets) taken when the seller submits it for
review. ``approved_revision`` is what is on sale; editing an ACTIVE listing produces a new
revision that waits for review while the approved one stays on sale.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The widest range a gateway takes (MoMo captureWallet, 1,000 to 50,000,000 VND), so every
# price can be paid somehow; VNPay starts at 5,000 VND, and the checkout offers a gateway only
# for the prices it takes (payments.limits; the figures and their sources: docs/payments.md).
PRICE_MIN_VND = 1_000
PRICE_MAX_VND = 50_000_000


def _in_language(vi: str, en: str) -> str:
    """The name in the active language (English for any ``en*``), else the other one."""
    if (get_language() or "").startswith("en"):
        return en or vi
    return vi or en


class Category(models.Model):
    """The fixed set of categories, managed by staff in the admin, named in both languages."""

    name_vi = models.CharField(_("Vietnamese name"), max_length=80, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_vi, self.name_en)


class Tag(models.Model):
    """``name`` is the tag as sellers type it (and the ``?tag=`` filter); staff may name it in
    both languages so that it reads, and is found, in either."""

    name = models.CharField(max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=40, blank=True, default="")
    name_en = models.CharField(_("English name"), max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return _in_language(self.name_vi, self.name_en) or self.name

    def search_words(self) -> list[str]:
        return [self.name, self.name_vi, self.name_en]


class RejectionReason(models.TextChoices):
    QUALITY = "quality", _("Design or build quality is below the bar")
    BROKEN = "broken", _("Broken links, images or forms")
    RIGHTS = "rights", _("Images, fonts or text without the rights to sell them")
    PROHIBITED = "prohibited", _("Prohibited content")
    MISLEADING = "misleading", _("Title, description or screenshots do not match the page")
    OTHER = "other", _("Other")


class MarketplacePage(models.Model):
    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draft")
        PENDING = "PENDING", _("Pending review")
        ACTIVE = "ACTIVE", _("Active")
        REJECTED = "REJECTED", _("Rejected")
        ARCHIVED = "ARCHIVED", _("Archived")

    page = models.ForeignKey(
        "pages.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="listings"
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listings"
    )
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=5000, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="listings")
    price = models.PositiveIntegerField(help_text="VND; 0 means free")
    tags = models.ManyToManyField(Tag, blank=True, related_name="listings")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.CharField(
        max_length=20, choices=RejectionReason.choices, blank=True, default=""
    )
    rejection_note = models.TextField(blank=True, default="")
    main_screenshot = models.ForeignKey(
        "ListingScreenshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_revision = models.ForeignKey(
        "ListingRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    views = models.PositiveIntegerField(default=0)
    likes = models.PositiveIntegerField(default=0)
    sold_count = models.PositiveIntegerField(default=0)
    search_text = models.TextField(blank=True, default="", editable=False)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("marketplace page")
        verbose_name_plural = _("marketplace pages")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-approved_at"], name="mkt_status_newest"),
            models.Index(fields=["status", "-likes"], name="mkt_status_popular"),
            models.Index(fields=["status", "price"], name="mkt_status_price"),
            models.Index(fields=["status", "-sold_count"], name="mkt_status_sold"),
            models.Index(fields=["seller", "-created_at"], name="mkt_seller_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price=0)
                | models.Q(price__gte=PRICE_MIN_VND, price__lte=PRICE_MAX_VND),
                name="mkt_price_within_gateway_limits",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.price == 0


class ListingRevision(models.Model):
    """A frozen copy of the page (and the listing's text) as submitted for review."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Pending review")
        APPROVED = "APPROVED", _("Approved")
        REJECTED = "REJECTED", _("Rejected")
        SUPERSEDED = "SUPERSEDED", _("Superseded")

    listing = models.ForeignKey(MarketplacePage, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    price = models.PositiveIntegerField()
    tags = models.JSONField(default=list, blank=True)
    project_data = models.JSONField(default=dict, blank=True)
    html_content = models.TextField(blank=True)
    css_content = models.TextField(blank=True)
    js_content = models.TextField(blank=True, default="")
    # [{"name": "hero.jpg", "path": "<storage key>", "content_type": "image/jpeg"}]
    assets = models.JSONField(default=list, blank=True)
    rejection_reason = models.CharField(
        max_length=20, choices=RejectionReason.choices, blank=True, default=""
    )
    rejection_note = models.TextField(blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "number"], name="mkt_revision_number"),
            # At most one revision per listing waits for review.
            models.UniqueConstraint(
                fields=["listing"],
                condition=models.Q(status="PENDING"),
                name="mkt_one_pending_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} r{self.number}"


def _screenshot_path(instance: "ListingScreenshot", filename: str) -> str:
    return f"marketplace/{instance.listing_id}/screenshots/{filename}"


class ListingScreenshot(models.Model):
    class Source(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded by the seller")
        GENERATED = "generated", _("Generated from the snapshot")

    listing = models.ForeignKey(
        MarketplacePage, on_delete=models.CASCADE, related_name="screenshots"
    )
    image = models.ImageField(
        upload_to=_screenshot_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(upload_to=_screenshot_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOADED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.listing_id} #{self.position}"


class ListingLike(models.Model):
    listing = models.ForeignKey(MarketplacePage, on_delete=models.CASCADE, related_name="like_set")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["listing", "user"], name="mkt_one_like_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.listing_id}"
