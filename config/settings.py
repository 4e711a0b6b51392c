"""Settings for Tsunagu, read from the environment with safe local defaults.

With nothing set the platform runs embedded: an SQLite file, the in-memory
channel layer, local media and console e-mail. `DJANGO_ENV=production` turns
on the checks and hardening a public deployment needs.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
PRODUCTION = env.str("DJANGO_ENV", default="local") == "production"


def _required_in_production(name: str, value):
    """Refuse to start in production mode when a setting is missing, naming it."""
    if PRODUCTION and not value:
        raise ImproperlyConfigured(
            f"{name} が設定されていません。本番モード (DJANGO_ENV=production) では必須です。"
            f" / {name} must be set when DJANGO_ENV=production."
        )
    return value


SECRET_KEY = _required_in_production("SECRET_KEY", env.str("SECRET_KEY", default=""))
if not SECRET_KEY:
    # Local-only key: production refuses to start without its own (see above).
    SECRET_KEY = "local-development-key-not-for-production"

DEBUG = env.bool("DEBUG", default=False) and not PRODUCTION
ALLOWED_HOSTS = _required_in_production(
    "ALLOWED_HOSTS",
    env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"]),
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Websockets carry no CSRF token, so a handshake must come from one of these origins
# exactly, scheme, host and port (config/origins.py): the site's own address and the
# origins trusted for forms behind a proxy.
WEBSOCKET_ALLOWED_ORIGINS = [SITE_URL, *CSRF_TRUSTED_ORIGINS]

INSTALLED_APPS = [
    "base",
    "accounts",
    "courses",
    "casestudies",
    "workshops",
    "assessments",
    "certificates",
    "planning",
    "wagtail.contrib.forms",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.wagtail_apps.TsunaguUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "channels",
    "django_ratelimit",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the reader page cache, so replayed pages get both headers too; after
    # WhiteNoise, so static files keep their own long caching.
    "base.middleware.ContentSecurityPolicyMiddleware",
    "base.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "base.middleware.JapaneseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "base.site_cache.SiteCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireAdminTwoFactorMiddleware",
    # After sessions, CSRF, auth and messages: its key needs all four.
    "courses.page_cache.ReaderPageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "base.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Requests run on a few reused threads (config/asgi_handler.py), so each thread's
# connection is kept for a minute and checked before reuse instead of reopened.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the ASGI server read while another request writes. synchronous=NORMAL is
    # SQLite's advice for WAL: commits survive a crash of the server process and the file
    # never corrupts; only a power cut may lose the last moments. It took the fsync out of
    # every group-work post (bench.live, 100 posts a second).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # A background-task worker holds the write lock while it renders and signs a
            # certificate; on a loaded machine that outlasted SQLite's 5 s default wait,
            # and db_worker exits on "database is locked" at BEGIN (bench.certificates).
            "timeout": 30,
        }
    )


def database_prepare_threshold(value: str) -> int | None:
    """psycopg's prepare_threshold from DATABASE_PREPARE_THRESHOLD: runs before preparing, or off."""
    if value.strip().lower() in {"off", "none"}:
        return None
    try:
        threshold = int(value)
    except ValueError:
        threshold = -1
    if threshold < 0:
        raise ImproperlyConfigured(
            f"DATABASE_PREPARE_THRESHOLD must be a whole number of runs or 'off', not {value!r}"
        )
    return threshold


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound on the server, and a statement prepared once it has run five times
    # on a connection, so PostgreSQL parses it once and, for the key lookups, keeps its
    # plan: planning the issue's seven-table read of an enrollment took 1-3 ms of the
    # server's CPU at each run (log_planner_stats), on the cores the task workers render
    # on (bench.certificates --production). Django leaves preparing off for transaction
    # poolers: DATABASE_PREPARE_THRESHOLD=off behind a PgBouncer older than 1.21 or
    # without max_prepared_statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "server_side_binding": True,
            "prepare_threshold": database_prepare_threshold(
                env.str("DATABASE_PREPARE_THRESHOLD", default="5")
            ),
        }
    )

REDIS_URL = env.str("REDIS_URL", default="")
# Requests one server process runs at once, each on a thread with its own database
# connection (config/asgi_handler.py). PostgreSQL's max_connections must exceed
# processes × this + task workers + headroom (README, "Production").
ASGI_MAX_REQUEST_THREADS = env.int("ASGI_MAX_REQUEST_THREADS", default=2)


def redis_channel_hosts(url: str) -> list[dict]:
    """The channel layer's Redis hosts.

    redis-py 8 reads with a 5 s socket timeout by default, which aborts the layer's
    blocking BZPOPMIN on any socket idle for 5 s and tears the consumer down
    (django/channels_redis#422); the pop has its own timeout.
    """
    return [{"address": url, "socket_timeout": None}]


