"""Reports → Design funnel: per customizable product, the events of each step (viewed,
selected, saved, carted, ordered) and each step per the one before, most viewed first; the
steps of all products in the chart; filtered by date and category.

On ``preference_data`` (conftest.py): the tee was viewed once, had 6 selections, 1 save,
2 carts and 1 order: 6 / 1 = 600.0 % selected per view, 1 / 6 = 16.7 % saved per selection,
2 / 1 = 200.0 % carted per save, 1 / 2 = 50.0 % ordered per cart, 1 / 1 = 100.0 % ordered per
view. The cushion: 2 selections, never viewed: 0 / 2 = 0.0 % saved per selection, and no
rate at all ("—", an empty cell in the exports) for a step after one that never happened:
per view (never viewed), per save (never saved), per cart (never carted) and ordered per view.
"""

import pytest

from tests.insights.conftest import (
    D3,
    chart_svg,
    chart_table,
    export_csv,
    export_xlsx,
    open_report,
    table_headings,
    table_rows,
)

pytestmark = pytest.mark.django_db

SLUG = "funnel"
# The cushion, never viewed, saved or carted: only its selections have a rate (0 of 2 saved).
CUSHION = ["Custom cushion", "0", "2", "—", "0", "0.0 %", "0", "—", "0", "—", "—"]


def test_the_table_shows_each_step_and_its_rate_most_viewed_first(reader, preference_data):
    response = open_report(reader, SLUG)

    assert table_headings(response) == [
        "Product",
        "Viewed",
        "Selected",
        "per view",
        "Saved",
        "per selection",
        "Carted",
        "per save",
        "Ordered",
        "per cart",
        "Ordered per view",
    ]
    assert table_rows(response) == [
        [
            "Custom tee",
            "1",
            "6",
            "600.0 %",
            "1",
            "16.7 %",
            "2",
            "200.0 %",
            "1",
            "50.0 %",
            "100.0 %",
        ],
        CUSHION,
    ]


def test_the_exports_hold_every_figure(reader, preference_data):
    headings = [
        "Product",
        "Viewed",
        "Selected",
        "Selected per view (%)",
        "Saved",
        "Saved per selection (%)",
        "Carted",
        "Carted per save (%)",
        "Ordered",
        "Ordered per cart (%)",
        "Ordered per view (%)",
    ]

    assert export_csv(reader, SLUG) == [
        headings,
        ["Custom tee", "1", "6", "600.0", "1", "16.7", "2", "200.0", "1", "50.0", "100.0"],
        ["Custom cushion", "0", "2", "", "0", "0.0", "0", "", "0", "", ""],
    ]
    assert export_xlsx(reader, SLUG) == [
        tuple(headings),
        ("Custom tee", 1, 6, 600, 1, 16.7, 2, 200, 1, 50, 100),
        ("Custom cushion", 0, 2, None, 0, 0, 0, None, 0, None, None),
    ]


def test_the_chart_adds_up_each_step_over_the_products_shown(reader, preference_data):
    response = open_report(reader, SLUG)

    svg = chart_svg(response)
    assert svg.find("title").get_text() == "Design funnel, all products shown (events)"
    assert svg.find("desc").get_text() == "Viewed: 1; Selected: 8; Saved: 1; Carted: 2; Ordered: 1"
    assert chart_table(response) == [
        ("Viewed", "1"),
        ("Selected", "8"),
        ("Saved", "1"),
        ("Carted", "2"),
        ("Ordered", "1"),
    ]


def test_the_date_and_category_filters_narrow_the_funnel(reader, preference_data, shop):
    """12 March: neither product viewed (ranked by name). The cushion: 1 selection, nothing
    saved (0 of 1). The tee: 1 selection, nothing saved (0 of 1), yet 2 carts (no save to
    count them per) and 1 order (1 / 2 = 50.0 % per cart). Home: the cushion alone."""
    assert table_rows(open_report(reader, SLUG, day_from=D3, day_to=D3)) == [
        ["Custom cushion", "0", "1", "—", "0", "0.0 %", "0", "—", "0", "—", "—"],
        ["Custom tee", "0", "1", "—", "0", "0.0 %", "2", "—", "1", "50.0 %", "—"],
    ]
    assert table_rows(open_report(reader, SLUG, category=shop.home_goods.pk)) == [CUSHION]


def test_a_product_never_viewed_has_no_rate_per_view(reader, preference_data):
    """The cushion's 2 selections were made without a view counted: "per view" and "ordered
    per view" are no rate at all, not 0.0 %; nor are "per save" and "per cart" after steps
    that never happened."""
    cushion = table_rows(open_report(reader, SLUG))[1]

    assert cushion[:4] == ["Custom cushion", "0", "2", "—"]
    assert (cushion[7], cushion[9], cushion[10]) == ("—", "—", "—")


def test_a_step_that_never_followed_is_a_rate_of_0_percent(reader, preference_data):
    """The cushion was selected twice and never saved: 0 / 2 = 0.0 % per selection, a real
    rate, in the table and in both exports."""
    assert table_rows(open_report(reader, SLUG))[1][4:6] == ["0", "0.0 %"]
    assert export_csv(reader, SLUG)[2][4:6] == ["0", "0.0"]
    assert export_xlsx(reader, SLUG)[2][4:6] == (0, 0)
