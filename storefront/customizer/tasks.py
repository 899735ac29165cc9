"""Background work of the customizer, on the django-tasks API."""

from django_tasks import task


@task()
def storefront_rollup_preferences(*, since: str | None = None) -> int:
    """Rebuild the daily preference counts from the raw events, from the day ``since``
    (YYYY-MM-DD) or all of them (the command of the same name: the nightly safety net for the
    counts the event service keeps incrementally). Safe to run twice."""
    from datetime import date

    from storefront.customizer.services import preference_rollup_rebuild

    return preference_rollup_rebuild(since=date.fromisoformat(since) if since else None)
