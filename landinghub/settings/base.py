"""Settings shared by every environment.

Every setting is defined here with an embedded default where one can exist; ``production.py``
only overrides and requires the secrets. With no environment at all this gives the embedded
default (docs/decisions.md 6): SQLite, the in-memory channel layer, eager Celery, files under
``media/``. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import csp.constants as _csp
import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=True) and (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

# --- Core -----------------------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default="insecure-embedded-default-change-me-in-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# The port the embedded default is served on (`PORT=9000 make run` passes it): its absolute
# addresses (SITE_URL, PUBLISHED_PAGES_DOMAIN, PAYMENT_RETURN_BASE_URL) follow it, so links,
# previews and the payment return point at the server actually running. Production sets them.
SERVE_PORT = int(env("PORT", default="") or 8000)
SITE_URL = env("SITE_URL", default=f"http://localhost:{SERVE_PORT}")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "channels",
    "axes",
    "allauth",
    "allauth.account",
    "landinghub",
    "accounts",
    "pages",
    "marketplace",
    "orders",
    "payments",
    "support",
    "dashboard",
]

MIDDLEWARE = [
    # First: published pages are answered by host before any app middleware (no session).
    "pages.serving.middleware.PublishedPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above everything that writes the body: the app's HTML leaves gzipped.
    "landinghub.middleware.HtmlGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "landinghub.middleware.RejectNulCharactersMiddleware",
    "landinghub.middleware.ApiErrorPagesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so that it sees authentication attempts after everything else has run.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "landinghub.urls"
WSGI_APPLICATION = "landinghub.wsgi.application"
ASGI_APPLICATION = "landinghub.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and eager tasks share the file safely.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }


def db_prepare_threshold(database: dict) -> None:
    """PostgreSQL: psycopg prepares a statement once a connection has run it this many times
    (``DB_PREPARE_THRESHOLD``, default 2; ``none`` turns it off, as a transaction-pooling proxy
    such as PgBouncer < 1.21 needs). Only server-binding cursors prepare: the marketplace list's
    one statement (marketplace/cardjson.py); the ORM's cursors bind on the client and never do."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    value = env("DB_PREPARE_THRESHOLD", default="2").strip().lower()
    threshold = None if value in ("", "none", "off") else int(value)
    database.setdefault("OPTIONS", {})["prepare_threshold"] = threshold


db_prepare_threshold(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, Celery broker, cache ---------------------------------------------
REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # channels-redis's core layer with a bounded, *waiting* connection pool (see
            # landinghub/realtime/layers.py and the README's "Reconnect storms"). The stock pool
            # is unbounded (grows with the concurrency of a reconnect storm, per process, up to
            # Redis's maxclients), and capping it with max_connections makes commands fail with
            # "Too many connections" mid-storm (sockets that never join their group, dropped
            # channels left as members). The pub/sub layer was not chosen: it has no capacity,
            # loses messages while it reconnects to Redis, and would change delivery semantics
            # the chat/dashboard tests rely on; the core layer plus a blocking pool fixes the
            # storm with no behaviour change.
            "BACKEND": "landinghub.realtime.layers.BoundedRedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                # Per event loop (one per daphne process): commands wait for a free connection
                # (up to pool_timeout s) instead of opening more.
                "pool_size": env.int("CHANNEL_LAYER_POOL_SIZE", default=50),
                "pool_timeout": env.float("CHANNEL_LAYER_POOL_TIMEOUT", default=10.0),
                "client_name": env("CHANNEL_LAYER_CLIENT_NAME", default="landinghub-layer"),
                "capacity": env.int("CHANNEL_LAYER_CAPACITY", default=200),
                # All the sockets of one daphne process share ONE Redis zset
                # ("specific.<process>!"), and group_send checks `capacity` against it: with
                # 200, a burst of >200 undelivered events to one process (1,000 sockets each
                # getting one) is silently dropped. The process's receive loop still bounds
                # each socket's own buffer at `capacity`.
                "channel_capacity": {
                    "specific.*": env.int("CHANNEL_LAYER_PROCESS_CAPACITY", default=10000)
                },
                "expiry": 60,
                # Groups are per user. A member is forgotten group_expiry after its group_add,
                # so AppConsumer re-adds itself every group_expiry / 4 while open; what a crashed
                # process (no group_discard) leaves behind is gone within the hour, not a day.
                "group_expiry": env.int("CHANNEL_LAYER_GROUP_EXPIRY", default=3600),
                "prefix": env("CHANNEL_LAYER_PREFIX", default="landinghub"),
            },
        }
    }
    # django-redis, so that a Redis outage degrades the cache's users (throttles, view counters,
    # the list cache) instead of failing every request: errors are logged and read as misses,
    # and short socket timeouts keep a dead Redis from stalling requests.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="landinghub"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "LOG_IGNORED_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": env.float("CACHE_CONNECT_TIMEOUT", default=0.5),
                "SOCKET_TIMEOUT": env.float("CACHE_TIMEOUT", default=0.5),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Longest a broadcast from sync code (a view after its commit, a task) waits for the channel
