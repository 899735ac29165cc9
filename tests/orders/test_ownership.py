"""Who may see an order and touch a cart line: the owner, or the holder of the signed link."""

import time
from unittest import mock

import pytest
from django.urls import reverse

from storefront.orders.access import order_access_key
from storefront.orders.models import Cart, Order
from storefront.orders.services import cart_add
from storefront.orders.views import PLACED_SESSION_KEY
from storefront.products.models import ProductVariant
from tests.factories import make_order, make_user

PASSWORD = "pass-1234-word"
GUEST_EMAIL = "guest@example.com"


def order_url(order: Order, key: str | None = None) -> str:
    url = reverse("storefront:order_detail", kwargs={"number": order.number})
    return f"{url}?key={key}" if key is not None else url


def done_url(order: Order) -> str:
    return reverse("storefront:checkout_done", kwargs={"number": order.number})


@pytest.fixture
def variant(product_factory) -> ProductVariant:
    return ProductVariant.objects.get(product=product_factory(title="Blue tee", stock=20))


@pytest.fixture
def ada(db):
    return make_user("ada", password=PASSWORD)


@pytest.fixture
def bob(db):
    return make_user("bob", password=PASSWORD)


@pytest.fixture
def adas_order(shop, variant, ada) -> Order:
    return make_order(shop=shop, items=[(variant, 1)], user=ada)


@pytest.fixture
def guest_order(shop, variant) -> Order:
    return make_order(shop=shop, items=[(variant, 1)], email=GUEST_EMAIL)


# ---------------------------------------------------------------------------- order page


def test_the_customer_sees_their_order(client, ada, adas_order):
    client.force_login(ada)

    response = client.get(order_url(adas_order))

    assert response.status_code == 200
    assert response.context["order"] == adas_order


def test_the_customer_sees_their_thank_you_page(client, ada, adas_order):
    client.force_login(ada)

    response = client.get(done_url(adas_order))

    assert response.status_code == 200
    assert response.context["order"] == adas_order


def test_another_customer_gets_not_found(client, bob, adas_order):
    client.force_login(bob)

    assert client.get(order_url(adas_order)).status_code == 404
    assert client.get(done_url(adas_order)).status_code == 404


def test_an_anonymous_visitor_without_a_key_gets_not_found(client, adas_order, guest_order):
    for order in (adas_order, guest_order):
        assert client.get(order_url(order)).status_code == 404
        assert client.get(done_url(order)).status_code == 404


def test_an_unknown_order_number_gets_not_found(client, ada, adas_order):
    client.force_login(ada)

    assert client.get(reverse("storefront:order_detail", args=["2501-NOPE00"])).status_code == 404


def test_a_guest_with_the_signed_link_sees_the_order(client, guest_order):
    response = client.get(order_url(guest_order, order_access_key(guest_order)))

    assert response.status_code == 200
    assert response.context["order"] == guest_order


def test_the_signed_link_also_opens_a_customers_order(client, adas_order):
    response = client.get(order_url(adas_order, order_access_key(adas_order)))

    assert response.status_code == 200
    assert response.context["order"] == adas_order


def test_the_key_of_another_order_gets_not_found(client, shop, variant, guest_order):
    other = make_order(shop=shop, items=[(variant, 1)], email=GUEST_EMAIL)

    response = client.get(order_url(guest_order, order_access_key(other)))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"), id="signature"),
        pytest.param(lambda key: "0" + key, id="timestamp"),
        pytest.param(lambda key: key.split(":")[1], id="signature-only"),
        pytest.param(lambda key: "", id="empty"),
        pytest.param(lambda key: "nonsense", id="nonsense"),
    ],
)
def test_a_tampered_key_gets_not_found(client, guest_order, tamper):
    key = tamper(order_access_key(guest_order))

    assert client.get(order_url(guest_order, key)).status_code == 404


def test_an_expired_key_gets_not_found(client, settings, guest_order):
    settings.STOREFRONT_ORDER_LINK_MAX_AGE = 60
    with mock.patch("time.time", return_value=time.time() - 61):
        old_key = order_access_key(guest_order)

    assert client.get(order_url(guest_order, old_key)).status_code == 404


def test_a_key_within_its_max_age_opens_the_order(client, settings, guest_order):
    settings.STOREFRONT_ORDER_LINK_MAX_AGE = 60
    with mock.patch("time.time", return_value=time.time() - 50):
        recent_key = order_access_key(guest_order)

    assert client.get(order_url(guest_order, recent_key)).status_code == 200


