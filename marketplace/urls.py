from django.urls import path

from . import views

app_name = "marketplace"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("my/", views.my_listings, name="my"),
    path("new/", views.listing_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.listing_edit, name="edit"),
    path("<int:pk>/like/", views.like, name="like"),
    path(
        "<int:pk>/<slug:action>/",
        views.listing_action,
        name="action",
    ),
]
