"""Fixtures of the production-stack tests: static files collected once per run, an SMTP
server, and a stack (app servers, a worker) on this test's database and Redis.

The processes read what the test commits, so these tests commit for real
(``transaction=True``); the app servers and the worker are stopped before the test's data is
flushed."""

import functools
import shutil
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from config.settings._tasks import task_settings
from tests.stack.processes import (
    ROOT,
    AppServer,
    MailSink,
    Stack,
    Worker,
    database_url,
    forget_queue,
    wait_for,
)

PASSWORD = "stack-pass-1234"


@functools.cache
def production_password_hash(raw: str = PASSWORD) -> str:
    """A password hash the production settings' hasher (PBKDF2) checks; the test settings
    hash with MD5, which production does not accept. Computed once: it is slow on purpose."""
    return PBKDF2PasswordHasher().encode(raw, PBKDF2PasswordHasher().salt())


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """``collectstatic`` on the production settings (hashed names and their manifest), once
    per run: every app server of every stack serves pages that name these files."""
    root = tmp_path_factory.mktemp("static")
    stack = Stack(
        database_url="postgres://unused@127.0.0.1:5432/unused",
        redis_url=django_settings.REDIS_URL or "redis://127.0.0.1:6379/0",
        media_root=root / "media",
        static_root=root,
        mail_port=25,
        logs=root,
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=stack.env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mail_sink():
    sink = MailSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def stack(settings, tmp_path, static_root, mail_sink):
    """The shared environment of this test's processes; this process queues its tasks on
    the stack's queue too, as another app server would."""
    logs = tmp_path / "logs"
    logs.mkdir()
    stack = Stack(
        database_url=database_url(connection.settings_dict),
        redis_url=settings.REDIS_URL,
        media_root=tmp_path / "media",
        static_root=static_root,
        mail_port=mail_sink.port,
        logs=logs,
    )
    settings.MEDIA_ROOT = str(stack.media_root)
    for name, value in task_settings("rq", settings.REDIS_URL, queue_prefix=stack.prefix).items():
        setattr(settings, name, value)
    yield stack
    forget_queue(stack.queue_name)


@pytest.fixture
def start_servers(stack, request):
    """``start_servers(n, workers=2)`` → n gunicorn app servers answering their health check;
    stopped (and their logs printed when the test failed) at the end."""
    started: list[AppServer] = []

    def start(count: int, *, workers: int = 2) -> list[AppServer]:
        servers = [
            AppServer(stack, f"app{len(started) + n + 1}", workers=workers) for n in range(count)
        ]
        started.extend(servers)
        return [server.wait_ready() for server in servers]

    yield start
    for server in started:
        server.stop()
    _report_logs(request, started)


@pytest.fixture
def start_worker(stack, request):
    """``start_worker()`` → a running RQ worker on the stack's queue (call again to restart
    after a kill); stopped at the end."""
    started: list[Worker] = []

    def start() -> Worker:
        worker = Worker(stack, f"worker{len(started) + 1}")
        started.append(worker)
        wait_for(
            lambda: "Listening on" in worker.log() or not worker.alive(),
            timeout=60,
            what="the worker to listen on its queue",
        )
        assert worker.alive(), worker.log()
        return worker

    yield start
    for worker in started:
        worker.stop()
    _report_logs(request, started)


def _report_logs(request, processes) -> None:
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for process in processes:
            print(f"\n===== {process.name} =====\n{process.log()[-20000:]}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
