"""Related products in the JSON API: for a product, and for the shopper's cart; each entry
has its source, label, click link and the product's card."""

from decimal import Decimal

import pytest

from storefront.related.models import Source
from tests.related.conftest import pick
from tests.test_query_budgets import put_in_cart

pytestmark = pytest.mark.django_db

API = "/api/storefront"


@pytest.fixture
def tee(make):
    return make(title="Plain tee", price="20.00")


@pytest.fixture
def belt(make, tee):
    belt = make(title="Leather belt", price="35.50")
    pick(tee, belt, label="Goes well with")
    return belt


@pytest.fixture
def cap(make, tee, buy):
    cap = make(title="Baseball cap", price="12.00")
    buy(tee, cap)
    buy(tee, cap)
    return cap


def test_a_products_related_products_come_with_source_label_and_card(client, tee, belt, cap):
    response = client.get(f"{API}/products/{tee.pk}/related")

    assert response.status_code == 200
    body = response.json()
    assert [(entry["source"], entry["label"]) for entry in body] == [
        (Source.PICK, "Goes well with"),
        (Source.CO_PURCHASE, "Customers also bought"),
    ]
    card = body[0]["product"]
    assert (card["id"], card["title"], card["in_stock"]) == (belt.pk, "Leather belt", True)
    assert Decimal(str(card["price"])) == Decimal("35.50")
    assert card["url"] == belt.url
    assert body[1]["product"]["id"] == cap.pk


def test_the_apis_click_links_count_and_redirect(client, tee, belt):
    entry = client.get(f"{API}/products/{tee.pk}/related").json()[0]

    response = client.get(entry["click_url"])

    assert response.status_code == 302
    assert response["Location"] == belt.url


def test_an_unknown_product_is_not_found(client, tee):
    response = client.get(f"{API}/products/999999/related")

    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_an_unpublished_product_is_not_found(client, tee, belt):
    tee.unpublish()

    assert client.get(f"{API}/products/{tee.pk}/related").status_code == 404


def test_the_carts_related_products(client, tee, belt, cap):
    put_in_cart(client, tee.variants.get())

    response = client.get(f"{API}/cart/related")

    assert response.status_code == 200
    body = response.json()
    assert [entry["product"]["id"] for entry in body] == [belt.pk, cap.pk]
    assert [entry["source"] for entry in body] == [Source.PICK, Source.CO_PURCHASE]
    assert all("/related/go/" in entry["click_url"] for entry in body)


def test_the_cart_related_products_leave_out_what_is_in_the_cart(client, tee, belt, cap):
    put_in_cart(client, tee.variants.get())
    put_in_cart(client, belt.variants.get())

    body = client.get(f"{API}/cart/related").json()

    assert [entry["product"]["id"] for entry in body] == [cap.pk]


def test_an_empty_cart_has_no_related_products(client, tee, belt):
    response = client.get(f"{API}/cart/related")

    assert response.status_code == 200
    assert response.json() == []
