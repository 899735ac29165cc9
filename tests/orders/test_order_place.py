"""Placing an order through the service: what it writes, once, and what it refuses."""

import re
import time
from dataclasses import dataclass
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail

from storefront.orders import signals
from storefront.orders.access import order_access_check
from storefront.orders.models import Cart, Order, OrderEvent, OrderLine
from storefront.orders.selectors import cart_summary, checkout_quote
from storefront.orders.services import (
    CheckoutDetails,
    CheckoutError,
    cart_add,
    checkout_token_issue,
    order_place,
)
from storefront.products.models import ProductPage, ProductVariant, StockRecord
from storefront.products.services import stock_set
from tests.factories import make_user

# ---------------------------------------------------------------------------- helpers


def variant_of(product: ProductPage, name: str) -> ProductVariant:
    return ProductVariant.objects.get(product=product, name=name)


def stock(variant: ProductVariant) -> int:
    return StockRecord.objects.get(variant=variant).quantity


def cart_with(*items: tuple[ProductVariant, int]) -> Cart:
    cart = Cart.objects.create()
    for variant, quantity in items:
        cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    return cart


def cart_contents(cart: Cart) -> list[tuple[int, int]]:
    return list(cart.lines.order_by("variant_id").values_list("variant_id", "quantity"))


def details_for(shipping_method, **changes) -> CheckoutDetails:
    values = {
        "email": "ada@example.com",
        "full_name": "Ada Lovelace",
        "address_line1": "12 St James's Square",
        "city": "London",
        "postal_code": "SW1Y 4JH",
        "country": "GB",
        "shipping_method_id": shipping_method.pk,
        "payment_method": "bank_transfer",
    } | changes
    return CheckoutDetails(**values)


def token_for(cart: Cart, shipping_method, user=None) -> str:
    """The token the review step hands out for the totals the shopper sees there."""
    quote = checkout_quote(summary=cart_summary(cart), shipping_method=shipping_method, user=user)
    return checkout_token_issue(cart=cart, quote=quote)


def place(cart: Cart, shipping_method, *, user=None, token: str | None = None, **changes):
    return order_place(
        cart=cart,
        user=user,
        details=details_for(shipping_method, **changes),
        checkout_token=token if token is not None else token_for(cart, shipping_method, user),
    )


@pytest.fixture
def tee(product_factory):
    """A tee in M at the product price and XL at an override, five and three in stock."""
    return product_factory(
        title="Blue tee",
        price="20.00",
        stock=[5, 3],
        variants=[("M", None), ("XL", "24.50")],
    )


@pytest.fixture
def mug(product_factory):
    return product_factory(title="Mug", price="8.25", stock=4)


@pytest.fixture
def receiver():
    """Connect a receiver to a signal for one test; it collects the orders it receives."""
    connected = []

    def connect(signal):
        received = []

        def handler(sender, order, **kwargs):
            received.append(order)

        signal.connect(handler, weak=False)
        connected.append((signal, handler))
        return received

    yield connect
    for signal, handler in connected:
        signal.disconnect(handler)


# ---------------------------------------------------------------------------- placing


def test_order_lines_are_snapshots_of_what_was_bought(shop, tee, mug):
    m, xl = variant_of(tee, "M"), variant_of(tee, "XL")
    cart = cart_with((m, 2), (xl, 1), (variant_of(mug, "M"), 3))

    order = place(cart, shop.express)
    ProductPage.objects.filter(pk=tee.pk).update(title="Renamed tee", price=Decimal("99.00"))
    ProductVariant.objects.filter(pk=xl.pk).update(name="XXL", price_override=Decimal("1.00"))

    lines = OrderLine.objects.filter(order=order).order_by("pk")
    assert [
        (line.title, line.variant_name, line.sku, line.unit_price, line.quantity, line.line_total)
        for line in lines
    ] == [
        ("Blue tee", "M", m.sku, Decimal("20.00"), 2, Decimal("40.00")),
        ("Blue tee", "XL", xl.sku, Decimal("24.50"), 1, Decimal("24.50")),
        ("Mug", "M", variant_of(mug, "M").sku, Decimal("8.25"), 3, Decimal("24.75")),
    ]


