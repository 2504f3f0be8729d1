"""Settings shared by every environment, read from the environment.

Without any variable the site runs embedded: a SQLite file, Celery tasks executed
eagerly in-process, email printed to the console. Setting ``DATABASE_URL`` and
``REDIS_URL`` switches to PostgreSQL and a real broker without code changes.
"""

import datetime
from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .environment import Environment

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = Environment()

SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-embedded-development-key-never-use-in-production",
)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
SITE_URL = env.url("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.urls("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    # First, so the site's templates (login, password reset) win over the admin's.
    "kansrijk_site",
    "core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_htmx",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_fsm_log",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "regions",
    "atlas",
    "agendas",
    "agreements",
    "practices",
    "arbitration",
    "notifications",
    "register",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kansrijk_site.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kansrijk_site.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Privileged roles open nothing before their second factor (kansrijk_site.two_factor).
    "kansrijk_site.two_factor.SecondFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kansrijk_site.middleware.HtmxInPlaceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.StateConflictMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kansrijk_site.urls"
WSGI_APPLICATION = "kansrijk_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kansrijk_site.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (psycopg 3) through DATABASE_URL.
# An empty DATABASE_URL counts as unset (the embedded default).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=60)  # read always: a bad value is refused anyway
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", CONN_MAX_AGE)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "regions.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses logins (pages, API tokens) after too many failures.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "kansrijk_site.auth.PasswordBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): 5 failures per username and address lock for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
# Sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = 8 * 3600
# Read from the cache, written through to the database (kansrijk_site/sessions.py): a
# request loads its session without a query, and a restart of the cache logs nobody out.
SESSION_ENGINE = "kansrijk_site.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Two-factor login (django-otp, TOTP with backup codes): the authenticator app shows this name.
OTP_TOTP_ISSUER = "Kansrijk"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Dutch interface, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kansrijk_site" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
# Embedded: served from the apps' static folders (WhiteNoise finders), no collectstatic needed.
STATIC_ROOT = env.str("STATIC_ROOT", default=None)
# Uploaded files are private (arbitration documents): there is no MEDIA_URL route at all.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Redis: broker, result backend and cache. Without it: eager tasks, local memory cache.
REDIS_URL = env.redis_url("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message a worker took but never acknowledged (the worker was killed) goes back to the
# queue after the visibility timeout. It must exceed the longest task and the longest retry
# countdown, or acks_late redelivers early. Further kombu Redis options (e.g.
# unacked_restore_interval) can be given as JSON in CELERY_BROKER_TRANSPORT_OPTIONS.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600, minimum=1),
    **env.json_object("CELERY_BROKER_TRANSPORT_OPTIONS", default={}),
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The schedule lives in code; the database scheduler syncs it into its tables at start.
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "notifications.tasks.record_worker_heartbeat",
        "schedule": 300.0,
    },
    "apply-retention": {
        "task": "kansrijk_site.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),  # daily, Europe/Amsterdam
    },
    "clear-expired-sessions": {
        "task": "kansrijk_site.tasks.clear_expired_sessions",
        "schedule": 24 * 3600.0,
    },
    # Times are Europe/Amsterdam (CELERY_TIMEZONE).
    "send-reminders": {
        "task": "notifications.tasks.send_reminders",
        "schedule": crontab(minute=15),  # hourly: a missed run is caught up by the next
    },
    "daily-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "weekly-digests": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
    },
}

# /health/ reports the worker degraded when its heartbeat (every 300 s) is older than this.
HEALTH_HEARTBEAT_MAX_AGE = env.int("HEALTH_HEARTBEAT_MAX_AGE", default=900, minimum=300)
NOTIFICATION_RETRY_BASE_SECONDS = env.int("NOTIFICATION_RETRY_BASE_SECONDS", default=30, minimum=1)
# A worker's claim on an email (pending -> sending) is a lease: when the worker dies while
# sending, the email may be claimed again once the lease is older than this. It must exceed
# CELERY_TASK_TIME_LIMIT, so that a task still sending is killed before its lease runs out.
NOTIFICATION_SEND_LEASE_SECONDS = env.int("NOTIFICATION_SEND_LEASE_SECONDS", default=600, minimum=1)

# Email: console by default, SMTP through EMAIL_URL (smtp://user:pass@host:port, smtp+tls://...).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kansrijk <noreply@kansrijk.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The public API (anonymous): requests per address (its cache is Redis in production).
    "DEFAULT_THROTTLE_RATES": {"public": "60/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kansrijk API",
    "DESCRIPTION": "Sector agendas, SMART agreements, regional commitments and arbitration "
    "for SBB's Kansrijk opleiden approach.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.document_error_answers",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "regions.models.OrganisationKind",
        "PriorityKindEnum": "agendas.models.PriorityKind",
        "RevisionStateEnum": "agendas.models.RevisionState",
        "RoleEnum": "regions.models.Role",
        "SideEnum": "regions.models.Side",
        "AgreementStateEnum": "agreements.models.AgreementState",
        "CategoryEnum": "agreements.models.Category",
        "PracticeKindEnum": "practices.models.PracticeKind",
        "ProgressStatusEnum": "agreements.models.ProgressStatus",
        "ResolutionEnum": "agreements.models.ConflictResolution",
        "PartyRoleEnum": "agreements.models.PartyRole",
        "DossierStateEnum": "arbitration.models.DossierState",
        "DossierSideEnum": "arbitration.models.Side",
        "VisibilityEnum": "arbitration.models.Visibility",
        "DeadlineKindEnum": "arbitration.models.DeadlineKind",
        "DisputeKindEnum": "arbitration.models.DisputeKind",
        "NotificationKindEnum": "notifications.models.NotificationKind",
        "ChannelEnum": "notifications.models.Channel",
        "MilestoneKindEnum": "notifications.models.MilestoneKind",
    },
}

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice("LOG_LEVEL", LOG_LEVELS, default="WARNING"),
    },
}
