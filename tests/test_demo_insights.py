"""The demo's history for the insight reports (``config.demo_insights``): four months of
customizer sessions, return requests at every stage, and clicks on suggestions, some of
them followed by an order; and that a second run of ``storefront_demo`` adds none of it."""

from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.db.models import Count, Q, Sum
from django.utils import timezone

from config.demo_insights import DAYS
from storefront.customizer.models import (
    PreferenceDailyCount,
    PreferenceEvent,
    PreferenceKind,
)
from storefront.customizer.selectors import template_with_zones
from storefront.customizer.services import preference_rollup_rebuild
from storefront.loyalty.models import PointsEntry
from storefront.orders.models import Order
from storefront.products.models import ProductPage
from storefront.related.models import Source, SuggestionClick
from storefront.returns.models import ReturnEvent, ReturnRequest, ReturnStatus
from storefront.returns.services import return_window_end
from tests.products.test_demo_command import quick_artwork, run_demo  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_artwork")]

VIEWED, SELECTED, SAVED = PreferenceKind.VIEWED, PreferenceKind.SELECTED, PreferenceKind.SAVED
CARTED, ORDERED = PreferenceKind.CARTED, PreferenceKind.ORDERED


def rollup() -> dict[str, int]:
    return dict(PreferenceDailyCount.objects.values_list("key", "count"))


def rolled_up(**filters) -> dict[str, int]:
    """Events per kind in the daily rollup (what the reports read)."""
    return dict(
        PreferenceDailyCount.objects.filter(**filters)
        .values_list("kind")
        .annotate(total=Sum("count"))
        .order_by()
    )


def colour_share(name: str, start, stop) -> float:
    """``name``'s share of the colours chosen between the days ``start`` and ``stop``."""
    chosen = PreferenceDailyCount.objects.filter(
        kind=SELECTED, swatch__isnull=False, day__gte=start, day__lt=stop
    ).aggregate(all=Sum("count"), this=Sum("count", filter=Q(swatch__name=name)))
    return (chosen["this"] or 0) / chosen["all"]


def history_counts() -> dict[str, int]:
    return {
        "events": PreferenceEvent.objects.count(),
        "rollup": PreferenceDailyCount.objects.aggregate(n=Sum("count"))["n"],
        "returns": ReturnRequest.objects.count(),
        "return events": ReturnEvent.objects.count(),
        "clicks": SuggestionClick.objects.count(),
        "followed clicks": SuggestionClick.objects.filter(order__isnull=False).count(),
        "orders": Order.objects.count(),
        "points entries": PointsEntry.objects.count(),
    }


def test_customizer_history_makes_a_funnel_trends_and_a_rollup_that_matches_the_events():
    output = run_demo()
    now = timezone.now()
    today = timezone.localdate(now)

    assert "Insights:        preference events" in output
    customizable = ProductPage.objects.live().filter(customization_template__isnull=False)
    assert customizable.count() >= 3
    for product in customizable:
        funnel = rolled_up(product=product)
        assert funnel[VIEWED] > funnel[SELECTED] > funnel[SAVED] > 0, product
        # Most views end without a choice: fewer sessions choose than view.
        choosing = (
            PreferenceEvent.objects.filter(product=product, kind=SELECTED)
            .values("user", "visitor_id")
            .distinct()
            .count()
        )
        assert choosing < PreferenceEvent.objects.filter(product=product, kind=VIEWED).count()
    funnel = rolled_up()
    assert funnel[SAVED] > funnel[CARTED] > funnel[ORDERED] > 0
    assert 2000 <= PreferenceEvent.objects.count() <= 6000

    # The daily rollup is what a recount of the raw events gives.
    written = rollup()
    preference_rollup_rebuild()
    assert rollup() == written
    assert sum(written.values()) == PreferenceEvent.objects.count()

    # Every choice is one its zone offers.
    for product in customizable:
        zones = {
            zone.key: zone
            for zone in template_with_zones(
                template_id=product.customization_template_id
            ).zones.all()
        }
        chosen = (
            PreferenceEvent.objects.filter(product=product)
            .exclude(zone_key="")
            .values_list("zone_key", "swatch_id", "pattern_id")
            .distinct()
        )
        for zone_key, swatch_id, pattern_id in chosen:
            zone = zones[zone_key]
            assert swatch_id in {swatch.pk for swatch in zone.palette.swatches.all()}
            assert pattern_id is None or pattern_id in {p.pk for p in zone.patterns.all()}

    # Four months, nothing in the future, busier at weekends, one colour in and one out.
    days = PreferenceDailyCount.objects.filter(kind=VIEWED)
    first_day = days.order_by("day").first().day
    assert (today - first_day).days >= DAYS - 5
    assert not PreferenceEvent.objects.filter(created_at__gt=now).exists()
    per_weekday = defaultdict(list)
    for day, views in days.values_list("day").annotate(views=Sum("count")).order_by():
        per_weekday[day.weekday() >= 5].append(views)
    weekend, weekday = (sum(v) / len(v) for v in (per_weekday[True], per_weekday[False]))
    assert weekend > 1.15 * weekday
    first_month = (first_day, first_day + timedelta(days=30))
    last_month = (today - timedelta(days=30), today + timedelta(days=1))
    assert colour_share("Teal", *last_month) > 2 * colour_share("Teal", *first_month)
    assert colour_share("Cherry Red", *first_month) > 2 * colour_share("Cherry Red", *last_month)

    # Visitors and customers, some of them customizing more than one product.
    assert PreferenceEvent.objects.filter(user__isnull=False).exists()
    visitors = (
        PreferenceEvent.objects.filter(user=None, kind=SELECTED)
        .exclude(visitor_id="")
        .values("visitor_id")
        .annotate(products=Count("product", distinct=True))
    )
    assert visitors.filter(products__gte=2).count() >= 10


