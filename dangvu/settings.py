"""Settings for Dangvu: one file, read from the environment.

Development needs no configuration (SQLite under var/). Production is switched on with
DANGVU_MODE=production and then refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


MODE = envstr("DANGVU_MODE", "development")
if MODE not in ("development", "production"):
    raise ImproperlyConfigured(f"DANGVU_MODE must be 'development' or 'production', got {MODE!r}")
PRODUCTION = MODE == "production"

DEBUG = envbool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production mode")

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production mode")
    SECRET_KEY = "dev-only-insecure-key-not-for-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production mode")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "bootstrap",
    "django_filters",
    "django_tables2",
    "dangvu.core",
    "dangvu.accounts",
    "dangvu.orgs",
    "dangvu.vocab",
    "dangvu.members",
    "dangvu.education",
    "dangvu.audit",
    "dangvu.reports",
    "dangvu.office",
    "dangvu.inspection",
    "dangvu.personnel",
    "dangvu.dues",
    "dangvu.rating",
    "dangvu.meetings",
    "dangvu.congresses",
    "dangvu.stats",
    "dangvu.exchange",
    "dangvu.transit",
    "dangvu.papers",
    # Two-step codes (django-otp) and sign-in locks (django-axes): see docs/security.md.
    "django_otp",
    # Their admin headings in Vietnamese: dangvu/accounts/third_party.py.
    "dangvu.accounts.third_party.TwoStepCodesConfig",
    "dangvu.accounts.third_party.SignInLocksConfig",
    # The queue of background work (django-tasks, database backend): docs/architecture.md.
    "django_tasks",
    "dangvu.core.tasks.QueueConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A null character in the path or query string: 400 before any view reads it.
    "dangvu.core.middleware.NullCharacterMiddleware",
    "dangvu.accounts.security.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangvu.audit.log.AuditRequestMiddleware",
    # A rule's database versions are read once per request (dangvu.core.rules).
    "dangvu.core.rules.RulesPerRequestMiddleware",
    "dangvu.core.middleware.SecurityHeadersMiddleware",
    # Last, as axes asks: it turns a request that has just brought a lock into force into
    # the lock page (AXES_LOCKOUT_CALLABLE).
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serves collected static files without a separate web server (`collectstatic` first).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "dangvu.urls"
WSGI_APPLICATION = "dangvu.wsgi.application"
ASGI_APPLICATION = "dangvu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dangvu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangvu.core.context_processors.navigation",
            ],
            "builtins": ["dangvu.core.templatetags.vn"],
        },
    }
]

VAR_DIR = Path(envstr("DANGVU_VAR_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dangvu.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers work while an import writes; IMMEDIATE avoids the
            # "database is locked" upgrade deadlock between two writers.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in hardening (see docs/security.md): temporary locks after repeated failures and an
# optional TOTP second step, required of administrators when REQUIRE_2FA_FOR_ADMINS is on.
REQUIRE_2FA_FOR_ADMINS = envbool("REQUIRE_2FA_FOR_ADMINS", False)
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", 5)
LOGIN_MAX_FAILURES_PER_IP = envint("LOGIN_MAX_FAILURES_PER_IP", 20)
LOGIN_LOCKOUT_SECONDS = envint("LOGIN_LOCKOUT_SECONDS", 900)
LOGIN_CODE_TIMEOUT_SECONDS = envint("LOGIN_CODE_TIMEOUT_SECONDS", 300)

# django-axes counts the failures and imposes the locks. The thresholds above are read
# through dangvu.accounts.security on each use: the handler there gives the username and
# the address a threshold each (axes has one AXES_FAILURE_LIMIT, here "one parameter
# reached its threshold").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked username or address
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "dangvu.accounts.security.LockoutHandler"
AXES_FAILURE_LIMIT = 1
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]  # either one locks
AXES_COOLOFF_TIME = "dangvu.accounts.security.lockout_duration"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "dangvu.accounts.security.lockout_username"
AXES_CLIENT_IP_CALLABLE = "dangvu.accounts.security.lockout_address"
AXES_LOCKOUT_CALLABLE = "dangvu.accounts.security.lockout_response"
# Axes' own text where it would show one (the lock page above gives the time to wait).
AXES_COOLOFF_MESSAGE = "Tài khoản tạm khóa do đăng nhập sai nhiều lần; hãy thử lại sau ít phút."
# A complete sign-in forgets the username's failures only (security.clear_failures).
AXES_RESET_ON_SUCCESS = False
# An attempt refused during a lock is not a failure: it does not prolong the lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Sign-ins are in the audit trail; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no banner at each start; failures are still logged
# Never written to axes' copy of the request data in plain text.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "password",
    "code",
    "old_password",
    "new_password1",
    "new_password2",
]

# django-otp: codes of 6 digits every 30 seconds (its defaults), the step before and after
# accepted on the server's clock. Its per-device throttle and clock-drift learning are off:
# wrong codes count towards the sign-in locks above instead, and a learnt drift would shift
# the accepted window away from the server's clock.
OTP_TOTP_ISSUER = "Đảng vụ"
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_TOTP_SYNC = False
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off: with it on, every integer in a template is grouped, so a year, an id or a row number
# in a form value would read "2.025" or "1.234". Figures are grouped explicitly with the
# vn_number / vn_count filters.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["dangvu.formats"]
LOCALE_PATHS = [BASE_DIR / "dangvu" / "locale"]

# LibreOffice converts the annual report to PDF (dangvu.reports.pdf): a path or a command
# name; empty means "soffice" or "libreoffice" found on the PATH.
DANGVU_SOFFICE = envstr("DANGVU_SOFFICE", "")

# The exchange of transfer packages (dangvu.exchange, docs/exchange.md): the Ed25519 key
# this installation signs packages with, a PEM file made by `manage.py exchange_key
# --create` (mode 0600), and the installation's name written in each package (empty: the
# name of the top organisation).
DANGVU_EXCHANGE_KEY_FILE = Path(
    envstr("DANGVU_EXCHANGE_KEY_FILE", str(VAR_DIR / "exchange" / "signing-key.pem"))
)
DANGVU_EXCHANGE_NAME = envstr("DANGVU_EXCHANGE_NAME", "")
# Days an uploaded package waiting for its confirmation is held before
# `manage.py purge_exchange_uploads` removes it: it holds a person's whole file.
DANGVU_EXCHANGE_STAGED_DAYS = envint("DANGVU_EXCHANGE_STAGED_DAYS", 7)
if DANGVU_EXCHANGE_STAGED_DAYS < 1:
    raise ImproperlyConfigured("DANGVU_EXCHANGE_STAGED_DAYS must be at least 1")

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploaded files (a meeting's scanned minutes): local files under var/files by default, or
# any S3-compatible store with DANGVU_STORAGE=s3 (the optional extra "s3" installs
# django-storages). They are never served from a public URL: a scoped view reads them
# through the storage API (see docs/security.md).
DANGVU_STORAGE = envstr("DANGVU_STORAGE", "local").lower()
if DANGVU_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured("DANGVU_STORAGE must be 'local' or 's3'.")
FILES_STORAGE: dict[str, object] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": envstr("DANGVU_FILES_DIR", str(VAR_DIR / "files"))},
}
if DANGVU_STORAGE == "s3":
    FILES_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("DANGVU_S3_BUCKET"),
            "endpoint_url": envstr("DANGVU_S3_ENDPOINT") or None,
            "region_name": envstr("DANGVU_S3_REGION") or None,
            "access_key": envstr("DANGVU_S3_ACCESS_KEY"),
            "secret_key": envstr("DANGVU_S3_SECRET_KEY"),
            "location": envstr("DANGVU_S3_PREFIX", ""),
            # Private objects, never overwritten; read back only through the scoped view.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
    if not FILES_STORAGE["OPTIONS"]["bucket_name"]:  # type: ignore[index]
        raise ImproperlyConfigured("DANGVU_STORAGE=s3 needs DANGVU_S3_BUCKET.")
STORAGES = {
    "default": FILES_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the whole registrable domain and all its subdomains, and is
        # requested by the domain's owner: not this application's choice to make.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Imports: larger files are checked and written by the background worker (the queue below).
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_BACKGROUND_MIN_BYTES = envint("IMPORT_BACKGROUND_MIN_BYTES", 256 * 1024)
# Seconds without a sign of progress after which a job checking or writing counts as
# stopped (its worker killed or restarted mid-run); docs/operations.md.
IMPORT_STALE_AFTER = envint("IMPORT_STALE_AFTER", 15 * 60)
# Reports and statistical tables of a subtree with more members than this are made by the
# background worker as output jobs (docs/architecture.md, "Output jobs"); smaller ones are
# answered in the request. A running output job with no sign of progress for
# OUTPUT_STALE_AFTER seconds counts as stopped.
OUTPUT_QUEUE_MIN_MEMBERS = envint("OUTPUT_QUEUE_MIN_MEMBERS", 20_000)
OUTPUT_STALE_AFTER = envint("OUTPUT_STALE_AFTER", 15 * 60)
# Reminder digests sent through the queue (`send_digests --queue`): recipients per task.
DIGEST_BATCH_SIZE = envint("DIGEST_BATCH_SIZE", 50)
# The home page warns administrators of a task queued this many minutes with no worker
# taking it (docs/operations.md, "Background worker").
BACKGROUND_QUEUED_WARN_MINUTES = envint("BACKGROUND_QUEUED_WARN_MINUTES", 10)

# Background work: tasks are rows in the database, run by `manage.py db_worker`
# (docs/operations.md). The tests swap in the immediate backend (conftest.py).
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The record lists' filters (django-filter): an empty choice reads "all".
FILTERS_EMPTY_CHOICE_LABEL = "Tất cả"

# E-mail (the digest of what falls due: `manage.py send_digests`). Without EMAIL_HOST the
# console backend prints each message instead of sending it, so development sends nothing.
EMAIL_HOST = envstr("EMAIL_HOST", "")
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Dangvu <khong-tra-loi@localhost>")
SERVER_EMAIL = envstr("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The site's address as users reach it, for the links in e-mails (no trailing slash).
_SITE_URL_DEFAULT = "" if PRODUCTION else "http://127.0.0.1:8000"
DANGVU_SITE_URL = envstr("DANGVU_SITE_URL", _SITE_URL_DEFAULT).rstrip("/")
