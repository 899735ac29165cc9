"""Checkouts racing each other on PostgreSQL: stock is never oversold, a token places once.

Each test starts real threads together at a barrier; every thread has its own database
connection and closes it. The tests commit for real, so they rebuild the shop each time.
"""

from collections.abc import Callable
from typing import Any

import pytest

from storefront.orders.models import Cart, Order, OrderLine
from storefront.orders.selectors import cart_summary, checkout_quote
from storefront.orders.services import (
    CheckoutDetails,
    CheckoutError,
    cart_add,
    checkout_token_issue,
    order_place,
)
from storefront.products.models import ProductPage, ProductVariant, StockRecord
from tests.concurrency.threads import run_together
from tests.factories import ShopTree, make_product, make_shop

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def guest_cart(variant: ProductVariant, quantity: int = 1) -> Cart:
    cart = Cart.objects.create()
    cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    return cart


def review(shop: ShopTree, cart: Cart) -> str:
    """The checkout token the review step would hand this cart."""
    quote = checkout_quote(summary=cart_summary(cart), shipping_method=shop.express)
    return checkout_token_issue(cart=cart, quote=quote)


def checkout(shop: ShopTree, cart: Cart, token: str, email: str) -> Callable[[], Order]:
    details = CheckoutDetails(
        email=email,
        full_name="Racing Shopper",
        address_line1="1 Main Street",
        city="Springfield",
        postal_code="12345",
        country="US",
        shipping_method_id=shop.express.pk,
        payment_method="bank_transfer",
    )
    return lambda: order_place(cart=cart, user=None, details=details, checkout_token=token)


def racing_guests(shop: ShopTree, variant: ProductVariant, count: int) -> list[Callable[[], Order]]:
    """``count`` guests, each with one ``variant`` in their cart and at the review step."""
    carts = [guest_cart(variant) for _ in range(count)]
    return [
        checkout(shop, cart, review(shop, cart), f"guest{i}@example.com")
        for i, cart in enumerate(carts)
    ]


def orders_and_refusals(outcomes: list[Any]) -> tuple[list[Order], list[CheckoutError]]:
    orders = [outcome for outcome in outcomes if isinstance(outcome, Order)]
    refusals = [outcome for outcome in outcomes if isinstance(outcome, CheckoutError)]
    return orders, refusals


def stock(variant: ProductVariant) -> int:
    return StockRecord.objects.get(variant=variant).quantity


@pytest.fixture
def shop() -> ShopTree:
    return make_shop()


def only_variant(product: ProductPage) -> ProductVariant:
    return ProductVariant.objects.get(product=product)


def test_two_guests_wanting_the_last_unit_get_one_order_and_one_refusal(shop):
    variant = only_variant(make_product(index=shop.index, title="Last lamp", stock=1))
    calls = racing_guests(shop, variant, 2)

    outcomes = run_together(calls)

    orders, refusals = orders_and_refusals(outcomes)
    assert len(orders) == 1, outcomes
    assert len(refusals) == 1, outcomes
    assert "stock" in str(refusals[0]).lower()
    assert Order.objects.count() == 1
    assert stock(variant) == 0
    assert OrderLine.objects.get().quantity == 1


def test_a_double_click_on_place_order_places_one_order(shop):
    variant = only_variant(make_product(index=shop.index, title="Kettle", stock=5))
    cart = guest_cart(variant, quantity=2)
    token = review(shop, cart)
    submit = checkout(shop, cart, token, "double@example.com")

    outcomes = run_together([submit, submit])

    assert all(isinstance(outcome, Order) for outcome in outcomes), outcomes
    assert outcomes[0].number == outcomes[1].number
    assert Order.objects.count() == 1
    assert stock(variant) == 3
    assert ProductPage.objects.get(pk=variant.product_id).sales_count == 2


def test_eight_shoppers_for_five_units_get_exactly_five_orders(shop):
    variant = only_variant(make_product(index=shop.index, title="Popular mug", stock=5))
    calls = racing_guests(shop, variant, 8)

    outcomes = run_together(calls)

    orders, refusals = orders_and_refusals(outcomes)
    assert len(orders) == 5, outcomes
    assert len(refusals) == 3, outcomes
    assert all("stock" in str(refusal).lower() for refusal in refusals)
    assert len({order.number for order in orders}) == 5
    assert Order.objects.count() == 5
    assert stock(variant) == 0
    assert ProductPage.objects.get(pk=variant.product_id).sales_count == 5
