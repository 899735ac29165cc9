"""The cart and checkout as a shopper uses them in the browser: add, change, check out."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from storefront.orders.models import Cart, CartLine, Order, OrderLine, OrderStatus
from storefront.orders.services import cart_add, order_transition
from storefront.orders.views import CHECKOUT_SESSION_KEY
from storefront.products.models import StockRecord
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CART_URL = reverse("storefront:cart")
CHECKOUT_URL = reverse("storefront:checkout")
REVIEW_URL = reverse("storefront:checkout_review")

ADDRESS = {
    "email": "ada@example.com",
    "full_name": "Ada Lovelace",
    "phone": "",
    "address_line1": "12 Analytical Street",
    "address_line2": "",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
    "payment_method": "pay_on_delivery",
}


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def shown_messages(response) -> list[str]:
    return [item.get_text(strip=True) for item in page(response).select(".messages li")]


def totals(response) -> dict[str, str]:
    """The order summary's totals as the shopper reads them, e.g. {"Total": "$54.90"}."""
    box = page(response).select_one("dl.totals")
    return {
        dt.get_text(" ", strip=True): dd.get_text(" ", strip=True)
        for dt, dd in zip(box.find_all("dt"), box.find_all("dd"), strict=True)
    }


def add_to_cart(client, variant, quantity=1, **extra):
    data = {"variant": variant if isinstance(variant, str) else variant.pk, "quantity": quantity}
    return client.post(reverse("storefront:cart_add"), data, **extra)


def put_in_cart(client, variant, quantity=1):
    """Setup: add to the cart and look at the cart, as a shopper would (reads the message)."""
    response = add_to_cart(client, variant, quantity, follow=True)
    assert response.status_code == 200
    return response


def cart_quantities(client) -> dict[str, int]:
    """What the client's cart holds, by variant SKU, read from the database."""
    cart_id = client.session.get("storefront_cart_id")
    lines = CartLine.objects.filter(cart_id=cart_id).select_related("variant")
    return {line.variant.sku: line.quantity for line in lines}


def fill_details(client, shipping_method, **overrides):
    return client.post(
        CHECKOUT_URL, {**ADDRESS, "shipping_method": shipping_method.pk, **overrides}
    )


def review_form(response):
    return page(response).find("input", attrs={"name": "checkout_token"}).find_parent("form")


def review_token(response) -> str:
    return review_form(response).find("input", attrs={"name": "checkout_token"})["value"]


@pytest.fixture
def tee(product_factory):
    """A 25.00 tee: M has 5 in stock, L is sold out."""
    return product_factory(
        title="Blue tee", price="25.00", variants=[("M", None), ("L", None)], stock=[5, 0]
    )


@pytest.fixture
def medium(tee):
    return tee.variants.get(name="M")


@pytest.fixture
def large(tee):
    return tee.variants.get(name="L")


@pytest.fixture
def mug(product_factory):
    return product_factory(title="Mug", price="10.00", stock=20).variants.get()


# ---------------------------------------------------------------------------- adding


def test_adding_to_the_cart_redirects_to_the_cart_with_the_line(client, medium):
    response = add_to_cart(client, medium, quantity=2)

    assert response.status_code == 302
    assert response["Location"] == CART_URL
    assert cart_quantities(client) == {medium.sku: 2}


def test_adding_to_the_cart_confirms_it(client, medium):
    response = add_to_cart(client, medium, quantity=2, follow=True)

    assert shown_messages(response) == ["Blue tee – M is in your cart."]