def test_totals_are_computed_on_the_server(shop, tee):
    cart = cart_with((variant_of(tee, "M"), 1), (variant_of(tee, "XL"), 1))

    order = place(cart, shop.standard)

    assert order.goods_total == Decimal("44.50")
    assert order.shipping_total == Decimal("4.90")
    assert order.adjustments_total == Decimal("0")
    assert order.total == Decimal("49.40")
    assert order.currency == "USD"
    assert order.shipping_method_name == "Standard"


def test_shipping_is_free_when_the_goods_reach_the_threshold(shop, tee):
    cart = cart_with((variant_of(tee, "M"), 3))  # 60.00, the Standard threshold

    order = place(cart, shop.standard)

    assert order.shipping_total == Decimal("0")
    assert order.total == Decimal("60.00")


def test_placing_takes_the_goods_out_of_stock_and_counts_the_sales(shop, tee):
    m, xl = variant_of(tee, "M"), variant_of(tee, "XL")
    cart = cart_with((m, 2), (xl, 3))

    place(cart, shop.express)

    assert (stock(m), stock(xl)) == (3, 0)
    assert ProductPage.objects.get(pk=tee.pk).sales_count == 5


def test_placing_empties_the_cart(shop, tee):
    cart = cart_with((variant_of(tee, "M"), 1))

    place(cart, shop.express)

    assert cart_contents(cart) == []
    assert Cart.objects.filter(pk=cart.pk).exists()


def test_the_order_belongs_to_the_customer_who_placed_it(shop, tee):
    customer = make_user("ada")
    cart = cart_with((variant_of(tee, "M"), 1))

    order = place(cart, shop.express, user=customer)

    assert order.user == customer
    assert [(e.from_status, e.to_status, e.actor) for e in order.events.all()] == [
        ("", "placed", customer)
    ]


def test_a_guest_order_has_no_customer_and_one_placed_event(shop, tee):
    cart = cart_with((variant_of(tee, "M"), 1))

    order = place(cart, shop.express)

    assert order.user is None
    assert order.status == "placed"
    assert list(OrderEvent.objects.values_list("order", "from_status", "to_status", "actor")) == [
        (order.pk, "", "placed", None)
    ]


def test_the_customer_is_emailed_a_confirmation_with_a_signed_order_link(
    shop, tee, django_capture_on_commit_callbacks
):
    cart = cart_with((variant_of(tee, "M"), 1))

    with django_capture_on_commit_callbacks(execute=True):
        order = place(cart, shop.express, email="ada@example.com")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    assert order.number in message.subject
    match = re.search(rf"/orders/{order.number}/\?key=(\S+)", message.body)
    assert match is not None
    assert order_access_check(number=order.number, key=match.group(1))


def test_nothing_is_announced_before_the_transaction_commits(
    shop, tee, receiver, django_capture_on_commit_callbacks
):
    placed = receiver(signals.order_placed)
    cart = cart_with((variant_of(tee, "M"), 1))

    with django_capture_on_commit_callbacks(execute=False):
        place(cart, shop.express)

    assert placed == []
    assert mail.outbox == []


def test_order_placed_is_sent_once_with_the_order(
    shop, tee, receiver, django_capture_on_commit_callbacks
):
    placed = receiver(signals.order_placed)
    paid = receiver(signals.order_paid)
    cart = cart_with((variant_of(tee, "M"), 1))

    with django_capture_on_commit_callbacks(execute=True):
        order = place(cart, shop.express)

    assert placed == [order]
    assert paid == []


