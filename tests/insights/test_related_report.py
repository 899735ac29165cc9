"""Reports → Related products: per suggestion source, the clicks on suggestions and how many
of them the customer's next order followed, in the table, the exports and the chart; filtered
by date and by where the suggestion was shown.

The data (``click_data`` in conftest.py): seven clicks from 10 to 19 November 2026

========  ===========  ========  =====  ====  ==========================
click     source       place     who    what  when
========  ===========  ========  =====  ====  ==========================
1         pick         product   ada    belt  10 Nov 12:00   → bought
2         pick         product   ada    cap   15 Nov 00:00:00
3         pick         cart      guest  belt  15 Nov 12:00
4         co_purchase  product   ada    mug   18 Nov 23:59:59 → bought
5         co_purchase  cart      bob    belt  18 Nov 12:00
6         co_purchase  checkout  bob    cap   19 Nov 12:00   → bought
7         best_seller  product   guest  mug   19 Nov 12:00
========  ===========  ========  =====  ====  ==========================

and on 20 November Ada buys the belt and the mug, Bob the cap.

A source without clicks has no purchase rate ("—" on the page, an empty cell in the exports);
one whose clicks all went unbought has a rate of 0.0 %.
"""

import pytest
from django.test import Client

from storefront.orders.models import Order, OrderStatus
from storefront.orders.services import order_transition
from storefront.related.models import Place
from storefront.related.selectors import related_for
from tests.factories import make_user
from tests.insights.conftest import (
    at,
    chart_bars,
    chart_svg,
    chart_table,
    export_csv,
    export_xlsx,
    open_report,
    place_order,
    table_headings,
    table_rows,
)
from tests.related.conftest import pick

pytestmark = pytest.mark.django_db

SLUG = "related"
SOURCES = [
    ("pick", "Our pick"),
    ("co_purchase", "Customers also bought"),
    ("co_preference", "Customized by the same shoppers"),
    ("category", "Popular in this category"),
    ("best_seller", "Best seller"),
]


def shown(*figures: tuple[int, int, str | None]) -> list[list[str]]:
    """Table rows for the five sources in order from (clicks, purchases, rate) triples, a
    rate of None being no rate at all."""
    return [
        [label, str(clicks), str(bought), "—" if rate is None else f"{rate} %"]
        for (_code, label), (clicks, bought, rate) in zip(SOURCES, figures, strict=True)
    ]


NONE = (0, 0, None)  # no clicks: no rate


def test_the_table_lists_every_source_with_its_clicks_purchases_and_rate(reader, click_data):
    """Our pick 1 of 3 clicks bought (33.3 %), Customers also bought 2 of 3 (66.7 %), the best
    seller's click was a guest's; no clicks on the other two sources."""
    response = open_report(reader, SLUG)

    assert table_headings(response) == [
        "Source",
        "Clicks",
        "Purchases",
        "Clicks that led to a purchase",
    ]
    assert table_rows(response) == shown((3, 1, "33.3"), (3, 2, "66.7"), NONE, NONE, (1, 0, "0.0"))


def test_the_csv_export_holds_every_figure_with_the_source_codes(reader, click_data):
    assert export_csv(reader, SLUG) == [
        ["Source code", "Source", "Clicks", "Purchases", "Clicks that led to a purchase (%)"],
        ["pick", "Our pick", "3", "1", "33.3"],
        ["co_purchase", "Customers also bought", "3", "2", "66.7"],
        ["co_preference", "Customized by the same shoppers", "0", "0", ""],
        ["category", "Popular in this category", "0", "0", ""],
        ["best_seller", "Best seller", "1", "0", "0.0"],
    ]


def test_the_xlsx_export_holds_every_figure_as_numbers(reader, click_data):
    assert export_xlsx(reader, SLUG) == [
        ("Source code", "Source", "Clicks", "Purchases", "Clicks that led to a purchase (%)"),
        ("pick", "Our pick", 3, 1, 33.3),
        ("co_purchase", "Customers also bought", 3, 2, 66.7),
        ("co_preference", "Customized by the same shoppers", 0, 0, None),
        ("category", "Popular in this category", 0, 0, None),
        ("best_seller", "Best seller", 1, 0, 0),
    ]


def test_the_chart_draws_the_clicks_of_every_source(reader, click_data):
    response = open_report(reader, SLUG)
    svg = chart_svg(response)

    assert svg.find("title").get_text() == "Clicks per suggestion source"
    assert svg.find("desc").get_text() == (
        "Our pick: 3; Customers also bought: 3; Customized by the same shoppers: 0; "
        "Popular in this category: 0; Best seller: 1"
    )
    assert [(label, value) for label, value, _fill in chart_bars(response)] == [
        (label, value) for label, value in chart_table(response)
    ]
    assert chart_table(response) == [
        ("Our pick", "3"),
        ("Customers also bought", "3"),
        ("Customized by the same shoppers", "0"),
        ("Popular in this category", "0"),
        ("Best seller", "1"),
    ]


