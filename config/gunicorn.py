"""gunicorn's settings for an app server of the shop: ``gunicorn -c config/gunicorn.py``.

Each value can be changed by the environment (docs/operations.md). An app server keeps no
state of its own, so a load balancer may send any request to any of them.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: each handles one request at a time, so a slow request never holds back another
# in the same process. Two per core plus one keeps the cores busy while others wait on the
# database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# A worker is replaced after this many requests (with jitter), to bound slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
# The load balancer's address: gunicorn takes X-Forwarded-Proto from it alone.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