def test_the_same_token_twice_places_one_order(shop, tee, django_capture_on_commit_callbacks):
    m = variant_of(tee, "M")
    cart = cart_with((m, 2))
    token = token_for(cart, shop.express)

    with django_capture_on_commit_callbacks(execute=True):
        first = place(cart, shop.express, token=token)
        second = place(cart, shop.express, token=token)

    assert second.pk == first.pk
    assert second.number == first.number
    assert Order.objects.count() == 1
    assert stock(m) == 3
    assert ProductPage.objects.get(pk=tee.pk).sales_count == 2
    assert len(mail.outbox) == 1


# ---------------------------------------------------------------------------- refusals


@dataclass
class Checkout:
    """A guest cart with two M tees at the review step; tells what a refusal kept."""

    product: ProductPage
    variant: ProductVariant
    cart: Cart

    def assert_nothing_written(self):
        assert Order.objects.count() == 0
        assert OrderEvent.objects.count() == 0
        assert cart_contents(self.cart) == [(self.variant.pk, 2)]
        assert ProductPage.objects.get(pk=self.product.pk).sales_count == 0
        assert mail.outbox == []


@pytest.fixture
def checkout(shop, tee) -> Checkout:
    variant = variant_of(tee, "M")
    return Checkout(product=tee, variant=variant, cart=cart_with((variant, 2)))


def test_more_than_is_in_stock_at_placement_is_refused(shop, checkout):
    token = token_for(checkout.cart, shop.express)
    stock_set(variant=checkout.variant, quantity=1)  # sold elsewhere after the review

    with pytest.raises(CheckoutError, match="Only 1 left in stock"):
        place(checkout.cart, shop.express, token=token)

    checkout.assert_nothing_written()
    assert stock(checkout.variant) == 1


def test_a_product_sold_out_since_the_review_is_refused(shop, checkout):
    token = token_for(checkout.cart, shop.express)
    stock_set(variant=checkout.variant, quantity=0)

    with pytest.raises(CheckoutError, match="Out of stock"):
        place(checkout.cart, shop.express, token=token)

    checkout.assert_nothing_written()
    assert stock(checkout.variant) == 0


def test_an_unpublished_product_is_refused(shop, tee, checkout):
    token = token_for(checkout.cart, shop.express)
    tee.unpublish()

    with pytest.raises(CheckoutError, match="no longer available"):
        place(checkout.cart, shop.express, token=token)

    checkout.assert_nothing_written()
    assert stock(checkout.variant) == 5


def test_an_empty_cart_is_refused(shop, tee):
    cart = Cart.objects.create()
    m = variant_of(tee, "M")

    with pytest.raises(CheckoutError, match="Your cart is empty"):
        place(cart, shop.express)

    assert Order.objects.count() == 0
    assert stock(m) == 5


def test_an_expired_token_is_refused(shop, settings, checkout):
    settings.STOREFRONT_CHECKOUT_TOKEN_MAX_AGE = 60
    with mock.patch("time.time", return_value=time.time() - 61):
        token = token_for(checkout.cart, shop.express)

    with pytest.raises(CheckoutError, match="Your checkout expired"):
        place(checkout.cart, shop.express, token=token)

    checkout.assert_nothing_written()
    assert stock(checkout.variant) == 5


def test_a_token_within_its_max_age_is_accepted(shop, settings, checkout):
    settings.STOREFRONT_CHECKOUT_TOKEN_MAX_AGE = 60
    with mock.patch("time.time", return_value=time.time() - 50):
        token = token_for(checkout.cart, shop.express)

    order = place(checkout.cart, shop.express, token=token)

    assert order.lines.get().quantity == 2


def test_a_token_of_another_cart_is_refused(shop, tee, checkout):
    other_cart = cart_with((variant_of(tee, "XL"), 1))
    foreign_token = token_for(other_cart, shop.express)

    with pytest.raises(CheckoutError, match="belongs to another cart"):
        place(checkout.cart, shop.express, token=foreign_token)

    checkout.assert_nothing_written()
    assert stock(checkout.variant) == 5
    assert cart_contents(other_cart) == [(variant_of(tee, "XL").pk, 1)]


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="sig"),
        pytest.param(lambda token: "x" + token, id="payload"),
        pytest.param(lambda token: "", id="empty"),
        pytest.param(lambda token: "not-a-token", id="garbage"),
    ],
)
def test_a_tampered_token_is_refused(shop, checkout, tamper):
    token = tamper(token_for(checkout.cart, shop.express))

    with pytest.raises(CheckoutError, match="This checkout is not valid"):
        place(checkout.cart, shop.express, token=token)

    checkout.assert_nothing_written()
    assert stock(checkout.variant) == 5


