"""The real URLs plus views that only tests need (a crash, an unguarded list)."""

from django.http import Http404
from django.urls import include, path
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from accounts.api.serializers import UserOutputSerializer
from accounts.selectors import user_list
from landinghub.api.routes import api_path


class BoomApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("secret internal detail: db password is hunter2")


def plain_missing(request):
    raise Http404("secret internal detail: no such row")


def boom_page(request):
    raise RuntimeError("secret internal detail: db password is hunter2")


class UserListApi(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = UserOutputSerializer
    queryset = user_list().order_by("id")


urlpatterns = [
    path("api/", include([api_path("test/boom", BoomApi.as_view(), "boom")])),
    path("api/", include([api_path("test/users", UserListApi.as_view(), "users")])),
    path("api/", include([api_path("test/plain-missing", plain_missing, "plain-missing")])),
    path("test/boom-page", boom_page, name="boom-page"),
    path("", include("landinghub.urls")),
]

handler404 = "landinghub.api.errors.handler404"
handler500 = "landinghub.api.errors.handler500"
