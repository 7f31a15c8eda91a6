"""Templated sign-up, log-in, log-out, e-mail confirmation and profile pages (sessions).

The forms are rate-limited like the API (``ACCOUNT_RATE_LIMITS``, allauth's counters): a
client over the limit gets a 429 page in its language.
"""

from allauth.account.views import ConfirmEmailView as AllauthConfirmEmailView
from allauth.core import ratelimit
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
from django.views.generic import TemplateView
from rest_framework.exceptions import ValidationError

from landinghub.exceptions import ApplicationError

from . import services, verification
from .forms import EmailAuthenticationForm, ProfileForm, SignUpForm
from .google import GOOGLE_BUTTON_CSP, google_button_enabled
from .selectors import user_email_verified

SIGNUP_EMAIL_SESSION_KEY = "accounts_signup_email"
SIGNUP_USER_SESSION_KEY = "accounts_signup_user"


def throttled(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/throttled.html", status=429)


def _allowed(request: HttpRequest, action: str, key: str | None = None) -> bool:
    return ratelimit.consume(request, action=action, key=key)


def _with_google_button(response: HttpResponse) -> HttpResponse:
    """Lets the page load Google's sign-in button (CSP), only when Google sign-in is set up."""
    if google_button_enabled():
        response._csp_update = GOOGLE_BUTTON_CSP  # type: ignore[attr-defined]
    return response


def _google_context() -> dict:
    return {"google_client_id": settings.GOOGLE_OAUTH_CLIENT_ID}


class LoginView(auth_views.LoginView):
    """django-axes locks an (address, client) pair after failures; the per-client limit here
    stops a password spray over many addresses."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not _allowed(request, "login"):
            return throttled(request)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_google_context()}

    def dispatch(self, request, *args, **kwargs):
        return _with_google_button(super().dispatch(request, *args, **kwargs))


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    """At most a few reset e-mails per address (and the form's per-client limit)."""

    def post(self, request, *args, **kwargs):
        address = str(request.POST.get("email", "")).strip().lower()[:254]
        if not _allowed(request, "reset_password", key=address or None):
            return throttled(request)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def post(self, request, *args, **kwargs):
        if not _allowed(request, "reset_password_from_key"):
            return throttled(request)
        return super().post(request, *args, **kwargs)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """A new address and one that has an account get the same answer, "check your e-mail"
    (the owner of a known address is e-mailed a notice instead). Nobody is signed in here:
    the account is used once its owner signs in (or opens the link in this browser)."""
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if not _allowed(request, "signup"):
            return throttled(request)
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            try:
                user = services.user_signup(
                    **form.cleaned_data,
                    notify_existing=_allowed(request, "confirm_email", key=email),
                )
            except ValidationError as exc:
                for field, errors in exc.detail.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, str(error))
            else:
                request.session[SIGNUP_EMAIL_SESSION_KEY] = email
                request.session[SIGNUP_USER_SESSION_KEY] = user.pk if user else None
                return redirect("accounts:signup_done")
    return _with_google_button(
        render(request, "accounts/signup.html", {"form": form, **_google_context()})
    )


def signup_done(request: HttpRequest) -> HttpResponse:
    email = request.session.get(SIGNUP_EMAIL_SESSION_KEY)
    if not email:
        return redirect("accounts:signup")
    return render(request, "accounts/signup_done.html", {"email": email})


@login_required
@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest) -> HttpResponse:
    """Whether the account's address is confirmed, and a button that e-mails a new link."""
    if request.method == "POST":
        if not _allowed(request, "confirm_email", key=request.user.email.lower()):
            return throttled(request)
        try:
            verification.email_verification_send(user=request.user)
        except ApplicationError as exc:
            messages.info(request, exc.message)
        else:
            messages.success(
                request,
                _("We sent a new confirmation link to %(email)s.") % {"email": request.user.email},
            )
        return redirect("accounts:verify_email")
    verified = user_email_verified(user=request.user)
    return render(request, "accounts/verify_email.html", {"verified": verified})


class ConfirmEmailView(AllauthConfirmEmailView):
    """allauth's confirm page (a button that POSTs the key) in the site's look. The browser
    that signed up with the address is signed in once it is confirmed."""

    template_name = "accounts/confirm_email.html"

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        request = self.request
        address = self.object.email_address if self.object else None
        if (
            address is not None
            and address.verified
            and not request.user.is_authenticated
            and request.session.get(SIGNUP_USER_SESSION_KEY) == address.user_id
            and address.user.is_active
        ):
            login(request, address.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session.pop(SIGNUP_USER_SESSION_KEY, None)
            welcome = _("Welcome to LandingHub, %(name)s!") % {"name": address.user.name}
            messages.success(request, welcome)
            return redirect("pages:list")  # "create your first page"
        return response

    def get_context_data(self, **kwargs) -> dict:
        # Not allauth's: it links allauth's own log-in and sign-up pages, which are not used.
        context = TemplateView.get_context_data(self, **kwargs)
        confirmation = self.object
        context["confirmation"] = confirmation
        context["can_confirm"] = (
            bool(confirmation) and confirmation.email_address.can_set_verified()
        )
        context["email"] = confirmation.email_address.email if confirmation else ""
        return context


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
    verified = user_email_verified(user=request.user)
    return render(request, "accounts/profile.html", {"form": form, "email_verified": verified})
