"""Reports → Reviews: per product with published reviews, lowest average first, the stars
given, the verified share, and how often and how fast the shop replied; the same figures in
the exports, the stars of all products in the chart, totals above; filtered by the date
written, category and a minimum number of reviews.

Reviews written through the review services in November 2026 (✓: a verified buyer; held
and rejected reviews are not published and count nowhere):

=====  =====  ===  =======================  ======================  ====================
prod.  who    ★    written                  status                  shop reply after
=====  =====  ===  =======================  ======================  ====================
Mug    ada ✓  5    2 Nov 10:00              published at once       6 h
Mug    bob    2    5 Nov 09:00              approved                24 h
Mug    cy     4    10 Nov 12:00             held                    —
Lamp   ada ✓  3    3 Nov 12:00              published at once       —
Lamp   bob    1    12 Nov 23:59:59          approved                —
Lamp   cy     2    8 Nov 00:00:00           approved                3 h
Scarf  bob    4    20 Nov 12:00             approved                —
Scarf  cy     5    21 Nov 12:00             rejected                —
=====  =====  ===  =======================  ======================  ====================

Mug: 2 reviews, (5 + 2) / 2 = 3.50, 1 of 2 verified (50.0 %), 2 replied (100.0 %) after
(6 + 24) / 2 = 15.0 h. Lamp: 3 reviews, (3 + 1 + 2) / 3 = 2.00, 1 of 3 verified (33.3 %),
1 replied (33.3 %) after 3.0 h. Scarf: 1 review, 4.00, none verified or replied (0.0 %,
a real share of its one review) and so no time to reply ("—", an empty cell in the exports).
A share of no reviews at all is no share: "—".
"""

import pytest

from storefront.reviews.models import ProductReview
from storefront.reviews.services import review_moderate, review_reply, review_submit
from tests.factories import deliver, make_order, make_user
from tests.insights.conftest import (
    at,
    chart_bars,
    chart_svg,
    chart_table,
    export_csv,
    export_xlsx,
    open_report,
    summary,
    table_headings,
    table_rows,
)
from tests.reviews.conftest import make_moderator

pytestmark = pytest.mark.django_db

SLUG = "reviews"
TEXT = "Exactly as described and well made, would buy it again."
EXPORT_HEADINGS = [
    "Product",
    "Average rating",
    "Reviews",
    "5 stars",
    "4 stars",
    "3 stars",
    "2 stars",
    "1 stars",
    "Verified",
    "Verified (%)",
    "Replied",
    "Replied (%)",
    "Hours to reply (average)",
]


@pytest.fixture
def review_data(shop, product_factory, committed):
    mug = product_factory(title="Mug", categories=[shop.home_goods], images=0)
    lamp = product_factory(title="Lamp", categories=[shop.home_goods], images=0)
    scarf = product_factory(title="Scarf", categories=[shop.apparel], images=0)
    ada, bob, cy = make_user("ada"), make_user("bob"), make_user("cy")
    moderator = make_moderator()
    with at("2026-10-25 12:00:00"), committed():
        deliver(
            make_order(
                shop=shop, items=[(mug.variants.get(), 1), (lamp.variants.get(), 1)], user=ada
            )
        )

    def write(product, user, stars, when, *, status=None, reply_at=None):
        with at(when), committed():
            review = review_submit(
                product=product,
                rating=stars,
                title="Review",
                text=TEXT,
                name=user.username,
                user=user,
            )
        if status:
            review_moderate(review=review, status=status, actor=moderator)
        if reply_at:
            with at(reply_at), committed():
                review_reply(review=review, text="Thank you for your review!", actor=moderator)
        return review

    write(mug, ada, 5, "2026-11-02 10:00:00", reply_at="2026-11-02 16:00:00")
    write(mug, bob, 2, "2026-11-05 09:00:00", status="approved", reply_at="2026-11-06 09:00:00")
    held = write(mug, cy, 4, "2026-11-10 12:00:00")
    write(lamp, ada, 3, "2026-11-03 12:00:00")
    write(lamp, bob, 1, "2026-11-12 23:59:59", status="approved")
    write(lamp, cy, 2, "2026-11-08 00:00:00", status="approved", reply_at="2026-11-08 03:00:00")
    write(scarf, bob, 4, "2026-11-20 12:00:00", status="approved")
    write(scarf, cy, 5, "2026-11-21 12:00:00", status="rejected")
    assert not ProductReview.norel_objects.get(pk=held.pk).is_public


def test_the_table_lists_products_lowest_average_first_with_every_figure(reader, review_data):
    response = open_report(reader, SLUG)

    assert table_headings(response) == [
        "Product",
        "Average",
        "Reviews",
        "5★",
        "4★",
        "3★",
        "2★",
        "1★",
        "Verified",
        "Replied",
        "Hours to reply (average)",
    ]
    assert table_rows(response) == [
        ["Lamp", "2.00", "3", "0", "0", "1", "1", "1", "33.3 %", "33.3 %", "3.0"],
        ["Mug", "3.50", "2", "1", "0", "0", "1", "0", "50.0 %", "100.0 %", "15.0"],
        ["Scarf", "4.00", "1", "0", "1", "0", "0", "0", "0.0 %", "0.0 %", "—"],
    ]