def test_adding_the_same_variant_again_adds_up(client, medium):
    put_in_cart(client, medium, quantity=2)

    add_to_cart(client, medium, quantity=1)

    assert cart_quantities(client) == {medium.sku: 3}


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("-3", "Ensure this value is greater than or equal to 1."),
        ("1000", "Ensure this value is less than or equal to 99."),
        ("abc", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_adding_a_bad_quantity_shows_why_and_changes_nothing(client, medium, quantity, message):
    put_in_cart(client, medium, quantity=1)

    response = add_to_cart(client, medium, quantity=quantity, follow=True)

    assert response.status_code == 200
    assert shown_messages(response) == [message]
    assert cart_quantities(client) == {medium.sku: 1}


def test_adding_an_unknown_variant_shows_why(client, shop):
    response = add_to_cart(client, "999999", follow=True)

    assert shown_messages(response) == [
        "This product is not available. Please choose another option."
    ]
    assert CartLine.objects.count() == 0


def test_adding_a_sold_out_variant_shows_why(client, large):
    response = add_to_cart(client, large, follow=True)

    assert shown_messages(response) == ["Blue tee – L is out of stock."]
    assert CartLine.objects.count() == 0


def test_adding_beyond_stock_shows_how_many_are_left(client, medium):
    put_in_cart(client, medium, quantity=4)

    response = add_to_cart(client, medium, quantity=2, follow=True)

    assert shown_messages(response) == ["Only 5 of Blue tee – M left in stock."]
    assert cart_quantities(client) == {medium.sku: 4}


def test_a_refused_add_goes_back_to_the_product_page(client, tee, large):
    response = client.post(
        reverse("storefront:cart_add"), {"variant": large.pk, "quantity": 1, "next": tee.url}
    )

    assert response["Location"] == tee.url


def test_a_refused_add_never_redirects_off_site(client, large):
    response = client.post(
        reverse("storefront:cart_add"),
        {"variant": large.pk, "quantity": 1, "next": "//evil.example/"},
    )

    assert response["Location"] == CART_URL


def test_adding_needs_a_post(client, medium):
    response = client.get(reverse("storefront:cart_add"), {"variant": medium.pk, "quantity": 1})

    assert response.status_code == 405
    assert CartLine.objects.count() == 0


# ---------------------------------------------------------------------------- changing


def only_line(client) -> CartLine:
    return CartLine.objects.get(cart_id=client.session["storefront_cart_id"])


def test_updating_a_line_sets_its_quantity(client, medium):
    put_in_cart(client, medium, quantity=1)

    response = client.post(
        reverse("storefront:cart_line_update", args=[only_line(client).pk]), {"quantity": 3}
    )

    assert response["Location"] == CART_URL
    assert cart_quantities(client) == {medium.sku: 3}


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("abc", "Enter a whole number."),
        ("6", "Only 5 of Blue tee – M left in stock."),
    ],
)
def test_updating_to_a_bad_quantity_shows_why(client, medium, quantity, message):
    put_in_cart(client, medium, quantity=2)

    response = client.post(
        reverse("storefront:cart_line_update", args=[only_line(client).pk]),
        {"quantity": quantity},
        follow=True,
    )

    assert shown_messages(response) == [message]
    assert cart_quantities(client) == {medium.sku: 2}


def test_removing_a_line(client, medium, mug):
    put_in_cart(client, medium)
    put_in_cart(client, mug)
    line = CartLine.objects.get(variant=medium)

    response = client.post(reverse("storefront:cart_line_remove", args=[line.pk]))

    assert response["Location"] == CART_URL
    assert cart_quantities(client) == {mug.sku: 1}


def test_a_line_of_another_cart_cannot_be_changed_or_removed(client, medium, mug):
    other = Client()
    put_in_cart(other, medium, quantity=2)
    foreign = only_line(other)
    put_in_cart(client, mug)

    updated = client.post(
        reverse("storefront:cart_line_update", args=[foreign.pk]), {"quantity": 5}, follow=True
    )
    removed = client.post(reverse("storefront:cart_line_remove", args=[foreign.pk]), follow=True)

    assert shown_messages(updated) == ["That item is not in your cart."]
    assert shown_messages(removed) == ["That item is not in your cart."]
    assert cart_quantities(other) == {medium.sku: 2}


# ---------------------------------------------------------------------------- cart page