# layer before giving up with a warning (landinghub/realtime/publisher.py).
REALTIME_PUBLISH_TIMEOUT = env.float("REALTIME_PUBLISH_TIMEOUT", default=5.0)

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900}
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator"},
    # Not a rule: the hook that revokes refresh tokens and sockets when a password changes.
    {"NAME": "accounts.validators.RevokeCredentialsOnChange"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:user"  # where a signed-in user works: their numbers
LOGOUT_REDIRECT_URL = "home"

# django-axes: lock an (IP, e-mail) pair, and an IP, after repeated failures, for a while.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.client_username"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
AXES_CLIENT_IP_CALLABLE = "landinghub.client_ip.client_ip"
AXES_VERBOSE = False

# django-allauth (``allauth.account``): the e-mail addresses, their HMAC confirmation links, the
# confirm page and the form rate limits. Sign-up, log-in and tokens stay LandingHub's own views
# (docs/accounts.md says why); these settings only describe that setup to allauth.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
# Unverified accounts may sign in and build; publishing, selling and buying check the address
# themselves (accounts.selectors.email_verified_require).
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_EMAIL_CONFIRMATION_HMAC = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link scanner opening the link confirms nothing
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = env.int(
    "ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS", default=3
)
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_CONFIRMATION_ANONYMOUS_REDIRECT_URL = "accounts:login"
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "accounts:verify_email"
# The HTML forms get the API's limit (THROTTLE_AUTH, per client address) and per-address limits
# on the e-mails they send: reset links and verification links.
_AUTH_RATE = env("THROTTLE_AUTH", default="30/min").split("/")
_FORM_RATE = f"{_AUTH_RATE[0]}/{_AUTH_RATE[1][0]}/ip"
ACCOUNT_RATE_LIMITS = {
    "login": _FORM_RATE,
    "signup": _FORM_RATE,
    "reset_password": f"{_FORM_RATE},{env('RESET_EMAILS_PER_ADDRESS', default='3/h')}/key",
    "reset_password_from_key": _FORM_RATE,
    "change_password": "5/m/user",
    # A verification e-mail per address at most every EMAIL_CONFIRMATION_COOLDOWN seconds.
    "confirm_email": f"{_FORM_RATE},1/{env.int('EMAIL_CONFIRMATION_COOLDOWN', default=180)}s/key",
}

GOOGLE_OAUTH_CLIENT_ID = env("GOOGLE_OAUTH_CLIENT_ID", default="")
GOOGLE_OAUTH_CERTS_URL = env(
    "GOOGLE_OAUTH_CERTS_URL", default="https://www.googleapis.com/oauth2/v3/certs"
)

# --- DRF, JWT, OpenAPI ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "landinghub.api.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "landinghub.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "landinghub.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "landinghub.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "landinghub.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        # Fixed-window counters: one cache increment per request (landinghub/api/throttling.py).
        "landinghub.api.throttling.AnonRateThrottle",
        "landinghub.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="300/min"),
        "user": env("THROTTLE_USER", default="1200/min"),
        "auth": env("THROTTLE_AUTH", default="30/min"),
        # The gateways' IPN endpoints, per source address (payments.api.ipn).
        "ipn": env("THROTTLE_IPN", default="120/min"),
    },
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0) or None,
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(hours=1),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=14),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    # Access tokens carry a hash of the password hash: a password change (or reset) ends them
    # at once instead of at expiry (ASVS 7.4.1).
    "CHECK_REVOKE_TOKEN": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default=SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "ISSUER": "landinghub",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "LandingHub API",
    "DESCRIPTION": (
        "Build landing pages, publish them, collect leads, sell them as templates, "
        "and chat with support. Errors use one envelope: "
        '`{"error": {"code", "message", "details"}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package, not a CDN: docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # The gateways' callbacks are plain views: listed here, marked gateway-only.
        "payments.api.schema.gateway_callbacks_hook",
    ],
}

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # the compiled .mo is committed: see README "Languages"
FORMAT_MODULE_PATH = ["landinghub.formats"]  # 199.000 ₫ in Vietnamese
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm (package.json, installed by the set-up command) and are
# served from node_modules under /static/vendor/<name>/: nothing of another project is committed.
NPM_STATIC_PACKAGES = {
    "bootstrap": "bootstrap/dist",
    "bootstrap-icons": "bootstrap-icons/font",
    "grapesjs": "grapesjs/dist",
    "grapesjs/locale": "grapesjs/locale",  # the builder's Vietnamese (GrapesJS i18n)
    "grapesjs-preset-webpage": "grapesjs-preset-webpage/dist",
    "grapesjs-blocks-basic": "grapesjs-blocks-basic/dist",
    "grapesjs-plugin-forms": "grapesjs-plugin-forms/dist",
    "chart.js": "chart.js/dist",
    "font-awesome": "font-awesome",  # GrapesJS's panel icons (served here, not from a CDN)
}
STATICFILES_DIRS = [BASE_DIR / "static"] + [
    (f"vendor/{name}", BASE_DIR / "node_modules" / path)
    for name, path in NPM_STATIC_PACKAGES.items()
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="LandingHub <no-reply@localhost>")

