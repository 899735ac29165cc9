import inspect
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus
from django_tasks.base import Task


def scheduled_tasks() -> dict[str, Task]:
    """The plugin's scheduled jobs: the tasks named ``storefront_*`` in its apps' ``tasks``
    modules, each the twin of the management command of the same name."""
    found: dict[str, Task] = {}
    for app in apps.get_app_configs():
        if not app.name.startswith("storefront.") or find_spec(f"{app.name}.tasks") is None:
            continue
        for name, value in vars(import_module(f"{app.name}.tasks")).items():
            if name.startswith("storefront_") and isinstance(value, Task):
                found[name] = value
    return found


class Command(BaseCommand):
    help = (
        "Queue a scheduled task for the task workers instead of running it here, e.g. "
        "storefront_send_review_requests: a worker runs it, with the task backend's retries. "
        "Arguments are name=value, e.g. storefront_rollup_preferences since=2026-01-01."
    )

    def add_arguments(self, parser):
        parser.add_argument("task", help="The name of the task (and of its command).")
        parser.add_argument("arguments", nargs="*", metavar="name=value")

    def handle(self, *args, task, arguments, **options):
        tasks = scheduled_tasks()
        if task not in tasks:
            raise CommandError(
                f"No scheduled task {task!r}; there are: {', '.join(sorted(tasks))}."
            )
        kwargs = {}
        for item in arguments:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"Arguments are name=value: {item!r}.")
            kwargs[name] = value
        try:
            inspect.signature(tasks[task].func).bind(**kwargs)
        except TypeError as error:
            raise CommandError(f"{task}: {error}.") from None
        result = tasks[task].enqueue(**kwargs)
        if result.status == TaskResultStatus.FAILED:  # run here, by the immediate backend
            error = result.errors[-1].traceback.strip().splitlines()[-1]
            raise CommandError(f"{task} failed (the log has the traceback): {error}")
        if options["verbosity"]:
            self.stdout.write(f"Queued {task} as task {result.id} ({result.status.lower()}).")
