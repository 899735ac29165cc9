"""Background work without a worker: the task settings of both backends, the RQ backend's
retry policy, the record that keeps a mail from going out twice, and the scheduled tasks
(each command has its task, and the operator can queue it). The worker itself runs in
tests/core/test_tasks_rq.py."""

from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from config.settings._tasks import task_settings
from storefront.core.models import SentMail
from storefront.core.services import mail_send_once

REDIS = "redis://cache.example:6379/3"
# Operator tools that print or write a file where they run: nothing for a worker to do.
COMMANDS_WITHOUT_TASK = {"storefront_enqueue", "storefront_evaluate_related"}
COMMANDS_WITHOUT_TASK |= {"storefront_export_report"}


# ---------------------------------------------------------------------------- settings


def test_the_immediate_backend_needs_no_redis():
    assert task_settings("immediate", "") == {
        "TASKS": {
            "default": {
                "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                "QUEUES": ["default"],
            }
        },
        "RQ_QUEUES": {},
    }


def test_the_rq_backend_queues_in_redis_with_retries():
    settings = task_settings("rq", REDIS)

    assert settings["TASKS"]["default"]["BACKEND"] == "storefront.core.task_backends.RQBackend"
    assert settings["TASKS"]["default"]["QUEUES"] == ["default"]
    assert settings["RQ_QUEUES"] == {"default": {"URL": REDIS, "DEFAULT_TIMEOUT": 3600}}
    assert settings["RQ"] == {
        "JOB_CLASS": "django_tasks_rq.Job",
        "WORKER_CLASS": "storefront.core.task_backends.Worker",
    }


def test_a_queue_prefix_names_the_queues_in_redis():
    settings = task_settings("rq", REDIS, queue_prefix="staging-", retry_intervals=[0])

    assert list(settings["RQ_QUEUES"]) == ["staging-default"]
    assert settings["TASKS"]["default"]["OPTIONS"] == {
        "queue_prefix": "staging-",
        "retry_intervals": [0],
    }


def test_the_rq_backend_without_a_redis_url_is_refused():
    with pytest.raises(ImproperlyConfigured, match="set REDIS_URL"):
        task_settings("rq", "")


@pytest.mark.parametrize("name", ["celery", "RQ", "database", ""])
def test_an_unknown_backend_is_refused_with_the_known_ones(name):
    with pytest.raises(ImproperlyConfigured, match=r"use 'immediate' .* or 'rq'"):
        task_settings(name, REDIS)


def test_the_settings_profiles_default_to_the_immediate_backend(settings):
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert "django_rq" in settings.INSTALLED_APPS


# ---------------------------------------------------------------------------- RQ backend


def rq_backend(**options):
    from storefront.core.task_backends import RQBackend

    params = task_settings("rq", REDIS)["TASKS"]["default"]
    return RQBackend("default", {**params, "OPTIONS": {**params["OPTIONS"], **options}})


def test_jobs_are_retried_three_times_with_backoff():
    retry = rq_backend().retry

    assert (retry.max, retry.intervals) == (3, [10, 60, 300])


def test_the_retry_policy_follows_the_options():
    assert rq_backend(retries=5, retry_intervals=[0]).retry.max == 5
    assert rq_backend(retries=5, retry_intervals=[0]).retry.intervals == [0]
    assert rq_backend(retries=0).retry is None


def test_the_backend_checks_its_prefixed_queues(settings):
    settings.RQ_QUEUES = task_settings("rq", REDIS, queue_prefix="shop-")["RQ_QUEUES"]

    assert list(rq_backend(queue_prefix="shop-").check()) == []
    errors = list(rq_backend(queue_prefix="other-").check())
    assert [error.msg for error in errors] == [
        "The task queue 'default' has no RQ queue 'other-default' in RQ_QUEUES."
    ]


def test_a_prefixed_queue_maps_to_its_rq_queue_once():
    backend = rq_backend(queue_prefix="shop-")

    assert backend.rq_queue_name("default") == "shop-default"
    assert backend.rq_queue_name("shop-default") == "shop-default"