def test_a_source_without_clicks_has_no_purchase_rate(reader, click_data):
    """Nobody clicked a suggestion of the same shoppers' or of the category's: no rate,
    rather than a 0.0 % that would read as "clicked and never bought"."""
    shown_rows = {row[0]: row[1:] for row in table_rows(open_report(reader, SLUG))}
    exported = {row[0]: row[2:] for row in export_csv(reader, SLUG)[1:]}
    as_numbers = {row[0]: row[2:] for row in export_xlsx(reader, SLUG)[1:]}

    assert shown_rows["Customized by the same shoppers"] == ["0", "0", "—"]
    assert shown_rows["Popular in this category"] == ["0", "0", "—"]
    assert exported["co_preference"] == exported["category"] == ["0", "0", ""]
    assert as_numbers["co_preference"] == as_numbers["category"] == (0, 0, None)


def test_clicks_never_bought_are_a_purchase_rate_of_0_percent(reader, click_data):
    """The best seller's one click (a guest's) led to no order: 0 of 1 is 0.0 %."""
    best_seller = table_rows(open_report(reader, SLUG))[4]

    assert best_seller == ["Best seller", "1", "0", "0.0 %"]
    assert export_csv(reader, SLUG)[5][2:] == ["1", "0", "0.0"]
    assert export_xlsx(reader, SLUG)[5][2:] == (1, 0, 0)


def test_a_date_range_counts_the_clicks_of_its_first_and_last_day(reader, click_data):
    """15–18 November: clicks 2 (at midnight on the 15th) to 5 (4 at 23:59:59 on the 18th)."""
    response = open_report(reader, SLUG, created_at_from="2026-11-15", created_at_to="2026-11-18")

    assert table_rows(response) == shown((2, 0, "0.0"), (2, 1, "50.0"), NONE, NONE, NONE)


def test_a_date_range_leaves_out_the_days_around_it(reader, click_data):
    """16–18 November: the clicks of the 15th and the 19th stay out; clicks 4 and 5 remain."""
    response = open_report(reader, SLUG, created_at_from="2026-11-16", created_at_to="2026-11-18")

    assert table_rows(response) == shown(NONE, (2, 1, "50.0"), NONE, NONE, NONE)


@pytest.mark.parametrize(
    ("place", "figures"),
    [
        (Place.PRODUCT, [(2, 1, "50.0"), (1, 1, "100.0"), NONE, NONE, (1, 0, "0.0")]),
        (Place.CART, [(1, 0, "0.0"), (1, 0, "0.0"), NONE, NONE, NONE]),
        (Place.CHECKOUT, [NONE, (1, 1, "100.0"), NONE, NONE, NONE]),
    ],
)
def test_the_place_filter_counts_the_clicks_on_suggestions_shown_there(
    reader, click_data, place, figures
):
    response = open_report(reader, SLUG, place=place)

    assert table_rows(response) == shown(*figures)


def test_place_and_dates_combine(reader, click_data):
    """Product pages, 15–18 November: clicks 2 (pick, not bought) and 4 (bought)."""
    filters = {"place": "product", "created_at_from": "2026-11-15", "created_at_to": "2026-11-18"}

    assert table_rows(open_report(reader, SLUG, **filters)) == shown(
        (1, 0, "0.0"), (1, 1, "100.0"), NONE, NONE, NONE
    )
    assert export_csv(reader, SLUG, **filters)[1:] == [
        ["pick", "Our pick", "1", "0", "0.0"],
        ["co_purchase", "Customers also bought", "1", "1", "100.0"],
        ["co_preference", "Customized by the same shoppers", "0", "0", ""],
        ["category", "Popular in this category", "0", "0", ""],
        ["best_seller", "Best seller", "0", "0", ""],
    ]


def test_a_followed_suggestion_link_and_the_order_after_it_are_counted(
    reader, shop, product_factory, committed
):
    """End to end: a customer follows the tee page's pick to the belt and buys it."""
    tee = product_factory(title="Tee", images=0)
    belt = product_factory(title="Belt", images=0)
    pick(tee, belt, label="Goes well with")
    grace = make_user("grace")
    shopper = Client()
    shopper.force_login(grace)

    link = related_for(product_ids=[tee.pk], place=Place.PRODUCT)[0].click_url
    assert link.startswith("/related/go/")
    assert shopper.get(link).status_code == 302
    with committed():
        place_order(shop, grace, (belt.variants.get(), 1))

    response = open_report(reader, SLUG)
    assert table_rows(response) == shown((1, 1, "100.0"), NONE, NONE, NONE, NONE)


def test_a_click_whose_order_was_cancelled_is_no_purchase(reader, click_data, committed):
    with at("2026-11-21 12:00:00"), committed():
        order_transition(
            order=Order.objects.get(user=click_data["people"]["bob"]),
            to_status=OrderStatus.CANCELLED,
        )

    response = open_report(reader, SLUG)

    assert table_rows(response) == shown((3, 1, "33.3"), (3, 1, "33.3"), NONE, NONE, (1, 0, "0.0"))
