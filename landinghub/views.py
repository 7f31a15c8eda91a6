from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


FAVICON = (settings.BASE_DIR / "static" / "favicon.svg").read_bytes()


@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for on pages that name no icon (the admin's)."""
    return HttpResponse(FAVICON, content_type="image/svg+xml")