# --- Security common to all -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "landinghub.api.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "daphne": {"level": "WARNING"}},
}

# --- Headless Chromium (marketplace screenshots) --------------------------------------------
CHROMIUM_PATH = env("CHROMIUM_PATH", default="/usr/bin/chromium")
# Generate a screenshot from the snapshot when a seller submits a listing without one.
MARKETPLACE_AUTO_SCREENSHOTS = env.bool("MARKETPLACE_AUTO_SCREENSHOTS", default=True)
# Seconds a user's dashboard answer is cached (invalidated by any write it shows); 0 = off.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=10)
# Seconds the public listing list (GET /api/marketplace) is cached; 0 turns it off.
MARKETPLACE_LIST_CACHE_SECONDS = env.int("MARKETPLACE_LIST_CACHE_SECONDS", default=30)

# --- Orders ---------------------------------------------------------------------------------
MARKETPLACE_PLATFORM_FEE_PERCENT = env.int("MARKETPLACE_PLATFORM_FEE_PERCENT", default=10)
ORDER_PAYMENT_TIMEOUT_MINUTES = env.int("ORDER_PAYMENT_TIMEOUT_MINUTES", default=30)

# --- Payments (gateways) --------------------------------------------------------------------
# No merchant keys by default: then the local payment simulator signs and verifies with its own
# non-secret keys (payments/simulator.py). Set all of a gateway's keys or none of them.
MOMO_PARTNER_CODE = env("MOMO_PARTNER_CODE", default="")
MOMO_ACCESS_KEY = env("MOMO_ACCESS_KEY", default="")
MOMO_SECRET_KEY = env("MOMO_SECRET_KEY", default="")
MOMO_ENDPOINT = env("MOMO_ENDPOINT", default="https://test-payment.momo.vn/v2/gateway/api/create")
MOMO_REQUEST_TYPE = env("MOMO_REQUEST_TYPE", default="captureWallet")  # or payWithMethod
MOMO_TIMEOUT_SECONDS = env.float("MOMO_TIMEOUT_SECONDS", default=30.0)  # MoMo: at least 30
VNPAY_TMN_CODE = env("VNPAY_TMN_CODE", default="")
VNPAY_HASH_SECRET = env("VNPAY_HASH_SECRET", default="")
VNPAY_PAYMENT_URL = env(
    "VNPAY_PAYMENT_URL", default="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
)
VNPAY_EXPIRE_MINUTES = env.int("VNPAY_EXPIRE_MINUTES", default=15)
# querydr (reconciliation of payments whose IPN never came): VNPay's merchant API, the read
# timeout of one call, and this server's address, which querydr must send as vnp_IpAddr.
VNPAY_API_URL = env(
    "VNPAY_API_URL", default="https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
)
VNPAY_API_TIMEOUT_SECONDS = env.float("VNPAY_API_TIMEOUT_SECONDS", default=10.0)
VNPAY_SERVER_IP = env("VNPAY_SERVER_IP", default="127.0.0.1")
# The local payment simulator stands in for a gateway whose keys are unset (never in production).
PAYMENT_SIMULATOR_ENABLED = env.bool("PAYMENT_SIMULATOR_ENABLED", default=True)
# Public base of the return and IPN URLs given to the gateways (HTTPS and reachable by them).
PAYMENT_RETURN_BASE_URL = env("PAYMENT_RETURN_BASE_URL", default=SITE_URL)

