"""The update after an order re-ranks the order's own products at once and marks them stale;
``related_refresh`` (a task queued after each count) then re-ranks the lists holding them.
Together they give the table a rebuild gives."""

import pytest

from storefront.related.models import StaleProduct
from storefront.related.services import related_count_order, related_rebuild, related_refresh
from tests.factories import make_order
from tests.related.conftest import assert_same_scores, score_table, variant_of
from tests.related.test_counting import random_baskets

pytestmark = pytest.mark.django_db


@pytest.fixture
def eight(make):
    return [make(title=f"P{n}", stock=500, variants=[("M", None), ("L", None)]) for n in range(8)]


def test_counting_without_the_refresh_leaves_other_lists_stale_until_it_runs(shop, eight):
    # Orders placed in the test's transaction: the receivers' tasks never run, so the
    # counting and the refresh are called as a worker would call them.
    baskets = random_baskets(eight, count=30, seed=11)
    orders = [
        make_order(shop=shop, items=[(variant, 1) for variant in basket]) for basket in baskets
    ]
    for order in orders:
        related_count_order(order=order)
    assert StaleProduct.objects.exists()
    counted = score_table()

    refreshed = related_refresh()

    assert refreshed > 0
    assert not StaleProduct.objects.exists()
    after_refresh = score_table()
    related_rebuild()
    assert_same_scores(after_refresh, score_table())
    assert counted != after_refresh  # the refresh did change lists the counting left stale


def test_a_refresh_with_nothing_stale_does_nothing(eight):
    assert related_refresh() == 0


def test_a_rebuild_forgets_the_stale_marks(shop, eight):
    order = make_order(shop=shop, items=[(variant_of(p), 1) for p in eight[:3]])
    related_count_order(order=order)

    related_rebuild()

    assert not StaleProduct.objects.exists()
