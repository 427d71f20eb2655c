"""The one settings file. Every knob is an environment variable read strictly
(see common/env.py); SQLite under var/ works straight from a clone."""
import base64
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lianfu.common.env import env_bool, env_clock_time, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("LIANFU_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("LIANFU_DEBUG", True)
_DEV_SECRET = "dev-only-not-secret-lianfu-0f3c9a"
SECRET_KEY = env_str("LIANFU_SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("LIANFU_SECRET_KEY must be set when LIANFU_DEBUG is off")
# Personal data at rest (common/pii.py): ID numbers are matched by a keyed hash
# and kept only encrypted. Each key is its own secret: a leaked SECRET_KEY must
# not also open the workforce records. The first key (32 bytes, url-safe base64,
# as `lianfu pii_key` prints) seals; every one listed opens, so a key is rotated
# by putting the new one first.
_DEV_PII_HASH_KEY = "dev-only-not-secret-pii-hash-5b21"
_DEV_PII_KEY = "ZGV2LW9ubHktbm90LXNlY3JldC1waWkta2V5LTAwMDA="
LIANFU_PII_HASH_KEY = env_str("LIANFU_PII_HASH_KEY", _DEV_PII_HASH_KEY if DEBUG else "")
LIANFU_PII_KEYS = env_list("LIANFU_PII_KEYS", [_DEV_PII_KEY] if DEBUG else [])
if not LIANFU_PII_HASH_KEY or not LIANFU_PII_KEYS:
    raise ImproperlyConfigured("LIANFU_PII_HASH_KEY and LIANFU_PII_KEYS must be set when LIANFU_DEBUG is off "
                               "(a key for LIANFU_PII_KEYS: lianfu pii_key)")
for _key in LIANFU_PII_KEYS:
    try:
        _ok = len(base64.urlsafe_b64decode(_key.encode())) == 32
    except ValueError:
        _ok = False
    if not _ok:
        raise ImproperlyConfigured(f"LIANFU_PII_KEYS: {_key[:6]}…: not a key of 32 bytes in url-safe base64; "
                                   "make one with: lianfu pii_key")
# Workplace entry (checkin/health.py): whose health status a scan asks. "embedded"
# reads the project's own records; "http" an external health-code service.
LIANFU_HEALTH_PROVIDER = env_str("LIANFU_HEALTH_PROVIDER", "embedded")
if LIANFU_HEALTH_PROVIDER not in ("embedded", "http"):
    raise ImproperlyConfigured("LIANFU_HEALTH_PROVIDER: embedded or http")
LIANFU_HEALTH_HTTP_URL = env_str("LIANFU_HEALTH_HTTP_URL", "")
if LIANFU_HEALTH_PROVIDER == "http" and not LIANFU_HEALTH_HTTP_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("LIANFU_HEALTH_HTTP_URL: the service's base URL (http:// or https://)")
LIANFU_HEALTH_HTTP_TIMEOUT = env_int("LIANFU_HEALTH_HTTP_TIMEOUT_MS", 800, minimum=50) / 1000
LIANFU_HEALTH_HTTP_KEY = env_str("LIANFU_HEALTH_HTTP_KEY", "")
# SMS (common/sms.py): "console" prints to the log and keeps an outbox (development, tests).
LIANFU_SMS_BACKEND = env_str("LIANFU_SMS_BACKEND", "console")
# E-mail (messaging/channels/email.py): SMTP when LIANFU_EMAIL_HOST is set; otherwise
# each message is written to a file under var/mail (development: nothing leaves).
LIANFU_EMAIL_HOST = env_str("LIANFU_EMAIL_HOST", "")
if LIANFU_EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = LIANFU_EMAIL_HOST
    EMAIL_PORT = env_int("LIANFU_EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("LIANFU_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("LIANFU_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("LIANFU_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = env_int("LIANFU_EMAIL_TIMEOUT_SECONDS", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("LIANFU_EMAIL_FROM", "lianfu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if "@" not in DEFAULT_FROM_EMAIL:
    raise ImproperlyConfigured(f"LIANFU_EMAIL_FROM={DEFAULT_FROM_EMAIL!r}: expected an e-mail address")
# Links in messages that leave the app point here (no request to read the host from).
LIANFU_SITE_URL = env_str("LIANFU_SITE_URL", "http://127.0.0.1:8000")
# Group robots (messaging/channels/): only these endpoints are ever called, whatever
# URL a robot was given; tests point them at a server on loopback.
LIANFU_DINGTALK_WEBHOOK_BASE = env_str("LIANFU_DINGTALK_WEBHOOK_BASE", "https://oapi.dingtalk.com/robot/send")
LIANFU_WECOM_WEBHOOK_BASE = env_str("LIANFU_WECOM_WEBHOOK_BASE", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send")
for _name in ("LIANFU_SITE_URL", "LIANFU_DINGTALK_WEBHOOK_BASE", "LIANFU_WECOM_WEBHOOK_BASE"):
    if not globals()[_name].startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"{_name}={globals()[_name]!r}: expected an http:// or https:// URL")
LIANFU_MESSAGING_HTTP_TIMEOUT = env_int("LIANFU_MESSAGING_HTTP_TIMEOUT_SECONDS", 10, minimum=1)
# A delivery "sending" for longer than this was left by a worker that died
# (messaging/delivery.py: the exactly-once rule). Far beyond any send's timeout.
LIANFU_MESSAGING_STALE_MINUTES = env_int("LIANFU_MESSAGING_STALE_MINUTES", 10, minimum=1)
# The daily digest's cut-off (local time): each digest holds what came since the
# previous day's cut-off; `lianfu serve` queues it once this time has passed.
LIANFU_DIGEST_TIME = env_clock_time("LIANFU_DIGEST_TIME", "17:30")
# The overview's figures of today are rebuilt at most this often (dashboard/views.py).
LIANFU_OVERVIEW_CACHE_SECONDS = env_int("LIANFU_OVERVIEW_CACHE_SECONDS", 300)
ALLOWED_HOSTS = env_list("LIANFU_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "ninja",  # serves Swagger UI from our own static files, not a CDN
    "axes",
    "django_tasks",
    "django_tasks_db",
    "lianfu.common",
    "lianfu.registry",
    "lianfu.accounts",
    "lianfu.chains",
    "lianfu.restart",
    "lianfu.helpdesk",
    "lianfu.workforce",
    "lianfu.checkin",
    "lianfu.dashboard",
    "lianfu.messaging",
    "lianfu.projects",
    "lianfu.analysis",
    "lianfu.liaison",
    "lianfu.demo",  # no models: its commands (demo, demo_logins) and generator
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lianfu.common.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lianfu.accounts.middleware.BearerTokenMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "lianfu.accounts.middleware.JurisdictionScopeMiddleware",
]
if not DEBUG:
    # The app server serves the collected static files itself (WhiteNoise); in
    # development runserver serves them straight from the source folders.
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "lianfu.urls"
WSGI_APPLICATION = "lianfu.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lianfu.accounts.context_processors.persona",
                "lianfu.common.context_processors.notifications",
            ],
        },
    },
]


def _database() -> dict:
    url = env_str("DATABASE_URL", "")
    if url:
        if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
            raise ImproperlyConfigured(f"DATABASE_URL={url!r}: expected postgres://… or sqlite://…")
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        pool = env_int("LIANFU_DB_POOL", 0)
        if pool and database["ENGINE"].endswith("postgresql"):
            database.update(CONN_MAX_AGE=0, CONN_HEALTH_CHECKS=False,
                            OPTIONS={**database.get("OPTIONS", {}), "pool": _pool_options(pool),
                                     "application_name": WEB_APPLICATION_NAME})
        return database
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "lianfu.sqlite3",
        "OPTIONS": {
            # WAL lets readers work while an import writes; IMMEDIATE avoids
            # "database is locked" on read-then-write transactions.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        },
        # Tests use a file too: an in-memory database shares one cache between
        # connections and fails concurrent writers at once ("table is locked")
        # instead of queueing them as the real file does (busy_timeout).
        # One file per test process, so that two test runs from one checkout
        # never write to the same file (Django deletes it at the end).
        "TEST": {} if env_bool("LIANFU_TEST_DB_IN_MEMORY", False) else {
            "NAME": VAR_DIR / f"test-lianfu-{os.getpid()}.sqlite3"},
    }


# How the web server's pooled connections name themselves in pg_stat_activity.
WEB_APPLICATION_NAME = "lianfu web"


def _pool_options(size: int) -> dict:
    """PostgreSQL through a pool of ``size`` connections per process (LIANFU_DB_POOL, which
    `serve --production` sets to its running places, common/serving.py): a web thread takes
    a connection for one request and gives it back, instead of keeping one per thread (36 a
    process, so 3 processes ran the default max_connections out at the rush). The pool keeps
    its connections open, so the door's prepared statement survives from scan to scan. No
    check before each lend (a round trip per request): a connection that died fails its one
    request (the door answers 503 "scan again") and the pool drops it when it comes back."""
    return {"min_size": size, "max_size": size, "timeout": 10}


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Behind this many trusted reverse proxies the client's address is read from
# X-Forwarded-For (common/throttle.py:client_address); 0 = REMOTE_ADDR.
LIANFU_PROXY_COUNT = env_int("LIANFU_PROXY_COUNT", 0)

# Login throttling (accounts/login_throttle.py): five failures for one username
# (from anywhere), or twenty from one address (whatever usernames), lock it out.
AXES_FAILURE_LIMIT = env_int("LIANFU_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LIANFU_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LIANFU_LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LIANFU_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "lianfu.accounts.login_throttle.LoginAttemptsHandler"
AXES_CLIENT_IP_CALLABLE = "lianfu.common.throttle.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "lianfu.accounts.login_throttle.lockout_response"
AXES_VERBOSE = False

# Wrong API tokens and Open311 keys (common/throttle.py): this many failures from
# one address within the window block it until the window ends. Counted in the
# default cache: per process in development; in production a file cache under
# var/ that every web server process on the host shares (no extra service needed).
LIANFU_TOKEN_FAILURE_LIMIT = env_int("LIANFU_TOKEN_FAILURE_LIMIT", 20, minimum=1)
LIANFU_TOKEN_FAILURE_WINDOW_MINUTES = env_int("LIANFU_TOKEN_FAILURE_WINDOW_MINUTES", 10, minimum=1)
if not DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache")}}

# Idle timeout: every request pushes expiry forward, so the limit is idle time.
SESSION_COOKIE_AGE = env_int("LIANFU_SESSION_IDLE_MINUTES", 120, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Cookies travel only over HTTPS in production; LIANFU_SECURE_COOKIES=false lets a
# plain-HTTP server sign people in (a check on loopback, never in service). HSTS
# is sent on HTTPS responses only (behind a proxy: docs/operations.md).
_SECURE_COOKIES = env_bool("LIANFU_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = _SECURE_COOKIES
CSRF_COOKIE_SECURE = _SECURE_COOKIES
CSRF_TRUSTED_ORIGINS = env_list("LIANFU_CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("LIANFU_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_SSL_REDIRECT = env_bool("LIANFU_SSL_REDIRECT", False)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "script-src": [SELF],
        # Inline style attributes (Django admin, ECharts' DOM) are harmless enough;
        # scripts stay strictly same-origin.
        "style-src": [SELF, UNSAFE_INLINE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lianfu.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves hashed, compressed copies made by `lianfu collectstatic`
    # (`lianfu serve --production` runs it first); a page naming a file that was
    # not collected fails loudly instead of linking to nothing.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "lianfu.common.static_storage.StaticStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("LIANFU_TASKS_INLINE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Uploads: the import reader enforces its own caps; these keep Django from
# buffering big bodies in memory.
LIANFU_IMPORT_MAX_BYTES = env_int("LIANFU_IMPORT_MAX_MB", 50, minimum=1) * 1024 * 1024
# A running import whose worker gave no sign of life for this long is failed
# (common/importing/stale.py); its heartbeat comes every few seconds.
LIANFU_IMPORT_STALE_SECONDS = env_int("LIANFU_IMPORT_STALE_SECONDS", 600, minimum=30)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A chain package posts one checkbox per in-county supplier; the demo's largest
# chain has 1,583 members, past Django's default of 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# The demo county (Cixi) and the default jurisdiction the importer resolves town
# names in when a file gives names rather than codes.
LIANFU_HOME_COUNTY = env_str("LIANFU_HOME_COUNTY", "330282")

# API keys travel in Open311 query strings and bearer headers: every logger that
# prints request lines or paths, and every handler (which also sees the records
# of child loggers such as lianfu.helpdesk.…), replaces them with *** first
# (common/log_redaction.py). django.server is declared again in full because
# configuring a logger here replaces Django's default handlers for it.
_REDACT = ["redact_secrets"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "lianfu.common.log_redaction.RedactSecrets"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                          "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": _REDACT},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": _REDACT},
    },
    "root": {"handlers": ["console"], "level": env_str("LIANFU_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False, "filters": _REDACT},
        "django.request": {"filters": _REDACT},
        "django.security": {"filters": _REDACT},
        "axes": {"level": "WARNING", "filters": _REDACT},
        "lianfu": {"filters": _REDACT},
    },
}

