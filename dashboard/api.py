"""``GET /api/dashboard/stats`` (the user's) and ``GET /api/dashboard/admin`` (staff only).

The bodies are the selectors' dicts as they are; ``api_serializers`` describes them for the
schema."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .admin_selectors import dashboard_stats_for_admin
from .api_serializers import DashboardAdminOutputSerializer, DashboardStatsOutputSerializer
from .cache import stats_cache_get, stats_cache_key, stats_cache_set
from .ranges import date_range_parse
from .selectors import dashboard_stats_for_user

RANGE_PARAMETERS = [
    OpenApiParameter("days", int, description="Last N days, 1 to 366 (default 30)."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (instead of days)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default today)."),
]


class DashboardStatsApi(APIView):
    @extend_schema(parameters=RANGE_PARAMETERS, responses={200: DashboardStatsOutputSerializer})
    def get(self, request: Request) -> Response:
        date_range = date_range_parse(request.query_params.dict())
        key = stats_cache_key(user_id=request.user.pk, params=vars(date_range))
        data = stats_cache_get(key)
        if data is None:
            data = dashboard_stats_for_user(user=request.user, date_range=date_range)
            stats_cache_set(key, data)
        return Response(data)


class DashboardAdminApi(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(parameters=RANGE_PARAMETERS, responses={200: DashboardAdminOutputSerializer})
    def get(self, request: Request) -> Response:
        date_range = date_range_parse(request.query_params.dict())
        return Response(dashboard_stats_for_admin(date_range=date_range))