if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": redis_channel_hosts(REDIS_URL)},
        }
    }
    CACHES = {
        "default": {
            # django-redis, not Django's own backend: under ASGI each request's context
            # builds its own cache object, and Django's then opened a new connection
            # pool, so a TCP connection, per request (django/django#18459; 28% of a
            # verify-page process's time under bench.certificates). django-redis keeps
            # one pool per process and counts a rate limit in one round trip (Lua).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tsunagu",
            # django-ratelimit's hits counted in one round trip, not two.
            "OPTIONS": {"CLIENT_CLASS": "base.rate_cache.RateCountClient"},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "base.channel_layer.SweepingInMemoryChannelLayer"}}
    # Django's default of 300 entries is less than a cohort: a burst of 200 trainees
    # culled sessions and rate-limit counters mid-request (bench.assessments).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's sign-in, each loading the CMS-editor flag with the user.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.PasswordBackend",
    "accounts.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:mypage"

# allauth: prefectures invite trainees, so open sign-up is off unless switched on.
OPEN_SIGNUP = env.bool("OPEN_SIGNUP", default=False)
# The case-study anonymiser's name detector: "rules" (SudachiPy and rules), "ginza" or
# "ginza+rules"; GiNZA runs in a worker of the interpreter ANONYMISER_GINZA_PYTHON names
# (casestudies/anonymiser/ner.py, figures in docs/anonymisation.md).
ANONYMISER_NER = env.str("ANONYMISER_NER", default="rules")
# Route the live benchmark's bare broadcast socket (bench/baseline_consumer.py); never in production.
BENCH_BASELINE_SOCKET = env.bool("BENCH_BASELINE_SOCKET", default=False) and not PRODUCTION
ACCOUNT_ADAPTER = "accounts.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.signup_forms.SignupProfileForm"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "つなぐ Tsunagu"
# Prefecture administrators issue certificates and see every trainee of their
# prefecture, so production makes a second factor mandatory for them.
MFA_REQUIRED_FOR_PREFECTURE_ADMINS = env.bool(
    "MFA_REQUIRED_FOR_PREFECTURE_ADMINS", default=PRODUCTION
)

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# 公印 images and issued 修了証 PDFs: outside MEDIA_ROOT, so only the views that check
# who is asking ever send them (certificates/storage.py).
CERTIFICATE_FILES_ROOT = Path(
    env.str("CERTIFICATE_FILES_ROOT", default=str(BASE_DIR / "private_media" / "certificates"))
)
# Each prefecture's signing pair: <JIS code>.key.pem and <JIS code>.cert.pem (see the README;
# `manage.py certificates_keygen --prefecture 44` makes a self-signed one for development).
CERTIFICATE_SIGNING_DIR = Path(
    env.str("CERTIFICATE_SIGNING_DIR", default=str(BASE_DIR / "private_media" / "signing"))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Outside production the server can still answer for static files that were
# never collected, so a fresh checkout works without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_MANIFEST_STRICT = PRODUCTION

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="つなぐ <noreply@tsunagu.example.jp>")
if PRODUCTION and EMAIL_BACKEND.endswith("console.EmailBackend"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "つなぐ"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "txt", "csv", "mp4", "webm", "vtt"]
WAGTAILUSERS_PASSWORD_REQUIRED = False

SESSION_COOKIE_HTTPONLY = True
# Sessions are read on every page; the cache answers and the database keeps them.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "base.views.csrf_failure"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content-Security-Policy (django-csp 4). The site's own pages run no inline script or
# style: everything is in static/, so nothing injected into a page can run. No nonces,
# because courses/page_cache.py replays stored pages and a stored nonce would be stale.
# 'self' covers the same host's ws:/wss: for the group-work socket (CSP Level 3).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }
}
# The Wagtail admin (base/middleware.py swaps this in under its prefix) still writes
# inline scripts and styles, frames its own previews and shows uploads from blob:.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Both would send editors' addresses and the server's version to third parties.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

RATELIMIT_VIEW = "base.views.ratelimited"
# django-ratelimit's own default, named here because base/rate_cache.py counts these keys.
RATELIMIT_CACHE_PREFIX = "rl:"
# The embedded default is one process, where the local-memory cache is shared
# by every request; production sets REDIS_URL and gets the shared Redis cache.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Background work (the certificates' bulk issue) is queued in the database and run by
# `manage.py db_worker --backend background`, which `make run` starts beside the server;
# production runs as many workers as it likes (README). No broker to install, and a
# queued run survives a restart. "default" stays immediate: Wagtail queues its search
# and reference index updates there, and they must not wait for a worker.
BACKGROUND_TASKS = "background"
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    BACKGROUND_TASKS: {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    },
}
# Lookups on the public verify page per address, known and unknown codes alike
# (django-ratelimit's "N/s|m|h|d"); the benchmark raises it to measure the page itself.
CERTIFICATE_VERIFY_RATE = env.str("CERTIFICATE_VERIFY_RATE", default="30/m")
