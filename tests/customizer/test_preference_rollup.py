"""The daily rollup kept by the event service equals a rebuild from the raw events."""

from datetime import timedelta
from unittest.mock import patch

from django.core.management import call_command
from django.utils import timezone

from storefront.customizer.models import PreferenceDailyCount, PreferenceEvent
from storefront.customizer.services import EventIn, preference_events_record


def counts() -> dict[str, int]:
    return dict(PreferenceDailyCount.objects.values_list("key", "count"))


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
        )


def test_incremental_counts_equal_a_rebuild(customizable):
    record_all(customizable, "v1")
    record_all(customizable, "v2")
    incremental = counts()

    call_command("storefront_rollup_preferences", verbosity=0)

    assert counts() == incremental
    assert sum(incremental.values()) == PreferenceEvent.objects.count() == 12
    days = set(PreferenceDailyCount.objects.values_list("day", flat=True))
    assert len(days) == 2


def test_a_partial_rebuild_keeps_earlier_days(customizable):
    record_all(customizable, "v1")
    before = counts()

    call_command("storefront_rollup_preferences", since=timezone.localdate(), verbosity=0)

    assert counts() == before


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
    from storefront.customizer.tasks import rollup_preferences

    record_all(customizable, "v1")
    before = counts()
    PreferenceDailyCount.objects.update(count=99)

    rollup_preferences.enqueue()

    assert counts() == before
