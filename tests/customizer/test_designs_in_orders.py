"""A design goes into the cart and the order; the order keeps it as it was."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from storefront.customizer.models import PreferenceDailyCount, PreferenceEvent
from storefront.customizer.services import design_create
from storefront.orders.models import Cart, OrderLine
from storefront.orders.selectors import cart_summary
from storefront.orders.services import CartError, cart_add, cart_merge
from tests.factories import make_order, make_product


@pytest.fixture
def navy_design(customizable):
    return design_create(
        product=customizable.product,
        choices={"body": {"swatch": customizable.navy.pk}},
        text="AB",
    )


def variant_of(customizable):
    return customizable.product.variants.get()


def test_a_design_in_the_cart_costs_the_product_plus_its_deltas(customizable, navy_design):
    cart = Cart.objects.create()
    cart_add(cart=cart, variant_id=variant_of(customizable).pk, quantity=2, design=navy_design)

    item = cart_summary(cart).items[0]

    assert item.unit_price == Decimal("20.00") + Decimal("2.50") + Decimal("4")
    assert item.line_total == 2 * item.unit_price
    assert item.design.description == [["Body", "Navy"], ["Collar", "White"], ["Monogram", "AB"]]


def test_the_same_variant_with_and_without_a_design_makes_two_lines(customizable, navy_design):
    cart = Cart.objects.create()
    variant = variant_of(customizable)
    cart_add(cart=cart, variant_id=variant.pk, quantity=1)
    cart_add(cart=cart, variant_id=variant.pk, quantity=1, design=navy_design)
    cart_add(cart=cart, variant_id=variant.pk, quantity=1, design=navy_design)

    assert dict(cart.lines.values_list("design_id", "quantity")) == {None: 1, navy_design.pk: 2}


def test_lines_of_one_variant_share_its_stock(customizable, navy_design):
    cart = Cart.objects.create()
    variant = variant_of(customizable)  # 10 in stock
    cart_add(cart=cart, variant_id=variant.pk, quantity=7)

    with pytest.raises(CartError, match="Only 10"):
        cart_add(cart=cart, variant_id=variant.pk, quantity=4, design=navy_design)
    assert cart.lines.count() == 1


def test_a_design_of_another_product_is_refused(customizable, navy_design, shop):
    other = make_product(index=shop.index)

    with pytest.raises(CartError, match="another product"):
        cart_add(
            cart=Cart.objects.create(),
            variant_id=other.variants.get().pk,
            quantity=1,
            design=navy_design,
        )


def test_carting_a_design_records_carted_preferences(customizable, navy_design):
    cart_add(
        cart=Cart.objects.create(),
        variant_id=variant_of(customizable).pk,
        quantity=1,
        design=navy_design,
    )

    carted = PreferenceEvent.objects.filter(kind="carted")
    assert sorted(carted.values_list("zone_key", "swatch_id", "text_used")) == [
        ("", None, True),
        ("body", customizable.navy.pk, False),
        ("collar", customizable.white.pk, False),
    ]
    assert PreferenceDailyCount.objects.get(kind="carted", swatch=customizable.navy).count == 1


def test_merging_carts_keeps_designs_apart(customizable, navy_design, django_user_model):
    variant = variant_of(customizable)
    guest = Cart.objects.create()
    cart_add(cart=guest, variant_id=variant.pk, quantity=1, design=navy_design)
    cart_add(cart=guest, variant_id=variant.pk, quantity=1)
    mine = Cart.objects.create(user=django_user_model.objects.create_user("ada", "a@x.org", "pw"))
    cart_add(cart=mine, variant_id=variant.pk, quantity=2, design=navy_design)

    cart_merge(source=guest, target=mine)

    assert dict(mine.lines.values_list("design_id", "quantity")) == {navy_design.pk: 3, None: 1}


def test_the_order_keeps_the_design_as_it_was_ordered(customizable, navy_design, shop):
    order = make_order(shop=shop, items=[(variant_of(customizable), 1)], design=navy_design)
    line = order.lines.get()

    assert line.unit_price == Decimal("26.50")
    assert line.design_choices == [["Body", "Navy"], ["Collar", "White"], ["Monogram", "AB"]]
    assert line.design_preview.startswith(f"orders/designs/{order.number}/")
    assert default_storage.exists(line.design_preview)
    assert PreferenceEvent.objects.filter(kind="ordered", swatch=customizable.navy).count() == 1

    customizable.navy.name = "Midnight"
    customizable.navy.save()
    customizable.template.delete()

    line = OrderLine.objects.get(pk=line.pk)
    assert line.design is None
    assert line.design_choices == [["Body", "Navy"], ["Collar", "White"], ["Monogram", "AB"]]
    assert default_storage.exists(line.design_preview)