def test_a_price_change_after_the_review_is_refused_with_the_new_total(shop, tee, checkout):
    token = token_for(checkout.cart, shop.express)  # 2 × 20.00 + 12.90
    ProductPage.objects.filter(pk=tee.pk).update(price=Decimal("21.00"))

    with pytest.raises(CheckoutError, match=r"Your order total changed to \$54\.90"):
        place(checkout.cart, shop.express, token=token)

    checkout.assert_nothing_written()
    assert stock(checkout.variant) == 5


def test_a_shipping_price_change_after_the_review_is_refused(shop, checkout):
    token = token_for(checkout.cart, shop.express)
    shop.express.price = Decimal("14.90")
    shop.express.save()

    with pytest.raises(CheckoutError, match="total changed"):
        place(checkout.cart, shop.express, token=token)

    checkout.assert_nothing_written()


def test_an_inactive_shipping_method_is_refused(shop, checkout):
    token = token_for(checkout.cart, shop.express)
    shop.express.active = False
    shop.express.save()

    with pytest.raises(CheckoutError, match="shipping methods offered"):
        place(checkout.cart, shop.express, token=token)

    checkout.assert_nothing_written()
    assert stock(checkout.variant) == 5


def test_an_unknown_shipping_method_is_refused(shop, checkout):
    token = token_for(checkout.cart, shop.express)

    with pytest.raises(CheckoutError, match="shipping methods offered"):
        place(checkout.cart, shop.express, token=token, shipping_method_id=987654)

    checkout.assert_nothing_written()
    assert stock(checkout.variant) == 5


def test_an_unknown_payment_method_is_refused(shop, checkout):
    token = token_for(checkout.cart, shop.express)

    with pytest.raises(CheckoutError, match="payment methods offered"):
        place(checkout.cart, shop.express, token=token, payment_method="bitcoin")

    checkout.assert_nothing_written()
    assert stock(checkout.variant) == 5


def test_a_refused_checkout_can_be_retried_with_a_fresh_review(shop, tee, checkout):
    token = token_for(checkout.cart, shop.express)
    ProductPage.objects.filter(pk=tee.pk).update(price=Decimal("21.00"))
    with pytest.raises(CheckoutError):
        place(checkout.cart, shop.express, token=token)

    order = place(checkout.cart, shop.express)  # a new review, a new token

    assert order.total == Decimal("54.90")
    assert stock(checkout.variant) == 3


# ---------------------------------------------------------------------------- currency


def test_a_zero_decimal_currency_rounds_order_amounts_half_up_to_whole_units(
    settings, shop, product_factory
):
    settings.STOREFRONT_CURRENCY = "IRR"
    settings.STOREFRONT_CURRENCY_DECIMALS = 0
    rug = product_factory(
        title="Rug", price="125000.40", stock=5, variants=[("Small", None), ("Large", "125000.50")]
    )
    cart = cart_with((variant_of(rug, "Small"), 2), (variant_of(rug, "Large"), 1))

    order = place(cart, shop.express)  # 12.90 of shipping rounds to 13

    assert [(line.unit_price, line.line_total) for line in order.lines.order_by("pk")] == [
        (Decimal("125000"), Decimal("250000")),
        (Decimal("125001"), Decimal("125001")),
    ]
    assert order.goods_total == Decimal("375001")
    assert order.shipping_total == Decimal("13")
    assert order.total == Decimal("375014")
    assert order.currency == "IRR"
    order.refresh_from_db()
    assert order.total == Decimal("375014")
