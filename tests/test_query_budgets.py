"""Every public page runs a fixed number of SQL queries, however much it shows.

Each test views a page with a small and a large data set and expects the same count, then
holds the page to a hard-coded budget so that a new query shows up as a failing test. Pages
are viewed once before counting: the first view creates the image renditions.

If a change adds a query on purpose, raise the page's budget here and say why in the commit.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from storefront.orders.services import order_transition
from tests.factories import make_order, make_user

pytestmark = pytest.mark.django_db

# Queries per page view, measured. A guest's session costs one query; a customer's session
# and user two. The cart is looked up once per request; the header's cart count adds the SUM
# of quantities on every page that has a cart. The points to earn (product, cart, checkout)
# add the loyalty program and its tiers, and a customer's points account: two queries for a
# guest, three for a customer, read once per request whatever the page shows. Related
# products (product, cart, checkout) add seven: editor picks, computed partners, best sellers
# of the same categories and of the shop, then the suggested products' cards with their
# gallery images and renditions.
BUDGETS = {
    "home": 11,
    "listing": 13,
    "listing_filtered": 14,  # + the category named in the filter
    "product": 24,  # + the review summary (a product without reviews), the points to earn
    # + one page of reviews, their photos and their shop replies; a customer adds their
    # own votes and own review. The count comes from the summary.
    "product_reviews_guest": 27,
    "product_reviews_customer": 33,  # + session, user and cart, as on every page
    "my_reviews": 10,  # + own reviews with products, their replies, products to review
    "cart_guest": 18,  # + the points to earn, the related products
    "cart_customer": 20,
    "checkout_details_guest": 19,  # + the points to earn in the sidebar, related products
    # + the loyalty program (site, settings), their points for the points field
    "checkout_details_customer": 24,
    "checkout_review_guest": 12,  # + the points to earn in the sidebar
    "checkout_review_customer": 14,
    "my_orders": 10,  # + the lines with their designs
    "order_detail": 11,
    # + the customer's marketing consent; the export and deletion run only when posted
    "account_privacy": 8,
}

ADDRESS = {
    "email": "ada@example.com",
    "full_name": "Ada Lovelace",
    "address_line1": "12 Analytical Street",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
    "payment_method": "pay_on_delivery",
}


def queries_to_show(client, url) -> int:
    """How many queries a repeat view of ``url`` runs (the first view warms up renditions)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def assert_fixed_and_within_budget(
    client, url, page_name, small, large, django_assert_max_num_queries
):
    """``small()`` and ``large()`` build the data; the page costs the same after each."""
    small()
    with_little = queries_to_show(client, url)
    large()
    with_much = queries_to_show(client, url)

    assert with_little == with_much, f"{page_name}: {with_little} vs {with_much} queries"
    with django_assert_max_num_queries(BUDGETS[page_name]):
        assert client.get(url).status_code == 200


def put_in_cart(client, variant, quantity=1):
    response = client.post(
        reverse("storefront:cart_add"), {"variant": variant.pk, "quantity": quantity}
    )
    assert response.status_code == 302


def products_for_cart(product_factory, count):
    return [product_factory(stock=20, images=2).variants.get() for _ in range(count)]


def shipped_order(shop, user, variants) -> str:
    """An order of one of each of ``variants`` placed by ``user`` and shipped; its number."""
    order = make_order(
        shop=shop,
        items=[(variant, 1) for variant in variants],
        user=user,
        payment_method="pay_on_delivery",
    )
    order_transition(order=order, to_status="shipped")
    return order.number


# ---------------------------------------------------------------------------- catalogue


