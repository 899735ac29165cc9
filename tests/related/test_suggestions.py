"""What ``related_for`` suggests and in which order: editor picks, co-purchase, co-preference,
best sellers of the same category, then of the shop; never the product itself, nothing
unpublished or sold out; editors' exclusions hide computed suggestions only."""

import pytest
from django.contrib.auth import get_user_model

from storefront.products.models import ProductPage
from storefront.products.services import stock_set
from storefront.related.models import PairCount, Place, RelatedScore, Source
from storefront.related.selectors import click_read, related_for
from storefront.related.services import related_exclude, related_include, related_rebuild
from tests.related.conftest import (
    customize,
    make_customizable,
    make_template,
    partners,
    pick,
    variant_of,
)

pytestmark = pytest.mark.django_db


def shown(product_ids, *, place=Place.PRODUCT, limit=None) -> list[tuple[int, str]]:
    """(product id, source) of each suggestion, in order."""
    return [
        (suggestion.product.pk, suggestion.source)
        for suggestion in related_for(product_ids=product_ids, place=place, limit=limit)
    ]


def ids(product_ids, **kwargs) -> list[int]:
    return [product_id for product_id, _source in shown(product_ids, **kwargs)]


def sell(product: ProductPage, count: int) -> None:
    ProductPage.objects.filter(pk=product.pk).update(sales_count=count)


def sold_out(product: ProductPage) -> None:
    for variant in product.variants.all():
        stock_set(variant=variant, quantity=0)


@pytest.fixture
def catalogue(shop, make, buy, customizable):
    """A customizable tee with one product from every source, and some more best sellers:

    - picks: ``goes_with`` (sort 0, labelled) and ``plain_pick`` (sort 1, no label)
    - co-purchase: ``bought`` (bought with the tee twice)
    - co-preference: ``styled`` (same template, customized by the same two visitors)
    - category: ``apparel_top`` (40 sold) and ``apparel_next`` (30 sold), both Apparel
    - shop best sellers: ``best`` (100 sold), ``runner_up`` (50 sold)
    """
    tee = customizable.product
    tee.categories.set([shop.apparel])
    tee.save()  # a parental many-to-many is written on save
    products = {
        "tee": tee,
        "goes_with": make(title="Belt"),
        "plain_pick": make(title="Socks"),
        "bought": make(title="Cap"),
        "styled": make_customizable(make, customizable.template, title="Hoodie"),
        "apparel_top": make(title="Scarf", categories=[shop.apparel]),
        "apparel_next": make(title="Gloves", categories=[shop.apparel]),
        "best": make(title="Mug", categories=[shop.home_goods]),
        "runner_up": make(title="Poster"),
    }
    pick(tee, products["plain_pick"], sort_order=1)
    pick(tee, products["goes_with"], label="Goes well with", sort_order=0)
    buy(tee, products["bought"])
    buy(tee, products["bought"])
    for visitor in ("v1", "v2"):
        customize(tee, customizable.navy, visitor=visitor)
        customize(products["styled"], customizable.red, visitor=visitor)
    related_rebuild()
    for name, count in [("apparel_top", 40), ("apparel_next", 30), ("best", 100)]:
        sell(products[name], count)
    sell(products["runner_up"], 50)
    return products


def test_suggestions_come_from_each_source_in_order(catalogue):
    p = catalogue

    assert shown([p["tee"].pk], limit=8) == [
        (p["goes_with"].pk, Source.PICK),
        (p["plain_pick"].pk, Source.PICK),
        (p["bought"].pk, Source.CO_PURCHASE),
        (p["styled"].pk, Source.CO_PREFERENCE),
        (p["apparel_top"].pk, Source.CATEGORY),
        (p["apparel_next"].pk, Source.CATEGORY),
        (p["best"].pk, Source.BEST_SELLER),
        (p["runner_up"].pk, Source.BEST_SELLER),
    ]


def test_each_suggestion_carries_its_sources_label(catalogue):
    labels = [s.label for s in related_for(product_ids=[catalogue["tee"].pk], place="product")]

    assert labels == [
        "Goes well with",
        "Our pick",
        "Customers also bought",
        "Customized by the same shoppers",
    ]


def test_as_many_suggestions_as_the_setting_says_are_shown(settings, catalogue):
    assert len(ids([catalogue["tee"].pk])) == 4

    settings.STOREFRONT_RELATED_SHOWN = 6

    assert len(ids([catalogue["tee"].pk])) == 6


