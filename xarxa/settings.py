"""Xarxa settings. Everything that differs between machines comes from the environment.

Defaults are safe for the embedded pilot (SQLite under var/, mail written to var/mail/).
With DEBUG off (the default) the site refuses to start without a SECRET_KEY.
"""

import os
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("XARXA_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# The test runner gets development defaults (no secret key needed, plain static storage).
TESTING = env.bool("XARXA_TESTING", default=False) or "pytest" in sys.modules

SECRET_KEY = env.str("SECRET_KEY", default="")
OFFLINE_COMMAND = env.bool("XARXA_OFFLINE_COMMAND", default=False)  # set by manage.py for source-only commands
if not SECRET_KEY:
    if not (DEBUG or TESTING or OFFLINE_COMMAND):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode (DEBUG off) refuses to start without it."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("XARXA_SITE_NAME", default="Xarxa")
SITE_URL = env.str("XARXA_SITE_URL", default="http://127.0.0.1:8000")

# Who may join: "open" (anyone), "approval" (a moderator approves each new
# account, invited people excepted) or "invitation" (only with an invitation link).
SIGNUP_MODE = env.str("XARXA_SIGNUP_MODE", default="open")
if SIGNUP_MODE not in {"open", "approval", "invitation"}:
    raise ImproperlyConfigured("XARXA_SIGNUP_MODE must be open, approval or invitation.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_countries",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "xarxa.core",
    "xarxa.accounts",
    "xarxa.organisations",
    "xarxa.topics",
    "xarxa.follows",
    "xarxa.spaces",
    "xarxa.content",
    "xarxa.debates",
    "xarxa.blogs",
    "xarxa.wikis",
    "xarxa.events",
    "xarxa.congress",
    "xarxa.library",
    "xarxa.lab",
    "xarxa.school",
    "xarxa.awards",
    "xarxa.activity",
    "xarxa.search",
    "xarxa.discovery",
    "xarxa.notifications",
    "xarxa.messaging",
    "xarxa.privacy",
    "xarxa.demo",
    "xarxa.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "xarxa.accounts.readercache.ReaderFactsMiddleware",  # the reader's profile, groups, permissions, kept
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "xarxa.privacy.middleware.StaffMfaMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xarxa.accounts.middleware.PendingApprovalMiddleware",
    "xarxa.accounts.middleware.MemberTimeZoneMiddleware",
    "xarxa.core.pagecache.PageCacheMiddleware",  # last: it sees the request as the view would
]

ROOT_URLCONF = "xarxa.urls"
WSGI_APPLICATION = "xarxa.wsgi.application"
ASGI_APPLICATION = "xarxa.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "xarxa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xarxa.core.context_processors.site",
                "xarxa.core.context_processors.sections",
                "xarxa.core.pagecache.csrf_placeholder",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# Databases: the embedded SQLite file under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'xarxa.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers and the writer work at once; IMMEDIATE avoids
            # "database is locked" upgrades inside write transactions.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT for short web queries: PostgreSQL compiled the feed's queries for seconds (their estimated
    # cost is high, their run a few milliseconds); see bench/feed.py.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")


def redis_url_for_test_worker(url: str, worker: str) -> str:
    """Parallel test workers (pytest-xdist sets PYTEST_XDIST_WORKER=gw0, gw1…) each take their own Redis
    database, counting down from the one in REDIS_URL, so one worker's cache flush, rate limits or queue
    emptying never reach another's."""
    base, _slash, number = url.rpartition("/")
    if not number.isdigit() or not worker.startswith("gw"):
        return url
    return f"{base}/{max(int(number) - int(worker[2:]), 0)}"


if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER"):
    REDIS_URL = redis_url_for_test_worker(REDIS_URL, os.environ["PYTEST_XDIST_WORKER"])
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    if not TESTING:  # the query pins count the session's row, with or without Redis
        # Sessions read from the shared cache, written to both: a signed-in page reads no session row.
        SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Visitors' pages kept in the shared cache (xarxa.core.pagecache), invalidated by every committed write;
# this many seconds at most. Off without Redis (each worker's in-process cache would miss the others'
# writes) and in tests, unless set.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 if REDIS_URL and not TESTING else 0)

# Background tasks: named queues per concern. The database backend needs nothing
# more than the database (`manage.py db_worker`); with Redis, RQ workers
# (`manage.py rqworker default email`) take them.
TASK_QUEUES = ["default", "email"]
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
    RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300} for name in TASK_QUEUES}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: log in by e-mail; e-mail must be verified before posting
