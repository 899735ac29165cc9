"""The production stack as separate processes, for the tests that prove it: gunicorn app
servers and RQ workers on the production settings, an SMTP server that records (or holds) what
it is sent, and a shopper that talks to the app servers as the load balancer would forward.

Everything runs on loopback against the test run's PostgreSQL database and Redis. Each stack
has its own queue and cache-key prefix, so it never takes another run's jobs.
"""

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import django_rq
import psutil
import requests
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup

from tests.stack.balancer import BalancedCookieJar, balanced_headers

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def database_url(settings_dict: dict) -> str:
    """The URL of the database a connection's ``settings_dict`` names (e.g. the test run's
    test_postgres), for processes started by a test."""
    credentials = quote(settings_dict["USER"] or "", safe="")
    if settings_dict["PASSWORD"]:
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    """Poll ``condition()`` until it returns something true; return it, or fail after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}.")
        time.sleep(interval)


def forget_queue(queue_name: str) -> None:
    """Delete a queue's jobs and registries from Redis."""
    queue = django_rq.get_queue(queue_name)
    redis = queue.connection
    registries = [
        queue.started_job_registry,
        queue.finished_job_registry,
        queue.failed_job_registry,
        queue.scheduled_job_registry,
        queue.deferred_job_registry,
        queue.canceled_job_registry,
    ]
    job_ids = set(queue.get_job_ids())
    for registry in registries:
        job_ids.update(registry.get_job_ids(cleanup=False))
    for job_id in job_ids:
        redis.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
    for key in redis.scan_iter(match=f"rq:*{queue_name}*"):
        redis.delete(key)


# ---------------------------------------------------------------------------- mail


class MailSink:
    """An SMTP server on loopback that keeps each message it accepts.

    ``hold()`` stops it answering the end of a message: the sender waits mid-send, as with a
    slow mail server. A sender that goes away meanwhile has sent nothing (no message is
    accepted without the server's 250); after the hold, messages are accepted again."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.port = free_port()
        self._holding = threading.Event()
        self.held = threading.Event()  # set when a message waits on the hold
        self.dropped = threading.Event()  # set when its sender hung up while it waited
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> "MailSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._holding.clear()
        self._controller.stop()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        try:
            while self._holding.is_set():
                self.held.set()
                await asyncio.sleep(0.05)
        except asyncio.CancelledError:
            self.dropped.set()  # the sender went away before the answer: nothing accepted
            raise
        with self._lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    @contextmanager
    def hold(self) -> Iterator[None]:
        self.held.clear()
        self.dropped.clear()
        self._holding.set()
        try:
            yield
        finally:
            self._holding.clear()

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address in m.get("To", "")]


# ---------------------------------------------------------------------------- processes


@dataclass
class Stack:
    """The environment every process of one stack shares: production settings, the test
    database and Redis, queues and cache keys of its own, mail to ``mail``'s port."""

    database_url: str
    redis_url: str
    media_root: Path
    static_root: Path
    mail_port: int
    logs: Path
    prefix: str = field(default_factory=lambda: f"stack-{uuid.uuid4().hex[:10]}-")

    @property
    def queue_name(self) -> str:
        return f"{self.prefix}default"

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "REPORTS_", "EMAIL_", "TASKS_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "SECRET_KEY": "stack-test-secret-key-" + "x" * 40,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_URL": self.database_url,
                "REDIS_URL": self.redis_url,
                "CACHE_KEY_PREFIX": self.prefix,
                "TASKS_QUEUE_PREFIX": self.prefix,
                "MEDIA_ROOT": str(self.media_root),
                "STATIC_ROOT": str(self.static_root),
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(self.mail_port),
                "EMAIL_TIMEOUT": "600",
                # One load balancer in front: it appends the client's address.
                "TRUSTED_PROXY_COUNT": "1",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(extra)
        return env

    def manage(self, *args: str, timeout: float = 300) -> str:
        """Run ``manage.py <args>`` as an operator would, on the production settings."""
        done = subprocess.run(  # noqa: S603 (this interpreter, this checkout's manage.py)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


class Process:
    """A long-running process of the stack, its output in a log file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], logs: Path):
        self.name = name
        self.log_path = logs / f"{name}.log"
        self._log = self.log_path.open("ab")
        # Its own process group: a kill reaches gunicorn's or RQ's forked children too.
        self.popen = subprocess.Popen(  # noqa: S603 (this virtualenv's programs)
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL to the process and every process it started, as when the machine or the
        container goes: nothing gets to clean up. (RQ's work horse runs in a session of its
        own, so killing the process group alone would leave it working.)"""
        if self.alive():
            family = psutil.Process(self.popen.pid).children(recursive=True)
            os.killpg(self.popen.pid, signal.SIGKILL)
            for process in family:
                with contextlib.suppress(psutil.NoSuchProcess):
                    process.kill()
        self.popen.wait(timeout=30)

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM, as a process manager stops it; SIGKILL if it lingers."""
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


class AppServer(Process):
    """``gunicorn -c config/gunicorn.py`` on a loopback port, as deployed."""

    def __init__(self, stack: Stack, name: str, *, workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = stack.env(
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY=str(workers),
            GUNICORN_ACCESS_LOG="",
        )
        super().__init__(name, [str(BIN / "gunicorn"), "-c", "config/gunicorn.py"], env, stack.logs)

    def healthy(self) -> bool:
        try:
            return requests.get(f"{self.url}/health/", timeout=5).status_code == 200
        except requests.ConnectionError:
            return False

    def wait_ready(self, timeout: float = 60) -> "AppServer":
        def ready():
            assert self.alive(), f"{self.name} exited:\n{self.log()}"
            return self.healthy()

        wait_for(ready, timeout=timeout, what=f"{self.name} to answer its health check")
        return self


class Worker(Process):
    """``manage.py rqworker --with-scheduler`` on the stack's queue, as deployed."""

    def __init__(self, stack: Stack, name: str = "worker"):
        command = [sys.executable, "manage.py", "rqworker", "--with-scheduler", stack.queue_name]
        super().__init__(name, command, stack.env(), stack.logs)


# ---------------------------------------------------------------------------- shopper


class Shopper:
    """A browser's session as the app servers see it behind a TLS-terminating load balancer:
    ``X-Forwarded-Proto: https`` and the client's address in ``X-Forwarded-For``, the
    session and CSRF cookies (marked Secure) kept, forms posted with their CSRF token."""

    def __init__(self, address: str):
        self.session = requests.Session()
        self.session.cookies = BalancedCookieJar()
        self.session.headers.update(balanced_headers(address))

    def get(self, server: AppServer, path: str, **kwargs) -> requests.Response:
        return self.session.get(server.url + path, timeout=60, **kwargs)

    def post(self, server: AppServer, path: str, data: dict, **kwargs) -> requests.Response:
        """Post a form: the CSRF token from the cookie, the page's origin as a browser sends
        it (Django checks both on HTTPS)."""
        data = {"csrfmiddlewaretoken": self.session.cookies.get("csrftoken", ""), **data}
        headers = {"Origin": f"https://127.0.0.1:{server.port}"}
        return self.session.post(
            server.url + path, data=data, headers=headers, timeout=120, **kwargs
        )

    @staticmethod
    def page(response: requests.Response) -> BeautifulSoup:
        return BeautifulSoup(response.text, "html.parser")