def test_picks_follow_their_sort_order(make):
    page, first, second, third = make(), make(), make(), make()
    pick(page, third, sort_order=2)
    pick(page, first, sort_order=0)
    pick(page, second, sort_order=1)

    assert shown([page.pk], limit=3) == [
        (first.pk, Source.PICK),
        (second.pk, Source.PICK),
        (third.pk, Source.PICK),
    ]


def test_a_product_is_never_suggested_for_itself(make):
    tee = make()
    pick(tee, tee, label="Itself")
    others = [make() for _ in range(3)]

    assert tee.pk not in ids([tee.pk], limit=10)
    assert set(ids([tee.pk], limit=10)) == {product.pk for product in others}


def test_unpublished_products_are_never_suggested(make, buy):
    tee, hidden_pick, hidden_partner, visible = make(), make(), make(), make()
    pick(tee, hidden_pick)
    buy(tee, hidden_partner)
    buy(tee, hidden_partner)
    hidden_pick.unpublish()
    hidden_partner.unpublish()

    assert ids([tee.pk], limit=10) == [visible.pk]


def test_sold_out_products_are_never_suggested(make, buy):
    tee, empty_pick, empty_partner, stocked = make(), make(), make(), make()
    pick(tee, empty_pick)
    buy(tee, empty_partner)
    buy(tee, empty_partner)
    sold_out(empty_pick)
    sold_out(empty_partner)
    make(stock=0)  # never in stock at all

    assert ids([tee.pk], limit=10) == [stocked.pk]


def test_a_product_with_one_variant_in_stock_is_suggested(make):
    tee = make()
    sizes = make(variants=[("S", None), ("M", None)], stock=[0, 3])

    assert ids([tee.pk]) == [sizes.pk]


def test_category_best_sellers_come_by_sales(shop, make):
    tee = make(categories=[shop.apparel])
    slow = make(categories=[shop.apparel])
    fast = make(categories=[shop.apparel])
    sell(slow, 3)
    sell(fast, 9)
    shop_best = make()
    sell(shop_best, 500)

    assert shown([tee.pk], limit=3) == [
        (fast.pk, Source.CATEGORY),
        (slow.pk, Source.CATEGORY),
        (shop_best.pk, Source.BEST_SELLER),
    ]


def test_sold_out_partners_leave_room_for_best_sellers(make, buy):
    hub = make()
    partners_of_hub = [make() for _ in range(12)]
    buy(hub, *partners_of_hub)
    buy(hub, *partners_of_hub)
    for index in range(4):
        pick(hub, make(), sort_order=index)
    for product in [*partners_of_hub, *(p.product for p in hub.related_picks.all())]:
        sold_out(product)
    spare = make()

    assert ids([hub.pk]) == [spare.pk]


def test_an_in_stock_pick_after_many_sold_out_ones_still_comes_first(make):
    hub = make()
    for index in range(16):
        sold_out_pick = make()
        pick(hub, sold_out_pick, sort_order=index)
        sold_out(sold_out_pick)
    in_stock = make()
    pick(hub, in_stock, sort_order=16)
    for _ in range(4):
        make()

    assert shown([hub.pk])[0] == (in_stock.pk, Source.PICK)


def test_a_co_purchase_partner_keeps_its_place_though_it_is_also_a_best_seller(make, buy):
    tee, cap = make(), make()
    buy(tee, cap)
    buy(tee, cap)

    assert shown([tee.pk], limit=1) == [(cap.pk, Source.CO_PURCHASE)]


# ---------------------------------------------------------------------------- exclusions


def test_an_exclusion_hides_a_computed_suggestion(catalogue):
    tee, bought = catalogue["tee"], catalogue["bought"]

    related_exclude(product=tee, other=bought, user=None)

    assert bought.pk not in ids([tee.pk], limit=20)


def test_an_exclusion_hides_a_best_seller_too(catalogue):
    tee, best = catalogue["tee"], catalogue["best"]

    related_exclude(product=tee, other=best, user=None)

    assert best.pk not in ids([tee.pk], limit=20)


def test_an_exclusion_does_not_hide_the_editors_own_pick(catalogue):
    tee, goes_with = catalogue["tee"], catalogue["goes_with"]

    related_exclude(product=tee, other=goes_with, user=None)

    assert shown([tee.pk])[0] == (goes_with.pk, Source.PICK)


