"""Templated sign-up, log-in, log-out and profile pages (session authentication)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.exceptions import ValidationError

from landinghub.exceptions import ApplicationError

from . import services
from .forms import EmailAuthenticationForm, ProfileForm, SignUpForm
from .google import GOOGLE_BUTTON_CSP, google_button_enabled


def _with_google_button(response: HttpResponse) -> HttpResponse:
    """Lets the page load Google's sign-in button (CSP), only when Google sign-in is set up."""
    if google_button_enabled():
        response._csp_update = GOOGLE_BUTTON_CSP  # type: ignore[attr-defined]
    return response


def _google_context() -> dict:
    return {"google_client_id": settings.GOOGLE_OAUTH_CLIENT_ID}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_google_context()}

    def dispatch(self, request, *args, **kwargs):
        return _with_google_button(super().dispatch(request, *args, **kwargs))


class LogoutView(auth_views.LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(**form.cleaned_data)
        except ApplicationError as exc:
            form.add_error("email", exc.message)
        except ValidationError as exc:
            for field, errors in exc.detail.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to LandingHub, %(name)s!") % {"name": user.name})
            return redirect("pages:list")  # "create your first page"
    return _with_google_button(
        render(request, "accounts/signup.html", {"form": form, **_google_context()})
    )


@require_POST
def google_sign_in(request: HttpRequest) -> HttpResponse:
    """The Google button's credential (an ID token, posted with the page's CSRF token) signs
    into the session through the same service as ``POST /api/auth/google``."""
    try:
        user = services.user_login_google(credential=request.POST.get("credential", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = settings.LOGIN_REDIRECT_URL
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, initial={"name": request.user.name})
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
