"""Related-product counts under concurrent checkouts on PostgreSQL: the updates after orders
placed at the same moment add up to what a fresh rebuild counts, and a rebuild racing new
orders counts each order once.

Each test starts real threads together at a barrier; every thread has its own database
connection and closes it. The orders commit for real, so the related update (sent after the
commit, run at once by the immediate task backend) runs in the thread that placed the order.
"""

import random
from collections.abc import Callable

import pytest

from storefront.orders.models import Cart, Order
from storefront.orders.selectors import cart_summary, checkout_quote
from storefront.orders.services import (
    CheckoutDetails,
    cart_add,
    checkout_token_issue,
    order_place,
)
from storefront.products.models import ProductPage, ProductVariant
from storefront.related.models import CountedOrder
from storefront.related.services import RebuildResult, related_rebuild
from tests.concurrency.threads import run_together
from tests.factories import ShopTree, make_product, make_shop
from tests.related.conftest import assert_same_scores, count_tables, score_table

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def shop() -> ShopTree:
    return make_shop()


@pytest.fixture
def products(shop) -> list[ProductPage]:
    return [
        make_product(index=shop.index, title=f"Item {n}", images=0, stock=1000) for n in range(6)
    ]


def checkout(shop: ShopTree, products: list[ProductPage], n: int) -> Callable[[], Order]:
    """A guest at the review step with one of each of ``products``; the call places it."""
    cart = Cart.objects.create()
    for product in products:
        cart_add(cart=cart, variant_id=ProductVariant.objects.get(product=product).pk, quantity=1)
    quote = checkout_quote(summary=cart_summary(cart), shipping_method=shop.standard)
    token = checkout_token_issue(cart=cart, quote=quote)
    details = CheckoutDetails(
        email=f"racer{n}@example.com",
        full_name="Racing Shopper",
        address_line1="1 Main Street",
        city="Springfield",
        postal_code="12345",
        country="US",
        shipping_method_id=shop.standard.pk,
        payment_method="bank_transfer",
    )
    return lambda: order_place(cart=cart, user=None, details=details, checkout_token=token)


def baskets(products: list[ProductPage], count: int, seed: int) -> list[list[ProductPage]]:
    """Seeded baskets of two or three products of six, so that every pair recurs."""
    chooser = random.Random(seed)
    return [chooser.sample(products, chooser.randint(2, 3)) for _ in range(count)]


def in_sequence(calls: list[Callable[[], Order]]) -> Callable[[], list[Order]]:
    return lambda: [call() for call in calls]


def assert_all_orders(outcomes) -> None:
    for outcome in outcomes:
        assert isinstance(outcome, list), outcome
        assert all(isinstance(order, Order) for order in outcome), outcome


def test_orders_placed_at_once_by_eight_shoppers_count_as_a_rebuild_would(shop, products):
    for n, basket in enumerate(baskets(products, 4, seed=1)):
        checkout(shop, basket, 100 + n)()  # some history first, counted one by one
    plans = baskets(products, 24, seed=2)
    calls = [
        in_sequence([checkout(shop, basket, 3 * thread + i) for i, basket in enumerate(plan)])
        for thread, plan in enumerate(plans[index : index + 3] for index in range(0, 24, 3))
    ]

    outcomes = run_together(calls)

    assert_all_orders(outcomes)
    assert Order.objects.count() == CountedOrder.objects.count() == 28
    incremental, counts = score_table(), count_tables()
    assert len(incremental) >= 20  # most of the 15 pairs recur
    related_rebuild()
    assert count_tables() == counts
    assert_same_scores(incremental, score_table())


def test_a_rebuild_racing_new_orders_counts_each_order_once(shop, products):
    for n, basket in enumerate(baskets(products, 10, seed=3)):
        checkout(shop, basket, 100 + n)()
    plans = baskets(products, 14, seed=4)
    placements = [
        in_sequence([checkout(shop, basket, 2 * thread + i) for i, basket in enumerate(pair)])
        for thread, pair in enumerate(plans[index : index + 2] for index in range(0, 14, 2))
    ]

    outcomes = run_together([related_rebuild, *placements])

    assert isinstance(outcomes[0], RebuildResult), outcomes[0]
    assert 10 <= outcomes[0].orders <= 24
    assert_all_orders(outcomes[1:])
    assert Order.objects.count() == CountedOrder.objects.count() == 24
    counts, scores = count_tables(), score_table()
    related_rebuild()
    assert count_tables() == counts
    assert_same_scores(scores, score_table())


def test_two_rebuilds_at_once_leave_one_consistent_table(shop, products):
    for n, basket in enumerate(baskets(products, 12, seed=5)):
        checkout(shop, basket, n)()
    expected_counts, expected = count_tables(), score_table()

    outcomes = run_together([related_rebuild, related_rebuild])

    assert all(isinstance(outcome, RebuildResult) for outcome in outcomes), outcomes
    assert count_tables() == expected_counts
    assert_same_scores(score_table(), expected)
