"""Settings for the fact-check workbench.

Everything comes from environment variables with defaults that work on a
laptop: a SQLite file, debug on, the immediate task backend. Production
(`PRODUCTION=1`) refuses to start with a placeholder secret key or with debug
on, and turns on the secure cookie and HTTPS settings that `check --deploy`
asks for.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"

PRODUCTION = envbool("PRODUCTION", False)
DEBUG = envbool("DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)

if PRODUCTION:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("PRODUCTION is set: SECRET_KEY must be a real secret of at least 50 characters.")
    if DEBUG:
        raise ImproperlyConfigured("PRODUCTION is set: DEBUG must be off.")
    if os.environ.get("FETCH_ALLOW_ADDRESSES", "").strip():
        # It exempts addresses from the fetcher's refusal of private
        # networks: for a test server only, never for a real deployment.
        raise ImproperlyConfigured("PRODUCTION is set: FETCH_ALLOW_ADDRESSES must be empty.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "django_tasks",
    "django_tasks_db",
    # The API's docs page (Swagger UI) from the app's own static files, no CDN.
    "ninja",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "claims.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "claims.middleware.QueryStringGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "claims.middleware.HtmxLoginRedirectMiddleware",
    "claims.middleware.HtmxErrorMiddleware",
]

ROOT_URLCONF = "workbench.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.notifications",
            ],
            # Cached loaders wrapped by django-template-partials, so that
            # "page.html#partial" works the way Django 6 does it natively.
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

WSGI_APPLICATION = "workbench.wsgi.application"

# Connections are kept for DB_CONN_MAX_AGE seconds (one per gunicorn thread)
# and checked before reuse: PostgreSQL starts a process for each new
# connection, and opening one per request cost more CPU than most pages
# (bench_load.py: 37 requests/s with a connection per request, 50 kept).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and envbool("DB_PREPARED_STATEMENTS", True):
    # Parameters sent apart from the query's text, so that a query of the
    # same shape is the same text, which psycopg prepares on a kept
    # connection after its fifth run: PostgreSQL then stops planning it anew
    # each time (the planning of a page's few queries cost more server CPU
    # than running them). Off (DB_PREPARED_STATEMENTS=0) behind a connection
    # pooler in transaction mode, which cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, keeping the search triggers when a migration
    # rebuilds a table (see workbench/sqlite3/base.py).
    DATABASES["default"]["ENGINE"] = "workbench.sqlite3"
    # WAL lets the web process read while an import or a worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    )
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
if DATABASES["default"]["ENGINE"] == "workbench.sqlite3" and not DATABASES["default"]["TEST"]["NAME"]:
    # A file, not shared memory: the concurrency tests write from several
    # threads, which an in-memory database serialises with table locks.
    DATABASES["default"]["TEST"]["NAME"] = str(BASE_DIR / ".test-db.sqlite3")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's ModelBackend, with a person's permissions read in one query.
AUTHENTICATION_BACKENDS = ["claims.backends.PermissionsInOneQueryBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:article-list"
LOGOUT_REDIRECT_URL = "login"

# The newsroom named as the author of published ClaimReview records, on
# public pages and at the top of every PDF page; its address is ClaimReview's
# author url ("" for this site's own address).
ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "Fact-check desk")
ORGANISATION_URL = os.environ.get("ORGANISATION_URL", "")
# A PDF is rendered whole in the request: more claims than this are refused
# with a message asking for one article or a selection. WeasyPrint takes
# about 0.06 s of CPU and 1 MB of memory per claim (bench/bench_report_pdf.py):
# 100 claims take 6 s of CPU, 15 s on a busy 2-core machine, well inside
# gunicorn's 30 s worker timeout.
REPORT_PDF_MAX_CLAIMS = envint("REPORT_PDF_MAX_CLAIMS", 100)
# Larger reports are made by a background task into a file the user
# downloads (claims.services.reports): a printable page of more claims than
# REPORT_PAGE_MAX_CLAIMS, a PDF of more than REPORT_PDF_MAX_CLAIMS, up to
# REPORT_TASK_PDF_MAX_CLAIMS (about 6 minutes of CPU). The PDF is laid out
# REPORT_PDF_PART_CLAIMS at a time, so its memory stays near 250 MB
# whatever its length. Finished files are kept REPORT_KEEP_DAYS days
# (`manage.py delete_old_reports`).
REPORT_PAGE_MAX_CLAIMS = envint("REPORT_PAGE_MAX_CLAIMS", 500)
REPORT_TASK_PDF_MAX_CLAIMS = envint("REPORT_TASK_PDF_MAX_CLAIMS", 5000)
REPORT_PDF_PART_CLAIMS = envint("REPORT_PDF_PART_CLAIMS", 100)
REPORT_KEEP_DAYS = envint("REPORT_KEEP_DAYS", 7)
REPORT_STALL_SECONDS = envint("REPORT_STALL_SECONDS", 900)

# Background work goes through the Tasks API. "immediate" runs it inside the
# request (no worker needed); "database" queues it for `manage.py db_worker`.
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASK_BACKEND]
    }
}

# Source word indexes, built once per text for the claim panel's
# comparisons (claims/indexes.py): kept in each process's memory, and with
# INDEX_CACHE=database also shared between web processes and workers through
# a cache table (create it with `manage.py createcachetable`).
INDEX_CACHE = os.environ.get("INDEX_CACHE", "memory")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "indexes": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "source_index_cache"},
}

# Import limits.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 10_000_000)
IMPORT_MAX_ZIP_MEMBERS = envint("IMPORT_MAX_ZIP_MEMBERS", 500)
# A source text longer than this is cut into searchable passages by a
# background task rather than while it is saved.
PASSAGES_INLINE_CHARS = envint("PASSAGES_INLINE_CHARS", 200_000)
# Captures are kept for ever: at most this many of one source per hour.
CAPTURES_PER_SOURCE_PER_HOUR = envint("CAPTURES_PER_SOURCE_PER_HOUR", 6)
# Processes one import batch's files are imported in at once (claims.import_pool),
# about one per core of the task worker's machine; 1 imports them one after another.
# Meant for a worker backend: with the immediate one the batch runs in the web request.
IMPORT_WORKERS = envint("IMPORT_WORKERS", 1)
# A running import not heard from in this long died with its worker: it is
# queued again, up to IMPORT_MAX_ATTEMPTS runs, then failed.
IMPORT_STALL_SECONDS = envint("IMPORT_STALL_SECONDS", 300)
IMPORT_MAX_ATTEMPTS = envint("IMPORT_MAX_ATTEMPTS", 3)
# Password guessing: this many failed sign-ins within the window lock an
# account, or an address, until the window has passed or an admin unlocks it.
LOGIN_FAILURES_PER_ACCOUNT = envint("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = envint("LOGIN_FAILURES_PER_ADDRESS", 30)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", 15)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 5_000_000)
# Uploaded files stream to temporary files, each kept only up to
# IMPORT_MAX_BYTES (claims/uploads.py); none is held in memory.
FILE_UPLOAD_HANDLERS = ["claims.uploads.LimitedTemporaryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
# Files in one request; more is refused with a message before any is read.
DATA_UPLOAD_MAX_NUMBER_FILES = envint("IMPORT_MAX_FILES", 20)

# Fetching web pages (imports by address, source captures). Private,
# loopback and link-local addresses are always refused; FETCH_ALLOW_ADDRESSES
# lists CIDRs exempt from that, for a test server only.
FETCH_MAX_BYTES = envint("FETCH_MAX_BYTES", 10_000_000)
FETCH_CONNECT_TIMEOUT = float(os.environ.get("FETCH_CONNECT_TIMEOUT", "5"))
FETCH_TOTAL_TIMEOUT = float(os.environ.get("FETCH_TOTAL_TIMEOUT", "20"))
FETCH_ALLOW_ADDRESSES = envlist("FETCH_ALLOW_ADDRESSES", "")

# Scripts, styles and everything else from this site only: no inline
# script, no eval (htmx is configured without it in base.html), nothing
# framed. Style attributes stay allowed for the progress bars' widths.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