def test_the_cart_page_shows_lines_and_totals(client, medium, mug):
    put_in_cart(client, medium, quantity=2)
    put_in_cart(client, mug, quantity=1)

    response = client.get(CART_URL)

    soup = page(response)
    lines = soup.select(".cart-line")
    assert [line.h2.get_text(strip=True) for line in lines] == ["Blue tee", "Mug"]
    # Each line total is named for screen readers ("Line total", visually hidden).
    assert [line.select_one(".price").get_text(" ", strip=True) for line in lines] == [
        "Line total $50.00",
        "Line total $10.00",
    ]
    assert totals(response) == {
        "3 items": "$60.00",
        "Shipping": "Chosen at checkout",
        "Subtotal": "$60.00",
    }


def test_the_cart_page_of_a_new_visitor_is_empty(client, shop):
    response = client.get(CART_URL)

    assert response.status_code == 200
    assert "Your cart is empty." in page(response).get_text()


def test_the_cart_page_flags_a_line_that_is_no_longer_in_stock(client, medium):
    put_in_cart(client, medium, quantity=4)
    StockRecord.objects.filter(variant=medium).update(quantity=1)

    response = client.get(CART_URL)

    assert page(response).select_one(".cart-line .problem").get_text(strip=True) == (
        "Only 1 left in stock."
    )


# ---------------------------------------------------------------------------- checkout


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(client, shop):
    response = client.get(CHECKOUT_URL)

    assert response["Location"] == CART_URL


def test_checkout_details_ask_for_missing_address_fields(client, shop, medium):
    put_in_cart(client, medium)

    response = client.post(
        CHECKOUT_URL,
        {"email": "ada@example.com", "shipping_method": shop.standard.pk},
    )

    assert response.status_code == 200
    errors = {
        name: [li.get_text(strip=True) for li in page(response).select(f"#id_{name}_error li")]
        for name in ("full_name", "address_line1", "postal_code", "city")
    }
    assert errors == {
        "full_name": ["This field is required."],
        "address_line1": ["This field is required."],
        "postal_code": ["This field is required."],
        "city": ["This field is required."],
    }
    assert CHECKOUT_SESSION_KEY not in client.session


def test_checkout_details_refuse_an_invalid_email(client, shop, medium):
    put_in_cart(client, medium)

    response = fill_details(client, shop.standard, email="not-an-address")

    assert response.status_code == 200
    # The error list has the id Django's widget points aria-describedby at.
    assert "id_email_error" in page(response).select_one("#id_email")["aria-describedby"]
    assert page(response).select_one("#id_email_error").get_text(strip=True) == (
        "Enter a valid email address."
    )
    assert CHECKOUT_SESSION_KEY not in client.session


def test_checkout_review_without_details_asks_for_them(client, medium):
    put_in_cart(client, medium)

    response = client.get(REVIEW_URL)

    assert response["Location"] == CHECKOUT_URL


def test_review_adds_shipping_below_the_free_shipping_threshold(client, shop, medium):
    put_in_cart(client, medium, quantity=2)  # 50.00, free shipping starts at 60.00

    fill_details(client, shop.standard)
    response = client.get(REVIEW_URL)

    assert response.status_code == 200
    assert totals(response) == {
        "Goods": "$50.00",
        "Shipping (Standard)": "$4.90",
        "Total": "$54.90",
    }
    place_button = review_form(response).button
    assert place_button.get_text(" ", strip=True) == "Place order · $54.90"


def test_review_ships_free_from_the_free_shipping_threshold(client, shop, medium, mug):
    put_in_cart(client, medium, quantity=2)
    put_in_cart(client, mug, quantity=1)  # 60.00 exactly

    fill_details(client, shop.standard)
    response = client.get(REVIEW_URL)

    assert totals(response) == {
        "Goods": "$60.00",
        "Shipping (Standard)": "Free",
        "Total": "$60.00",
    }


