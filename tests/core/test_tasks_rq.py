"""Tasks on the RQ backend, run by a real ``manage.py rqworker --burst`` process: mail is
queued, not sent, by the request; the worker sends it once, a job run again sends nothing,
and a job whose mail server is down at first is retried and succeeds.

The worker is another process: the tests commit for real (``transaction=True``), hand it the
test database's name, and count the mails it writes to files. Each test has queues of its own
(a unique prefix), so parallel runs sharing the Redis never take each other's jobs.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import django_rq
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django_tasks import TaskResultStatus, default_task_backend
from rq.registry import ScheduledJobRegistry

from config.settings._tasks import task_settings
from storefront.core.models import SentMail
from storefront.orders.tasks import send_order_email
from tests.core.rq_tasks import mail_once_after_an_outage
from tests.factories import make_order, make_product, make_shop
from tests.stack.processes import database_url, forget_queue

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
MESSAGE_END = "\n" + "-" * 79 + "\n"  # the file mail backend's line after each message


class Worker:
    """``manage.py rqworker --burst`` on this test's queue, mailing into ``mail_dir``."""

    def __init__(self, prefix: str, mail_dir: Path):
        self.queue_name = f"{prefix}default"
        self.mail_dir = mail_dir
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": django_settings.REDIS_URL,
            "TASKS_BACKEND": "rq",
            "TASKS_QUEUE_PREFIX": prefix,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        }
        self.env.pop("REPORTS_DATABASE_URL", None)

    @property
    def queue(self):
        return django_rq.get_queue(self.queue_name)

    def queued(self) -> list[str]:
        """The shop's tasks waiting in the queue (Wagtail queues its own, e.g. for search)."""
        names = [job.func_name for job in self.queue.get_jobs()]
        return [name for name in names if name.startswith("storefront.")]

    def run(self) -> None:
        """Work the queue until it is empty (moving due retries onto it first), then stop."""
        command = ["manage.py", "rqworker", "--burst", "--with-scheduler", self.queue_name]
        done = subprocess.run(  # noqa: S603 (this interpreter, this checkout's manage.py)
            [sys.executable, *command],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr

    def mails(self) -> list[str]:
        """Every message the worker wrote, in the order of its files."""
        files = sorted(self.mail_dir.iterdir()) if self.mail_dir.exists() else []
        return [
            message
            for path in files
            for message in path.read_text().split(MESSAGE_END)
            if message.strip()
        ]


@pytest.fixture
def worker(settings, tmp_path):
    """The RQ backend in this process and in the worker, on queues no other run uses."""
    prefix = f"test-{uuid.uuid4().hex[:12]}-"
    for name, value in task_settings(
        "rq", settings.REDIS_URL, queue_prefix=prefix, retry_intervals=[1]
    ).items():
        setattr(settings, name, value)
    worker = Worker(prefix, tmp_path / "mail")
    yield worker
    forget_queue(worker.queue_name)


def test_an_order_queues_its_confirmation_and_the_worker_sends_it_once(worker, mailoutbox):
    shop = make_shop()
    variant = make_product(index=shop.index, title="Queued mug").variants.get()

    reverse("wagtailadmin_home")  # loads the admin's URLs and snippets, as on an app server
    before = set(worker.queue.get_job_ids())

    order = make_order(shop=shop, items=[(variant, 1)], email="queue@example.com")

    # Placed and committed: the confirmation waits in Redis, nothing went out. The order, a
    # record, queues nothing for Wagtail's reference index.
    queued = [job.func_name for job in worker.queue.get_jobs() if job.id not in before]
    assert queued == [
        "storefront.orders.tasks.send_order_email",
        "storefront.related.tasks.related_count_order",
    ]
    assert (mailoutbox, worker.mails(), SentMail.objects.count()) == ([], [], 0)

    worker.run()

    mails = worker.mails()
    assert len(mails) == 1
    assert "To: queue@example.com" in mails[0]
    assert f"Thank you for your order {order.number}" in mails[0]
    assert list(SentMail.objects.values_list("key", flat=True)) == [f"order:{order.pk}:placed"]
    assert worker.queued() == []
    assert len(worker.queue.failed_job_registry) == 0


def test_the_same_mail_queued_again_sends_nothing_more(worker):
    shop = make_shop()
    variant = make_product(index=shop.index).variants.get()
    order = make_order(shop=shop, items=[(variant, 1)])
    worker.run()

    again = send_order_email.enqueue(order_id=order.pk, status="placed")
    worker.run()

    assert len(worker.mails()) == 1
    result = default_task_backend.get_result(again.id)
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, False)


def test_a_job_that_fails_for_a_moment_is_retried_and_succeeds(worker, tmp_path):
    marker = tmp_path / "outage"

    queued = mail_once_after_an_outage.enqueue(marker=str(marker), to="retry@example.com")
    worker.run()

    # The first attempt met the outage: nothing sent, nothing recorded, a retry scheduled.
    assert marker.exists()
    assert (worker.mails(), SentMail.objects.count()) == ([], 0)
    scheduled = ScheduledJobRegistry(queue=worker.queue)
    assert scheduled.get_job_ids() == [queued.id]
    assert default_task_backend.get_result(queued.id).status == TaskResultStatus.READY

    deadline = time.monotonic() + 10
    while scheduled.get_jobs_to_schedule() == [] and time.monotonic() < deadline:
        time.sleep(0.2)  # the retry is due one second later (test settings)
    worker.run()

    mails = worker.mails()
    assert len(mails) == 1
    assert "To: retry@example.com" in mails[0]
    assert SentMail.objects.count() == 1
    result = default_task_backend.get_result(queued.id)
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, True)
    # A retried attempt leaves no failed result in RQ, only its exception in the job's meta.
    job = worker.queue.fetch_job(queued.id)
    assert job.meta["_django_tasks_rq_exceptions"] == ["builtins.ConnectionRefusedError"]
