"""The production profile takes everything from the environment, refuses to start without
what it needs, and passes `manage.py check --deploy`. Each test starts manage.py in a
subprocess with a clean environment; nothing connects to PostgreSQL or Redis."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

COMPLETE_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "shop.example",
    # db.invalid never resolves: a check that connected would fail.
    "DATABASE_URL": "postgres://u:p@db.invalid:5432/shop",
    "REDIS_URL": "redis://127.0.0.1:6379/14",
}

MEDIA_STORAGE_OPTIONS = {"base_url": "https://media.shop.example/", "file_permissions_mode": 0o640}

PRINTED_SETTINGS = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASES",
    "STOREFRONT_REPORTS_DATABASE",
    "CACHES",
    "SESSION_ENGINE",
    "RATELIMIT_USE_CACHE",
    "TASKS",
    "RQ_QUEUES",
    "MEDIA_ROOT",
    "MEDIA_URL",
    "STORAGES",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
    "SERVER_EMAIL",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "WAGTAILADMIN_BASE_URL",
    "STOREFRONT_TRUSTED_PROXIES",
    "MIDDLEWARE",
    "SECURE_REDIRECT_EXEMPT",
]
PRINT_SETTINGS = (
    "import json; from django.conf import settings; "
    f"print(json.dumps({{n: getattr(settings, n, None) for n in {PRINTED_SETTINGS!r}}}, "
    "default=str))"
)


def manage(*args: str, **environment: str | None) -> subprocess.CompletedProcess:
    """Run manage.py with the complete environment changed by ``environment`` (None unsets)."""
    env = {"PATH": os.environ.get("PATH", ""), **COMPLETE_ENVIRONMENT}
    for name, value in environment.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(  # noqa: S603 - our manage.py with the tests' own arguments
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def printed_settings(**environment: str | None) -> dict:
    result = manage("shell", "-c", PRINT_SETTINGS, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def defaults() -> dict:
    return printed_settings()


@pytest.fixture(scope="module")
def configured() -> dict:
    return printed_settings(
        REPORTS_DATABASE_URL="postgres://reader:p@replica.invalid:5432/shop",
        CONN_MAX_AGE="120",
        MEDIA_ROOT="/srv/shop/media",
        MEDIA_URL="https://media.shop.example/",
        # Any Django storage; it must be importable, as Wagtail opens it when its models load.
        MEDIA_STORAGE_BACKEND="django.core.files.storage.InMemoryStorage",
        MEDIA_STORAGE_OPTIONS=json.dumps(MEDIA_STORAGE_OPTIONS),
        EMAIL_BACKEND="anymail.backends.postmark.EmailBackend",
        EMAIL_HOST="smtp.shop.example",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="mail-secret",
        EMAIL_USE_TLS="Yes",
        EMAIL_USE_SSL="0",
        DEFAULT_FROM_EMAIL="Shop <orders@shop.example>",
        SERVER_EMAIL="errors@shop.example",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="300",
        SECURE_HSTS_PRELOAD="no",
        CSRF_TRUSTED_ORIGINS="https://shop.example, https://www.shop.example",
        WAGTAILADMIN_BASE_URL="https://admin.shop.example",
        TASKS_BACKEND="immediate",
        TRUSTED_PROXY_COUNT="1",
    )


def test_check_deploy_reports_nothing():
    result = manage("check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_a_missing_required_variable_stops_start_up_naming_it(name):
    result = manage("check", **{name: None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the environment variable {name}:" in result.stderr


def test_an_empty_required_variable_counts_as_missing():
    result = manage("check", DATABASE_URL="")
    assert result.returncode != 0
    assert "Set the environment variable DATABASE_URL:" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("EMAIL_USE_TLS", "maybe"),
        ("SECURE_SSL_REDIRECT", "on"),
        ("SECURE_HSTS_PRELOAD", "2"),
        ("EMAIL_PORT", "smtp"),
        ("SECURE_HSTS_SECONDS", "1y"),
        ("MEDIA_STORAGE_OPTIONS", "{bucket_name: media}"),
        ("MEDIA_STORAGE_OPTIONS", '["media"]'),
        ("ALLOWED_HOSTS", " , ,"),
        ("TRUSTED_PROXY_COUNT", "one"),
    ],
)
def test_a_malformed_variable_stops_start_up_naming_it(name, value):
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"ImproperlyConfigured: {name}" in result.stderr


def test_a_media_storage_backend_that_cannot_be_imported_stops_start_up():
    result = manage("check", MEDIA_STORAGE_BACKEND="storages.backends.s3.S3Storage")
    assert result.returncode != 0
    assert "Could not find backend 'storages.backends.s3.S3Storage'" in result.stderr


def test_tls_and_ssl_together_are_refused():
    result = manage("check", EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS" in result.stderr
    assert "EMAIL_USE_SSL" in result.stderr


def test_debug_is_off_and_https_is_enforced_by_default(defaults):
    assert defaults["DEBUG"] is False
    assert defaults["SESSION_COOKIE_SECURE"] is True
    assert defaults["CSRF_COOKIE_SECURE"] is True
    assert defaults["SECURE_SSL_REDIRECT"] is True
    assert defaults["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert defaults["SECURE_HSTS_SECONDS"] == 31_536_000
    assert defaults["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert defaults["SECURE_HSTS_PRELOAD"] is True
    assert defaults["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert defaults["SECURE_REFERRER_POLICY"] == "same-origin"
    assert defaults["X_FRAME_OPTIONS"] == "DENY"
    assert defaults["CSRF_TRUSTED_ORIGINS"] == []


def test_the_client_address_is_taken_from_the_trusted_proxies_only(defaults, configured):
    assert defaults["STOREFRONT_TRUSTED_PROXIES"] == 0
    assert configured["STOREFRONT_TRUSTED_PROXIES"] == 1
    assert defaults["MIDDLEWARE"][0] == "storefront.core.proxies.ForwardedForMiddleware"
    assert defaults["SECURE_REDIRECT_EXEMPT"] == [r"^health/$"]


def test_required_variables_are_used(defaults):
    assert defaults["SECRET_KEY"] == COMPLETE_ENVIRONMENT["SECRET_KEY"]
    assert defaults["ALLOWED_HOSTS"] == ["shop.example"]
    assert defaults["WAGTAILADMIN_BASE_URL"] == "https://shop.example"
    database = defaults["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"]) == ("db.invalid", "shop")
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)
    assert "reports" not in defaults["DATABASES"]


def test_redis_holds_the_cache_the_sessions_and_the_rate_limits(defaults):
    cache = defaults["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == COMPLETE_ENVIRONMENT["REDIS_URL"]
    assert defaults["SESSION_ENGINE"] == "django.contrib.sessions.backends.cache"
    # django-ratelimit counts in the "default" cache unless told otherwise.
    assert defaults["RATELIMIT_USE_CACHE"] in (None, "default")


def test_tasks_queue_in_redis_for_workers(defaults):
    assert defaults["TASKS"]["default"]["BACKEND"] == "storefront.core.task_backends.RQBackend"
    assert defaults["RQ_QUEUES"]["default"]["URL"] == COMPLETE_ENVIRONMENT["REDIS_URL"]


def test_tasks_can_run_in_the_web_process(configured):
    assert configured["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")


def test_media_and_mail_default_to_the_file_system_and_smtp(defaults):
    assert defaults["STORAGES"] == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    assert defaults["MEDIA_URL"] == "/media/"
    assert defaults["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (defaults["EMAIL_HOST"], defaults["EMAIL_PORT"]) == ("localhost", 25)
    assert (defaults["EMAIL_USE_TLS"], defaults["EMAIL_USE_SSL"]) == (False, False)
    assert defaults["SERVER_EMAIL"] == defaults["DEFAULT_FROM_EMAIL"]


def test_the_reports_read_the_replica_when_one_is_named(configured):
    replica = configured["DATABASES"]["reports"]
    assert (replica["HOST"], replica["USER"]) == ("replica.invalid", "reader")
    assert configured["STOREFRONT_REPORTS_DATABASE"] == "reports"
    assert replica["CONN_MAX_AGE"] == configured["DATABASES"]["default"]["CONN_MAX_AGE"] == 120
    assert replica["CONN_HEALTH_CHECKS"] is True


def test_media_storage_comes_from_the_environment(configured):
    assert configured["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.InMemoryStorage",
        "OPTIONS": MEDIA_STORAGE_OPTIONS,
    }
    assert configured["STORAGES"]["staticfiles"]["BACKEND"].endswith("ManifestStaticFilesStorage")
    assert configured["MEDIA_ROOT"] == "/srv/shop/media"
    assert configured["MEDIA_URL"] == "https://media.shop.example/"


def test_mail_comes_from_the_environment(configured):
    assert configured["EMAIL_BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert (configured["EMAIL_HOST"], configured["EMAIL_PORT"]) == ("smtp.shop.example", 587)
    assert configured["EMAIL_HOST_USER"] == "mailer"
    assert configured["EMAIL_HOST_PASSWORD"] == "mail-secret"
    assert (configured["EMAIL_USE_TLS"], configured["EMAIL_USE_SSL"]) == (True, False)
    assert configured["DEFAULT_FROM_EMAIL"] == "Shop <orders@shop.example>"
    assert configured["SERVER_EMAIL"] == "errors@shop.example"


def test_https_settings_and_admin_url_come_from_the_environment(configured):
    assert configured["SECURE_SSL_REDIRECT"] is False
    assert configured["SECURE_HSTS_SECONDS"] == 300
    assert configured["SECURE_HSTS_PRELOAD"] is False
    assert configured["CSRF_TRUSTED_ORIGINS"] == [
        "https://shop.example",
        "https://www.shop.example",
    ]
    assert configured["WAGTAILADMIN_BASE_URL"] == "https://admin.shop.example"


def test_request_errors_are_logged_to_stderr():
    logs = "import logging; logging.getLogger('django.request').error('Internal Server Error: /x')"
    result = manage("shell", "-c", logs)
    assert result.returncode == 0, result.stderr
    assert "ERROR django.request Internal Server Error: /x" in result.stderr