# --- Pages: the published origin, S3 + CloudFront, leads, views ---------------------------
# Published pages live at <scheme>://<slug>.<PUBLISHED_PAGES_DOMAIN>/ (browsers resolve
# *.localhost to loopback). In production use a separate registrable domain, never a
# subdomain of the app's: the pages run their owners' JavaScript.
PUBLISHED_PAGES_DOMAIN = env("PUBLISHED_PAGES_DOMAIN", default=f"pages.localhost:{SERVE_PORT}")
PUBLISHED_PAGES_SCHEME = env("PUBLISHED_PAGES_SCHEME", default="http")
PAGES_LEAD_RATE_PER_MINUTE = env.int("PAGES_LEAD_RATE_PER_MINUTE", default=10)
PAGES_MAX_PROJECT_BYTES = env.int("PAGES_MAX_PROJECT_BYTES", default=2 * 1024 * 1024)
PAGES_MAX_ASSET_BYTES = env.int("PAGES_MAX_ASSET_BYTES", default=5 * 1024 * 1024)
# Uploaded images are decoded in a child process killed after this many seconds.
PAGES_IMAGE_DECODE_SECONDS = env.float("PAGES_IMAGE_DECODE_SECONDS", default=15.0)
PAGES_MAX_LEAD_BYTES = env.int("PAGES_MAX_LEAD_BYTES", default=16 * 1024)
PAGES_DNS_TXT_RESOLVER = env(
    "PAGES_DNS_TXT_RESOLVER", default="pages.domains.custom_domains.dns_txt_records"
)
PAGES_VIEW_FLUSH_SECONDS = env.int("PAGES_VIEW_FLUSH_SECONDS", default=60)
# Lead e-mails to a page's owner are batched: at most one per page per this many seconds.
PAGES_LEAD_EMAIL_INTERVAL_SECONDS = env.int("PAGES_LEAD_EMAIL_INTERVAL_SECONDS", default=300)
# The lead e-mail sweep sends what is still pending this long past twice the interval (the
# task had its chance first).
PAGES_LEAD_EMAIL_SWEEP_GRACE_SECONDS = env.int("PAGES_LEAD_EMAIL_SWEEP_GRACE_SECONDS", default=60)
# A page still "pending" (publishing) this long had its publish task lost: the sweep
# re-enqueues. The old name PAGES_DEPLOY_SWEEP_AFTER_MINUTES is read when the new one is unset.
PAGES_PUBLISH_SWEEP_AFTER_MINUTES = env.int(
    "PAGES_PUBLISH_SWEEP_AFTER_MINUTES",
    default=env.int("PAGES_DEPLOY_SWEEP_AFTER_MINUTES", default=10),
)
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="ap-southeast-1")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
AWS_S3_CUSTOM_DOMAIN = env("CLOUDFRONT_DOMAIN", default=None)
AWS_QUERYSTRING_AUTH = False  # page images are public; the bucket stays private behind CloudFront
AWS_S3_FILE_OVERWRITE = False
CLOUDFRONT_DISTRIBUTION_ID = env("CLOUDFRONT_DISTRIBUTION_ID", default="")
CLOUDFRONT_ENDPOINT_URL = env("CLOUDFRONT_ENDPOINT_URL", default=None)
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "PageStatusEnum": "pages.models.Page.Status",
        "PageDeployStatusEnum": "pages.models.Page.DeployStatus",
    }
)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "ListingStatusEnum": "marketplace.models.MarketplacePage.Status",
        "ListingRevisionStatusEnum": "marketplace.models.ListingRevision.Status",
        "RejectionReasonEnum": "marketplace.models.RejectionReason",
        "ScreenshotSourceEnum": "marketplace.models.ListingScreenshot.Source",
        "OrderStatusEnum": "orders.models.Order.Status",
        "PaymentMethodEnum": "orders.models.Order.PaymentMethod",
        "ChatRoomStatusEnum": "support.models.ChatRoom.Status",
    }
)

