from landinghub.api.routes import api_path

from . import views

urlpatterns = [
    api_path("auth/register", views.RegisterApi.as_view(), "auth-register"),
    api_path("auth/login", views.LoginApi.as_view(), "auth-login"),
    api_path("auth/google", views.GoogleLoginApi.as_view(), "auth-google"),
    api_path("auth/verify", views.VerifyApi.as_view(), "auth-verify"),
    api_path("auth/refresh", views.RefreshApi.as_view(), "auth-refresh"),
    api_path("auth/logout", views.LogoutApi.as_view(), "auth-logout"),
    api_path("auth/me", views.MeApi.as_view(), "auth-me"),
    api_path("auth/verify-email", views.VerifyEmailApi.as_view(), "auth-verify-email"),
    api_path(
        "auth/verify-email/resend",
        views.VerifyEmailResendApi.as_view(),
        "auth-verify-email-resend",
    ),
]
