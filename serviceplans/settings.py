"""
Settings for serviceplans: one module, driven by environment variables.

Development needs nothing set. Production sets at least DEBUG=false, SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL; see .env.example and the README.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_dotenv(path: Path) -> None:
    """Load KEY=value lines from .env into the environment (real environment wins)."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_read_dotenv(BASE_DIR / ".env")


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# pytest-django imports these settings with pytest loaded; tests get fast hashing, the
# immediate task backend and static files without a manifest.
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG or TESTING else "")
if not DEBUG and (
    len(SECRET_KEY) < 50
    or SECRET_KEY == _DEV_SECRET_KEY
    or SECRET_KEY.startswith("change-me")
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to at least 50 random characters when DEBUG is off. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "serviceplans.admin.ServicePlansAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "django_tasks_db",
    "council",
    "kpis",
    "risks",
    "plans",
    "returns",
    "packs",
    "setup",
    # Single sign-on (signin): allauth does the OpenID Connect protocol; its account app is
    # required by its socialaccount app. Each council's provider is made from signin's own
    # SingleSignOn model (signin/adapter.py), never from allauth's SocialApp table.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "signin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "serviceplans.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Required by allauth (it keeps the request for its own views and hooks).
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "serviceplans.urls"
WSGI_APPLICATION = "serviceplans.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "council.context_processors.council",
            ],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL when DATABASE_URL is set ----------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a lock rather than fail at once when the worker and web write together.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "council.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses a password for a council that signs in with single sign-on only.
    "signin.backends.PasswordOffBackend",
    "council.backends.CouncilUserBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Login throttling (django-axes): 5 failures for one username from one address locks
# that pair out for 15 minutes.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(env("PROXY_COUNT", "0")) or None

# Single sign-on through OpenID Connect (signin/, README "Single sign-on"): allauth's
# provider, made stricter (nonce, signature always checked), with each council's
# configuration read by our adapter. The issuer must be https, except where
# SSO_ALLOW_HTTP_ISSUER is on (the tests' local provider on 127.0.0.1).
SOCIALACCOUNT_ADAPTER = "signin.adapter.CouncilSocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"provider_class": "signin.oidc.CouncilProvider"}}
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SSO_ALLOW_HTTP_ISSUER = env_bool("SSO_ALLOW_HTTP_ISSUER", default=TESTING)

SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Change history (django-simple-history): the admin shows past versions read-only. A revert
# would write an old version back without the app's own checks (council.admin refuses the
# POST too, as simple_history only hides the button).
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

# --- Static and media files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))


def file_storage_config(*, bucket: str = "", endpoint_url: str = "", region: str = "") -> dict:
    """Where uploads and made PDFs are kept: files under MEDIA_ROOT on one server, or an
    S3-compatible bucket (django-storages) that every server shares when S3_BUCKET is set.

    Files are only ever served through views that check the reader's rights, so objects are
    written with no ACL (private, and accepted by buckets whose ACLs are disabled, the AWS
    default) and a URL, should anything ask for one, is signed and short-lived. A name in
    use is never overwritten, as on disk: a replaced picture's old file is deleted by name
    after the new one is stored. The credentials are boto3's own (AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY, or the machine's role), never settings."""
    if not bucket:
        if endpoint_url or region:
            raise ImproperlyConfigured("S3_ENDPOINT_URL and S3_REGION need S3_BUCKET.")
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if endpoint_url and not endpoint_url.startswith(("https://", "http://")):
        raise ImproperlyConfigured("S3_ENDPOINT_URL must be an https:// or http:// URL.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        # A file read from the bucket (a pack being downloaded) is held in memory up to
        # this size, then in a temporary file.
        "max_memory_size": 5 * 1024 * 1024,
    }
    if endpoint_url:
        # MinIO, Ceph, Garage...: every S3-compatible server answers path-style requests;
        # bucket-named host names need wildcard DNS.
        options["addressing_style"] = "path"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage_config(
        bucket=env("S3_BUCKET"), endpoint_url=env("S3_ENDPOINT_URL"), region=env("S3_REGION")
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

# --- Caches ---------------------------------------------------------------------------
# "parts": the plan page's rendered table parts (plans/cache/parts.py). "pages": whole plan
# bodies and dashboard contents (plans/cache/pages.py, council/page_cache.py). Both are keyed
# by change stamps; their hour bounds how long a change made outside the app (SQL) goes
# unseen, as the README promises (`manage.py clear_page_cache` shows it at once). On one
# server both are files under PAGE_CACHE_DIR, shared by its web processes; with CACHE_URL
# (redis:// or rediss://, Redis or Valkey) they are shared by every server. Their keys start
# with a fingerprint of the code (council/code_version.py), so that a deployment never
# reads what the code before it rendered. Tests keep them in memory; they are off while
# DEBUG, when templates change under a running server.
PAGE_CACHE_DIR = Path(env("PAGE_CACHE_DIR", str(BASE_DIR / ".cache")))
CACHE_URL = env("CACHE_URL")


def page_cache_config(
    name: str, timeout: int, entries: str, *, url: str = "", testing: bool, debug: bool
) -> dict:
    """One of the caches of rendered HTML, as this deployment keeps it."""
    options = {"MAX_ENTRIES": int(entries)}
    if testing and not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name,
                "TIMEOUT": timeout, "OPTIONS": options}  # fmt: skip
    if debug and not url:
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    from council.code_version import fingerprint

    if url:
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// URL.")
        # Redis bounds its memory itself (maxmemory with allkeys-lru, README); one key
        # space per cache, so that each can be told apart.
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "TIMEOUT": timeout,
            "KEY_PREFIX": f"{fingerprint()}:{name}",
        }
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(PAGE_CACHE_DIR / name),
        "TIMEOUT": timeout,
        "KEY_PREFIX": fingerprint(),
        "OPTIONS": options,
    }