def test_the_guest_who_just_placed_the_order_sees_it_in_the_same_session(client, guest_order):
    session = client.session
    session[PLACED_SESSION_KEY] = [guest_order.number]
    session.save()

    assert client.get(done_url(guest_order)).status_code == 200
    assert client.get(order_url(guest_order)).status_code == 200


def test_a_session_that_placed_an_order_does_not_open_a_customers_order(client, adas_order):
    session = client.session
    session[PLACED_SESSION_KEY] = [adas_order.number]
    session.save()

    assert client.get(done_url(adas_order)).status_code == 404


# ---------------------------------------------------------------------------- my orders


def test_my_orders_lists_only_the_customers_own_orders(client, shop, variant, ada, bob):
    mine = [make_order(shop=shop, items=[(variant, 1)], user=ada) for _ in range(2)]
    make_order(shop=shop, items=[(variant, 1)], user=bob)
    make_order(shop=shop, items=[(variant, 1)], email=GUEST_EMAIL)
    client.force_login(ada)

    response = client.get(reverse("storefront:my_orders"))

    assert response.status_code == 200
    assert {order.number for order in response.context["orders"]} == {o.number for o in mine}


def test_my_orders_asks_an_anonymous_visitor_to_log_in(client, adas_order):
    url = reverse("storefront:my_orders")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('storefront:login')}?next={url}"


# ---------------------------------------------------------------------------- cart lines


@pytest.fixture
def bobs_line(bob, variant):
    cart = Cart.objects.create(user=bob)
    return cart_add(cart=cart, variant_id=variant.pk, quantity=2)


def bobs_cart(bob) -> dict[int, int]:
    return dict(Cart.objects.get(user=bob).lines.values_list("pk", "quantity"))


@pytest.fixture
def adas_cart(ada, variant):
    cart = Cart.objects.create(user=ada)
    cart_add(cart=cart, variant_id=variant.pk, quantity=1)
    return cart


def test_updating_another_carts_line_leaves_it_alone(client, ada, adas_cart, bob, bobs_line):
    client.force_login(ada)

    response = client.post(
        reverse("storefront:cart_line_update", args=[bobs_line.pk]), {"quantity": 7}
    )

    assert response.status_code == 302
    assert bobs_cart(bob) == {bobs_line.pk: 2}
    assert list(adas_cart.lines.values_list("quantity", flat=True)) == [1]


def test_removing_another_carts_line_leaves_it_alone(client, ada, adas_cart, bob, bobs_line):
    client.force_login(ada)

    response = client.post(reverse("storefront:cart_line_remove", args=[bobs_line.pk]))

    assert response.status_code == 302
    assert bobs_cart(bob) == {bobs_line.pk: 2}
    assert adas_cart.lines.count() == 1


def test_a_visitor_without_a_cart_cannot_touch_another_carts_line(client, bob, bobs_line):
    client.post(reverse("storefront:cart_line_update", args=[bobs_line.pk]), {"quantity": 7})
    client.post(reverse("storefront:cart_line_remove", args=[bobs_line.pk]))

    assert bobs_cart(bob) == {bobs_line.pk: 2}


def test_a_guest_cannot_touch_a_line_of_another_guests_cart(client, variant):
    others = Cart.objects.create()
    line = cart_add(cart=others, variant_id=variant.pk, quantity=2)
    client.post(reverse("storefront:cart_add"), {"variant": variant.pk, "quantity": 1})
    assert Cart.objects.filter(user__isnull=True).exclude(pk=others.pk).count() == 1

    client.post(reverse("storefront:cart_line_update", args=[line.pk]), {"quantity": 7})
    client.post(reverse("storefront:cart_line_remove", args=[line.pk]))

    assert dict(others.lines.values_list("pk", "quantity")) == {line.pk: 2}


def test_the_owner_can_update_and_remove_their_own_line(client, ada, adas_cart):
    line = adas_cart.lines.get()
    client.force_login(ada)

    client.post(reverse("storefront:cart_line_update", args=[line.pk]), {"quantity": 3})
    assert adas_cart.lines.get().quantity == 3

    client.post(reverse("storefront:cart_line_remove", args=[line.pk]))
    assert adas_cart.lines.count() == 0