def test_review_charges_the_chosen_shipping_method(client, shop, medium, mug):
    put_in_cart(client, medium, quantity=2)
    put_in_cart(client, mug, quantity=1)  # express has no free-shipping threshold

    fill_details(client, shop.express)
    response = client.get(REVIEW_URL)

    assert totals(response)["Total"] == "$72.90"


def test_guest_checkout_end_to_end(client, shop, medium, django_capture_on_commit_callbacks):
    put_in_cart(client, medium, quantity=2)

    details = fill_details(client, shop.standard)
    assert details["Location"] == REVIEW_URL
    review = client.get(REVIEW_URL)
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(REVIEW_URL, {"checkout_token": review_token(review)})

    order = Order.objects.get()
    assert placed["Location"] == reverse("storefront:checkout_done", args=[order.number])
    assert order.user is None
    assert order.email == "ada@example.com"
    assert order.status == OrderStatus.PLACED
    assert (order.goods_total, order.shipping_total, order.total) == (
        Decimal("50.00"),
        Decimal("4.90"),
        Decimal("54.90"),
    )
    assert [(line.sku, line.quantity, line.line_total) for line in order.lines.all()] == [
        (medium.sku, 2, Decimal("50.00"))
    ]
    assert StockRecord.objects.get(variant=medium).quantity == 3
    assert cart_quantities(client) == {}

    thanks = client.get(placed["Location"])
    assert thanks.status_code == 200
    assert order.number in page(thanks).h1.get_text()


def test_guest_checkout_emails_a_signed_link_to_the_order(
    client, shop, medium, django_capture_on_commit_callbacks
):
    put_in_cart(client, medium, quantity=2)
    fill_details(client, shop.standard)
    review = client.get(REVIEW_URL)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(REVIEW_URL, {"checkout_token": review_token(review)})

    order = Order.objects.get()
    [email] = mail.outbox
    assert email.to == ["ada@example.com"]
    assert order.number in email.subject
    assert "$54.90" in email.body
    link = next(word for word in email.body.split() if "?key=" in word)
    assert link.startswith(f"http://localhost/orders/{order.number}/?key=")
    stranger = Client()
    assert stranger.get(link.removeprefix("http://localhost")).status_code == 200
    assert stranger.get(f"/orders/{order.number}/").status_code == 404
    assert stranger.get(f"/orders/{order.number}/?key=forged").status_code == 404


def test_the_thanks_page_and_email_show_the_shipping_address(
    client, shop, medium, django_capture_on_commit_callbacks
):
    put_in_cart(client, medium)
    fill_details(client, shop.standard)
    review = client.get(REVIEW_URL)

    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(REVIEW_URL, {"checkout_token": review_token(review)}, follow=True)

    address = ["Ada Lovelace", "12 Analytical Street", "10115 Berlin", "DE"]
    assert page(placed).find("address").get_text().splitlines() == address
    [email] = mail.outbox
    assert "Ship to:\n" + "\n".join(address) + "\n" in email.body


def place_with_token(client, token):
    return client.post(REVIEW_URL, {"checkout_token": token}, follow=True)


@pytest.fixture
def ready_to_place(client, shop, medium):
    """A guest on the review step with 2 tees in the cart."""
    put_in_cart(client, medium, quantity=2)
    fill_details(client, shop.standard)
    return client


