"""The background-task settings of a profile: django-tasks' immediate backend (the embedded
default: a task runs in the process that queues it, after the transaction commits) or its RQ
backend (tasks wait in Redis for ``manage.py rqworker`` processes on any number of machines).

``docs/operations.md`` ("Background work") tells how to run the workers.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# Every task of the shop, and Wagtail's own, runs on django-tasks' default queue.
TASK_QUEUES = ["default"]
# The longest a job may run before its worker stops it (and RQ retries it): the nightly
# rebuilds on a large shop take minutes, a mail a second.
JOB_TIMEOUT_SECONDS = 3600


def task_settings(
    backend: str,
    redis_url: str,
    *,
    queue_prefix: str = "",
    retry_intervals: Sequence[int] | None = None,
) -> dict[str, Any]:
    """The settings (``TASKS``, ``RQ_QUEUES``, ``RQ``) for the task backend named ``backend``:
    ``"immediate"`` or ``"rq"``, the latter with its queues in the Redis at ``redis_url``.
    A settings module applies them with ``globals().update(task_settings(...))``.

    ``queue_prefix`` starts the queues' names in Redis (sites or test runs sharing a Redis
    keep apart); ``retry_intervals`` replaces the backend's seconds between retries.
    Raises ImproperlyConfigured for an unknown backend, or "rq" without a Redis URL."""
    if backend == "immediate":
        return {
            "TASKS": {
                "default": {
                    "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                    "QUEUES": TASK_QUEUES,
                }
            },
            # django_rq is installed in every profile (its admin page lists no queue here).
            "RQ_QUEUES": {},
        }
    if backend != "rq":
        raise ImproperlyConfigured(
            f"TASKS_BACKEND={backend!r} is not a task backend of the shop: use 'immediate' "
            "(tasks run in the web process) or 'rq' (tasks queue in Redis for rqworker)."
        )
    if not redis_url:
        raise ImproperlyConfigured(
            "TASKS_BACKEND='rq' keeps the task queues in Redis: set REDIS_URL "
            "(e.g. redis://cache:6379/0), or use TASKS_BACKEND=immediate."
        )
    options: dict[str, Any] = {"queue_prefix": queue_prefix}
    if retry_intervals is not None:
        options["retry_intervals"] = list(retry_intervals)
    return {
        "TASKS": {
            "default": {
                "BACKEND": "storefront.core.task_backends.RQBackend",
                "QUEUES": TASK_QUEUES,
                "OPTIONS": options,
            }
        },
        "RQ_QUEUES": {
            f"{queue_prefix}{name}": {"URL": redis_url, "DEFAULT_TIMEOUT": JOB_TIMEOUT_SECONDS}
            for name in TASK_QUEUES
        },
        # Workers run django-tasks-rq's job class, and take over a dead worker's job sooner
        # than RQ's own worker, without options on their command line.
        "RQ": {
            "JOB_CLASS": "django_tasks_rq.Job",
            "WORKER_CLASS": "storefront.core.task_backends.Worker",
        },
    }
