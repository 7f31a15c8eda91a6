from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from accounts.plans import plan_list
from marketplace.selectors import ListingFilters, listing_results_public

FEATURED = 4


def home(request: HttpRequest) -> HttpResponse:
    featured = listing_results_public(filters=ListingFilters(sort="popular"))[:FEATURED]
    return render(request, "home.html", {"featured": featured, "plans": plan_list()})


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every page, whatever ``<link rel="icon">`` says."""
    return redirect(static("favicon.svg"), permanent=True)