def test_the_csv_export_holds_every_figure(reader, review_data):
    assert export_csv(reader, SLUG) == [
        EXPORT_HEADINGS,
        ["Lamp", "2.00", "3", "0", "0", "1", "1", "1", "1", "33.3", "1", "33.3", "3.0"],
        ["Mug", "3.50", "2", "1", "0", "0", "1", "0", "1", "50.0", "2", "100.0", "15.0"],
        ["Scarf", "4.00", "1", "0", "1", "0", "0", "0", "0", "0.0", "0", "0.0", ""],
    ]


def test_the_xlsx_export_holds_every_figure_as_numbers(reader, review_data):
    assert export_xlsx(reader, SLUG) == [
        tuple(EXPORT_HEADINGS),
        ("Lamp", 2, 3, 0, 0, 1, 1, 1, 1, 33.3, 1, 33.3, 3),
        ("Mug", 3.5, 2, 1, 0, 0, 1, 0, 1, 50, 2, 100, 15),
        ("Scarf", 4, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, None),
    ]


def test_the_summary_totals_the_products_shown(reader, review_data):
    """6 reviews, 2 verified (33.3 %), 3 replied (50.0 %)."""
    assert summary(open_report(reader, SLUG)) == {
        "Products": "3",
        "Reviews": "6",
        "Verified": "33.3 %",
        "Replied": "50.0 %",
    }


def test_the_chart_counts_the_stars_given(reader, review_data):
    response = open_report(reader, SLUG)

    assert chart_svg(response).find("title").get_text() == "Ratings given, all products shown"
    assert chart_svg(response).find("desc").get_text() == "5★: 1; 4★: 1; 3★: 1; 2★: 2; 1★: 1"
    assert chart_bars(response) == [
        ("5★", "1", "#f59e0b"),
        ("4★", "1", "#f59e0b"),
        ("3★", "1", "#f59e0b"),
        ("2★", "2", "#f59e0b"),
        ("1★", "1", "#f59e0b"),
    ]
    assert chart_table(response) == [
        ("5★", "1"),
        ("4★", "1"),
        ("3★", "1"),
        ("2★", "2"),
        ("1★", "1"),
    ]


def test_a_date_range_counts_the_reviews_of_its_first_and_last_day(reader, review_data):
    """8–12 November: Cy's review of the lamp at midnight on the 8th and Bob's at 23:59:59
    on the 12th; (2 + 1) / 2 = 1.50."""
    response = open_report(reader, SLUG, submit_date_from="2026-11-08", submit_date_to="2026-11-12")

    assert table_rows(response) == [
        ["Lamp", "1.50", "2", "0", "0", "0", "1", "1", "0.0 %", "50.0 %", "3.0"],
    ]


def test_the_category_filter_keeps_its_products(reader, review_data, shop):
    response = open_report(reader, SLUG, category=shop.apparel.pk)

    assert table_rows(response) == [
        ["Scarf", "4.00", "1", "0", "1", "0", "0", "0", "0.0 %", "0.0 %", "—"],
    ]


def test_a_minimum_number_of_reviews_leaves_out_products_with_fewer(reader, review_data):
    response = open_report(reader, SLUG, min_reviews=2)

    assert [row[:3] for row in table_rows(response)] == [
        ["Lamp", "2.00", "3"],
        ["Mug", "3.50", "2"],
    ]
    assert summary(response) == {
        "Products": "2",
        "Reviews": "5",
        "Verified": "40.0 %",
        "Replied": "60.0 %",
    }
    assert [row[0] for row in export_csv(reader, SLUG, min_reviews=2)[1:]] == ["Lamp", "Mug"]


def test_a_period_without_reviews_has_no_verified_or_replied_share(reader, review_data):
    """December: no reviews written, so no share of them verified or replied ("—"), rather
    than a 0.0 % that would read as "none of them"."""
    response = open_report(reader, SLUG, submit_date_from="2026-12-01", submit_date_to="2026-12-31")

    assert table_rows(response) == []
    assert summary(response) == {
        "Products": "0",
        "Reviews": "0",
        "Verified": "—",
        "Replied": "—",
    }


def test_reviews_none_verified_or_replied_are_a_share_of_0_percent(reader, review_data, shop):
    """Apparel: the scarf's one published review is neither verified nor replied to: 0 of 1
    is 0.0 %, in the table, the summary and the exports."""
    filters = {"category": shop.apparel.pk}
    response = open_report(reader, SLUG, **filters)

    assert table_rows(response)[0][8:10] == ["0.0 %", "0.0 %"]
    assert summary(response) == {
        "Products": "1",
        "Reviews": "1",
        "Verified": "0.0 %",
        "Replied": "0.0 %",
    }
    assert export_csv(reader, SLUG, **filters)[1][8:12] == ["0", "0.0", "0", "0.0"]
    assert export_xlsx(reader, SLUG, **filters)[1][8:12] == (0, 0, 0, 0)
