"""policylib settings, read from the environment (see docs/configuration.md)."""

import datetime
import sys
from pathlib import Path

import dj_database_url

from policylib.env import (
    data_dir,
    env_bool,
    env_int,
    env_int_list,
    env_list,
    env_str,
    persistent_secret_key,
    private_folder,
    site_url,
)

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent.parent
DATA_DIR = data_dir()

SECRET_KEY = persistent_secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The site's address as readers reach it, for the links in email (they have no request to
# take it from). The default is where `make run` serves; the older name SITE_URL is still read.
POLICYLIB_SITE_URL = site_url(
    env_str("POLICYLIB_SITE_URL") or env_str("SITE_URL"),
    default=f"http://127.0.0.1:{env_int('PORT', 8000)}",
)

INSTALLED_APPS = [
    "policylib.pages",
    "policylib.accounts",
    "policylib.library",
    "policylib.audit",
    "policylib.extraction",
    "policylib.search",
    "policylib.reviews",
    "policylib.versions",
    "policylib.subscriptions",
    "policylib.api",
    "policylib.agreements",
    "policylib.delegations",
    "policylib.demo",
    "policylib.feeds",
    "policylib.ingest",
    "policylib.backups",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "mozilla_django_oidc",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
]

MIDDLEWARE = [
    # Before SecurityMiddleware, which redirects to HTTPS whatever this leaves as plain HTTP.
    "policylib.pages.middleware.ForwardedProtoFromTrustedProxy",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their own long-lived public caching.
    "policylib.pages.middleware.PrivateByDefault",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "policylib.audit.middleware.RestrictedDownloadAudit",
    # Last, as django-axes asks: it turns a lockout noted during sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "policylib.urls"
WSGI_APPLICATION = "policylib.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "policylib.pages.context_processors.site",
            ],
        },
    },
]

# SQLite in the data folder by default; PostgreSQL (or any dj-database-url) for scale-out.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'policylib.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock up front so
    # two writers queue for it (up to the timeout) instead of failing on a lock upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Seconds a writer waits for the lock before "database is locked" (answered with 503).
        "timeout": float(env_str("POLICYLIB_SQLITE_TIMEOUT", "20")),
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Deliberately slow hashing is the point in production and only a cost in tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
private_folder(STATIC_ROOT)
# Front-end packages come from the npm registry (package-lock.json) into node_modules.
FRONTEND_DIR = Path(env_str("POLICYLIB_FRONTEND_DIR", str(SOURCE_ROOT / "node_modules")))
STATICFILES_DIRS = [
    ("uswds", FRONTEND_DIR / "@uswds" / "uswds" / "dist"),
    ("htmx", FRONTEND_DIR / "htmx.org" / "dist"),
]
MEDIA_ROOT = DATA_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# One cache for every server process on this machine (gunicorn runs several workers): API
# request counts for throttling must add up across them, which a per-process cache cannot do.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# Files larger than this are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# ...in the file store's incoming folder, where a sweep finds what a killed server left.
FILE_UPLOAD_TEMP_DIR = str(MEDIA_ROOT / "incoming")
private_folder(Path(FILE_UPLOAD_TEMP_DIR))
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "policylib.library.upload_handlers.IncomingFileUploadHandler",
]
POLICYLIB_MAX_UPLOAD_BYTES = env_int("POLICYLIB_MAX_UPLOAD_MB", 100) * 1024 * 1024
# ZIP-based files (Word .docx): limits against archive bombs, checked before a file is kept and
# again, by unpacking with bounded reads, in the extraction process (see library/archives.py).
POLICYLIB_DOCX_MAX_MEMBERS = env_int("POLICYLIB_DOCX_MAX_MEMBERS", 5000)
POLICYLIB_DOCX_MAX_UNCOMPRESSED_MB = env_int("POLICYLIB_DOCX_MAX_UNCOMPRESSED_MB", 200)
POLICYLIB_DOCX_MAX_RATIO = env_int("POLICYLIB_DOCX_MAX_RATIO", 200)

# Background work: Django's Tasks API with the database backend (no broker).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

EMAIL_HOST = env_str("EMAIL_HOST")
# Without an SMTP host, mail is kept in the data folder (one file per connection), where a
# person can read it, instead of filling the terminal.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "policylib@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where feedback from the Help page goes, besides being stored.
POLICYLIB_LIBRARY_STAFF_EMAILS = env_list("POLICYLIB_LIBRARY_STAFF_EMAILS", [])
# "Send this" mails from the site's own address: each signed-in person may send this many an
# hour. The counts live in the default cache above (a file cache all workers share).
POLICYLIB_SEND_THIS_PER_HOUR = env_int("POLICYLIB_SEND_THIS_PER_HOUR", 10)
# Feedback from the Help page mails the library staff: this many an hour per person (an
# account, or an address for those not signed in).
POLICYLIB_FEEDBACK_PER_HOUR = env_int("POLICYLIB_FEEDBACK_PER_HOUR", 20)