def test_a_database_failure_while_placing_keeps_nothing_and_offers_the_same_checkout_again(
    ready_to_place, medium, monkeypatch
):
    token = review_token(ready_to_place.get(REVIEW_URL))
    stock = StockRecord.objects.get(variant=medium).quantity

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    # The order row is written, then the database goes away while its lines are written.
    with monkeypatch.context() as patched:
        patched.setattr(OrderLine.objects, "bulk_create", connection_lost)
        response = ready_to_place.post(REVIEW_URL, {"checkout_token": token})

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert page(response).h1.get_text(strip=True) == "Your order was not placed"
    assert (Order.objects.count(), StockRecord.objects.get(variant=medium).quantity) == (0, stock)
    assert cart_quantities(ready_to_place) == {medium.sku: 2}
    retry = page(response).find("form")
    assert retry["action"] == REVIEW_URL
    fields = {field["name"]: field["value"] for field in retry.find_all("input")}
    assert fields["checkout_token"] == token

    placed = ready_to_place.post(retry["action"], fields, follow=True)
    placed_again = ready_to_place.post(retry["action"], fields, follow=True)

    order = Order.objects.get()
    assert placed.redirect_chain[-1][0] == placed_again.redirect_chain[-1][0]
    assert order.number in placed.redirect_chain[-1][0]
    assert StockRecord.objects.get(variant=medium).quantity == stock - 2


def test_a_tampered_checkout_token_places_no_order(ready_to_place, medium):
    token = review_token(ready_to_place.get(REVIEW_URL))

    response = place_with_token(ready_to_place, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))

    assert shown_messages(response) == [
        "This checkout is not valid. Please review your order again."
    ]
    assert Order.objects.count() == 0
    assert cart_quantities(ready_to_place) == {medium.sku: 2}


def test_a_missing_checkout_token_places_no_order(ready_to_place):
    response = place_with_token(ready_to_place, "")

    assert shown_messages(response) == [
        "This checkout is not valid. Please review your order again."
    ]
    assert Order.objects.count() == 0


def test_a_checkout_token_of_another_cart_places_no_order(ready_to_place, shop, mug, medium):
    other = Client()
    put_in_cart(other, mug)
    fill_details(other, shop.standard)
    foreign_token = review_token(other.get(REVIEW_URL))

    response = place_with_token(ready_to_place, foreign_token)

    assert shown_messages(response) == ["This checkout belongs to another cart."]
    assert Order.objects.count() == 0
    assert cart_quantities(ready_to_place) == {medium.sku: 2}


def test_an_expired_checkout_token_places_no_order(ready_to_place, medium, monkeypatch):
    two_hours_ago = signing.b62_encode(int(signing.time.time()) - 2 * 60 * 60)
    with monkeypatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: two_hours_ago)
        token = review_token(ready_to_place.get(REVIEW_URL))

    response = place_with_token(ready_to_place, token)

    assert shown_messages(response) == ["Your checkout expired. Please review your order again."]
    assert Order.objects.count() == 0
    assert cart_quantities(ready_to_place) == {medium.sku: 2}


def test_a_token_for_a_total_that_changed_places_no_order(ready_to_place, tee):
    token = review_token(ready_to_place.get(REVIEW_URL))
    tee.price = Decimal("27.00")
    tee.save_revision().publish()

    response = place_with_token(ready_to_place, token)

    assert shown_messages(response) == [
        "Your order total changed to $58.90. Please review your order again."
    ]
    assert Order.objects.count() == 0


def test_submitting_the_same_checkout_twice_places_one_order(ready_to_place, medium):
    token = review_token(ready_to_place.get(REVIEW_URL))

    first = ready_to_place.post(REVIEW_URL, {"checkout_token": token})
    second = ready_to_place.post(REVIEW_URL, {"checkout_token": token})

    order = Order.objects.get()
    assert first["Location"] == second["Location"]
    assert first["Location"] == reverse("storefront:checkout_done", args=[order.number])
    assert StockRecord.objects.get(variant=medium).quantity == 3


# ---------------------------------------------------------------------------- customers


@pytest.fixture
def customer(shop):
    return make_user("ada", first_name="Ada", last_name="Lovelace")


def test_a_logged_in_checkout_belongs_to_the_customer(
    client, shop, customer, medium, django_capture_on_commit_callbacks
):
    client.force_login(customer)
    put_in_cart(client, medium, quantity=1)
    fill_details(client, shop.standard, email=customer.email)
    review = client.get(REVIEW_URL)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(REVIEW_URL, {"checkout_token": review_token(review)})

    order = Order.objects.get()
    assert order.user == customer
    assert Cart.objects.get(user=customer).lines.count() == 0
    assert client.get(reverse("storefront:order_detail", args=[order.number])).status_code == 200


