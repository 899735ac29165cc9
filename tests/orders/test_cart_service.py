"""Changing a cart through the services: what adds up, what is refused, whose line it is."""

import pytest

from storefront.orders.models import Cart
from storefront.orders.services import (
    CartError,
    CartLineNotFound,
    cart_add,
    cart_line_remove,
    cart_line_update,
    cart_merge,
)
from storefront.products.models import ProductPage, ProductVariant
from tests.factories import make_user

BAD_QUANTITIES = [
    pytest.param(0, id="zero"),
    pytest.param(-1, id="negative"),
    pytest.param("2", id="string"),
    pytest.param(2.0, id="float"),
    pytest.param(None, id="none"),
    pytest.param(True, id="bool"),
    pytest.param(100, id="over-the-limit"),
]


def variant_of(product: ProductPage, name: str = "M") -> ProductVariant:
    return ProductVariant.objects.get(product=product, name=name)


def contents(cart: Cart) -> dict[int, int]:
    """The cart as {variant id: quantity}, read back from the database."""
    return dict(cart.lines.values_list("variant_id", "quantity"))


@pytest.fixture
def tee(product_factory):
    return product_factory(title="Blue tee", stock=[5, 3], variants=[("M", None), ("XL", None)])


@pytest.fixture
def plenty(product_factory):
    """A product with more in stock than one line may hold."""
    return product_factory(title="Socks", stock=500)


@pytest.fixture
def cart(db):
    return Cart.objects.create()


# ---------------------------------------------------------------------------- cart_add


def test_adding_a_variant_puts_it_in_the_cart(cart, tee):
    line = cart_add(cart=cart, variant_id=variant_of(tee).pk, quantity=2)

    assert line.cart == cart
    assert contents(cart) == {variant_of(tee).pk: 2}


def test_adding_the_same_variant_twice_adds_up_on_one_line(cart, tee):
    m = variant_of(tee)
    cart_add(cart=cart, variant_id=m.pk, quantity=2)
    cart_add(cart=cart, variant_id=m.pk, quantity=3)

    assert contents(cart) == {m.pk: 5}
    assert cart.lines.count() == 1


def test_different_variants_get_their_own_lines(cart, tee):
    cart_add(cart=cart, variant_id=variant_of(tee, "M").pk, quantity=1)
    cart_add(cart=cart, variant_id=variant_of(tee, "XL").pk, quantity=2)

    assert contents(cart) == {variant_of(tee, "M").pk: 1, variant_of(tee, "XL").pk: 2}


@pytest.mark.parametrize("quantity", BAD_QUANTITIES)
def test_a_bad_quantity_is_refused(cart, tee, quantity):
    with pytest.raises(CartError):
        cart_add(cart=cart, variant_id=variant_of(tee).pk, quantity=quantity)

    assert contents(cart) == {}


@pytest.mark.parametrize("quantity", BAD_QUANTITIES)
def test_a_bad_quantity_leaves_an_existing_line_alone(cart, plenty, quantity):
    cart_add(cart=cart, variant_id=variant_of(plenty).pk, quantity=1)

    with pytest.raises(CartError):
        cart_add(cart=cart, variant_id=variant_of(plenty).pk, quantity=quantity)

    assert contents(cart) == {variant_of(plenty).pk: 1}


def test_the_line_limit_applies_to_the_added_up_quantity(settings, cart, plenty):
    settings.STOREFRONT_MAX_LINE_QUANTITY = 99
    socks = variant_of(plenty)
    cart_add(cart=cart, variant_id=socks.pk, quantity=60)

    with pytest.raises(CartError, match="at most 99"):
        cart_add(cart=cart, variant_id=socks.pk, quantity=40)

    assert contents(cart) == {socks.pk: 60}


def test_the_line_limit_is_a_setting(settings, cart, plenty):
    settings.STOREFRONT_MAX_LINE_QUANTITY = 3

    with pytest.raises(CartError, match="at most 3"):
        cart_add(cart=cart, variant_id=variant_of(plenty).pk, quantity=4)

    assert contents(cart) == {}


def test_more_than_the_stock_is_refused(cart, tee):
    with pytest.raises(CartError, match=r"Only 5 of .* left in stock"):
        cart_add(cart=cart, variant_id=variant_of(tee).pk, quantity=6)

    assert contents(cart) == {}


def test_adding_up_past_the_stock_is_refused(cart, tee):
    xl = variant_of(tee, "XL")
    cart_add(cart=cart, variant_id=xl.pk, quantity=2)

    with pytest.raises(CartError, match=r"Only 3 of .* left in stock"):
        cart_add(cart=cart, variant_id=xl.pk, quantity=2)

    assert contents(cart) == {xl.pk: 2}


def test_a_sold_out_variant_is_refused(cart, product_factory):
    sold_out = product_factory(title="Cap", stock=0)

    with pytest.raises(CartError, match="out of stock"):
        cart_add(cart=cart, variant_id=variant_of(sold_out).pk, quantity=1)

    assert contents(cart) == {}


@pytest.mark.parametrize(
    "variant_id",
    [
        pytest.param(987654, id="unknown"),
        pytest.param(None, id="none"),
        pytest.param("1", id="string"),
        pytest.param(True, id="bool"),
    ],
)
def test_an_unknown_variant_is_refused(cart, tee, variant_id):
    with pytest.raises(CartError, match="not available"):
        cart_add(cart=cart, variant_id=variant_id, quantity=1)

    assert contents(cart) == {}


def test_a_variant_of_an_unpublished_product_is_refused(cart, tee):
    tee.unpublish()

    with pytest.raises(CartError, match="not available"):
        cart_add(cart=cart, variant_id=variant_of(tee).pk, quantity=1)

    assert contents(cart) == {}


