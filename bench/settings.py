"""Settings for the page-rate benchmark (bench/page_rate.py): the production profile served
over plain HTTP on the loopback, on the embedded defaults (SQLite unless ``DATABASE_URL`` is
set, local-memory cache unless ``REDIS_URL`` is set, immediate tasks).

The benchmark points ``DATABASE_URL``, ``MEDIA_ROOT`` and ``BENCH_STATIC_ROOT`` at a
temporary directory before Django reads these settings.
"""

import os
from pathlib import Path

# The production profile reads these from the environment; give it loopback values.
os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("TASKS_BACKEND", "immediate")
# Production requires REDIS_URL; without one the benchmark keeps the local-memory cache, and
# the stand-in is removed again so that gunicorn, started from this process, sees none either.
EMBEDDED_CACHE = not os.environ.get("REDIS_URL")
if EMBEDDED_CACHE:
    os.environ["REDIS_URL"] = "redis://unused.invalid:6379/0"

from config.settings.production import *  # noqa: E402, F403
from config.settings.production import BASE_DIR, TEMPLATES  # noqa: E402

if EMBEDDED_CACHE:
    del os.environ["REDIS_URL"]
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

BENCH_DIR = Path(__file__).resolve().parent

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False  # plain HTTP on the loopback
ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]

# Hashed static URLs as in production; collectstatic writes the manifest to a temp dir.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", BASE_DIR / "static_collected"))
# The benchmark only reads pages; whatever mail the preparation triggers goes to the console.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
