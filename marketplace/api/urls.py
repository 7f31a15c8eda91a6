from landinghub.api.routes import api_path

from . import views

ID = r"(?P<pk>[0-9]+)"

urlpatterns = [
    api_path("marketplace", views.ListingListCreateApi.as_view(), "marketplace-list"),
    api_path("marketplace/categories", views.CategoryListApi.as_view(), "marketplace-categories"),
    api_path("marketplace/my/pages", views.MyListingsApi.as_view(), "marketplace-my"),
    api_path(f"marketplace/{ID}", views.ListingDetailApi.as_view(), "marketplace-detail"),
    api_path(f"marketplace/{ID}/submit", views.ListingSubmitApi.as_view(), "marketplace-submit"),
    api_path(f"marketplace/{ID}/review", views.ListingReviewApi.as_view(), "marketplace-review"),
    api_path(f"marketplace/{ID}/like", views.ListingLikeApi.as_view(), "marketplace-like"),
    api_path(
        f"marketplace/{ID}/screenshots",
        views.ListingScreenshotsApi.as_view(),
        "marketplace-screenshots",
    ),
    api_path(
        f"marketplace/{ID}/screenshots/(?P<shot_id>[0-9]+)",
        views.ListingScreenshotDeleteApi.as_view(),
        "marketplace-screenshot-delete",
    ),
]
