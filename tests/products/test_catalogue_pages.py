"""The catalogue as a shopper sees it: the home page, the listing and a product page."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from storefront.products.models import ProductPage

pytestmark = pytest.mark.django_db


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def listed_titles(response) -> list[str]:
    """The product titles on a listing page, in the order the cards appear."""
    return [link.get_text(strip=True) for link in page(response).select(".product-card h3 a")]


def variant_choice(response, variant):
    """The variant's radio button and the text of its label."""
    soup = page(response)
    radio = soup.find("input", attrs={"name": "variant", "value": str(variant.pk)})
    label = soup.find("label", attrs={"for": radio["id"]})
    return radio, label


# ---------------------------------------------------------------------------- home page


def test_home_page_shows_the_most_popular_products(client, shop, product_factory):
    bestseller = product_factory(title="Bestseller")
    product_factory(title="Newcomer")
    ProductPage.objects.filter(pk=bestseller.pk).update(sales_count=40)

    response = client.get(shop.home.url)

    assert response.status_code == 200
    assert listed_titles(response) == ["Bestseller", "Newcomer"]


def test_home_page_shows_at_most_featured_count_products(client, shop, product_factory):
    shop.home.featured_count = 2
    shop.home.save_revision().publish()
    for _ in range(3):
        product_factory()

    response = client.get(shop.home.url)

    assert len(listed_titles(response)) == 2


def test_home_page_links_each_category_to_the_filtered_listing(client, shop):
    response = client.get(shop.home.url)

    tiles = page(response).select(".category-tiles a")
    assert [(tile.get_text(strip=True), tile["href"]) for tile in tiles] == [
        ("Apparel", f"{shop.index.url}?category=apparel"),
        ("Home", f"{shop.index.url}?category=home"),
    ]


# ---------------------------------------------------------------------------- listing


def test_listing_shows_live_products(client, shop, product_factory):
    product_factory(title="Blue tee")
    product_factory(title="Mug")

    response = client.get(shop.index.url, {"sort": "name"})

    assert response.status_code == 200
    assert listed_titles(response) == ["Blue tee", "Mug"]
    assert "2 products" in response.content.decode()


def test_listing_never_shows_unpublished_products(client, shop, product_factory):
    product_factory(title="Blue tee")
    product_factory(title="Draft hoodie", live=False)

    response = client.get(shop.index.url)

    assert listed_titles(response) == ["Blue tee"]
    assert "Draft hoodie" not in response.content.decode()


def test_listing_filters_by_category_slug(client, shop, product_factory):
    product_factory(title="Blue tee", categories=[shop.apparel])
    product_factory(title="Mug", categories=[shop.home_goods])

    response = client.get(shop.index.url, {"category": "apparel"})

    assert response.status_code == 200
    assert listed_titles(response) == ["Blue tee"]


def test_listing_filters_by_min_price(client, shop, cheap_middle_dear):
    response = client.get(shop.index.url, {"min_price": "20", "sort": "price_asc"})

    assert listed_titles(response) == ["Middle", "Dear"]


def test_listing_filters_by_max_price(client, shop, cheap_middle_dear):
    response = client.get(shop.index.url, {"max_price": "20", "sort": "price_asc"})

    assert listed_titles(response) == ["Cheap", "Middle"]


def test_listing_filters_by_a_price_range(client, shop, cheap_middle_dear):
    response = client.get(shop.index.url, {"min_price": "10", "max_price": "50"})

    assert listed_titles(response) == ["Middle"]


def test_listing_in_stock_only_hides_sold_out_products(client, shop, product_factory):
    product_factory(title="Available", stock=3)
    product_factory(title="Partly available", stock=[0, 1], variants=[("S", None), ("M", None)])
    product_factory(title="Sold out", stock=0)

    response = client.get(shop.index.url, {"in_stock": "on", "sort": "name"})

    assert listed_titles(response) == ["Available", "Partly available"]


def test_listing_marks_sold_out_products(client, shop, product_factory):
    product_factory(title="Sold out", stock=0)

    response = client.get(shop.index.url)

    card = page(response).select_one(".product-card")
    assert card.select_one(".tag").get_text(strip=True) == "Sold out"


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
def test_listing_sorts(client, shop, three_products, sort, expected):
    response = client.get(shop.index.url, {"sort": sort})

    assert response.status_code == 200
    assert listed_titles(response) == expected


def test_listing_sorts_by_popularity_by_default(client, shop, three_products):
    response = client.get(shop.index.url)

    assert listed_titles(response) == ["Charlie", "Bravo", "Alpha"]


def test_listing_paginates_by_the_products_per_page_setting(
    client, shop, product_factory, settings
):
    settings.STOREFRONT_PRODUCTS_PER_PAGE = 2
    for title in ["A", "B", "C", "D", "E"]:
        product_factory(title=title)

    first = client.get(shop.index.url, {"sort": "name"})
    second = client.get(shop.index.url, {"sort": "name", "page": "2"})
    last = client.get(shop.index.url, {"sort": "name", "page": "3"})

    assert listed_titles(first) == ["A", "B"]
    assert listed_titles(second) == ["C", "D"]
    assert listed_titles(last) == ["E"]
    assert "5 products" in second.content.decode()