def test_returns_and_suggestion_clicks_fill_their_reports_and_a_second_run_adds_nothing():
    run_demo()
    now = timezone.now()

    requests = ReturnRequest.objects.select_related("order").prefetch_related(
        "lines__reason", "events"
    )
    assert 10 <= requests.count() <= 20
    statuses = Counter(requests.values_list("status", flat=True))
    assert set(statuses) >= {
        ReturnStatus.REQUESTED,
        ReturnStatus.APPROVED,
        ReturnStatus.RECEIVED,
        ReturnStatus.REFUNDED,
        ReturnStatus.CLOSED,
        ReturnStatus.REJECTED,
    }
    reasons = {line.reason.code for request in requests for line in request.lines.all()}
    assert len(reasons) >= 4
    assert set(requests.values_list("outcome", flat=True)) == {
        "refund",
        "store_credit",
        "exchange",
    }
    for request in requests:
        # Asked for within the return window of a delivered order, handled step by step.
        assert request.order.delivered_at < request.created_at
        assert request.created_at <= return_window_end(request.order)
        steps = [event.created_at for event in request.events.all()]
        assert steps == sorted(steps) and steps[0] == request.created_at and steps[-1] < now
    oldest = requests.order_by("created_at").first().created_at
    assert (now - oldest).days >= 90
    credited = requests.filter(outcome="store_credit", refund_amount__isnull=False)
    assert credited.exists()
    assert all(request.store_credit_points > 0 for request in credited)
    assert requests.filter(outcome="refund", refund_amount__gt=0).count() >= 4
    assert requests.filter(outcome="exchange", exchange_order__isnull=False).exists()
    assert requests.filter(photos__isnull=False).exists()  # a damaged item, photographed

    clicks = SuggestionClick.objects.all()
    assert 200 <= clicks.count() <= 600
    by_source = dict(clicks.values_list("source").annotate(n=Count("pk")).order_by())
    assert set(by_source) == set(Source.values)
    assert set(clicks.values_list("place", flat=True)) == {"product", "cart", "checkout"}
    followed = clicks.filter(order__isnull=False).select_related("order")
    assert 0.05 * clicks.count() < followed.count() < 0.5 * clicks.count()
    for click in followed:
        # Tied to the customer's order of the suggested product, placed after the click.
        assert click.user_id == click.order.user_id
        assert click.created_at <= click.order.placed_at
        assert click.order.lines.filter(product=click.product).exists()
    dates = sorted(clicks.values_list("created_at", flat=True))
    assert (dates[-1] - dates[0]).days >= 90 and dates[-1] < now

    before = history_counts()
    second = run_demo()

    assert history_counts() == before
    assert "nothing new" in second