# (checked by the can_post rule), not before logging in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "xarxa.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "xarxa.accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Failed logins: at most 10 a minute from one address, 5 per 5 minutes for one account.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
# Every rate limit counts by the client's address (xarxa.core.clientip). Behind reverse proxies, say how many
# of them append to X-Forwarded-For (1 for the nginx or Caddy of docs/deploy.md); 0 ignores the header,
# which is right only when nothing stands between the clients and gunicorn.
XARXA_TRUSTED_PROXIES = env.int("XARXA_TRUSTED_PROXIES", default=0)
if XARXA_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("XARXA_TRUSTED_PROXIES is a number of proxies: 0 or more.")
# Anonymous visitors' requests to the expensive pages, per client address (xarxa.core.throttle); over the
# limit they get 429 with Retry-After. E.g. XARXA_ANONYMOUS_RATES=search=30/m,open_data=10/m
XARXA_ANONYMOUS_RATES = {
    "search": "30/m", "suggest": "120/m", "open_data": "20/m", "directory": "60/m",
    **env.dict("XARXA_ANONYMOUS_RATES", default={}),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# The signed-in devices page (allauth.usersessions) records each sign-in's address and browser. Activity is
# not tracked on every request: that would be a write per page view.
USERSESSIONS_TRACK_ACTIVITY = False
# Staff accounts must turn on two-factor authentication before they reach any page ("required"), or may
# ("optional"). Required by default in production (DEBUG off), optional in development and tests.
XARXA_STAFF_MFA = env.str("XARXA_STAFF_MFA", default="optional" if DEBUG or TESTING else "required")
if XARXA_STAFF_MFA not in {"required", "optional"}:
    raise ImproperlyConfigured("XARXA_STAFF_MFA must be required or optional.")

# Personal data (GDPR). The privacy page names the controller and a contact; the retention periods below are
# applied by `manage.py apply_privacy_retention` (run it daily from cron) and stated on that page.
XARXA_PRIVACY_CONTROLLER = env.str("XARXA_PRIVACY_CONTROLLER", default=SITE_NAME)
XARXA_PRIVACY_CONTACT = env.str("XARXA_PRIVACY_CONTACT", default="")
# Days during which a member who asked to delete their account can cancel by signing in again.
XARXA_ACCOUNT_DELETION_GRACE_DAYS = env.int("XARXA_ACCOUNT_DELETION_GRACE_DAYS", default=14)
# What happens to a leaving member's content: "choice" (the member chooses), "erase" or "anonymise" (imposed).
XARXA_ACCOUNT_DELETION_CONTENT = env.str("XARXA_ACCOUNT_DELETION_CONTENT", default="choice")
if XARXA_ACCOUNT_DELETION_CONTENT not in {"choice", "erase", "anonymise"}:
    raise ImproperlyConfigured("XARXA_ACCOUNT_DELETION_CONTENT must be choice, erase or anonymise.")
# Days a data export (and its download link) is kept.
XARXA_DATA_EXPORT_DAYS = env.int("XARXA_DATA_EXPORT_DAYS", default=7)
# Days finished background tasks (which may hold e-mail addresses) and failed-task rows are kept.
XARXA_TASK_RETENTION_DAYS = env.int("XARXA_TASK_RETENTION_DAYS", default=30)
# Days an inactive signed-in session (device) is kept.
XARXA_SESSION_RETENTION_DAYS = env.int("XARXA_SESSION_RETENTION_DAYS", default=14)
SESSION_COOKIE_AGE = XARXA_SESSION_RETENTION_DAYS * 24 * 3600

# Mail: files under var/mail/ (one .eml each) unless EMAIL_URL names a server,
# e.g. smtp+tls://user:password@mail.example.org:587
# Every e-mail is queued as a background task (retried when delivery fails) and
# delivered by XARXA_DELIVERY_EMAIL_BACKEND.
EMAIL_URL = env.str("EMAIL_URL", default="")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
if EMAIL_URL:
    _email = environ.Env.email_url_config(EMAIL_URL)
    XARXA_DELIVERY_EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
    vars().update(_email)
else:
    XARXA_DELIVERY_EMAIL_BACKEND = "xarxa.core.mail.EmlFileBackend"
EMAIL_BACKEND = "xarxa.core.mail.QueuedEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <no-reply@xarxa.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Languages: Spanish first; Portuguese (Brazilian spelling), Catalan, English.
LANGUAGE_CODE = "es"
LANGUAGES = [
    ("es", "Español"),
    ("pt-br", "Português"),
    ("ca", "Català"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "xarxa" / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Madrid")
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG and SITE_URL.startswith("https")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "xarxa" / "static"]
WHITENOISE_AUTOREFRESH = DEBUG or TESTING  # serve from the app folders, no collectstatic needed
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Profile photos: accepted types and the largest upload, in bytes.
XARXA_PHOTO_MAX_BYTES = env.int("XARXA_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
XARXA_ATTACHMENT_MAX_BYTES = env.int("XARXA_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Data exports live outside MEDIA_ROOT: never served as static files, only through the signed download link.
XARXA_EXPORT_ROOT = Path(env.str("XARXA_EXPORT_ROOT", default=str(VAR_DIR / "exports")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security headers. The CSP forbids inline script and style everywhere, in
# development too, so a forbidden inline block shows up before production.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SESSION_COOKIE_HTTPONLY = True
    if SITE_URL.startswith("https"):
        SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
        SECURE_HSTS_INCLUDE_SUBDOMAINS = True
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
