from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from dashboard.views import admin_dashboard, home
from landinghub import views
from pages import views as pages_views

# The admin names the product, not the framework ("Django administration").
admin.site.site_header = _("LandingHub admin")
admin.site.site_title = _("LandingHub admin")
admin.site.index_title = _("Site administration")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/dashboard/", admin_dashboard, name="admin-dashboard"),
    path("admin/", admin.site.urls),
    path("dashboard/", include("dashboard.urls")),
    path("accounts/", include("accounts.urls")),
    path("pages/", include("pages.urls")),
    path("marketplace/", include("marketplace.urls")),
    path("orders/", include("orders.urls")),
    path("payments/", include("payments.urls")),
    path("api/", include(("landinghub.api_urls", "api"), namespace="api")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Uploaded images when storage is the local filesystem (pages.serving.media); S3 serves its own.
    path("media/<path:key>", pages_views.media_file, name="media"),
]

handler400 = "landinghub.api.errors.handler400"
handler403 = "landinghub.api.errors.handler403"
handler404 = "landinghub.api.errors.handler404"
handler500 = "landinghub.api.errors.handler500"
