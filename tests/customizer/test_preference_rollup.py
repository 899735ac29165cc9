"""The daily rollups kept by the event service equal a rebuild from the raw events."""

from datetime import timedelta
from unittest.mock import patch

from django.core.management import call_command
from django.utils import timezone

from storefront.customizer.models import (
    ChoiceDailyCount,
    PreferenceDailyCount,
    PreferenceEvent,
    ProductDailyCount,
)
from storefront.customizer.services import EventIn, preference_events_record


def counts(model=PreferenceDailyCount) -> dict[str, int]:
    return dict(model.objects.values_list("key", "count"))


def all_counts() -> dict[str, dict[str, int]]:
    return {
        model.__name__: counts(model)
        for model in (PreferenceDailyCount, ChoiceDailyCount, ProductDailyCount)
    }


def record_all(customizable, visitor: str) -> None:
    navy, red = customizable.navy.pk, customizable.red.pk
    today = [
        [EventIn(kind="viewed"), EventIn(kind="selected", zone="body", swatch=navy)],
        [EventIn(kind="selected", zone="body", swatch=navy, pattern=customizable.stripes.pk)],
        [EventIn(kind="selected", zone="collar", swatch=navy)],
    ]
    for batch in today:
        preference_events_record(product=customizable.product, events=batch, visitor_id=visitor)
    yesterday = timezone.now() - timedelta(days=1)
    with patch("storefront.customizer.services.timezone.now", return_value=yesterday):
        preference_events_record(
            product=customizable.product,
            events=[
                EventIn(kind="saved", zone="body", swatch=red),
                EventIn(kind="selected", zone="body", swatch=navy),
            ],
            visitor_id=visitor,
            from_browser=False,  # "saved" is the server's to record
        )


def test_incremental_counts_equal_a_rebuild(customizable):
    record_all(customizable, "v1")
    record_all(customizable, "v2")
    incremental = all_counts()

    call_command("storefront_rollup_preferences", verbosity=0)

    assert all_counts() == incremental
    finest = incremental["PreferenceDailyCount"]
    assert sum(finest.values()) == PreferenceEvent.objects.count() == 12
    days = set(PreferenceDailyCount.objects.values_list("day", flat=True))
    assert len(days) == 2


def test_the_shop_wide_rollups_count_each_choice_and_each_products_events(customizable):
    """Per visitor: today 1 view and 3 selections of navy, one with stripes (body, body,
    collar); yesterday a saved red and a selected navy."""
    record_all(customizable, "v1")
    record_all(customizable, "v2")
    today, yesterday = timezone.localdate(), timezone.localdate() - timedelta(days=1)
    navy, red, stripes = customizable.navy.pk, customizable.red.pk, customizable.stripes.pk

    choices = {
        (row.day, row.kind, row.swatch_id, row.pattern_id): row.count
        for row in ChoiceDailyCount.objects.all()
    }
    assert choices == {
        (today, "selected", navy, None): 6,
        (today, "selected", None, stripes): 2,
        (yesterday, "saved", red, None): 2,
        (yesterday, "selected", navy, None): 2,
    }
    products = {(row.day, row.kind): row.count for row in ProductDailyCount.objects.all()}
    assert products == {
        (today, "viewed"): 2,
        (today, "selected"): 6,
        (yesterday, "saved"): 2,
        (yesterday, "selected"): 2,
    }


def test_a_partial_rebuild_keeps_earlier_days(customizable):
    record_all(customizable, "v1")
    before = all_counts()

    call_command("storefront_rollup_preferences", since=timezone.localdate(), verbosity=0)

    assert all_counts() == before


def test_server_side_kinds_are_accepted_from_services(customizable):
    stored = preference_events_record(
        product=customizable.product,
        events=[EventIn(kind="ordered", zone="body", swatch=customizable.red.pk)],
        from_browser=False,
    )

    assert stored == 1
    assert PreferenceDailyCount.objects.get(kind="ordered").count == 1


def test_events_of_a_deleted_account_are_kept_but_no_longer_linked(customizable, django_user_model):
    ada = django_user_model.objects.create_user("ada", "ada@example.com", "pw")
    preference_events_record(
        product=customizable.product,
        events=[EventIn(kind="selected", zone="body", swatch=customizable.navy.pk)],
        user=ada,
        visitor_id="v-ada",
    )

    ada.delete()

    event = PreferenceEvent.objects.get()
    assert event.user is None
    assert event.visitor_id == ""  # a logged-in shopper's events never carry the visitor id
    assert PreferenceDailyCount.objects.get(kind="selected").count == 1


def test_the_rollup_task_rebuilds_the_counts(customizable):
    from storefront.customizer.tasks import storefront_rollup_preferences

    record_all(customizable, "v1")
    before = counts()
    PreferenceDailyCount.objects.update(count=99)

    storefront_rollup_preferences.enqueue()

    assert counts() == before


def test_the_rollup_task_run_twice_counts_once(customizable):
    from storefront.customizer.tasks import storefront_rollup_preferences

    record_all(customizable, "v1")
    before = all_counts()

    storefront_rollup_preferences.enqueue()
    storefront_rollup_preferences.enqueue(since=timezone.localdate().isoformat())
    storefront_rollup_preferences.enqueue(since=timezone.localdate().isoformat())

    assert all_counts() == before
