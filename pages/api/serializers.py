from rest_framework import serializers

from pages import selectors
from pages.domains.custom_domains import dns_records, domain_public_url
from pages.models import CustomDomain, Lead, Page, PageAsset

PAGE_FIELDS = [
    "id", "title", "slug", "status", "url", "custom_domain", "deployed", "deployed_at",
    "version", "deploy_status", "deploy_error", "seo_title", "seo_description", "social_image",
    "notify_leads_by_email", "language", "created_at", "updated_at",
]  # fmt: skip
CONTENT_FIELDS = ["html_content", "css_content", "js_content", "project_data"]


class PageOutputSerializer(serializers.ModelSerializer):
    stats = serializers.SerializerMethodField()

    class Meta:
        model = Page
        fields = [*PAGE_FIELDS, "stats"]

    def get_stats(self, page: Page) -> dict:
        return selectors.page_stats(page)


class PageDetailOutputSerializer(PageOutputSerializer):
    class Meta:
        model = Page
        fields = [*PAGE_FIELDS, "stats", *CONTENT_FIELDS]


class PageInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    slug = serializers.CharField(max_length=200, required=False, allow_blank=True)
    template = serializers.CharField(max_length=50, required=False, allow_blank=True)
    html_content = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    css_content = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    js_content = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    project_data = serializers.JSONField(required=False)
    seo_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    seo_description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    social_image = serializers.URLField(max_length=500, required=False, allow_blank=True)
    notify_leads_by_email = serializers.BooleanField(
        required=False,
        default=True,
        help_text="E-mail the owner about new leads (batched, at most one e-mail per page "
        "every PAGES_LEAD_EMAIL_INTERVAL_SECONDS).",
    )

    language = serializers.ChoiceField(
        choices=Page.Language.choices,
        required=False,
        help_text="The published page's language: its <html lang> and thank-you message.",
    )

    def validate_project_data(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("Expected the builder's project JSON object.")
        return value

    def validate_slug(self, value: str) -> str:
        return value.strip().lower()


class LeadOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lead
        fields = ["id", "data", "created_at", "ip_address", "user_agent", "referrer"]


class AssetOutputSerializer(serializers.ModelSerializer):
    src = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField()

    class Meta:
        model = PageAsset
        fields = ["id", "src", "type", "name", "width", "height", "size", "content_type"]

    def get_src(self, asset: PageAsset) -> str:
        return asset.file.url

    def get_type(self, asset: PageAsset) -> str:
        return "image"


class DomainInputSerializer(serializers.Serializer):
    domain = serializers.CharField(max_length=253)


class DomainOutputSerializer(serializers.ModelSerializer):
    verified = serializers.BooleanField(source="is_verified")
    records = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = CustomDomain
        fields = ["domain", "verified", "verified_at", "last_checked_at", "records", "url"]

    def get_records(self, domain: CustomDomain) -> list[dict]:
        return dns_records(domain)

    def get_url(self, domain: CustomDomain) -> str:
        return domain_public_url(domain)


class StarterOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()


class StarterListOutputSerializer(serializers.Serializer):
    results = StarterOutputSerializer(many=True)
