"""Verifying a Google Sign-In ID token (``credential`` from Google Identity Services).

The signature is checked against Google's published JWKS (``GOOGLE_OAUTH_CERTS_URL``, a
setting so tests can serve their own keys on loopback), then the audience
(``GOOGLE_OAUTH_CLIENT_ID``), the issuer and the expiry.
"""

from dataclasses import dataclass
from functools import lru_cache

import jwt
from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import (
    GOOGLE_EMAIL_UNVERIFIED,
    GOOGLE_NOT_CONFIGURED,
    INVALID_GOOGLE_TOKEN,
    AuthenticationError,
)

GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")
# What Google Identity Services' button needs from the page's Content-Security-Policy; added
# to the sign-in pages' policy only when GOOGLE_OAUTH_CLIENT_ID is set.
GOOGLE_BUTTON_CSP = {
    "script-src": ["https://accounts.google.com/gsi/client"],
    "frame-src": ["https://accounts.google.com/gsi/"],
    "connect-src": ["https://accounts.google.com/gsi/"],
    "style-src": ["https://accounts.google.com/gsi/style"],
}


def google_button_enabled() -> bool:
    return bool(settings.GOOGLE_OAUTH_CLIENT_ID)


@dataclass(frozen=True)
class GoogleIdentity:
    sub: str
    email: str
    name: str


@lru_cache(maxsize=4)
def _jwks_client(url: str) -> jwt.PyJWKClient:
    # PyJWKClient caches the key set and refetches when it meets an unknown key id.
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=3600, timeout=5)


def google_token_verify(*, credential: str) -> GoogleIdentity:
    client_id = settings.GOOGLE_OAUTH_CLIENT_ID
    if not client_id:
        raise AuthenticationError(
            _("Google sign-in is not configured on this server."), code=GOOGLE_NOT_CONFIGURED
        )
    try:
        signing_key = _jwks_client(settings.GOOGLE_OAUTH_CERTS_URL).get_signing_key_from_jwt(
            credential
        )
        claims = jwt.decode(
            credential,
            signing_key.key,
            algorithms=["RS256"],
            audience=client_id,
            issuer=GOOGLE_ISSUERS,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except (jwt.PyJWTError, jwt.PyJWKClientError) as exc:
        raise AuthenticationError(
            _("The Google credential could not be verified."), code=INVALID_GOOGLE_TOKEN
        ) from exc
    # The boolean true only: a string ("false", and "true" too) is not Google's answer, and
    # Python reads any non-empty string as true.
    if not claims.get("email") or claims.get("email_verified") is not True:
        raise AuthenticationError(
            _("Your Google account has no verified e-mail address."), code=GOOGLE_EMAIL_UNVERIFIED
        )
    return GoogleIdentity(
        sub=str(claims["sub"]),
        email=str(claims["email"]).lower(),
        name=str(claims.get("name") or claims["email"].split("@")[0])[:150],
    )