def test_an_exclusion_is_for_one_product_only(catalogue, make, buy):
    tee, bought = catalogue["tee"], catalogue["bought"]
    related_exclude(product=tee, other=bought, user=None)
    hat = make()
    buy(hat, bought)
    buy(hat, bought)

    assert shown([hat.pk])[0] == (bought.pk, Source.CO_PURCHASE)


def test_including_an_excluded_suggestion_brings_it_back(catalogue):
    tee, bought = catalogue["tee"], catalogue["bought"]
    editor = get_user_model().objects.create_user("editor", "editor@example.com", "pw")
    exclusion = related_exclude(product=tee, other=bought, user=editor)
    assert exclusion.created_by == editor

    assert related_include(product=tee, other=bought) is True

    assert (bought.pk, Source.CO_PURCHASE) in shown([tee.pk])
    assert related_include(product=tee, other=bought) is False


def test_excluding_twice_keeps_one_exclusion(catalogue):
    tee, bought = catalogue["tee"], catalogue["bought"]

    first = related_exclude(product=tee, other=bought, user=None)
    second = related_exclude(product=tee, other=bought, user=None)

    assert first.pk == second.pk


# ---------------------------------------------------------------------------- cart


def test_cart_suggestions_never_repeat_what_is_in_the_cart(catalogue):
    tee, bought = catalogue["tee"], catalogue["bought"]

    suggested = ids([tee.pk, bought.pk], place=Place.CART, limit=20)

    assert tee.pk not in suggested and bought.pk not in suggested
    assert len(suggested) == len(set(suggested))


def test_cart_suggestions_add_up_the_scores_of_every_product_in_it(make, buy):
    tee, jeans, belt, socks = make(), make(), make(), make()
    # belt goes with both tee and jeans; socks only (more strongly) with the tee
    for basket in [(tee, socks)] * 3 + [(tee, belt)] * 2 + [(jeans, belt)] * 2:
        buy(*basket)
    assert partners(tee) == [socks.pk, belt.pk]

    assert shown([tee.pk, jeans.pk], place=Place.CART, limit=2) == [
        (belt.pk, Source.CO_PURCHASE),
        (socks.pk, Source.CO_PURCHASE),
    ]


def test_an_empty_cart_gets_no_suggestions(make):
    make()

    assert related_for(product_ids=[], place=Place.CART) == []


def test_cart_and_checkout_links_name_no_product_page(make):
    tee, cap = make(), make()

    for place in (Place.CART, Place.CHECKOUT):
        (suggestion,) = related_for(product_ids=[tee.pk], place=place)
        token = suggestion.click_url.rstrip("/").rsplit("/", 1)[-1]
        assert click_read(token) == (None, cap.pk, Source.BEST_SELLER, place)


# ---------------------------------------------------------------------------- cold start


def test_a_shop_without_orders_suggests_its_best_sellers(make):
    tee = make()
    others = [make() for _ in range(5)]
    sell(others[3], 7)

    assert shown([tee.pk]) == [
        (others[3].pk, Source.BEST_SELLER),
        (others[0].pk, Source.BEST_SELLER),
        (others[1].pk, Source.BEST_SELLER),
        (others[2].pk, Source.BEST_SELLER),
    ]


def test_a_new_product_gets_the_best_sellers_of_its_category(shop, make, buy):
    old_tee, cap = make(categories=[shop.apparel]), make()
    buy(old_tee, cap)
    buy(old_tee, cap)
    buy(old_tee)
    new_tee = make(categories=[shop.apparel])

    assert shown([new_tee.pk], limit=2) == [
        (old_tee.pk, Source.CATEGORY),
        (cap.pk, Source.BEST_SELLER),
    ]


def test_a_new_customizable_product_gets_products_sharing_its_swatches(make, customizable):
    tee, navy = customizable.product, customizable.navy
    for visitor in ("v1", "v2"):
        customize(tee, navy, visitor=visitor)
    mug = make_customizable(make, make_template("Mug", [customizable.gold, navy]))
    make_customizable(make, make_template("Plate", [customizable.white]))  # nothing chosen

    related_rebuild()

    assert shown([mug.pk], limit=1) == [(tee.pk, Source.CO_PREFERENCE)]
    row = RelatedScore.objects.get(product=mug, source=Source.CO_PREFERENCE, other=tee)
    assert (row.rank, row.support) == (1, 0)