def _page_cache(name: str, timeout: int, entries: str) -> dict:
    return page_cache_config(name, timeout, entries, url=CACHE_URL, testing=TESTING, debug=DEBUG)


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # PART_CACHE_ENTRIES and PAGE_CACHE_ENTRIES bound them (a 200-row part is ~0.2 MB).
    "parts": _page_cache("parts", 60 * 60, env("PART_CACHE_ENTRIES", "1000")),
    "pages": _page_cache("pages", 60 * 60, env("PAGE_CACHE_ENTRIES", "1000")),
}

# --- Forms ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Background tasks (django.tasks, database backend; `manage.py db_worker`) -------------
# Plan PDFs made in the background after a change (plans/pdf/store.py), this many seconds
# after it so that a burst of edits makes one; off in tests, which render on demand.
PDF_RENDER_AHEAD = env_bool("PDF_RENDER_AHEAD", not TESTING)
PDF_RENDER_DELAY = int(env("PDF_RENDER_DELAY", "30"))
# A published version's PDF is made by the worker after publication; a download arriving
# this many seconds later, with no file yet (no worker running), makes it itself.
VERSION_PDF_WAIT = int(env("VERSION_PDF_WAIT", "120"))

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- E-mail (Django 6.1 MAILERS): console in development, SMTP in production -----------
# Production sends through EMAIL_HOST (a local relay on localhost:25 when unset).
EMAIL_HOST = env("EMAIL_HOST", "" if DEBUG else "localhost")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": int(env("EMAIL_PORT", "587" if env("EMAIL_HOST") else "25")),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=bool(env("EMAIL_HOST"))),
                "timeout": 20,
            },
        }
        if EMAIL_HOST
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
del EMAIL_HOST  # the MAILERS entry above is the only e-mail setting
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "serviceplans@localhost")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# --- Security ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# LOCAL_HTTP_ONLY=true lets production settings run over plain http on this machine alone
# (the load benchmark in benchmarks/): cookies without the Secure flag, no HTTPS redirect,
# no HSTS. It is refused unless every allowed host is a loopback address.
LOCAL_HTTP_ONLY = env_bool("LOCAL_HTTP_ONLY", default=False)
if LOCAL_HTTP_ONLY and not DEBUG and not set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "[::1]"}:
    raise ImproperlyConfigured("LOCAL_HTTP_ONLY is for 127.0.0.1/localhost only.")
SESSION_COOKIE_SECURE = not DEBUG and not LOCAL_HTTP_ONLY
CSRF_COOKIE_SECURE = not DEBUG and not LOCAL_HTTP_ONLY
SECURE_SSL_REDIRECT = (
    False if LOCAL_HTTP_ONLY else env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
)
SECURE_HSTS_SECONDS = 0 if DEBUG or LOCAL_HTTP_ONLY else int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env_bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Django's built-in Content Security Policy: only our own scripts (plus a per-request
# nonce for the one inline line that marks the page as JS-enabled), no plugins, no frames.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- serviceplans -----------------------------------------------------------------------
PACK_RETENTION_DAYS = int(env("PACK_RETENTION_DAYS", "30"))
# A worker rendering a pack's chapter renews its lease every PACK_HEARTBEAT_SECONDS; a chapter
# whose lease has not been renewed for PACK_LEASE_SECONDS lost its worker (killed, machine gone).
PACK_HEARTBEAT_SECONDS = float(env("PACK_HEARTBEAT_SECONDS", "30"))
PACK_LEASE_SECONDS = float(env("PACK_LEASE_SECONDS", "150"))
# A pack no worker has taken this many minutes after it was asked for says whether a worker
# is running at all (each says so every WORKER_HEARTBEAT_SECONDS: plans/worker.py).
PACK_QUEUE_TIMEOUT = float(env("PACK_QUEUE_TIMEOUT", "1"))
WORKER_HEARTBEAT_SECONDS = float(env("WORKER_HEARTBEAT_SECONDS", "20"))
ORG_CHART_MAX_BYTES = int(env("ORG_CHART_MAX_BYTES", str(5 * 1024 * 1024)))

# Reminders of a return (returns/reminders.py) go on the days of each council's returns
# calendar (set up by its performance lead at /setup/returns-calendar/), none before
# RETURN_REMINDER_HOUR o'clock (local time).
RETURN_REMINDER_HOUR = int(env("RETURN_REMINDER_HOUR", "8"))
if not 0 <= RETURN_REMINDER_HOUR <= 23:
    raise ImproperlyConfigured("Return reminders need RETURN_REMINDER_HOUR from 0 to 23.")