def test_listing_page_links_keep_the_filters(client, shop, product_factory, settings):
    settings.STOREFRONT_PRODUCTS_PER_PAGE = 1
    product_factory(title="A")
    product_factory(title="B")

    response = client.get(shop.index.url, {"sort": "name"})

    assert page(response).find("a", rel="next")["href"] == "?sort=name&page=2"


def test_listing_with_a_non_numeric_min_price_is_a_bad_request(client, shop, product_factory):
    product_factory(title="Blue tee")

    response = client.get(shop.index.url, {"min_price": "abc"})

    assert response.status_code == 400
    assert "Enter a number." in response.content.decode()


def test_listing_with_min_above_max_is_a_bad_request(client, shop, product_factory):
    product_factory(title="Blue tee")

    response = client.get(shop.index.url, {"min_price": "50", "max_price": "10"})

    assert response.status_code == 400
    assert "The minimum price must not be above the maximum." in response.content.decode()


def test_listing_with_an_unknown_category_is_a_bad_request(client, shop, product_factory):
    product_factory(title="Blue tee")

    response = client.get(shop.index.url, {"category": "no-such-shelf"})

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


# ---------------------------------------------------------------------------- product page


def test_product_page_shows_title_price_summary_and_description(client, product_factory):
    product = product_factory(title="Blue tee", price="24.50")

    response = client.get(product.url)

    soup = page(response)
    assert response.status_code == 200
    assert soup.h1.get_text(strip=True) == "Blue tee"
    assert soup.select_one(".product-info .price").get_text(strip=True) == "$24.50"
    assert "Summary of Blue tee" in soup.select_one(".product-info").get_text()
    assert soup.select_one(".rich-text").get_text(strip=True) == "About Blue tee."


def test_product_page_strikes_through_the_compare_at_price_on_sale(client, product_factory):
    product = product_factory(title="Blue tee", price="20.00", compare_at_price="30.00")

    response = client.get(product.url)

    price = page(response).select_one(".product-info .price")
    assert "$20.00" in price.select_one(".sale").get_text()
    assert "$30.00" in price.select_one("del").get_text()


def test_product_page_without_a_sale_has_no_struck_through_price(client, product_factory):
    product = product_factory(title="Blue tee", price="20.00")

    response = client.get(product.url)

    assert page(response).select("del") == []


def test_product_page_shows_the_stock_state_of_each_variant(client, product_factory):
    product = product_factory(
        title="Blue tee",
        variants=[("S", None), ("M", None), ("L", None)],
        stock=[0, 2, 30],
    )
    small, medium, large = product.variants.order_by("sort_order")

    response = client.get(product.url)

    def stock_state(variant) -> str:
        _radio, label = variant_choice(response, variant)
        return label.select_one(".stock").get_text(strip=True)

    assert stock_state(small) == "Sold out"
    assert stock_state(medium) == "Only 2 left"
    assert stock_state(large) == "In stock"


def test_product_page_disables_sold_out_variants_and_preselects_one_in_stock(
    client, product_factory
):
    product = product_factory(variants=[("S", None), ("M", None)], stock=[0, 5])
    small, medium = product.variants.order_by("sort_order")

    response = client.get(product.url)

    small_radio, _label = variant_choice(response, small)
    medium_radio, _label = variant_choice(response, medium)
    assert small_radio.has_attr("disabled")
    assert not medium_radio.has_attr("disabled")
    assert medium_radio.has_attr("checked")


def test_product_page_shows_a_variant_price_override(client, product_factory):
    product = product_factory(price="20.00", variants=[("M", None), ("XL", "25.00")])
    extra_large = product.variants.get(name="XL")

    response = client.get(product.url)

    _radio, label = variant_choice(response, extra_large)
    assert "$25.00" in label.get_text()


def test_product_page_has_an_add_to_cart_form(client, product_factory):
    product = product_factory(title="Blue tee")
    variant = product.variants.get()

    response = client.get(product.url)

    form = page(response).find("form", attrs={"action": reverse("storefront:cart_add")})
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.find("input", attrs={"name": "variant", "value": str(variant.pk)})
    assert form.find("input", attrs={"name": "quantity"})["value"] == "1"
    assert form.find("button", attrs={"type": "submit"}).get_text(strip=True) == "Add to cart"


def test_product_page_of_a_sold_out_product_cannot_be_added(client, product_factory):
    product = product_factory(stock=0)

    response = client.get(product.url)

    form = page(response).find("form", attrs={"action": reverse("storefront:cart_add")})
    button = form.find("button", attrs={"type": "submit"})
    assert button.has_attr("disabled")
    assert button.get_text(strip=True) == "Sold out"


def test_product_page_shows_every_gallery_image(client, product_factory):
    product = product_factory(title="Blue tee", images=3)
    images = [item.image for item in product.gallery_images.order_by("sort_order")]

    response = client.get(product.url)

    gallery = page(response).select_one(".gallery")
    slides = gallery.select(".gallery-main img")
    thumbs = gallery.select(".gallery-thumbs img")
    expected = [image.get_rendition("max-960x960").url for image in images]
    assert [img["src"] for img in slides] == expected
    assert len(thumbs) == 3


def test_product_page_of_an_unpublished_product_is_not_found(client, product_factory):
    product = product_factory(title="Draft hoodie", live=False)

    response = client.get(f"{product.get_parent().url}{product.slug}/")

    assert response.status_code == 404
