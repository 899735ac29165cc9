"""Background work of the loyalty app, on the django-tasks API."""

from django_tasks import task


@task()
def storefront_expire_points() -> dict[str, int]:
    """The daily points run (see ``points_daily_run``); safe to run twice."""
    from storefront.loyalty.services import points_daily_run

    return points_daily_run()