# --- Content-Security-Policy of the app origin (django-csp) -----------------------------------
# Published pages carry their own, stricter policy (pages.serving.responses). The app's pages
# run no inline script (every script is a module file, data comes through json_script; a test
# checks); GrapesJS and Bootstrap set inline styles.
_PAGES_ORIGINS = [
    f"{PUBLISHED_PAGES_SCHEME}://*.{PUBLISHED_PAGES_DOMAIN.rsplit(':', 1)[0]}",
    f"{PUBLISHED_PAGES_SCHEME}://*.{PUBLISHED_PAGES_DOMAIN.rsplit(':', 1)[0]}:*",
]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


_VIDEO_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_csp.SELF],
        "script-src": [_csp.SELF, _csp.NONCE],
        "style-src": [_csp.SELF, "'unsafe-inline'"],
        "img-src": [_csp.SELF, "data:", "blob:", "https:", *_PAGES_ORIGINS],
        "font-src": [_csp.SELF, "data:"],
        "connect-src": [_csp.SELF],
        "frame-src": [_csp.SELF, *_PAGES_ORIGINS, *_VIDEO_ORIGINS],
        "object-src": [_csp.NONE],
        "base-uri": [_csp.NONE],
        # The payment simulator's form redirects to the return URL, and CSP checks that
        # redirect against form-action: the return's origin must be allowed as well.
        # The checkout form's answer is a redirect to the gateway's payment page (MoMo's payUrl
        # is on MOMO_ENDPOINT's host, VNPay's on VNPAY_PAYMENT_URL's): allowed for the same reason.
        "form-action": [
            _csp.SELF,
            _origin(PAYMENT_RETURN_BASE_URL),
            _origin(MOMO_ENDPOINT),
            _origin(VNPAY_PAYMENT_URL),
        ],
        "frame-ancestors": [_csp.SELF],
    }
}

