"""Co-purchase counting: the update after each order gives the same table as a full rebuild,
and the scores follow the rules (minimum support, cosine ranking, top-k, one basket per
order)."""

import math
import random
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from storefront.related.models import CountedOrder, RelatedScore, Source
from storefront.related.services import related_count_order, related_rebuild
from storefront.returns.models import ReturnReason
from storefront.returns.services import (
    LineChoice,
    return_approve,
    return_exchange,
    return_receive,
    return_request_open,
)
from tests.factories import deliver, make_user
from tests.related.conftest import (
    assert_same_scores,
    count_tables,
    partners,
    score_table,
    variant_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ten(make):
    """Ten products of two variants each, so an order can hold a product twice."""
    return [make(variants=[("M", None), ("L", None)]) for _ in range(10)]


def random_baskets(products, *, count: int, seed: int) -> list[list]:
    """``count`` seeded baskets of one to four products, skewed towards the first ones so
    that some pairs repeat; now and then the same product in both its variants."""
    chooser = random.Random(seed)
    weights = [10 - index for index in range(len(products))]
    baskets = []
    for _ in range(count):
        size = chooser.randint(1, 4)
        chosen = []
        while len(chosen) < size:
            product = chooser.choices(products, weights)[0]
            if product not in chosen:
                chosen.append(product)
        items = [variant_of(product, "M") for product in chosen]
        if chooser.random() < 0.2:
            items.append(variant_of(chosen[0], "L"))
        baskets.append(items)
    return baskets


@pytest.mark.parametrize("top_k", [12, 3])
def test_counting_each_order_gives_the_same_table_as_a_rebuild(settings, ten, buy, top_k):
    settings.STOREFRONT_RELATED_TOP_K = top_k
    for items in random_baskets(ten, count=40, seed=20240611):
        buy(*items)
    incremental = score_table()
    counts = count_tables()

    related_rebuild()

    assert len(incremental) >= 20  # the orders made a real table, not an empty one
    assert max(row[2] for row in incremental) <= top_k
    assert_same_scores(incremental, score_table())
    assert count_tables() == counts


def test_orders_after_a_rebuild_midway_keep_the_table_equal_to_a_rebuild(settings, ten, buy):
    settings.STOREFRONT_RELATED_TOP_K = 4
    baskets = random_baskets(ten, count=40, seed=7)
    for items in baskets[:20]:
        buy(*items)
    related_rebuild()
    for items in baskets[20:]:
        buy(*items)
    incremental = score_table()

    result = related_rebuild()

    assert result.orders == 40
    assert len(incremental) >= 20
    assert_same_scores(incremental, score_table())


def test_an_order_is_counted_once(ten, buy):
    first, second = ten[:2]
    buy(first, second)
    order = buy(first, second)
    before = (score_table(), count_tables())

    assert related_count_order(order=order) is False
    assert (score_table(), count_tables()) == before
    assert CountedOrder.objects.count() == 2


def test_an_order_counted_by_a_rebuild_is_not_counted_again_by_its_update(ten, buy):
    buy(ten[0], ten[1])
    order = buy(ten[0], ten[1])
    CountedOrder.objects.all().delete()  # as if the update had not run yet
    related_rebuild()
    rebuilt = (score_table(), count_tables())

    assert related_count_order(order=order) is False
    assert (score_table(), count_tables()) == rebuilt


def test_an_order_the_rebuild_did_not_see_is_counted_by_its_update(ten, buy):
    buy(ten[0], ten[1])
    order = buy(ten[0], ten[1])
    # as if the order came in while the rebuild ran
    related_rebuild(before=order.placed_at - timedelta(microseconds=1))
    assert count_tables()[1] == {(ten[0].pk, ten[1].pk): 1}

    assert related_count_order(order=order) is True
    assert count_tables()[1] == {(ten[0].pk, ten[1].pk): 2}
    assert partners(ten[0]) == [ten[1].pk]


def test_a_rebuild_before_an_orders_time_leaves_that_order_out(ten, buy):
    """The offline evaluation trains on the orders placed before the first held-out one."""
    buy(ten[0], ten[1])
    order = buy(ten[0], ten[1])

    result = related_rebuild(before=order.placed_at)

    assert result.orders == 1
    assert count_tables()[1] == {(ten[0].pk, ten[1].pk): 1}


def test_a_rebuild_before_a_time_in_another_zone_means_the_same_instant(ten, buy):
    first = buy(ten[0], ten[1])
    later = buy(ten[0], ten[1])
    between = first.placed_at + (later.placed_at - first.placed_at) / 2

    result = related_rebuild(before=between.astimezone(ZoneInfo("Asia/Tokyo")))

    assert result.orders == 1


# ---------------------------------------------------------------------------- scoring rules


def test_a_pair_bought_together_once_is_not_suggested(make, buy):
    tee, cap = make(), make()
    buy(tee, cap)

    assert count_tables()[1] == {(tee.pk, cap.pk): 1}
    assert partners(tee) == [] and partners(cap) == []


def test_a_pair_bought_together_twice_is_suggested_both_ways(make, buy):
    tee, cap = make(), make()
    buy(tee, cap)
    buy(tee, cap)

    assert partners(tee) == [cap.pk]
    assert partners(cap) == [tee.pk]


def test_a_higher_minimum_support_holds_back_a_pair(settings, make, buy):
    settings.STOREFRONT_RELATED_MIN_SUPPORT = 3
    tee, cap = make(), make()
    buy(tee, cap)
    buy(tee, cap)
    assert partners(tee) == []

    buy(tee, cap)

    assert partners(tee) == [cap.pk]


def test_partners_are_ranked_by_cosine_similarity(make, buy):
    """A in 6 orders, B in 5, C in 5; A+B 3 times, A+C twice, B+C twice, A+D once."""
    a, b, c, d = make(), make(), make(), make()
    for basket in [(a, b)] * 3 + [(a, c)] * 2 + [(b, c)] * 2 + [(c,), (a, d)]:
        buy(*basket)

    ab, ac, bc = 3 / math.sqrt(6 * 5), 2 / math.sqrt(6 * 5), 2 / math.sqrt(5 * 5)
    expected = [
        (a.pk, b.pk, 1, 3, ab),  # 0.548
        (a.pk, c.pk, 2, 2, ac),  # 0.365
        (b.pk, a.pk, 1, 3, ab),
        (b.pk, c.pk, 2, 2, bc),  # 0.400
        (c.pk, b.pk, 1, 2, bc),  # the smaller seller B beats A for C
        (c.pk, a.pk, 2, 2, ac),
    ]
    assert_same_scores(score_table(), expected)
    assert partners(d) == []


def test_equal_scores_go_to_the_lower_product_id(make, buy):
    hub, first, second = make(), make(), make()
    buy(hub, second)
    buy(hub, second)
    buy(hub, first)
    buy(hub, first)

    assert partners(hub) == [first.pk, second.pk]


def test_only_the_top_k_partners_are_kept(settings, make, buy):
    settings.STOREFRONT_RELATED_TOP_K = 2
    hub = make()
    strong, middle, weak = make(), make(), make()
    # hub+strong 4 times, hub+middle 3 times, hub+weak twice: all of them qualify
    for partner, times in ((strong, 4), (middle, 3), (weak, 2)):
        for _ in range(times):
            buy(hub, partner)

    assert partners(hub) == [strong.pk, middle.pk]
    assert RelatedScore.objects.filter(product=hub).count() == 2
    assert partners(weak) == [hub.pk]  # the cut is per product


def test_a_partner_overtaken_by_another_leaves_the_top_k(settings, make, buy):
    settings.STOREFRONT_RELATED_TOP_K = 1
    hub, old, new = make(), make(), make()
    buy(hub, old)
    buy(hub, old)
    for _ in range(3):
        buy(hub, new)
        buy(new)  # ``new`` sells a lot on its own, too
    # hub 5, old 2, new 6: old 2/sqrt(10) = .632 beats new 3/sqrt(30) = .548
    assert partners(hub) == [old.pk]

    buy(hub, new)

    # hub 6, new 7: new 4/sqrt(42) = .617 beats old 2/sqrt(12) = .577
    assert partners(hub) == [new.pk]
    assert partners(old) == [hub.pk]


def test_a_partner_selling_a_lot_without_the_product_falls_out_of_its_top_k(settings, make, buy):
    """The orders that change the ranking do not hold the product itself."""
    settings.STOREFRONT_RELATED_TOP_K = 1
    hub, first, second = make(), make(), make()
    for basket in [(hub, first)] * 2 + [(hub, second)] * 2 + [(second,)]:
        buy(*basket)
    # hub 4, first 2, second 3: first 2/sqrt(8) = .707 beats second 2/sqrt(12) = .577
    assert partners(hub) == [first.pk]

    for _ in range(3):
        buy(first)

    # first 5: 2/sqrt(20) = .447 now loses to second
    assert partners(hub) == [second.pk]
    assert_same_scores(score_table(), (related_rebuild(), score_table())[1])


def test_a_product_ordered_in_two_variants_counts_once_per_order(make, buy):
    tee, cap = make(variants=[("M", None), ("L", None)]), make()
    for _ in range(2):
        buy(variant_of(tee, "M"), variant_of(tee, "L"), cap)

    products, pairs = count_tables()
    assert products == {tee.pk: 2, cap.pk: 2}
    assert pairs == {(tee.pk, cap.pk): 2}
    assert score_table() == [
        (tee.pk, cap.pk, 1, 2, pytest.approx(1.0)),
        (cap.pk, tee.pk, 1, 2, pytest.approx(1.0)),
    ]


def test_a_rebuild_counts_a_product_in_two_variants_once_too(make, buy):
    tee, cap = make(variants=[("M", None), ("L", None)]), make()
    for _ in range(2):
        buy(variant_of(tee, "M"), variant_of(tee, "L"), cap)

    related_rebuild()

    assert count_tables() == ({tee.pk: 2, cap.pk: 2}, {(tee.pk, cap.pk): 2})


def test_a_rebuild_only_writes_computed_sources(make, buy):
    tee, cap = make(), make()
    buy(tee, cap)
    buy(tee, cap)

    related_rebuild()

    assert set(RelatedScore.objects.values_list("source", flat=True)) == {Source.CO_PURCHASE}


# ---------------------------------------------------------------------------- exchanges


def test_an_exchange_is_not_a_second_purchase_of_its_products(
    make, buy, django_capture_on_commit_callbacks
):
    customer, staff = make_user("swapper"), make_user("staff", is_staff=True)
    tee = make(variants=[("M", None), ("L", None)])
    cap = make(variants=[("M", None), ("L", None)])
    order = buy(variant_of(tee, "M"), variant_of(cap, "M"), user=customer)
    reason = ReturnReason.objects.get(code="doesnt_fit")
    lines = list(order.lines.order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        deliver(order)
        request = return_request_open(
            order=order,
            choices=[LineChoice(order_line=line, quantity=1, reason=reason) for line in lines],
            outcome="exchange",
            exchange_variants={
                lines[0].pk: variant_of(tee, "L").pk,
                lines[1].pk: variant_of(cap, "L").pk,
            },
        )
        return_approve(request=request, actor=staff)
        return_receive(
            request=request,
            actor=staff,
            conditions={line.pk: "sellable" for line in request.lines.all()},
        )
        return_exchange(request=request, actor=staff)

    assert count_tables()[1] == {(tee.pk, cap.pk): 1}
    assert partners(tee) == []