def test_checkout_details_start_from_the_customers_name_and_email(client, customer, medium):
    client.force_login(customer)
    put_in_cart(client, medium)

    response = client.get(CHECKOUT_URL)

    soup = page(response)
    assert soup.find("input", attrs={"name": "email"})["value"] == "ada@example.com"
    assert soup.find("input", attrs={"name": "full_name"})["value"] == "Ada Lovelace"


def test_my_orders_lists_the_customers_orders_with_their_history(client, shop, customer, medium):
    client.force_login(customer)
    put_in_cart(client, medium, quantity=1)
    fill_details(client, shop.standard, email=customer.email)
    client.post(REVIEW_URL, {"checkout_token": review_token(client.get(REVIEW_URL))})
    order = Order.objects.get()
    order_transition(order=order, to_status=OrderStatus.PAID)

    response = client.get(reverse("storefront:my_orders"))

    [row] = page(response).select("table.data tbody tr")
    assert row.a.get_text(strip=True) == order.number
    assert row.select_one(".status").get_text(strip=True) == "Paid"
    history = [li.get_text().split("·")[0].strip() for li in row.select(".timeline li")]
    assert history == ["Placed", "Paid"]
    assert "$29.90" in row.get_text()


def test_my_orders_shows_nobody_elses_orders(client, shop, customer, medium):
    other = Client()
    other.force_login(make_user("grace"))
    put_in_cart(other, medium)
    fill_details(other, shop.standard)
    other.post(REVIEW_URL, {"checkout_token": review_token(other.get(REVIEW_URL))})
    client.force_login(customer)

    response = client.get(reverse("storefront:my_orders"))

    assert page(response).select("table.data tbody tr") == []
    assert "You have not ordered anything yet." in page(response).get_text()


def test_my_orders_needs_a_login(client, shop):
    response = client.get(reverse("storefront:my_orders"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("storefront:login"))


def test_another_customers_order_is_not_found(client, shop, customer, medium):
    other = Client()
    other.force_login(make_user("grace"))
    put_in_cart(other, medium)
    fill_details(other, shop.standard)
    other.post(REVIEW_URL, {"checkout_token": review_token(other.get(REVIEW_URL))})
    client.force_login(customer)

    response = client.get(reverse("storefront:order_detail", args=[Order.objects.get().number]))

    assert response.status_code == 404


# ---------------------------------------------------------------------------- login merge


def test_the_guest_cart_merges_into_the_customers_cart_at_login(client, customer, medium, mug):
    saved = Cart.objects.create(user=customer)
    cart_add(cart=saved, variant_id=medium.pk, quantity=1)
    put_in_cart(client, medium, quantity=2)
    put_in_cart(client, mug, quantity=1)
    guest_cart_id = client.session["storefront_cart_id"]

    response = client.post(
        reverse("storefront:login"), {"username": "ada", "password": "pass-1234-word"}
    )

    assert response.status_code == 302
    assert get_user_model().objects.get(pk=client.session["_auth_user_id"]) == customer
    lines = {line.variant_id: line.quantity for line in saved.lines.all()}
    assert lines == {medium.pk: 3, mug.pk: 1}
    assert not Cart.objects.filter(pk=guest_cart_id).exists()
    assert "storefront_cart_id" not in client.session


def test_a_guest_cart_becomes_the_customers_cart_at_login(client, customer, medium):
    put_in_cart(client, medium, quantity=2)

    client.post(reverse("storefront:login"), {"username": "ada", "password": "pass-1234-word"})

    cart = Cart.objects.get(user=customer)
    assert {line.variant_id: line.quantity for line in cart.lines.all()} == {medium.pk: 2}
    assert "2 items" in page(client.get(CART_URL)).get_text()
