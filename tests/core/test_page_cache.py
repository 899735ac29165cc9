"""Catalogue pages cached for guests: served without a query, each visitor with their own
CSRF token, never to a visitor with a session, and forgotten when what they show changes."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from storefront.products.models import ProductPage
from storefront.products.services import stock_set
from storefront.reviews.services import review_moderate, review_submit
from tests.factories import make_user
from tests.reviews.conftest import make_moderator

pytestmark = pytest.mark.django_db

HIT = "X-Storefront-Page-Cache"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.STOREFRONT_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def product(product_factory):
    return product_factory(title="Cached mug", price="12.00", stock=5)


def token_in(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def test_a_second_guest_gets_the_page_from_the_cache_without_a_query(
    product, django_assert_num_queries
):
    first = Client().get(product.url)
    assert first.status_code == 200 and HIT not in first

    with django_assert_num_queries(0):
        second = Client().get(product.url)

    assert second[HIT] == "hit"
    assert "Cached mug" in second.content.decode()


def test_each_guest_gets_their_own_csrf_token_and_can_add_to_cart(product):
    Client().get(product.url)  # stored
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visitor.get(product.url) for visitor in visitors]
    assert all(page[HIT] == "hit" for page in pages)
    assert token_in(pages[0]) != token_in(pages[1])

    variant = product.variants.get()
    response = visitors[1].post(
        reverse("storefront:cart_add"),
        {"variant": variant.pk, "quantity": 1, "csrfmiddlewaretoken": token_in(pages[1])},
    )
    assert response.status_code == 302  # accepted: the token matches this visitor's cookie


def test_visitors_with_a_session_never_get_the_shared_page(client, product):
    Client().get(product.url)
    client.force_login(make_user("ada"))
    page = client.get(product.url)
    assert HIT not in page
    assert "My account" in page.content.decode()

    guest = Client()
    guest.post(reverse("storefront:cart_add"), {"variant": product.variants.get().pk})
    assert HIT not in guest.get(product.url)  # the guest has a cart now


def test_publishing_a_change_forgets_the_cached_page(product):
    Client().get(product.url)
    page = ProductPage.objects.get(pk=product.pk)
    page.title = "Renamed mug"
    page.save_revision().publish()

    response = Client().get(product.url)
    assert HIT not in response
    assert "Renamed mug" in response.content.decode()


def test_a_published_review_and_a_stock_change_show_at_once(
    product, shop, django_capture_on_commit_callbacks
):
    Client().get(product.url)
    with django_capture_on_commit_callbacks(execute=True):
        review = review_submit(
            product=product,
            user=make_user("writer"),
            rating=5,
            title="Lovely cached mug",
            text="Keeps the tea hot for ages.",
            name="Writer",
        )
        review_moderate(review=review, status="approved", actor=make_moderator())
    assert "Lovely cached mug" in Client().get(product.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        stock_set(variant=product.variants.get(), quantity=0)
    assert "Sold out" in Client().get(product.url).content.decode()


def test_languages_and_refused_filters_are_kept_apart(shop, product):
    Client().get(product.url)
    persian = Client().get(f"/fa{product.url}")
    assert HIT not in persian and persian["Content-Language"] == "fa"

    bad = f"{shop.index.url}?min_price=9&max_price=1"
    assert Client().get(bad).status_code == 400
    assert HIT not in Client().get(bad)


def test_the_cache_can_be_turned_off(settings, product):
    settings.STOREFRONT_PAGE_CACHE_SECONDS = 0
    Client().get(product.url)
    assert HIT not in Client().get(product.url)


def test_an_editors_settings_change_forgets_the_cached_page(shop, product):
    from storefront.core.models import ShopSettings

    Client().get(product.url)
    assert Client().get(product.url)[HIT] == "hit"
    settings_row = ShopSettings.for_site(shop.site)
    settings_row.name = "Renamed shop"
    settings_row.save()
    response = Client().get(product.url)
    assert HIT not in response and "Renamed shop" in response.content.decode()