def test_a_variant_of_a_draft_product_is_refused(cart, product_factory):
    draft = product_factory(title="Draft", live=False)

    with pytest.raises(CartError, match="not available"):
        cart_add(cart=cart, variant_id=variant_of(draft).pk, quantity=1)

    assert contents(cart) == {}


def test_a_full_cart_takes_no_new_line_but_more_of_what_it_holds(settings, cart, tee):
    settings.STOREFRONT_MAX_CART_LINES = 1
    m, xl = variant_of(tee, "M"), variant_of(tee, "XL")
    cart_add(cart=cart, variant_id=m.pk, quantity=1)

    with pytest.raises(CartError, match="Your cart is full"):
        cart_add(cart=cart, variant_id=xl.pk, quantity=1)
    cart_add(cart=cart, variant_id=m.pk, quantity=1)

    assert contents(cart) == {m.pk: 2}


# ---------------------------------------------------------------------------- lines


@pytest.fixture
def line(cart, tee):
    return cart_add(cart=cart, variant_id=variant_of(tee).pk, quantity=2)


@pytest.fixture
def other_cart(tee):
    """Somebody else's cart with one XL tee."""
    other = Cart.objects.create(user=make_user("someone-else"))
    cart_add(cart=other, variant_id=variant_of(tee, "XL").pk, quantity=1)
    return other


def test_updating_a_line_sets_its_quantity(cart, tee, line):
    cart_line_update(cart=cart, line_id=line.pk, quantity=4)

    assert contents(cart) == {variant_of(tee).pk: 4}


@pytest.mark.parametrize("quantity", BAD_QUANTITIES)
def test_updating_a_line_to_a_bad_quantity_is_refused(cart, tee, line, quantity):
    with pytest.raises(CartError):
        cart_line_update(cart=cart, line_id=line.pk, quantity=quantity)

    assert contents(cart) == {variant_of(tee).pk: 2}


def test_updating_a_line_past_the_stock_is_refused(cart, tee, line):
    with pytest.raises(CartError, match=r"Only 5 of .* left in stock"):
        cart_line_update(cart=cart, line_id=line.pk, quantity=6)

    assert contents(cart) == {variant_of(tee).pk: 2}


def test_updating_a_line_of_another_cart_is_not_found(cart, tee, line, other_cart):
    foreign = other_cart.lines.get()

    with pytest.raises(CartLineNotFound):
        cart_line_update(cart=cart, line_id=foreign.pk, quantity=3)

    assert contents(other_cart) == {variant_of(tee, "XL").pk: 1}
    assert contents(cart) == {variant_of(tee).pk: 2}


@pytest.mark.parametrize(
    "line_id", [987654, None, "1", True], ids=["unknown", "none", "string", "bool"]
)
def test_updating_an_unknown_line_is_not_found(cart, tee, line, line_id):
    with pytest.raises(CartLineNotFound):
        cart_line_update(cart=cart, line_id=line_id, quantity=1)

    assert contents(cart) == {variant_of(tee).pk: 2}


def test_removing_a_line_takes_it_out_of_the_cart(cart, line):
    cart_line_remove(cart=cart, line_id=line.pk)

    assert contents(cart) == {}


def test_removing_a_line_of_another_cart_is_not_found(cart, tee, line, other_cart):
    foreign = other_cart.lines.get()

    with pytest.raises(CartLineNotFound):
        cart_line_remove(cart=cart, line_id=foreign.pk)

    assert contents(other_cart) == {variant_of(tee, "XL").pk: 1}
    assert contents(cart) == {variant_of(tee).pk: 2}


def test_removing_a_line_twice_is_not_found_the_second_time(cart, line):
    cart_line_remove(cart=cart, line_id=line.pk)

    with pytest.raises(CartLineNotFound):
        cart_line_remove(cart=cart, line_id=line.pk)


# ---------------------------------------------------------------------------- merge


@pytest.fixture
def user_cart(db):
    return Cart.objects.create(user=make_user("ada"))


def test_merging_adds_the_guest_quantities_and_deletes_the_guest_cart(cart, user_cart, tee, plenty):
    m, xl, socks = variant_of(tee, "M"), variant_of(tee, "XL"), variant_of(plenty)
    cart_add(cart=cart, variant_id=m.pk, quantity=2)
    cart_add(cart=cart, variant_id=socks.pk, quantity=4)
    cart_add(cart=user_cart, variant_id=m.pk, quantity=1)
    cart_add(cart=user_cart, variant_id=xl.pk, quantity=1)

    merged = cart_merge(source=cart, target=user_cart)

    assert merged == user_cart
    assert contents(user_cart) == {m.pk: 3, xl.pk: 1, socks.pk: 4}
    assert not Cart.objects.filter(pk=cart.pk).exists()


def test_merging_caps_a_line_at_the_quantity_limit(settings, cart, user_cart, plenty):
    settings.STOREFRONT_MAX_LINE_QUANTITY = 99
    socks = variant_of(plenty)
    cart_add(cart=cart, variant_id=socks.pk, quantity=60)
    cart_add(cart=user_cart, variant_id=socks.pk, quantity=50)

    cart_merge(source=cart, target=user_cart)

    assert contents(user_cart) == {socks.pk: 99}


def test_merging_a_cart_into_itself_keeps_it(cart, tee):
    cart_add(cart=cart, variant_id=variant_of(tee).pk, quantity=2)

    cart_merge(source=cart, target=cart)

    assert contents(cart) == {variant_of(tee).pk: 2}
