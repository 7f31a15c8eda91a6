from allauth.core import ratelimit
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services, verification
from accounts.exceptions import Throttled
from accounts.models import User
from landinghub.api.throttling import ScopedRateThrottle
from landinghub.api.validation import validated

from .serializers import (
    AuthOutputSerializer,
    GoogleInputSerializer,
    LoginInputSerializer,
    ProfileUpdateInputSerializer,
    RefreshInputSerializer,
    RegisterInputSerializer,
    TokenPairOutputSerializer,
    UserEnvelopeSerializer,
    UserOutputSerializer,
    VerifyEmailInputSerializer,
)


def _auth_response(user: User, status_code: int = status.HTTP_200_OK) -> Response:
    pair = services.token_pair_for_user(user=user)
    body = {"user": UserOutputSerializer(user).data, "access": pair.access, "refresh": pair.refresh}
    return Response(body, status=status_code)


class _PublicAuthView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # no session, so no CSRF for token clients
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


class RegisterApi(_PublicAuthView):
    @extend_schema(request=RegisterInputSerializer, responses={201: AuthOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(RegisterInputSerializer, request.data)
        user = services.user_register(**data)
        return _auth_response(user, status.HTTP_201_CREATED)


class LoginApi(_PublicAuthView):
    @extend_schema(request=LoginInputSerializer, responses={200: AuthOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(LoginInputSerializer, request.data)
        user = services.user_login(request=request._request, **data)
        return _auth_response(user)


class GoogleLoginApi(_PublicAuthView):
    @extend_schema(request=GoogleInputSerializer, responses={200: AuthOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(GoogleInputSerializer, request.data)
        user = services.user_login_google(credential=data["credential"])
        return _auth_response(user)


class RefreshApi(_PublicAuthView):
    """Rotating refresh: the old refresh token is blacklisted once used, exactly once."""

    @extend_schema(request=RefreshInputSerializer, responses={200: TokenPairOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(RefreshInputSerializer, request.data)
        pair = services.refresh_token_rotate(refresh=data["refresh"])
        return Response({"access": pair.access, "refresh": pair.refresh})


class LogoutApi(_PublicAuthView):
    @extend_schema(request=RefreshInputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = validated(RefreshInputSerializer, request.data)
        services.refresh_token_blacklist(refresh=data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerifyApi(APIView):
    @extend_schema(responses={200: UserEnvelopeSerializer})
    def get(self, request: Request) -> Response:
        return Response({"user": UserOutputSerializer(request.user).data})


class MeApi(APIView):
    @extend_schema(responses={200: UserEnvelopeSerializer})
    def get(self, request: Request) -> Response:
        return Response({"user": UserOutputSerializer(request.user).data})

    @extend_schema(request=ProfileUpdateInputSerializer, responses={200: UserEnvelopeSerializer})
    def patch(self, request: Request) -> Response:
        data = validated(ProfileUpdateInputSerializer, request.data)
        user = services.user_update_profile(user=request.user, **data)
        return Response({"user": UserOutputSerializer(user).data})


class VerifyEmailApi(_PublicAuthView):
    """The key of the e-mailed link confirms its address (no sign-in needed: the key is the
    proof). Answers the account's user object."""

    @extend_schema(request=VerifyEmailInputSerializer, responses={200: UserEnvelopeSerializer})
    def post(self, request: Request) -> Response:
        data = validated(VerifyEmailInputSerializer, request.data)
        user = verification.email_confirm_by_key(key=data["key"])
        return Response({"user": UserOutputSerializer(user).data})


class VerifyEmailResendApi(APIView):
    """E-mails the signed-in user a new confirmation link: one per address every
    ``EMAIL_CONFIRMATION_COOLDOWN`` seconds (429 ``throttled``), 409 ``already_verified``."""

    @extend_schema(request=None, responses={202: None})
    def post(self, request: Request) -> Response:
        if not ratelimit.consume(
            request._request, action="confirm_email", key=request.user.email.lower()
        ):
            raise Throttled(
                _("A confirmation e-mail was sent a moment ago. Try again in a few minutes.")
            )
        verification.email_verification_send(user=request.user)
        return Response(status=status.HTTP_202_ACCEPTED)