# --- Support chat ---------------------------------------------------------------------------
# No key: the bot answers from the help articles. Any OpenAI-compatible API works (Gemini:
# OPENAI_BASE_URL=https://generativelanguage.googleapis.com/v1beta/openai/).
OPENAI_API_KEY = env("OPENAI_API_KEY", default="")
OPENAI_BASE_URL = env("OPENAI_BASE_URL", default="")
OPENAI_MODEL = env("OPENAI_MODEL", default="gpt-4o-mini")
OPENAI_TIMEOUT_SECONDS = env.float("OPENAI_TIMEOUT_SECONDS", default=15.0)
OPENAI_MAX_RETRIES = env.int("OPENAI_MAX_RETRIES", default=1)
OPENAI_MAX_TOKENS = env.int("OPENAI_MAX_TOKENS", default=400)
SUPPORT_BOT_HISTORY = env.int("SUPPORT_BOT_HISTORY", default=12)
SUPPORT_MESSAGE_MAX_CHARS = env.int("SUPPORT_MESSAGE_MAX_CHARS", default=4000)
SUPPORT_MESSAGE_RATE = env("SUPPORT_MESSAGE_RATE", default="30/min")
SUPPORT_TYPING_EXPIRES_SECONDS = env.int("SUPPORT_TYPING_EXPIRES_SECONDS", default=6)
SUPPORT_IDLE_CLOSE_HOURS = env.int("SUPPORT_IDLE_CLOSE_HOURS", default=72)
# An admin reply the user has not read after this long is e-mailed to them (batched per room).
SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS = env.int("SUPPORT_OFFLINE_EMAIL_DELAY_SECONDS", default=180)
# The sweep re-enqueues the bot's reply to a user message left unanswered this long (the
# enqueue failed or the broker lost the task; docs/operations.md).
SUPPORT_BOT_SWEEP_AFTER_SECONDS = env.int("SUPPORT_BOT_SWEEP_AFTER_SECONDS", default=60)
SUPPORT_BOT_SWEEP_MAX_AGE_SECONDS = env.int("SUPPORT_BOT_SWEEP_MAX_AGE_SECONDS", default=6 * 3600)


# --- Celery beat: every periodic task, in one place -----------------------------------------
# The sweeps find work whose task was lost with the broker (docs/operations.md).
CELERY_BEAT_SCHEDULE = {
    "orders-expire-unpaid": {"task": "orders.order_expire_unpaid", "schedule": 300.0},
    "orders-emails-sweep": {"task": "orders.order_emails_sweep", "schedule": 900.0},
    "marketplace-flush-views": {"task": "marketplace.listing_views_flush", "schedule": 60.0},
    "payments-momo-reconcile": {"task": "payments.momo_reconcile_pending", "schedule": 300.0},
    "payments-vnpay-reconcile": {"task": "payments.vnpay_reconcile_pending", "schedule": 300.0},
    "pages-lead-emails-sweep": {"task": "pages.lead_emails_sweep", "schedule": 300.0},
    "pages-publish-sweep": {"task": "pages.publish_sweep", "schedule": 300.0},
    "pages-flush-views": {
        "task": "pages.tasks.page_views_flush_task",
        "schedule": PAGES_VIEW_FLUSH_SECONDS,
    },
    "pages-expire-domain-claims": {
        "task": "pages.tasks.domain_claims_expire_task",
        "schedule": 3600,
    },
    "support-offline-emails-sweep": {"task": "support.offline_emails_sweep", "schedule": 300.0},
    "support-bot-replies-sweep": {
        "task": "support.bot_replies_sweep",
        "schedule": env.float("SUPPORT_BOT_SWEEP_INTERVAL_SECONDS", default=60.0),
    },
    "support-close-idle-rooms": {"task": "support.rooms_close_idle", "schedule": 900.0},
}
