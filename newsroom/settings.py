"""
newsroom settings, read from the environment only.

Development needs nothing set: `DEBUG=1` gives a throwaway secret key, SQLite and a local-memory
cache. With `DEBUG` off (the default) the process refuses to start without a real `SECRET_KEY`.
`make` (run, test, any target that installs) writes a git-ignored `.env` (DEBUG on, a generated
key) that fills in what the environment leaves unset, so every README command works as typed;
production has no such file and reads its real environment.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.log import DEFAULT_LOGGING

from newsroom.environment import env_bool, env_int, env_list, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent

load_env_file(Path(os.environ.get("NEWSROOM_ENV_FILE") or BASE_DIR / ".env"))

# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for local development)"
        )
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public site's scheme and host (https://news.example.org) for absolute links: canonical
# links, og:url, JSON-LD, feeds, sitemaps and robots.txt (newsroom/siteurl.py). Set, it always
# wins, whatever Host a request names. Unset with DEBUG on, a request's links use the address
# it reached (`make run PORT=8010`: port 8010; only ALLOWED_HOSTS get that far); links made
# outside a request, and every link with DEBUG off, use http://127.0.0.1:8000.
_site_url = os.environ.get("SITE_URL", "").strip().rstrip("/")
SITE_URL = _site_url or "http://127.0.0.1:8000"
SITE_URL_CONFIGURED = bool(_site_url)
SITE_NAME = os.environ.get("SITE_NAME", "Newsroom")

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # The task queue distribution runs on (its database backend; distribution/tasks.py).
    "django_tasks",
    "django_tasks.backends.database",
    # The photo library: below articles (articles point at images, never the reverse).
    "images",
    # Sections: below articles too (an article names its section).
    "sections",
    "articles",
    "sources",
    # The Trust Project's indicators: policies, reader feedback, the corrections archive.
    "trust",
    # Curated fronts: above articles and sections (a pin names a story and a front).
    "fronts",
    # Partners and the outbox of events pushed to them: above articles and sections.
    "distribution",
    # Project-wide management commands (backup, restore) in newsroom/management/commands/.
    "newsroom.apps.NewsroomConfig",
]

MIDDLEWARE = [
    # First: an anonymous reader's hit runs nothing else. A page is stored with the headers the
    # middleware below gave it (security, CSP, X-Frame-Options), so hits carry them too.
    "newsroom.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # %00 in an address is refused before it can reach a database lookup.
    "newsroom.nulbytes.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Absolute links name the address a request reached when no SITE_URL is set (development).
    "newsroom.siteurl.SiteUrlMiddleware",
    "newsroom.routers.PrimaryAfterWriteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Every write request is one revision, whatever route it takes (admin, API, forms).
    "reversion.middleware.RevisionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees a view's exception first: a database outage is a 503, not a 500.
    "newsroom.outage.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "newsroom.context_processors.site",
                "sections.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    ),
}
# An optional read replica: reads go there, writes (and a writer's reads for a few seconds
# after writing) to the primary; see newsroom/routers.py and docs/deploy.md.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
    # Tests run against the primary alone; the replica alias reads the same test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        # Several writers on SQLite (`make run`): a deferred transaction that has read cannot
        # take the write lock while another writer holds it, and fails at once with "database
        # is locked". BEGIN IMMEDIATE takes it up front, so the second writer waits (up to
        # `timeout` seconds), then reads the new version and is refused as stale; WAL lets
        # readers carry on meanwhile.
        _database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            **_database.get("OPTIONS", {}),
        }
DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]
PRIMARY_PIN_SECONDS = env_int("PRIMARY_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
# The connect and every read to Redis time out after this long, so a Redis that does not answer
# costs a call at most about this much; a healthy one answers in well under a millisecond.
REDIS_TIMEOUT_MS = env_int("REDIS_TIMEOUT_MS", 100)
if REDIS_TIMEOUT_MS < 1:
    raise ImproperlyConfigured("REDIS_TIMEOUT_MS must be at least 1")
# After a Redis connection error or timeout each process skips the cache this long, then one
# call probes it again: a hung Redis costs a process one timeout per window, and caching
# resumes at most this long after Redis does (0: every call after a failure tries Redis).
CACHE_BREAKER_SECONDS = env_int("CACHE_BREAKER_SECONDS", 5)
if REDIS_URL:
    # Fails open: with Redis down or hung, pages and the API keep serving, uncached
    # (newsroom/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_MS / 1000,
                "socket_timeout": REDIS_TIMEOUT_MS / 1000,
                "breaker_seconds": CACHE_BREAKER_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# CACHE_BACKEND=dummy turns every cache off (page cache, throttles): for benchmarks.
if os.environ.get("CACHE_BACKEND", "").strip().lower() == "dummy":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# The task queue: rows in the database, written in the transaction that enqueues them, run by
# `manage.py db_worker` (`make worker`; `make run` starts one beside the dev server).
TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}

# Distribution to partners (distribution/, docs/distribution.md). Webhook addresses on this
# machine or a private network are refused unless allowed (development with a local receiver).
DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = env_bool("DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES", False)

# Whole pages for anonymous readers (newsroom/pagecache.py), invalidated precisely on every
# change; 0 turns the page cache off. Never kept past the next scheduled publication.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# A page is not stored if what it shows changed this recently (clock skew, replica lag).
_settle = 5 if os.environ.get("DATABASE_REPLICA_URL") else 1
PAGE_CACHE_SETTLE_SECONDS = env_int("PAGE_CACHE_SETTLE_SECONDS", _settle)
PAGE_CACHE_UNKNOWN_SCHEDULE_SECONDS = 60
# The pages a change evicted are rendered again by the queue's worker (newsroom/warming.py).
PAGE_CACHE_WARM = env_bool("PAGE_CACHE_WARM", bool(REDIS_URL))
# With a shared cache, each worker also keeps its hottest pages in this much memory, re-checked
# against the shared generations at most every PAGE_CACHE_LOCAL_CHECK_SECONDS: an invalidation
# reaches every server within that time (0: on the next request, at one cache read a hit).
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 8 * 1024 * 1024 if REDIS_URL else 0)
PAGE_CACHE_LOCAL_CHECK_SECONDS = env_int("PAGE_CACHE_LOCAL_CHECK_SECONDS", 1)
# Browsers (max-age) and shared caches such as a CDN (s-maxage) may keep anonymous pages this
# long; raise PUBLIC_SHARED_MAX_AGE only with a CDN that purges by Surrogate-Key/Cache-Tag.
PUBLIC_MAX_AGE = env_int("PUBLIC_MAX_AGE", 60)
PUBLIC_SHARED_MAX_AGE = env_int("PUBLIC_SHARED_MAX_AGE", 60)

# --- Authentication -------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Django's, with a user's own and group permissions read in one query (newsroom/auth.py).
AUTHENTICATION_BACKENDS = ["newsroom.auth.ModelBackend"]

# The reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For names the
# client; throttles count clients by it (newsroom/clientip.py). Empty: the connecting address
# is the client, and X-Forwarded-For is ignored, since anyone can send it.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list addresses or networks, not {_proxy!r}"
        ) from None

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded photos and their renditions go through Django's storage API: the file system under
# MEDIA_ROOT by default (served by newsroom itself at MEDIA_URL), or an S3-compatible object
# store when MEDIA_S3_BUCKET is set, for a site on several machines (docs/deploy.md). Names are
# content hashes, so every file is cached for a year.
MEDIA_URL = os.environ.get("MEDIA_URL") or "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    _MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            # The CDN's host in front of the bucket: renditions are public, addresses plain.
            "custom_domain": os.environ.get("MEDIA_CDN_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    # Originals keep the camera's metadata (GPS included): private, behind signed URLs.
    _ORIGINALS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_MEDIA_STORAGE["OPTIONS"],
            "location": "originals",
            "custom_domain": None,
            "querystring_auth": True,
            "default_acl": "private",
            "object_parameters": {},
        },
    }
else:
    _MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    # Originals keep the camera's metadata (GPS included): never served at MEDIA_URL (only
    # images/renditions/ is), downloaded by staff through the desk.
    _ORIGINALS_STORAGE = {"BACKEND": "images.storage.PrivateFileSystemStorage"}
_MEDIA_HOSTS = [
    host
    for host in (
        MEDIA_URL if MEDIA_URL.startswith("http") else "",
        f"https://{os.environ['MEDIA_CDN_DOMAIN']}" if os.environ.get("MEDIA_CDN_DOMAIN") else "",
    )
    if host
]
# The largest upload taken (bytes) and the most pixels decoded (a decompression bomb beyond).
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 40 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 60_000_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STORAGES = {
    "default": _MEDIA_STORAGE,
    "originals": _ORIGINALS_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security (production) ------------------------------------------------------------------

# No inline script or style anywhere (pages, admin, API docs): everything comes from our own
# static files, so the policy needs no exceptions. A template that must inline a script uses
# the per-request nonce ({{ request.csp_nonce }}).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_MEDIA_HOSTS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto; switch off only for loopback
    # benchmarks and soak runs that speak plain HTTP.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Content --------------------------------------------------------------------------------

TAGGIT_CASE_INSENSITIVE = True
# Topic URLs use Django's ASCII `<slug:...>` converter: a slug like "é" could never be linked
# to (NoReverseMatch, a 500 on every page listing the topic), so topic slugs are ASCII.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# --- API ------------------------------------------------------------------------------------

# Request bodies above this get 413; an article with its credits and attributions is far smaller.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)

REST_FRAMEWORK = {
    # Token first, so an anonymous write gets 401 with a WWW-Authenticate challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["newsroom.rest.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["newsroom.rest.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "newsroom.rest.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "newsroom.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "newsroom.rest.AnonRateThrottle",
        "newsroom.rest.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "user": os.environ.get("API_USER_RATE", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "newsroom.rest.exception_handler",
    "PAGE_SIZE": 20,
    # JSON only: no ?format= switch, so an unknown query parameter is always an error.
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": (
        "Articles, sources, topics and contributors. Anyone may read published articles; "
        "writes need a token (`Authorization: Token <key>`) or a session with CSRF, and the "
        "matching model permissions. Article writes need `If-Match` with the article's ETag."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "articles.models.ArticleStatus",
        "CreditRoleEnum": "articles.models.CreditRole",
        "SourceKindEnum": "sources.models.SourceKind",
        "AttributionKindEnum": "sources.models.AttributionKind",
        "CorrectionKindEnum": "articles.models.CorrectionKind",
    },
}

# --- Logging --------------------------------------------------------------------------------

# Every record is printed once, by the root's handler. Django's own defaults give the "django"
# logger a console handler of its own (with DEBUG on) while it also propagates to the root,
# which printed every warning twice ("Not Found: /favicon.ico", then again); here it only
# propagates. Configuring "django" resets its children, so runserver's request lines
# ("django.server") get Django's handler and format back, and do not propagate: once, too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"django.server": DEFAULT_LOGGING["formatters"]["django.server"]},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": DEFAULT_LOGGING["handlers"]["django.server"],
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": DEFAULT_LOGGING["loggers"]["django.server"],
        "django.db.backends": {"level": "INFO"},
    },
}
