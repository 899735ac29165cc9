"""The cart endpoints of the JSON API: server-side prices, the same rules as the pages,
a guest's cart belongs to their session, and writes need the CSRF token."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from storefront.orders.models import CartLine

pytestmark = pytest.mark.django_db

API = "/api/storefront"


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def patch_json(client, url, data, **extra):
    return client.patch(url, json.dumps(data), content_type="application/json", **extra)


def add(client, variant, quantity=1):
    return post_json(client, f"{API}/cart/lines", {"variant_id": variant.pk, "quantity": quantity})


def quantities(client) -> dict[int, int]:
    """What the client's cart holds, by variant id, as the API reports it."""
    return {
        line["variant_id"]: line["quantity"] for line in client.get(f"{API}/cart").json()["lines"]
    }


@pytest.fixture
def tee(product_factory):
    """A 20.00 tee with two sizes: M (5 in stock) and XL at 24.00 (1 in stock)."""
    return product_factory(
        title="Blue tee", price="20.00", variants=[("M", None), ("XL", "24.00")], stock=[5, 1]
    )


@pytest.fixture
def medium(tee):
    return tee.variants.get(name="M")


@pytest.fixture
def extra_large(tee):
    return tee.variants.get(name="XL")


# ---------------------------------------------------------------------------- reading


def test_an_empty_cart_reads_as_empty(client, shop):
    response = client.get(f"{API}/cart")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["has_problems"], body["lines"]) == (0, False, [])
    assert Decimal(body["goods_total"]) == 0


# ---------------------------------------------------------------------------- adding


def test_adding_a_variant_creates_a_line_with_server_totals(client, tee, medium):
    response = add(client, medium, quantity=2)

    assert response.status_code == 201
    body = response.json()
    assert body["count"] == 2
    assert Decimal(body["goods_total"]) == Decimal("40.00")
    assert body["has_problems"] is False
    [line] = body["lines"]
    assert line["product_id"] == tee.pk
    assert line["title"] == "Blue tee"
    assert line["variant_id"] == medium.pk
    assert line["variant"] == "M"
    assert line["sku"] == medium.sku
    assert Decimal(line["unit_price"]) == Decimal("20.00")
    assert line["quantity"] == 2
    assert Decimal(line["line_total"]) == Decimal("40.00")
    assert "fill-120x120" in line["image"]
    assert line["problem"] == ""


def test_the_cart_is_kept_in_the_session(client, medium):
    add(client, medium, quantity=2)

    assert quantities(client) == {medium.pk: 2}


def test_adding_the_same_variant_again_adds_up(client, medium):
    add(client, medium, quantity=2)

    response = add(client, medium, quantity=1)

    assert response.status_code == 201
    assert quantities(client) == {medium.pk: 3}


def test_totals_use_the_variant_price_override(client, medium, extra_large):
    add(client, medium, quantity=2)

    response = add(client, extra_large, quantity=1)

    assert Decimal(response.json()["goods_total"]) == Decimal("64.00")


def test_a_tampered_price_in_the_body_is_ignored(client, medium):
    response = post_json(
        client,
        f"{API}/cart/lines",
        {
            "variant_id": medium.pk,
            "quantity": 2,
            "unit_price": "0.01",
            "price": "0.01",
            "line_total": "0.02",
            "goods_total": "0.02",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert Decimal(body["lines"][0]["unit_price"]) == Decimal("20.00")
    assert Decimal(body["goods_total"]) == Decimal("40.00")


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        (0, "The quantity must be at least 1."),
        (-1, "The quantity must be at least 1."),
        (1000, "You can buy at most 99 of one item."),
    ],
)
def test_adding_a_bad_quantity_is_refused(client, medium, quantity, message):
    add(client, medium, quantity=1)

    response = add(client, medium, quantity=quantity)

    assert response.status_code == 400
    assert response.json() == {"detail": message}
    assert quantities(client) == {medium.pk: 1}


def test_adding_an_unknown_variant_is_refused(client, medium):
    add(client, medium, quantity=1)

    response = post_json(client, f"{API}/cart/lines", {"variant_id": 999999, "quantity": 1})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "This product is not available. Please choose another option."
    }
    assert quantities(client) == {medium.pk: 1}


def test_adding_a_variant_of_an_unpublished_product_is_refused(client, product_factory):
    draft = product_factory(live=False)

    response = add(client, draft.variants.get())

    assert response.status_code == 400
    assert CartLine.objects.count() == 0


def test_adding_beyond_stock_is_refused(client, medium):
    add(client, medium, quantity=4)

    response = add(client, medium, quantity=2)

    assert response.status_code == 400
    assert response.json() == {"detail": "Only 5 of Blue tee – M left in stock."}
    assert quantities(client) == {medium.pk: 4}


def test_adding_a_sold_out_variant_is_refused(client, product_factory):
    sold_out = product_factory(title="Mug", stock=0).variants.get()

    response = add(client, sold_out)

    assert response.status_code == 400
    assert response.json() == {"detail": f"{sold_out} is out of stock."}
    assert CartLine.objects.count() == 0


def test_adding_without_a_variant_is_unprocessable(client, shop):
    response = post_json(client, f"{API}/cart/lines", {"quantity": 1})

    assert response.status_code == 422
    assert CartLine.objects.count() == 0


# ---------------------------------------------------------------------------- changing


