"""Production: every secret comes from the environment and has no default.

HTTP is served by gunicorn (``landinghub.wsgi``), ``/ws/`` by daphne (``landinghub.asgi``).
"""

from .base import *  # noqa: F403
from .base import STORAGES as BASE_STORAGES
from .base import db_prepare_threshold, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
db_prepare_threshold(DATABASES["default"])
REDIS_URL = env("REDIS_URL")
# The public addresses have no default in production (the embedded ones are localhost): base
# has already read these same variables, so the values derived there (CSP) agree.
SITE_URL = env("SITE_URL")
PUBLISHED_PAGES_DOMAIN = env("PUBLISHED_PAGES_DOMAIN")
PAYMENT_RETURN_BASE_URL = env("PAYMENT_RETURN_BASE_URL")
PAYMENT_SIMULATOR_ENABLED = False  # no merchant keys means no payments, never a simulator

# Behind the documented proxy (one hop, docs/operations.md) the client is the right-most
# X-Forwarded-For entry the proxy appended; entries left of it are client-controlled.
# Without this every client shares the proxy's address: one throttle/lockout bucket.
NUM_PROXIES = env.int("NUM_PROXIES", default=1) or None
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": NUM_PROXIES}  # noqa: F405
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=1) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

STORAGES = {
    # S3 when AWS_STORAGE_BUCKET_NAME is set (base), else the filesystem.
    "default": BASE_STORAGES["default"],
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
