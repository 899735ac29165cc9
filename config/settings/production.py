"""Scale-out profile: everything comes from the environment (see docs/operations.md).

A missing or malformed variable stops the process at start-up with ImproperlyConfigured naming
it, instead of quietly running on the embedded default's SQLite, local memory or console mail.
"""

import json
import os

from django.core.exceptions import ImproperlyConfigured

from ._tasks import task_settings
from .base import *

_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _required(name: str, purpose: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name}: {purpose}.")
    return value


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _BOOLEANS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a boolean: use true/false, yes/no or 1/0."
        )
    return _BOOLEANS[value]


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _json_object(name: str) -> dict:
    try:
        value = json.loads(os.environ.get(name, "").strip() or "{}")
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {error}.") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(
            f'{name} must be a JSON object, e.g. {{"bucket_name": "media"}}.'
        )
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY", "signs sessions and the guests' order and review links")
ALLOWED_HOSTS = _list(_required("ALLOWED_HOSTS", "the shop's host names, comma separated"))
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS names no host: give the shop's host names, comma separated."
    )

# base.py has parsed DATABASE_URL (and REPORTS_DATABASE_URL); requiring it here keeps a
# forgotten variable from starting the shop on an empty SQLite file.
_required("DATABASE_URL", "the primary database, e.g. postgres://shop:secret@db:5432/shop")
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = _int("CONN_MAX_AGE", 60)
    # A persistent connection is tested before reuse, so a restarted or failed-over database
    # costs a reconnect instead of a failed request.
    _database["CONN_HEALTH_CHECKS"] = True

# base.py points the cache at it, and with it the sessions and django-ratelimit's counters.
REDIS_URL = _required(
    "REDIS_URL", "cache, sessions and rate-limit counters shared by every app server"
)

# Unlike the embedded default, tasks queue in Redis for rqworker processes unless told otherwise.
globals().update(
    task_settings(
        os.environ.get("TASKS_BACKEND", "rq"),
        REDIS_URL,
        queue_prefix=os.environ.get("TASKS_QUEUE_PREFIX", ""),
    )
)

# MEDIA_ROOT is read by base.py. Several app servers need media on a shared volume or in
# object storage (e.g. MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage).
MEDIA_URL = os.environ.get("MEDIA_URL", MEDIA_URL)
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": _json_object("MEDIA_STORAGE_OPTIONS"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# DEFAULT_FROM_EMAIL is read by base.py.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL, not both.")
# A mail server that stops answering must not hold a task worker forever.
EMAIL_TIMEOUT = _int("EMAIL_TIMEOUT", 30)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# How many proxies (load balancers) stand between the clients and the app servers, each
# appending to X-Forwarded-For: the rate limits count per client address (0: no proxy).
STOREFRONT_TRUSTED_PROXIES = _int("TRUSTED_PROXY_COUNT", 0)

# TLS ends at the load balancer, which must set X-Forwarded-Proto (overwriting the client's).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)
# The load balancer asks each app server directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Browsers remember HSTS for this long: try a few minutes first when moving a site to HTTPS.
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = _list(os.environ.get("CSRF_TRUSTED_ORIGINS", ""))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's preview panel sets SAMEORIGIN on its own responses.
X_FRAME_OPTIONS = "DENY"

# Links in Wagtail's admin notifications; the shop's own e-mails use the Wagtail Site's URL.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# Everything goes to stderr, where gunicorn and the process manager collect it. Django's own
# handlers print nothing with DEBUG off; this one shows django.request's 500s with tracebacks.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {"django": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}
