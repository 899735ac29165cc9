"""Suggestions on the shop's pages: “You may also like” on a product page, “Complete your
order” in the cart and at checkout, each card labelled with its source and linking through
the click counter; and the pages keep a fixed number of queries however much is suggested."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from storefront.related.models import SuggestionClick
from tests.related.conftest import pick
from tests.test_query_budgets import BUDGETS, put_in_cart, queries_to_show

pytestmark = pytest.mark.django_db

CART_URL = reverse("storefront:cart")
CHECKOUT_URL = reverse("storefront:checkout")
CLICK_PREFIX = "/related/go/"


def related_section(response):
    """The suggestions section of a page (None when it has none)."""
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("section.related")


def cards(response) -> list[dict[str, str]]:
    section = related_section(response)
    if section is None:
        return []
    return [
        {
            "source": card.select_one(".card-source").get_text(strip=True),
            "title": card.select_one("h3 a").get_text(strip=True),
            "href": card.select_one("h3 a")["href"],
        }
        for card in section.select("article.product-card")
    ]


@pytest.fixture
def tee(make, shop):
    return make(title="Plain tee", categories=[shop.apparel])


@pytest.fixture
def partners_of_tee(make, buy, tee, shop):
    """A pick (labelled), a co-purchase partner and a category best seller for the tee."""
    belt = make(title="Leather belt")
    cap = make(title="Baseball cap")
    scarf = make(title="Wool scarf", categories=[shop.apparel])
    pick(tee, belt, label="Goes well with")
    buy(tee, cap)
    buy(tee, cap)
    return belt, cap, scarf


def test_a_product_page_shows_you_may_also_like(client, tee, partners_of_tee):
    response = client.get(tee.url)

    section = related_section(response)
    assert section.find("h2").get_text(strip=True) == "You may also like"
    assert [(card["title"], card["source"]) for card in cards(response)] == [
        ("Leather belt", "Goes well with"),
        ("Baseball cap", "Customers also bought"),
        ("Wool scarf", "Popular in this category"),
    ]


def test_every_card_links_through_the_click_counter_to_its_product(client, tee, partners_of_tee):
    response = client.get(tee.url)

    hrefs = [card["href"] for card in cards(response)]
    assert all(href.startswith(CLICK_PREFIX) for href in hrefs)
    targets = [client.get(href)["Location"] for href in hrefs]
    assert targets == [product.url for product in partners_of_tee]
    assert SuggestionClick.objects.count() == 3


def test_a_product_page_without_anything_to_suggest_has_no_section(client, tee):
    assert related_section(client.get(tee.url)) is None


def test_the_cart_shows_complete_your_order(client, tee, partners_of_tee):
    put_in_cart(client, tee.variants.get())

    response = client.get(CART_URL)

    section = related_section(response)
    assert section.find("h2").get_text(strip=True) == "Complete your order"
    assert [card["title"] for card in cards(response)] == [
        "Leather belt",
        "Baseball cap",
        "Wool scarf",
    ]


def test_the_cart_suggests_nothing_it_already_holds(client, tee, partners_of_tee):
    belt, _cap, _scarf = partners_of_tee
    put_in_cart(client, tee.variants.get())
    put_in_cart(client, belt.variants.get())

    titles = [card["title"] for card in cards(client.get(CART_URL))]

    assert "Plain tee" not in titles and "Leather belt" not in titles
    assert titles[0] == "Baseball cap"


def test_the_checkout_details_page_shows_complete_your_order(client, tee, partners_of_tee):
    put_in_cart(client, tee.variants.get())

    response = client.get(CHECKOUT_URL)

    section = related_section(response)
    assert section.find("h2").get_text(strip=True) == "Complete your order"
    assert [card["source"] for card in cards(response)] == [
        "Goes well with",
        "Customers also bought",
        "Popular in this category",
    ]


def test_cart_clicks_are_counted_with_their_place(client, tee, partners_of_tee):
    put_in_cart(client, tee.variants.get())
    first = cards(client.get(CART_URL))[0]

    client.get(first["href"])

    click = SuggestionClick.objects.get()
    assert (click.place, click.source, click.from_product_id) == ("cart", "pick", None)


def test_a_suggested_products_title_is_escaped(client, tee, make):
    make(title="<script>x</script>")

    html = client.get(tee.url).content.decode()

    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x</script>" not in html


def test_an_editors_label_is_escaped(client, tee, make):
    pick(tee, make(), label='<b onclick="x()">Best</b>')

    html = client.get(tee.url).content.decode()

    assert "&lt;b onclick=&quot;x()&quot;&gt;Best&lt;/b&gt;" in html
    assert '<b onclick="x()">' not in html


# ---------------------------------------------------------------------------- query budgets


def test_a_product_page_costs_the_same_with_one_suggestion_or_many(
    client, shop, product_factory, buy, django_assert_max_num_queries
):
    product = product_factory(categories=[shop.apparel])
    product_factory()
    with_one = queries_to_show(client, product.url)
    assert len(cards(client.get(product.url))) == 1

    partners = [product_factory() for _ in range(12)]
    buy(product, *partners)
    buy(product, *partners)
    for index in range(10):
        pick(product, product_factory(), label=f"Pick {index}", sort_order=index)
    for _ in range(30):
        product_factory(categories=[shop.apparel])
    with_many = queries_to_show(client, product.url)

    assert len(cards(client.get(product.url))) == 4
    assert with_one == with_many, f"product: {with_one} vs {with_many} queries"
    with django_assert_max_num_queries(BUDGETS["product"]):
        client.get(product.url)


@pytest.mark.parametrize(
    ("url", "budget"), [(CART_URL, "cart_guest"), (CHECKOUT_URL, "checkout_details_guest")]
)
def test_the_cart_and_checkout_cost_the_same_with_one_line_or_many(
    client, shop, product_factory, buy, url, budget, django_assert_max_num_queries
):
    first = product_factory()
    product_factory()
    put_in_cart(client, first.variants.get())
    with_one = queries_to_show(client, url)
    assert len(cards(client.get(url))) == 1

    lines = [product_factory() for _ in range(5)]
    partners = [product_factory() for _ in range(8)]
    buy(*lines, *partners)
    buy(*lines, *partners)
    for index, line in enumerate(lines):
        pick(line, product_factory(), sort_order=index)
        put_in_cart(client, line.variants.get(), 2)
    for _ in range(10):
        product_factory()
    with_many = queries_to_show(client, url)

    assert len(cards(client.get(url))) == 4
    assert with_one == with_many, f"{budget}: {with_one} vs {with_many} queries"
    with django_assert_max_num_queries(BUDGETS[budget]):
        client.get(url)
