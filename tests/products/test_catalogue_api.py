"""The catalogue endpoints of the JSON API under /api/storefront/."""

from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db

API = "/api/storefront"


def titles(response) -> list[str]:
    return [card["title"] for card in response.json()["results"]]


# ---------------------------------------------------------------------------- schema


def test_openapi_schema_describes_every_endpoint(client, shop):
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Storefront API"
    assert {
        f"{API}/categories",
        f"{API}/products",
        f"{API}/products/{{product_id}}",
        f"{API}/cart",
        f"{API}/cart/lines",
        f"{API}/cart/lines/{{line_id}}",
    } <= set(schema["paths"])
    assert set(schema["paths"][f"{API}/cart/lines/{{line_id}}"]) == {"patch", "delete"}
    assert "post" in schema["paths"][f"{API}/cart/lines"]


def test_openapi_schema_references_resolve(client, shop):
    """Every $ref points at a schema the document defines."""
    schema = client.get(f"{API}/openapi.json").json()
    defined = set(schema.get("components", {}).get("schemas", {}))

    def refs(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for item in node:
                yield from refs(item)

    found = {ref.rsplit("/", 1)[-1] for ref in refs(schema)}
    assert found
    assert found <= defined


# ---------------------------------------------------------------------------- categories


def test_categories_are_listed_in_shelf_order(client, shop):
    response = client.get(f"{API}/categories")

    assert response.status_code == 200
    assert response.json() == [
        {"name": "Apparel", "slug": "apparel"},
        {"name": "Home", "slug": "home"},
    ]


# ---------------------------------------------------------------------------- product list


def test_product_list_returns_cards_and_pagination_fields(client, shop, product_factory):
    product = product_factory(title="Blue tee", price="20.00", compare_at_price="25.00")

    response = client.get(f"{API}/products")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
    [card] = body["results"]
    assert card["id"] == product.pk
    assert card["title"] == "Blue tee"
    assert card["url"] == product.url
    assert card["sku"] == product.sku
    assert Decimal(card["price"]) == Decimal("20.00")
    assert Decimal(card["compare_at_price"]) == Decimal("25.00")
    assert card["on_sale"] is True
    assert card["in_stock"] is True
    assert "fill-480x480" in card["image"]


def test_product_list_never_lists_unpublished_products(client, shop, product_factory):
    product_factory(title="Blue tee")
    product_factory(title="Draft hoodie", live=False)

    response = client.get(f"{API}/products")

    assert titles(response) == ["Blue tee"]


def test_product_list_filters_by_category_slug(client, shop, product_factory):
    product_factory(title="Blue tee", categories=[shop.apparel])
    product_factory(title="Mug", categories=[shop.home_goods])

    response = client.get(f"{API}/products", {"category": "home"})

    assert titles(response) == ["Mug"]


def test_product_list_filters_by_price_range(client, shop, cheap_middle_dear):
    only_min = client.get(f"{API}/products", {"min_price": "20", "sort": "price_asc"})
    only_max = client.get(f"{API}/products", {"max_price": "20", "sort": "price_asc"})
    both = client.get(f"{API}/products", {"min_price": "10", "max_price": "50"})

    assert titles(only_min) == ["Middle", "Dear"]
    assert titles(only_max) == ["Cheap", "Middle"]
    assert titles(both) == ["Middle"]


def test_product_list_filters_in_stock(client, shop, product_factory):
    product_factory(title="Available", stock=2)
    product_factory(title="Sold out", stock=0)

    everything = client.get(f"{API}/products", {"sort": "name"})
    in_stock = client.get(f"{API}/products", {"in_stock": "true"})

    assert titles(everything) == ["Available", "Sold out"]
    assert [card["in_stock"] for card in everything.json()["results"]] == [True, False]
    assert titles(in_stock) == ["Available"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Alpha", "Charlie", "Bravo"]),
        ("price_asc", ["Charlie", "Bravo", "Alpha"]),
        ("price_desc", ["Alpha", "Bravo", "Charlie"]),
        ("name", ["Alpha", "Bravo", "Charlie"]),
        ("popular", ["Charlie", "Bravo", "Alpha"]),
    ],
)
def test_product_list_sorts(client, shop, three_products, sort, expected):
    response = client.get(f"{API}/products", {"sort": sort})

    assert response.status_code == 200
    assert titles(response) == expected