def test_shared_swatch_partners_are_ranked_by_the_swatches_chosen(make, customizable):
    tee, navy, red, gold = (
        customizable.product,
        customizable.navy,
        customizable.red,
        customizable.gold,
    )
    for visitor in ("v1", "v2", "v3"):
        customize(tee, navy, visitor=visitor)
    customize(tee, red, visitor="v4")
    navy_mug = make_customizable(make, make_template("Navy mug", [navy, gold]))
    red_mug = make_customizable(make, make_template("Red mug", [red, gold]))

    related_rebuild()

    # tee chose navy 3, red 1: cosine with {navy, gold} is 3/(sqrt(10)*sqrt(2)) = .671,
    # with {red, gold} 1/(sqrt(10)*sqrt(2)) = .224
    assert partners(tee, Source.CO_PREFERENCE) == [navy_mug.pk, red_mug.pk]
    scores = RelatedScore.objects.filter(product=tee, source=Source.CO_PREFERENCE)
    assert sorted(scores.values_list("score", flat=True)) == pytest.approx([0.2236, 0.6708], 1e-3)


# ---------------------------------------------------------------------------- co-preference


@pytest.fixture
def tee_and_mug(make, customizable):
    """Two customizable products whose templates share no swatch."""
    mug = make_customizable(make, make_template("Mug", [customizable.gold]))
    return customizable.product, mug


def test_two_shoppers_customizing_the_same_products_tie_them_together(tee_and_mug, customizable):
    tee, mug = tee_and_mug
    for visitor in ("v1", "v2"):
        customize(tee, customizable.navy, visitor=visitor)
        customize(mug, customizable.gold, visitor=visitor)

    related_rebuild()

    assert shown([tee.pk], limit=1) == [(mug.pk, Source.CO_PREFERENCE)]
    row = RelatedScore.objects.get(product=tee, source=Source.CO_PREFERENCE)
    assert (row.other_id, row.support, row.score) == (mug.pk, 2, pytest.approx(1.0))


def test_an_account_and_a_visitor_are_two_shoppers(tee_and_mug, customizable):
    tee, mug = tee_and_mug
    ada = get_user_model().objects.create_user("ada", "ada@example.com", "pw")
    customize(tee, customizable.navy, user=ada)
    customize(mug, customizable.gold, user=ada)
    customize(tee, customizable.red, visitor="v1")
    customize(mug, customizable.gold, visitor="v1")

    result = related_rebuild()

    assert result.shoppers == 2
    assert partners(tee, Source.CO_PREFERENCE) == [mug.pk]


def test_one_shopper_is_not_enough_support(tee_and_mug, customizable):
    tee, mug = tee_and_mug
    customize(tee, customizable.navy, visitor="v1")
    customize(mug, customizable.gold, visitor="v1")

    related_rebuild()

    assert PairCount.objects.filter(source=Source.CO_PREFERENCE).get().baskets == 1
    assert partners(tee, Source.CO_PREFERENCE) == []


def test_products_only_viewed_by_the_same_shoppers_are_not_tied(tee_and_mug, customizable):
    tee, mug = tee_and_mug
    for visitor in ("v1", "v2"):
        customize(tee, customizable.navy, visitor=visitor, kind="viewed")
        customize(mug, customizable.gold, visitor=visitor, kind="viewed")

    related_rebuild()

    assert not PairCount.objects.filter(source=Source.CO_PREFERENCE).exists()
    assert partners(tee, Source.CO_PREFERENCE) == []
    assert (mug.pk, Source.CO_PREFERENCE) not in shown([tee.pk], limit=10)


def test_saved_choices_count_like_selected_ones(tee_and_mug, customizable):
    tee, mug = tee_and_mug
    customize(tee, customizable.navy, visitor="v1", kind="saved")
    customize(mug, customizable.gold, visitor="v1", kind="saved")
    customize(tee, customizable.navy, visitor="v2")
    customize(mug, customizable.gold, visitor="v2", kind="saved")

    related_rebuild()

    assert partners(mug, Source.CO_PREFERENCE) == [tee.pk]


def test_co_preference_is_learned_by_the_rebuild_not_by_orders(tee_and_mug, customizable, buy):
    tee, mug = tee_and_mug
    for visitor in ("v1", "v2"):
        customize(tee, customizable.navy, visitor=visitor)
        customize(mug, customizable.gold, visitor=visitor)
    assert partners(tee, Source.CO_PREFERENCE) == []

    buy(variant_of(tee))  # an order updates co-purchase only

    assert partners(tee, Source.CO_PREFERENCE) == []
    related_rebuild()
    assert partners(tee, Source.CO_PREFERENCE) == [mug.pk]
