"""Staff moderation: the review queue, a sandboxed preview, approve/reject with a reason."""

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landinghub.exceptions import ApplicationError

from . import services
from .forms import ReviewForm
from .models import Category, ListingRevision, ListingScreenshot, MarketplacePage, Tag
from .preview import preview_url


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_vi", "name_en", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Listings are found by their category's names: their search text follows a rename.
        services.listing_search_text_refresh(listings=obj.listings.all())


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "name_vi", "name_en"]
    search_fields = ["name", "name_vi", "name_en"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.listing_search_text_refresh(listings=obj.listings.all())


class ReviewQueueFilter(admin.SimpleListFilter):
    title = gettext_lazy("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("pending", _("Waiting for review"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(revisions__status=ListingRevision.Status.PENDING).distinct()
        return queryset


class ScreenshotInline(admin.TabularInline):
    model = ListingScreenshot
    extra = 0
    fields = ["thumb", "source", "position"]
    readonly_fields = ["thumb", "source"]

    @admin.display(description=gettext_lazy("image"))
    def thumb(self, obj: ListingScreenshot) -> str:
        return format_html(
            '<img src="{}" style="height:60px;border-radius:6px">', obj.thumbnail.url
        )


class RevisionInline(admin.TabularInline):
    model = ListingRevision
    extra = 0
    can_delete = False
    fields = [
        "number",
        "status",
        "title",
        "price",
        "rejection_reason",
        "reviewed_by",
        "reviewed_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MarketplacePage)
class MarketplacePageAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "seller",
        "category",
        "price",
        "status",
        "pending",
        "sold_count",
        "created_at",
    ]
    list_filter = [ReviewQueueFilter, "status", "category"]
    search_fields = ["title", "seller__email"]
    list_select_related = ["seller", "category"]
    readonly_fields = [
        "seller",
        "page",
        "views",
        "likes",
        "sold_count",
        "approved_revision",
        "approved_at",
    ]
    exclude = ["main_screenshot", "search_text"]
    inlines = [RevisionInline, ScreenshotInline]
    # No bulk "approve": a decision names the revision the reviewer saw (see review_view).
    change_form_template = "admin/marketplace/marketplacepage/change_form.html"

    def has_add_permission(self, request) -> bool:
        return False  # sellers create listings; staff review them

    @admin.display(boolean=True, description=gettext_lazy("Waiting for review"))
    def pending(self, obj: MarketplacePage) -> bool:
        return any(r.status == ListingRevision.Status.PENDING for r in obj.revisions.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("revisions")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # The queue opens on what needs a decision.
        if not request.GET and not request.POST:
            return HttpResponseRedirect(f"{request.path}?review=pending")
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [path("<int:pk>/review/", review, name="marketplace_review"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        listing = get_object_or_404(MarketplacePage, pk=object_id)
        pending = listing.revisions.filter(status=ListingRevision.Status.PENDING).first()
        shown = pending or listing.approved_revision
        extra = {
            "pending_revision": pending,
            "shown_script": shown.js_content if shown else "",
            "preview_src": preview_url(revision_id=shown.pk) if shown else None,
            "review_form": ReviewForm(initial={"revision": pending.number if pending else None}),
            "review_url": reverse("admin:marketplace_review", args=[listing.pk]),
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        listing = get_object_or_404(MarketplacePage, pk=pk)
        change_url = reverse("admin:marketplace_marketplacepage_change", args=[pk])
        if not self.has_change_permission(request, listing):
            return HttpResponseRedirect(change_url)
        pending = listing.revisions.filter(status=ListingRevision.Status.PENDING).first()
        form = ReviewForm(request.POST or None, initial={"revision": pending and pending.number})
        if request.method == "POST" and form.is_valid():
            try:
                services.listing_review(
                    listing=listing,
                    reviewer=request.user,
                    approve=form.cleaned_data["decision"] == "approve",
                    revision_number=form.cleaned_data["revision"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Review saved: %(title)s") % {"title": listing.title},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:marketplace_marketplacepage_changelist"))
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "listing": listing,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/marketplace/review_form.html", context)