def line_id(client, variant) -> int:
    lines = client.get(f"{API}/cart").json()["lines"]
    return next(line["id"] for line in lines if line["variant_id"] == variant.pk)


def test_changing_a_line_quantity(client, medium):
    add(client, medium, quantity=1)

    response = patch_json(client, f"{API}/cart/lines/{line_id(client, medium)}", {"quantity": 3})

    assert response.status_code == 200
    assert response.json()["lines"][0]["quantity"] == 3
    assert Decimal(response.json()["goods_total"]) == Decimal("60.00")


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        (0, "The quantity must be at least 1."),
        (-1, "The quantity must be at least 1."),
        (1000, "You can buy at most 99 of one item."),
        (6, "Only 5 of Blue tee – M left in stock."),
    ],
)
def test_changing_to_a_bad_quantity_is_refused(client, medium, quantity, message):
    add(client, medium, quantity=2)

    response = patch_json(
        client, f"{API}/cart/lines/{line_id(client, medium)}", {"quantity": quantity}
    )

    assert response.status_code == 400
    assert response.json() == {"detail": message}
    assert quantities(client) == {medium.pk: 2}


def test_removing_a_line(client, medium, extra_large):
    add(client, medium)
    add(client, extra_large)

    response = client.delete(f"{API}/cart/lines/{line_id(client, medium)}")

    assert response.status_code == 200
    assert [line["variant_id"] for line in response.json()["lines"]] == [extra_large.pk]


def test_changing_an_unknown_line_is_not_found(client, medium):
    add(client, medium)

    response = patch_json(client, f"{API}/cart/lines/999999", {"quantity": 2})

    assert response.status_code == 404
    assert response.json() == {"detail": "That item is not in your cart."}


# ---------------------------------------------------------------------------- ownership


@pytest.fixture
def someone_elses_line(medium):
    """A line in another shopper's guest cart (another session)."""
    other = Client()
    add(other, medium, quantity=2)
    return other, line_id(other, medium)


def test_changing_a_line_of_another_session_is_not_found(client, medium, someone_elses_line):
    other, foreign_line = someone_elses_line

    response = patch_json(client, f"{API}/cart/lines/{foreign_line}", {"quantity": 5})

    assert response.status_code == 404
    assert quantities(other) == {medium.pk: 2}


def test_removing_a_line_of_another_session_is_not_found(client, medium, someone_elses_line):
    other, foreign_line = someone_elses_line

    response = client.delete(f"{API}/cart/lines/{foreign_line}")

    assert response.status_code == 404
    assert quantities(other) == {medium.pk: 2}


def test_a_shopper_with_a_cart_cannot_reach_another_sessions_line(
    client, medium, extra_large, someone_elses_line
):
    other, foreign_line = someone_elses_line
    add(client, extra_large)

    changed = patch_json(client, f"{API}/cart/lines/{foreign_line}", {"quantity": 5})
    removed = client.delete(f"{API}/cart/lines/{foreign_line}")

    assert (changed.status_code, removed.status_code) == (404, 404)
    assert quantities(other) == {medium.pk: 2}
    assert quantities(client) == {extra_large.pk: 1}


def test_the_cart_of_another_session_is_not_shown(client, someone_elses_line):
    response = client.get(f"{API}/cart")

    assert response.json()["lines"] == []


# ---------------------------------------------------------------------------- CSRF


@pytest.fixture
def csrf_client(shop):
    """A client that is held to CSRF checks, with the csrftoken cookie from a page visit."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(shop.home.url)
    assert "csrftoken" in browser.cookies
    return browser


def csrf_header(browser) -> dict[str, str]:
    return {"HTTP_X_CSRFTOKEN": browser.cookies["csrftoken"].value}


def test_a_write_with_the_csrf_token_is_allowed(csrf_client, medium):
    response = post_json(
        csrf_client,
        f"{API}/cart/lines",
        {"variant_id": medium.pk, "quantity": 1},
        **csrf_header(csrf_client),
    )

    assert response.status_code == 201
    assert quantities(csrf_client) == {medium.pk: 1}


def test_adding_without_the_csrf_token_is_refused(csrf_client, medium):
    response = post_json(csrf_client, f"{API}/cart/lines", {"variant_id": medium.pk})

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert CartLine.objects.count() == 0


def test_changing_and_removing_without_the_csrf_token_are_refused(csrf_client, medium):
    post_json(
        csrf_client,
        f"{API}/cart/lines",
        {"variant_id": medium.pk, "quantity": 1},
        **csrf_header(csrf_client),
    )
    line = line_id(csrf_client, medium)

    changed = patch_json(csrf_client, f"{API}/cart/lines/{line}", {"quantity": 3})
    removed = csrf_client.delete(f"{API}/cart/lines/{line}")

    assert (changed.status_code, removed.status_code) == (403, 403)
    assert quantities(csrf_client) == {medium.pk: 1}


def test_a_wrong_csrf_token_is_refused(csrf_client, medium):
    response = post_json(
        csrf_client,
        f"{API}/cart/lines",
        {"variant_id": medium.pk},
        HTTP_X_CSRFTOKEN="x" * 64,
    )

    assert response.status_code == 403
    assert CartLine.objects.count() == 0


def test_reading_needs_no_csrf_token(shop):
    browser = Client(enforce_csrf_checks=True)

    response = browser.get(f"{API}/cart")

    assert response.status_code == 200