def test_product_list_paginates(client, shop, product_factory, settings):
    settings.STOREFRONT_PRODUCTS_PER_PAGE = 2
    for title in ["A", "B", "C", "D", "E"]:
        product_factory(title=title)

    response = client.get(f"{API}/products", {"sort": "name", "page": 2})

    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (5, 2, 3)
    assert titles(response) == ["C", "D"]


def test_product_list_page_beyond_the_last_is_not_found(client, shop, product_factory, settings):
    settings.STOREFRONT_PRODUCTS_PER_PAGE = 2
    for _ in range(3):
        product_factory()

    response = client.get(f"{API}/products", {"page": 3})

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page 3."}


def test_product_list_with_an_unknown_category_is_a_bad_request(client, shop):
    response = client.get(f"{API}/products", {"category": "no-such-shelf"})

    assert response.status_code == 400
    assert response.json() == {"detail": "Unknown category: no-such-shelf"}


def test_product_list_with_min_above_max_is_a_bad_request(client, shop):
    response = client.get(f"{API}/products", {"min_price": "50", "max_price": "10"})

    assert response.status_code == 400
    assert response.json() == {"detail": "The minimum price must not be above the maximum."}


@pytest.mark.parametrize("field", ["min_price", "max_price"])
def test_product_list_with_a_negative_price_is_unprocessable(client, shop, field):
    response = client.get(f"{API}/products", {field: "-1"})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == field


@pytest.mark.parametrize(
    ("field", "value"), [("sort", "cheapest"), ("page", "0"), ("min_price", "abc")]
)
def test_product_list_with_an_invalid_parameter_is_unprocessable(client, shop, field, value):
    response = client.get(f"{API}/products", {field: value})

    assert response.status_code == 422


# ---------------------------------------------------------------------------- product detail


def test_product_detail_has_variants_with_stock(client, shop, product_factory):
    product = product_factory(
        title="Blue tee",
        price="20.00",
        variants=[("S", None), ("XL", "24.00")],
        stock=[0, 3],
        categories=[shop.apparel],
        images=2,
    )
    small, extra_large = product.variants.order_by("sort_order")

    response = client.get(f"{API}/products/{product.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Blue tee"
    assert body["description"] == "About Blue tee."
    assert body["summary"] == "Summary of Blue tee"
    assert body["variant_label"] == "Size"
    assert body["categories"] == [{"name": "Apparel", "slug": "apparel"}]
    assert body["in_stock"] is True
    assert len(body["images"]) == 2
    assert all("max-960x960" in url for url in body["images"])
    assert body["image"] == body["images"][0]
    assert [
        (v["id"], v["name"], v["sku"], Decimal(v["price"]), v["stock"], v["in_stock"])
        for v in body["variants"]
    ] == [
        (small.pk, "S", small.sku, Decimal("20.00"), 0, False),
        (extra_large.pk, "XL", extra_large.sku, Decimal("24.00"), 3, True),
    ]


def test_product_detail_of_a_sold_out_product(client, shop, product_factory):
    product = product_factory(stock=0)

    response = client.get(f"{API}/products/{product.pk}")

    assert response.json()["in_stock"] is False


def test_product_detail_of_an_unknown_product_is_not_found(client, shop):
    response = client.get(f"{API}/products/999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "No such product."}


def test_product_detail_of_an_unpublished_product_is_not_found(client, shop, product_factory):
    product = product_factory(live=False)

    response = client.get(f"{API}/products/{product.pk}")

    assert response.status_code == 404


def test_product_detail_of_a_page_that_is_not_a_product_is_not_found(client, shop):
    response = client.get(f"{API}/products/{shop.index.pk}")

    assert response.status_code == 404