def test_a_job_read_back_from_redis_names_a_valid_task(settings):
    """django-tasks-rq rebuilds a job's task with the name of its RQ queue."""
    from django_tasks.exceptions import InvalidTaskError

    from storefront.orders.tasks import send_order_email

    for name, value in task_settings("rq", REDIS, queue_prefix="shop-").items():
        setattr(settings, name, value)

    assert send_order_email.using(queue_name="shop-default").queue_name == "shop-default"
    with pytest.raises(InvalidTaskError):
        send_order_email.using(queue_name="shop-other")


# ---------------------------------------------------------------------------- one mail once


def message(to: str = "ada@example.com") -> mail.EmailMessage:
    return mail.EmailMessage("Hello", "Body", to=[to])


def test_a_mail_goes_out_once_per_key(db, mailoutbox):
    assert mail_send_once(key="order:1:placed", build=message) is True
    assert mail_send_once(key="order:1:placed", build=message) is False
    assert mail_send_once(key="order:1:paid", build=message) is True

    assert len(mailoutbox) == 2
    assert sorted(SentMail.objects.values_list("key", flat=True)) == [
        "order:1:paid",
        "order:1:placed",
    ]


def test_a_mail_sent_already_is_not_even_built(db):
    SentMail.objects.create(key="return:4:approved")

    def build():
        raise AssertionError("rendered a mail that went out already")

    assert mail_send_once(key="return:4:approved", build=build) is False


def test_a_send_that_fails_records_nothing(db, mailoutbox, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def refused(self, messages):
        raise TimeoutError("the mail server did not answer")

    monkeypatch.setattr(EmailBackend, "send_messages", refused)
    with pytest.raises(TimeoutError):
        mail_send_once(key="order:2:placed", build=message)

    assert not SentMail.objects.exists()


# ---------------------------------------------------------------------------- scheduled work


def test_every_scheduled_command_has_a_task_of_the_same_name():
    from storefront.core.management.commands.storefront_enqueue import scheduled_tasks

    commands = {
        name
        for name, app in get_commands().items()
        if name.startswith("storefront_") and app.startswith("storefront.")
    }

    assert set(scheduled_tasks()) == commands - COMMANDS_WITHOUT_TASK
    assert set(scheduled_tasks()) == {
        "storefront_send_review_requests",
        "storefront_expire_points",
        "storefront_rebuild_related",
        "storefront_rollup_preferences",
        "storefront_rebuild_review_summaries",
    }


def test_each_task_lives_in_the_app_of_its_command():
    from storefront.core.management.commands.storefront_enqueue import scheduled_tasks

    for name, task in scheduled_tasks().items():
        assert task.module_path == f"{get_commands()[name]}.tasks.{name}"


def test_the_enqueue_command_queues_a_scheduled_task(db):
    out = StringIO()

    call_command("storefront_enqueue", "storefront_rebuild_review_summaries", stdout=out)

    assert out.getvalue().startswith("Queued storefront_rebuild_review_summaries as task ")
    assert out.getvalue().endswith("(successful).\n")  # the immediate backend ran it


def test_the_enqueue_command_passes_arguments(db):
    out = StringIO()

    call_command(
        "storefront_enqueue", "storefront_rollup_preferences", "since=2026-01-01", stdout=out
    )

    assert "(successful)" in out.getvalue()


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["storefront_demo"], "No scheduled task 'storefront_demo'; there are: "),
        (["storefront_rollup_preferences", "since"], "Arguments are name=value"),
        (["storefront_rollup_preferences", "until=2026-01-01"], "unexpected keyword"),
    ],
)
def test_the_enqueue_command_refuses_what_it_cannot_queue(db, arguments, error):
    with pytest.raises(CommandError, match=error):
        call_command("storefront_enqueue", *arguments)


def test_the_enqueue_command_fails_when_the_task_failed_here(db):
    with pytest.raises(CommandError, match=r"failed .*ValueError"):
        call_command("storefront_enqueue", "storefront_rollup_preferences", "since=yesterday")
