"""Settings shared by every profile of the demo site.

The embedded default (SQLite, local-memory cache, immediate tasks, console mail) needs no
environment at all; ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ._tasks import task_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "storefront.core",
    "storefront.products",
    "storefront.customizer",
    "storefront.orders",
    "storefront.reviews",
    "storefront.loyalty",
    "storefront.returns",
    "storefront.related",
    "storefront.insights",
    "config",
    "django_comments_xtd",
    "django_comments",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    # The RQ task backend's apps, in every profile so that the schema and the checks are the
    # same whichever TASKS_BACKEND runs (django_rq adds a queue dashboard to Django's admin).
    "django_tasks_rq",
    "django_rq",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
]
# django-contrib-comments keeps a Django site on each comment; Wagtail's sites are separate.
SITE_ID = 1

MIDDLEWARE = [
    # First: everything below reads the client's address (STOREFRONT_TRUSTED_PROXIES).
    "storefront.core.proxies.ForwardedForMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Innermost: needs the language (LocaleMiddleware) and sets no cookie of its own.
    "storefront.core.pagecache.GuestPageCacheMiddleware",
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
                "wagtail.contrib.settings.context_processors.settings",
                "storefront.orders.context_processors.cart",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take SQLite's write lock up front, so two checkouts in
    # threads of runserver queue instead of failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

# Insight reports read a read replica when REPORTS_DATABASE_URL names one (its data arrives
# by the database's own replication; Django never writes to it).
REPORTS_DATABASE_URL = os.environ.get("REPORTS_DATABASE_URL", "")
if REPORTS_DATABASE_URL:
    DATABASES["reports"] = dj_database_url.parse(REPORTS_DATABASE_URL, conn_max_age=60)
    DATABASES["reports"]["TEST"] = {"MIRROR": "default"}
    STOREFRONT_REPORTS_DATABASE = "reports"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "storefront"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# django-ratelimit prefers memcached or django-redis; Django's own Redis backend increments
# atomically too, and local memory is the single-process embedded default by design.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_VIEW = "storefront.core.views.rate_limited"

# Background tasks (e-mails, review requests, points, related products, preference rollups):
# "immediate" runs them in the process that queues them; "rq" queues them in Redis for
# `manage.py rqworker` processes (docs/operations.md, "Background work").
# TASKS_QUEUE_PREFIX starts the queues' names in Redis, for sites sharing one Redis.
globals().update(
    task_settings(
        os.environ.get("TASKS_BACKEND", "immediate"),
        REDIS_URL,
        queue_prefix=os.environ.get("TASKS_QUEUE_PREFIX", ""),
    )
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "storefront:login"
LOGIN_REDIRECT_URL = "storefront:account"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("fa", _("Persian"))]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"LANGUAGE_CODE={LANGUAGE_CODE!r} is not a language of the shop; use one of: "
        + ", ".join(code for code, _name in LANGUAGES)
    )
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shop@example.com")

WAGTAIL_SITE_NAME = "Storefront"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The shop's currency. Amounts are rounded half-up to this many decimal places.
STOREFRONT_CURRENCY = os.environ.get("STOREFRONT_CURRENCY", "USD")
STOREFRONT_CURRENCY_DECIMALS = int(os.environ.get("STOREFRONT_CURRENCY_DECIMALS", "2"))

# Reviews are django-comments-xtd comments (storefront.reviews): our model and form, one level
# of replies on products (the shop's answer), mail sent by our tasks, not by xtd's threads.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "storefront.reviews.models.ProductReview"
COMMENTS_XTD_FORM_CLASS = "storefront.reviews.forms.ReviewForm"
COMMENTS_XTD_MAX_THREAD_LEVEL = 0
COMMENTS_XTD_MAX_THREAD_LEVEL_BY_APP_MODEL = {"storefront_products.productpage": 1}
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    # Guests review through signed review-request links; the views check who may post.
    "storefront_products.productpage": {
        "who_can_post": "all",
        "allow_flagging": True,
        "allow_feedback": True,
        "show_feedback": True,
    },
    "default": {
        "who_can_post": "users",
        "allow_flagging": False,
        "allow_feedback": False,
        "show_feedback": False,
    },
}
COMMENT_MAX_LENGTH = 3000
