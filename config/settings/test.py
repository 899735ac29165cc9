import os

from .base import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django keeps mail in memory; a worker process that a test starts (tests/core/
# test_tasks_rq.py) is told to write files the test can count.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
# Retries a second apart instead of minutes, so that the RQ tests' workers see them.
globals().update(
    task_settings(
        os.environ.get("TASKS_BACKEND", "immediate"),
        REDIS_URL,
        queue_prefix=os.environ.get("TASKS_QUEUE_PREFIX", ""),
        retry_intervals=[1],
    )
)
# Pages are tested as rendered; tests/core/test_page_cache.py turns the guest cache on.
STOREFRONT_PAGE_CACHE_SECONDS = 0
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
