from landinghub.api.routes import api_path

from . import api

urlpatterns = [
    api_path("dashboard/stats", api.DashboardStatsApi.as_view(), "dashboard-stats"),
    api_path("dashboard/admin", api.DashboardAdminApi.as_view(), "dashboard-admin"),
]
