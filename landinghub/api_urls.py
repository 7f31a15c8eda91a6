"""Everything under ``/api/``. Each app contributes its own ``api/urls.py``."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from landinghub.api.errors import api_not_found
from landinghub.api.routes import api_path

urlpatterns = [
    api_path("schema", SpectacularAPIView.as_view(), "schema"),
    api_path("docs", SpectacularSwaggerView.as_view(url_name="api:schema"), "docs"),
    path("", include("accounts.api.urls")),
    path("", include("pages.api.urls")),
    path("", include("marketplace.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("payments.api.urls")),
    path("", include("dashboard.api_urls")),
    path("", include("support.api.urls")),
    # Last: any other /api/ path is the 404 envelope, with DEBUG on too.
    re_path(r"^.*$", api_not_found, name="not-found"),
]