def test_home_page_budget(client, shop, product_factory, django_assert_max_num_queries):
    assert_fixed_and_within_budget(
        client,
        shop.home.url,
        "home",
        small=lambda: product_factory(),
        large=lambda: [
            product_factory(images=3, variants=[("S", None), ("M", None)]) for _ in range(7)
        ],
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


def test_listing_budget(client, shop, product_factory, django_assert_max_num_queries):
    def large():
        for _ in range(11):
            product_factory(
                images=3, variants=[("S", None), ("M", None), ("L", None)], stock=[0, 1, 2]
            )

    assert_fixed_and_within_budget(
        client,
        shop.index.url,
        "listing",
        small=lambda: product_factory(categories=[shop.apparel]),
        large=large,
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


def test_filtered_listing_budget(client, shop, product_factory, django_assert_max_num_queries):
    url = f"{shop.index.url}?category=apparel&min_price=1&max_price=100&in_stock=on&sort=price_asc"

    def large():
        for _ in range(11):
            product_factory(images=3, categories=[shop.apparel, shop.home_goods])

    assert_fixed_and_within_budget(
        client,
        url,
        "listing_filtered",
        small=lambda: product_factory(categories=[shop.apparel]),
        large=large,
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


def test_product_page_budget(client, shop, product_factory, django_assert_max_num_queries):
    plain = product_factory(images=1, variants=[("M", None)], categories=[shop.apparel])
    sizes = ["XS", "S", "M", "L", "XL", "XXL"]
    rich = product_factory(
        images=4,
        variants=[(size, "25.00" if size == "XL" else None) for size in sizes],
        stock=[0, 1, 2, 5, 6, 40],
        categories=[shop.apparel, shop.home_goods],
    )

    with_little = queries_to_show(client, plain.url)
    with_much = queries_to_show(client, rich.url)

    assert with_little == with_much, f"product: {with_little} vs {with_much} queries"
    with django_assert_max_num_queries(BUDGETS["product"]):
        client.get(rich.url)


# ---------------------------------------------------------------------------- cart and checkout


@pytest.fixture
def eight_variants(product_factory):
    """Eight products to put in the cart, and four more it suggests."""
    variants = products_for_cart(product_factory, 8)
    products_for_cart(product_factory, 4)
    return variants


@pytest.fixture(params=["guest", "customer"])
def shopper(request, client, shop):
    """The page's visitor: a guest, or a logged-in customer."""
    if request.param == "customer":
        client.force_login(make_user("ada"))
    return request.param


def test_cart_budget(client, shopper, eight_variants, django_assert_max_num_queries):
    first, *others = eight_variants
    assert_fixed_and_within_budget(
        client,
        reverse("storefront:cart"),
        f"cart_{shopper}",
        small=lambda: put_in_cart(client, first),
        large=lambda: [put_in_cart(client, variant, 2) for variant in others],
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


def test_checkout_details_budget(client, shopper, eight_variants, django_assert_max_num_queries):
    first, *others = eight_variants
    assert_fixed_and_within_budget(
        client,
        reverse("storefront:checkout"),
        f"checkout_details_{shopper}",
        small=lambda: put_in_cart(client, first),
        large=lambda: [put_in_cart(client, variant) for variant in others],
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


def test_checkout_review_budget(
    client, shop, shopper, eight_variants, django_assert_max_num_queries
):
    first, *others = eight_variants

    def small():
        put_in_cart(client, first)
        details = client.post(
            reverse("storefront:checkout"), {**ADDRESS, "shipping_method": shop.standard.pk}
        )
        assert details.status_code == 302

    assert_fixed_and_within_budget(
        client,
        reverse("storefront:checkout_review"),
        f"checkout_review_{shopper}",
        small=small,
        large=lambda: [put_in_cart(client, variant) for variant in others],
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


# ---------------------------------------------------------------------------- orders


def test_my_orders_budget(client, shop, product_factory, django_assert_max_num_queries):
    customer = make_user("ada")
    client.force_login(customer)
    variants = products_for_cart(product_factory, 3)

    assert_fixed_and_within_budget(
        client,
        reverse("storefront:my_orders"),
        "my_orders",
        small=lambda: shipped_order(shop, customer, variants[:1]),
        large=lambda: [shipped_order(shop, customer, variants) for _ in range(4)],
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


def test_order_detail_budget(client, shop, eight_variants, django_assert_max_num_queries):
    customer = make_user("ada")
    client.force_login(customer)
    small_order = shipped_order(shop, customer, eight_variants[:1])
    large_order = shipped_order(shop, customer, eight_variants)

    with_little = queries_to_show(client, reverse("storefront:order_detail", args=[small_order]))
    with_much = queries_to_show(client, reverse("storefront:order_detail", args=[large_order]))

    assert with_little == with_much, f"order_detail: {with_little} vs {with_much} queries"
    with django_assert_max_num_queries(BUDGETS["order_detail"]):
        client.get(reverse("storefront:order_detail", args=[large_order]))


@pytest.mark.parametrize(
    "name", ["storefront:login", "storefront:signup", "storefront:password_reset"]
)
def test_account_forms_budget(client, shop, name, django_assert_max_num_queries):
    client.get(reverse(name))  # Django's current site is looked up once per process
    with django_assert_max_num_queries(4):
        assert client.get(reverse(name)).status_code == 200


def test_account_privacy_budget(client, shop, product_factory, django_assert_max_num_queries):
    from storefront.core.services import marketing_consent_set

    customer = make_user("ada")
    client.force_login(customer)
    variants = products_for_cart(product_factory, 3)

    assert_fixed_and_within_budget(
        client,
        reverse("storefront:account_privacy"),
        "account_privacy",
        small=lambda: (
            marketing_consent_set(user=customer, consented=True),
            shipped_order(shop, customer, variants[:1]),
        ),
        large=lambda: [shipped_order(shop, customer, variants) for _ in range(3)],
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


# ---------------------------------------------------------------------------- reviews


def reviewed_product(product_factory, *, reviews: int, moderator):
    """A product with ``reviews`` published reviews; the 20 most helpful have a photo, a
    shop reply and a vote from "voter", so the first page shows all of that."""
    from storefront.reviews.models import ProductReview, ReviewPhoto
    from storefront.reviews.services import review_reply, review_summary_rebuild

    product = product_factory()
    reviews_made = add_reviews(product, count=reviews, helpful=True)
    for review in reviews_made[:20]:
        photo = ReviewPhoto(review=review, width=10, height=10)
        photo.image.name = "reviews/photos/a.jpg"
        photo.thumbnail.name = "reviews/photos/a-thumb.jpg"
        photo.save()
        review_reply(review=review, text="Thank you!", actor=moderator)
    review_summary_rebuild(product_ids=[product.pk])
    assert ProductReview.objects.filter(product=product, is_shop_reply=False).count() == reviews
    return product


def add_reviews(product, *, count: int, helpful: bool = False, start: int = 0):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from storefront.reviews.models import ProductReview

    content_type = ContentType.objects.get_for_model(product)
    made = []
    for n in range(start, start + count):
        made.append(
            ProductReview.objects.create(
                content_type=content_type,
                object_pk=str(product.pk),
                site_id=1,
                product=product,
                reviewer_key=f"email:r{n}@example.com",
                user_name=f"Reviewer {n}",
                user_email=f"r{n}@example.com",
                comment="Good product, would buy again.",
                submit_date=timezone.now(),
                rating=1 + n % 5,
                title=f"Review {n}",
                verified=n % 2 == 0,
                helpful_count=1000 - n if helpful and n < 20 else 0,
            )
        )
    return made


@pytest.mark.parametrize("visitor", ["guest", "customer"])
def test_product_page_with_reviews_budget(
    client, shop, product_factory, django_assert_max_num_queries, visitor
):
    """20 reviews on the first page with photos, replies and votes: the same queries with 20
    reviews as with 2,000."""
    from storefront.reviews.services import review_vote
    from tests.reviews.conftest import make_moderator

    moderator = make_moderator()
    product = reviewed_product(product_factory, reviews=20, moderator=moderator)
    product_factory(stock=5)  # something for the related products to suggest
    if visitor == "customer":
        voter = make_user("voter")
        from storefront.reviews.models import ProductReview

        for review in ProductReview.objects.filter(product=product, is_shop_reply=False):
            review_vote(review=review, user=voter, helpful=True)
        client.force_login(voter)
    url = f"{product.url}?r-sort=helpful"

    def large():
        from storefront.reviews.services import review_summary_rebuild

        add_reviews(product, count=1980, start=20)
        review_summary_rebuild(product_ids=[product.pk])

    assert_fixed_and_within_budget(
        client,
        url,
        f"product_reviews_{visitor}",
        small=lambda: None,
        large=large,
        django_assert_max_num_queries=django_assert_max_num_queries,
    )
    html = client.get(url).content.decode()
    assert html.count('class="review"') == 20
    assert html.count('class="shop-reply"') == 20
    assert "Review 0<" in html and "Review 1999<" not in html


def test_my_reviews_budget(client, shop, product_factory, django_assert_max_num_queries):
    """The customer's reviews with their products and replies, and the products still to
    review: the same queries for one as for many."""
    from storefront.reviews.services import review_reply, review_submit
    from tests.reviews.conftest import deliver, make_moderator

    moderator = make_moderator()
    customer = make_user("writer")
    client.force_login(customer)

    def buy_and_review(count, reviewed):
        products = [product_factory() for _ in range(count)]
        deliver(
            make_order(shop=shop, items=[(p.variants.get(), 1) for p in products], user=customer)
        )
        for product in products[:reviewed]:
            review = review_submit(
                product=product,
                user=customer,
                rating=4,
                title="Nice",
                text="Nice enough for what it costs.",
                name="Writer",
            )
            review_reply(review=review, text="Thank you!", actor=moderator)

    assert_fixed_and_within_budget(
        client,
        reverse("storefront:my_reviews"),
        "my_reviews",
        small=lambda: buy_and_review(2, reviewed=1),
        large=lambda: buy_and_review(8, reviewed=5),
        django_assert_max_num_queries=django_assert_max_num_queries,
    )
