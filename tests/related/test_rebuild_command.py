"""The full recount from the command line and as a background task, and what the rebuild
records about itself."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from storefront.related.models import CountedOrder, RelatedScore, RelatedState, Source
from storefront.related.selectors import related_state
from storefront.related.services import related_rebuild
from storefront.related.tasks import related_count_order, storefront_rebuild_related
from tests.related.conftest import assert_same_scores, customize, score_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(make, buy, customizable):
    """Three orders (tee+cap twice, one cap alone) and two visitors customizing the tee."""
    tee, cap = customizable.product, make()
    buy(tee, cap)
    buy(tee, cap)
    buy(cap)
    for visitor in ("v1", "v2"):
        customize(tee, customizable.navy, visitor=visitor)
    return tee, cap


def forget_everything() -> None:
    RelatedScore.objects.all().delete()
    CountedOrder.objects.all().delete()


def test_the_command_rebuilds_and_says_what_it_counted(history):
    expected = score_table()
    forget_everything()
    out = StringIO()

    call_command("storefront_rebuild_related", stdout=out)

    assert re.fullmatch(
        r"Counted 3 orders and 2 shoppers; 2 suggestions stored in \d+\.\d s\.\n", out.getvalue()
    )
    assert_same_scores(score_table(), expected)
    assert CountedOrder.objects.count() == 3


def test_the_command_is_quiet_at_verbosity_zero(history):
    out = StringIO()

    call_command("storefront_rebuild_related", stdout=out, verbosity=0)

    assert out.getvalue() == ""
    assert RelatedScore.objects.filter(source=Source.CO_PURCHASE).count() == 2


def test_the_rebuild_records_what_it_did(history):
    result = related_rebuild()

    state = related_state()
    assert (state.orders_counted, state.shoppers_counted) == (3, 2)
    assert state.rebuilt_at is not None
    assert state.rebuild_seconds == pytest.approx(result.seconds)
    assert RelatedState.objects.count() == 1


def test_the_rebuild_reports_its_steps(history):
    steps = []

    related_rebuild(progress=lambda name, number, total: steps.append((number, total, name)))

    assert [number for number, _total, _name in steps] == list(range(1, 8))
    assert {total for _number, total, _name in steps} == {7}
    assert steps[0][2] == "clear" and steps[-1][2] == "shared swatches"


def test_the_rebuild_task_runs_on_the_immediate_backend(history):
    forget_everything()

    result = storefront_rebuild_related.enqueue()

    assert result.return_value["orders"] == 3
    assert result.return_value["shoppers"] == 2
    assert RelatedScore.objects.filter(source=Source.CO_PURCHASE).count() == 2


def test_the_rebuild_task_run_twice_keeps_the_same_scores(history):
    storefront_rebuild_related.enqueue()
    expected = score_table()

    result = storefront_rebuild_related.enqueue()

    assert result.return_value["orders"] == 3
    assert_same_scores(score_table(), expected)
    assert CountedOrder.objects.count() == 3


def test_the_count_order_task_run_twice_counts_the_order_once(history):
    from storefront.orders.models import Order

    order = Order.objects.first()
    storefront_rebuild_related.enqueue()
    expected = score_table()

    assert related_count_order.enqueue(order_id=order.pk).return_value is False
    assert_same_scores(score_table(), expected)


def test_the_count_order_task_skips_an_order_that_is_gone(db):
    assert related_count_order.enqueue(order_id=987654).return_value is False