# MOA/MOU Library: an agreement is "expiring soon" within this many days of its expiration, and
# its owner office is reminded by email this many days before (once per agreement and window).
POLICYLIB_AGREEMENTS_EXPIRING_DAYS = env_int("POLICYLIB_AGREEMENTS_EXPIRING_DAYS", 90)
POLICYLIB_AGREEMENTS_REMINDER_DAYS = env_int_list("POLICYLIB_AGREEMENTS_REMINDER_DAYS", [90, 30, 7])
# The Library rows (by slug) whose header links the agreement and delegation pages replace.
# The demo library and its accounts (whose password is published) may be loaded only while this
# is on; POLICYLIB_DEMO=0 marks a library for real documents (see demo/guard.py).
POLICYLIB_DEMO = env_bool("POLICYLIB_DEMO", True)
POLICYLIB_AGREEMENTS_LIBRARY = env_str("POLICYLIB_AGREEMENTS_LIBRARY", "moa-mou")
POLICYLIB_DELEGATIONS_LIBRARY = env_str("POLICYLIB_DELEGATIONS_LIBRARY", "delegations")
# Periodic review: months from issue to review (per-type periods are set by staff), and the
# reminder windows in days before the review-by date (0 also covers overdue documents).
POLICYLIB_REVIEW_MONTHS = env_int("POLICYLIB_REVIEW_MONTHS", 36)
POLICYLIB_REVIEW_REMINDER_DAYS = env_list("POLICYLIB_REVIEW_REMINDER_DAYS", ["90", "30", "0"])
# RevCom: reviewers and DPCs are reminded this many days before their due dates (once per window;
# the narrowest also covers what is overdue).
POLICYLIB_REVCOM_REMINDER_DAYS = env_int_list("POLICYLIB_REVCOM_REMINDER_DAYS", [7, 1])

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("POLICYLIB_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# Plain HTTP is redirected to HTTPS. X-Forwarded-Proto is believed only from the trusted proxies
# below (pages/middleware.py), not through SECURE_PROXY_SSL_HEADER, which believes anyone.
SECURE_SSL_REDIRECT = HTTPS
if HTTPS:
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles only from this site's own files, no
# inline script, nothing may frame a page. See docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sign-in: django-axes counts wrong passwords per account. The first
# POLICYLIB_LOGIN_FAILURES_ALLOWED of them are answered as wrong; the next one locks the
# account out for POLICYLIB_LOCKOUT_MINUTES (or until an administrator resets it).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("POLICYLIB_LOGIN_FAILURES_ALLOWED", 10) + 1
AXES_COOLOFF_TIME = env_int("POLICYLIB_LOCKOUT_MINUTES", 30) / 60  # hours
# Locked by account: failures count across every address and browser, so rotating them does
# not help a guesser (axes.W006 warns about lockouts that ignore the address; here that is
# the point).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# A lockout lasts its set time; attempts during it are refused (and audited), not counted.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Who sent a request: REMOTE_ADDR unless it is a trusted reverse proxy; then X-Forwarded-For,
# read past exactly POLICYLIB_TRUSTED_PROXY_COUNT proxies. One function for axes and the audit.
POLICYLIB_TRUSTED_PROXY_COUNT = env_int("POLICYLIB_TRUSTED_PROXY_COUNT", 0)
POLICYLIB_TRUSTED_PROXIES = env_list("POLICYLIB_TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "policylib.audit.services.client_address"

# Optional single sign-on with OpenID Connect (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID
# is set. Claims in POLICYLIB_OIDC_GROUPS_CLAIM map to groups by POLICYLIB_OIDC_GROUP_MAP
# ("claim value=Group name, ..."). See docs/security.md.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
POLICYLIB_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT") or None
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
POLICYLIB_OIDC_LOGIN_LABEL = env_str("POLICYLIB_OIDC_LOGIN_LABEL", "Log in with single sign-on")
POLICYLIB_OIDC_GROUPS_CLAIM = env_str("POLICYLIB_OIDC_GROUPS_CLAIM", "groups")
POLICYLIB_OIDC_GROUP_MAP = env_list("POLICYLIB_OIDC_GROUP_MAP", [])
if POLICYLIB_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("policylib.accounts.oidc.GroupMappingBackend")


# The REST API (policylib.api; docs/api.md). Reads are open to the access rules, changes need
# an API token; errors are problem details (RFC 9457).
# API tokens are kept only as SHA-512 digests (django-rest-knox): a copy of the database
# gives no working token. Each expires after POLICYLIB_API_TOKEN_DAYS (0: never).
_token_days = env_int("POLICYLIB_API_TOKEN_DAYS", 365)
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=_token_days) if _token_days > 0 else None,
    "AUTH_HEADER_PREFIX": "Token",
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["policylib.api.permissions.ReadOrTokenWrite"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "policylib.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "policylib.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "policylib.api.throttling.AnonThrottle",
        "policylib.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("POLICYLIB_API_ANON_RATE", "120/minute"),
        "user": env_str("POLICYLIB_API_USER_RATE", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
}
DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "policylib.api.problems.ProblemHandler",
    "EXCEPTION_FORMATTER_CLASS": "policylib.api.problems.ProblemFormatter",
    "ALLOWED_ERROR_STATUS_CODES": ["400", "401", "403", "404", "405", "406", "415", "429", "500"],
    "ERROR_SCHEMAS": {
        "400": "policylib.api.problems.ValidationProblemSerializer",
        **dict.fromkeys(
            ("401", "403", "404", "405", "406", "415", "429", "500"),
            "policylib.api.problems.ProblemSerializer",
        ),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "policylib API",
    "DESCRIPTION": "The policy library's documents, search and vocabularies. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the drf-spectacular-sidecar package, served as static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# With POLICYLIB_LOG_FILE (`policylib serve` sets it for its processes), every record goes to
# that file and only warnings and errors to the terminal, so routine lines never bury them.
LOG_FILE = env_str("POLICYLIB_LOG_FILE")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"timed": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "level": "WARNING" if LOG_FILE else "NOTSET"},
        **(
            {
                # Watched: logrotate may move the file; several processes append to it.
                "file": {
                    "class": "logging.handlers.WatchedFileHandler",
                    "filename": LOG_FILE,
                    "formatter": "timed",
                }
            }
            if LOG_FILE
            else {}
        ),
    },
    "root": {
        "handlers": ["console", "file"] if LOG_FILE else ["console"],
        "level": env_str("LOG_LEVEL", "INFO"),
    },
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
