"""The RQ task backend of django-tasks-rq, with retries and a prefix for the queues' names.

django-tasks-rq queues each task as an RQ job but gives it no retry policy, so a job that
raises (the mail server is down, the database connection dropped) or whose worker dies would
be lost in RQ's failed-job registry. Here every job is retried (RQ's ``Retry``), after the
intervals the backend's OPTIONS give. Needs the ``rq`` extra (``pip install storefront[rq]``).
"""

from collections.abc import Iterable
from typing import Any

import django_rq
from django.apps import apps
from django.core import checks
from django_tasks.base import TASK_MAX_PRIORITY, Task, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq import Job
from django_tasks_rq import RQBackend as BaseRQBackend
from django_tasks_rq.backend import failed_callback, success_callback
from rq.exceptions import NoSuchJobError
from rq.job import Callback, JobStatus, Retry
from rq.worker import Worker as BaseWorker

DEFAULT_RETRIES = 3
DEFAULT_RETRY_INTERVALS = [10, 60, 300]
# How often a working worker proves it is alive, and how often a worker looks for the jobs of
# dead ones (RQ's defaults: 30 s and 10 min).
JOB_MONITORING_INTERVAL = 10
MAINTENANCE_INTERVAL = 30


class Worker(BaseWorker):
    """RQ's worker (``RQ["WORKER_CLASS"]``), quicker to take over the job of a dead worker.

    A worker killed mid-job (out of memory, the machine lost) leaves its job in RQ's started
    registry until the job's heartbeat lapses, ``JOB_MONITORING_INTERVAL`` + 60 s after the
    last one; the next registry cleaning of any live worker then retries it. RQ cleans every
    10 minutes; here every ``MAINTENANCE_INTERVAL``, so such a job runs again within about
    two minutes (plus its retry interval) instead of up to twelve."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("job_monitoring_interval", JOB_MONITORING_INTERVAL)
        kwargs.setdefault("maintenance_interval", MAINTENANCE_INTERVAL)
        super().__init__(*args, **kwargs)

    @property
    def dequeue_timeout(self) -> int:
        # An idle worker waits for a job this long at a time (RQ: its TTL less 15 s, about
        # 7 minutes), then looks whether the registries are due for cleaning.
        return min(super().dequeue_timeout, self.maintenance_interval)


class RQBackend(BaseRQBackend):
    """django-tasks-rq's backend whose jobs are retried. OPTIONS:

    - ``retries`` (3): how many more times a job runs after it raised or its worker died;
      0 turns retries off. Tasks must be safe to run twice (docs/decisions.md).
    - ``retry_intervals`` ([10, 60, 300]): seconds before each retry (the last one repeats).
      A job waiting for its retry is moved back to its queue by a worker started with
      ``--with-scheduler``; with intervals of 0 it goes back at once.
    - ``queue_prefix`` (""): a task's queue ``default`` is the RQ queue ``<prefix>default``
      (in ``RQ_QUEUES``, in Redis and on the ``rqworker`` command line).
    """

    def __init__(self, alias: str, params: dict) -> None:
        super().__init__(alias, params)
        retries = int(self.options.get("retries", DEFAULT_RETRIES))
        intervals = list(self.options.get("retry_intervals", DEFAULT_RETRY_INTERVALS))
        self.retry = Retry(max=retries, interval=intervals) if retries > 0 else None
        self.queue_prefix = str(self.options.get("queue_prefix", ""))

    def rq_queue_name(self, queue_name: str) -> str:
        """The RQ queue that holds the jobs of the task queue ``queue_name``."""
        if self._task_queue_name(queue_name) != queue_name:
            return queue_name  # named after its RQ queue already (see validate_task)
        return f"{self.queue_prefix}{queue_name}"

    def _task_queue_name(self, name: str) -> str:
        unprefixed = name.removeprefix(self.queue_prefix)
        return unprefixed if self.queue_prefix and unprefixed in self.queues else name

    def validate_task(self, task: Task) -> None:
        # A job read back from Redis rebuilds its task with the RQ queue's name (django-tasks-
        # rq's Job.task_result): it is valid when its task queue is.
        task_queue = self._task_queue_name(task.queue_name)
        if task_queue != task.queue_name:
            task.using(queue_name=task_queue)  # validated on creation
        else:
            super().validate_task(task)

    def enqueue(self, task: Task, args, kwargs) -> TaskResult:
        # django-tasks-rq 0.12's enqueue, with the retry policy and the prefixed queue.
        self.validate_task(task)
        task_result: TaskResult = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        queue = django_rq.get_queue(self.rq_queue_name(task.queue_name), job_class=Job)
        job = queue.create_job(
            task.module_path,
            args=args,
            kwargs=kwargs,
            job_id=task_result.id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            retry=self.retry,
            on_failure=Callback(failed_callback),
            on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
        )
        if task.run_after is None:
            job = queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            job = queue.schedule_job(job, task.run_after)
        object.__setattr__(task_result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=task_result)
        return task_result

    def _get_job(self, result_id: str) -> Job | None:
        # The parent reads the connection of the RQ queue "default", which a prefix renames.
        connection = django_rq.get_connection(self.rq_queue_name(min(self.queues)))
        try:
            return Job.fetch(result_id, connection=connection)
        except NoSuchJobError:
            return None

    def _get_queues(self) -> list[django_rq.queues.DjangoRQ]:
        names = [self.rq_queue_name(name) for name in self.queues]
        return django_rq.queues.get_queues(*names, job_class=Job)

    def check(self, **kwargs: Any) -> Iterable[checks.CheckMessage]:
        # The parent's checks, for the prefixed names of the queues.
        if not apps.is_installed("django_rq"):
            yield checks.Error(
                "The RQ task backend needs django_rq in INSTALLED_APPS.",
                hint="Add 'django_rq' to INSTALLED_APPS.",
            )
        for queue_name in sorted(self.queues):
            rq_name = self.rq_queue_name(queue_name)
            try:
                django_rq.get_queue(rq_name)
            except KeyError:
                yield checks.Error(
                    f"The task queue {queue_name!r} has no RQ queue {rq_name!r} in RQ_QUEUES.",
                    hint=f"Add {rq_name!r} to RQ_QUEUES.",
                )
