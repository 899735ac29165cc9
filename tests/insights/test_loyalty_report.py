"""Reports → Loyalty points: points per month and kind of ledger entry, newest month first,
in the table, the exports and the chart; above them the standing now: members, spendable
points, their value (the shop's liability), pending points and members per tier. The date
filter narrows the months, not the standing.

Reversals, written when an order is cancelled or returned, go both ways and are two columns:
"given back" (the points the customer spent on the order, back to them: positive entries)
and "taken back" (the points earned on it, withdrawn: negative entries, shown positive).

The ledger is ``loyalty_data``'s (conftest.py); per month:

=======  ======  ======  =====  =====  =====  =======  ========  =========  ======================
month    earned  bonus   spent  given  taken  expired  adjusted  forfeited  net
                                back   back
=======  ======  ======  =====  =====  =====  =======  ========  =========  ======================
2026-11  35+20   10      100    0      20     0        -5        0          55+10-100-20-5 = -60
2026-10  0       20      0      0      0      40       0         0          20 - 40 = -20
2026-09  0       150+30  0      0      0      0        0         0          180
2026-08  0       40      0      0      0      0        0         0          40
=======  ======  ======  =====  =====  =====  =======  ========  =========  ======================

(Bob's cancelled order: the 20 points it earned are taken back; he had spent none on it.
Points are forfeited when a customer deletes their account: none here.)

Standing: Ada 150 + 10 - 100 - 5 = 55 spendable and 35 pending (Silver: 35.00 spent this
year), Bob 30 + 20 = 50 (Bronze: his order was cancelled), Carol 40 - 40 = 0 (no tier):
3 members, 105 spendable points worth 105 / 100 x 5.00 = 5.25, 35 pending.
"""

import datetime

import pytest

from storefront.loyalty.services import points_bonus
from storefront.orders.models import Order, OrderStatus
from storefront.orders.services import order_transition
from tests.insights.conftest import (
    at,
    chart_bars,
    chart_svg,
    chart_table,
    export_csv,
    export_xlsx,
    notes,
    open_report,
    summary,
    table_headings,
    table_rows,
)

pytestmark = pytest.mark.django_db


SLUG = "loyalty"
HEADINGS = [
    "Month",
    "Earned",
    "Bonus",
    "Spent",
    "Given back",
    "Taken back",
    "Expired",
    "Adjusted",
    "Forfeited",
    "Net change",
]
STANDING = {
    "Members": "3",
    "Spendable points outstanding": "105",
    "Their value (the shop's liability)": "$5.25",
    "Pending points": "35",
    "Tier: —": "1",
    "Tier: Bronze": "1",
    "Tier: Silver": "1",
}


def test_the_table_lists_the_months_newest_first_with_the_points_of_each_kind(reader, loyalty_data):
    response = open_report(reader, SLUG)

    assert table_headings(response) == HEADINGS
    assert table_rows(response) == [
        ["November 2026", "55", "10", "100", "0", "20", "0", "-5", "0", "-60"],
        ["October 2026", "0", "20", "0", "0", "0", "40", "0", "0", "-20"],
        ["September 2026", "0", "180", "0", "0", "0", "0", "0", "0", "180"],
        ["August 2026", "0", "40", "0", "0", "0", "0", "0", "0", "40"],
    ]


def test_the_csv_export_holds_every_figure(reader, loyalty_data):
    assert export_csv(reader, SLUG) == [
        HEADINGS,
        ["2026-11-01", "55", "10", "100", "0", "20", "0", "-5", "0", "-60"],
        ["2026-10-01", "0", "20", "0", "0", "0", "40", "0", "0", "-20"],
        ["2026-09-01", "0", "180", "0", "0", "0", "0", "0", "0", "180"],
        ["2026-08-01", "0", "40", "0", "0", "0", "0", "0", "0", "40"],
    ]


def test_the_xlsx_export_holds_every_figure_with_months_as_dates(reader, loyalty_data):
    rows = export_xlsx(reader, SLUG)

    assert rows[0] == tuple(HEADINGS)
    assert [(_as_date(row[0]), *row[1:]) for row in rows[1:]] == [
        (datetime.date(2026, 11, 1), 55, 10, 100, 0, 20, 0, -5, 0, -60),
        (datetime.date(2026, 10, 1), 0, 20, 0, 0, 0, 40, 0, 0, -20),
        (datetime.date(2026, 9, 1), 0, 180, 0, 0, 0, 0, 0, 0, 180),
        (datetime.date(2026, 8, 1), 0, 40, 0, 0, 0, 0, 0, 0, 40),
    ]


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def test_the_summary_shows_the_standing_its_value_and_members_per_tier(reader, loyalty_data):
    assert summary(open_report(reader, SLUG)) == STANDING


def test_the_chart_draws_earned_and_bonus_points_per_month(reader, loyalty_data):
    response = open_report(reader, SLUG)
    svg = chart_svg(response)

    assert svg.find("title").get_text() == "Points earned per month"
    assert svg.find("desc").get_text() == "2026-11: 65; 2026-10: 20; 2026-09: 180; 2026-08: 40"
    assert [(label, value) for label, value, _fill in chart_bars(response)] == [
        ("2026-11", "65"),
        ("2026-10", "20"),
        ("2026-09", "180"),
        ("2026-08", "40"),
    ]
    assert chart_table(response) == [
        ("2026-11", "65"),
        ("2026-10", "20"),
        ("2026-09", "180"),
        ("2026-08", "40"),
    ]


def test_the_chart_draws_the_last_twelve_months(reader, loyalty_data):
    """Bonuses in twelve more months, back to August 2025: the table lists all sixteen
    months, the chart the newest twelve (to December 2025)."""
    months = [(2025, month) for month in range(8, 13)] + [(2026, month) for month in range(1, 8)]
    for points, (year, month) in enumerate(months, start=1):
        with at(f"{year}-{month:02d}-05 12:00:00"):
            points_bonus(
                user=loyalty_data["ada"], points=points, source=f"extra:{points}", reason="Extra"
            )

    response = open_report(reader, SLUG)

    assert len(table_rows(response)) == 16
    assert [label for label, _value, _fill in chart_bars(response)] == [
        "2026-11",
        "2026-10",
        "2026-09",
        "2026-08",
        "2026-07",
        "2026-06",
        "2026-05",
        "2026-04",
        "2026-03",
        "2026-02",
        "2026-01",
        "2025-12",
    ]


def test_a_date_range_counts_the_entries_of_its_first_and_last_day(reader, loyalty_data):
    """October: the expiry at 00:00:00 on the 1st and Bob's bonus at 23:59:59 on the 31st
    count; Bob's bonus at 23:59:59 on 30 September and Ada's at 00:00:00 on 1 November
    do not."""
    response = open_report(reader, SLUG, created_at_from="2026-10-01", created_at_to="2026-10-31")

    assert table_rows(response) == [
        ["October 2026", "0", "20", "0", "0", "0", "40", "0", "0", "-20"]
    ]
    assert export_csv(reader, SLUG, created_at_from="2026-10-01", created_at_to="2026-10-31") == [
        HEADINGS,
        ["2026-10-01", "0", "20", "0", "0", "0", "40", "0", "0", "-20"],
    ]


def test_a_range_of_one_day_counts_that_day(reader, loyalty_data):
    response = open_report(reader, SLUG, created_at_from="2026-11-01", created_at_to="2026-11-01")

    assert table_rows(response) == [
        ["November 2026", "0", "10", "0", "0", "0", "0", "0", "0", "10"]
    ]


def test_a_range_over_two_months_cuts_both(reader, loyalty_data):
    """30 September to 20 November: Bob's bonus of the 30th (not Ada's of the 15th) and
    Ada's order of the 20th (not Bob's of the 21st, nor its cancellation, nor the
    adjustment)."""
    response = open_report(reader, SLUG, created_at_from="2026-09-30", created_at_to="2026-11-20")

    assert table_rows(response) == [
        ["November 2026", "35", "10", "100", "0", "0", "0", "0", "0", "-55"],
        ["October 2026", "0", "20", "0", "0", "0", "40", "0", "0", "-20"],
        ["September 2026", "0", "30", "0", "0", "0", "0", "0", "0", "30"],
    ]
    chart = chart_svg(
        open_report(reader, SLUG, created_at_from="2026-09-30", created_at_to="2026-11-20")
    )
    assert chart.find("desc").get_text() == "2026-11: 45; 2026-10: 20; 2026-09: 30"


def test_the_standing_does_not_depend_on_the_dates_shown(reader, loyalty_data):
    response = open_report(reader, SLUG, created_at_from="2026-10-01", created_at_to="2026-10-31")

    assert summary(response) == STANDING


def test_a_cancelled_order_paid_with_points_gives_back_the_spent_and_takes_back_the_earned(
    reader, loyalty_data, committed
):
    """Ada's order of 20 November (paid with 100 points, earning 35) cancelled on the 24th:
    the 100 points she spent are given back, the 35 she earned taken back. November then
    reads earned 55, bonus 10, spent 100, given back 0 + 100 = 100, taken back 20 + 35 = 55,
    expired 0, adjusted -5: net 55 + 10 - 100 + 100 - 55 - 5 = 5. Neither reversal is
    shown negative, nor do they cancel out into one figure."""
    with at("2026-11-24 12:00:00"), committed():
        order_transition(
            order=Order.objects.get(user=loyalty_data["ada"]), to_status=OrderStatus.CANCELLED
        )
    november = ["55", "10", "100", "100", "55", "0", "-5", "0", "5"]

    assert table_rows(open_report(reader, SLUG))[0] == ["November 2026", *november]
    assert export_csv(reader, SLUG)[1] == ["2026-11-01", *november]
    assert export_xlsx(reader, SLUG)[1][1:] == tuple(int(figure) for figure in november)


def test_the_notes_define_spent_given_back_taken_back_and_expired(reader, loyalty_data):
    assert notes(open_report(reader, SLUG)) == {
        "Spent": "points taken off orders at checkout",
        "Given back": (
            "points spent on an order that was cancelled or returned, back to the customer"
        ),
        "Taken back": "points earned on an order that was cancelled or returned, withdrawn",
        "Expired": "points left unused past the program's expiry",
        "Forfeited": "points left when a customer deleted their account",
    }


def test_points_forfeited_by_a_deleted_account_have_their_column_and_leave_the_standing(
    reader, loyalty_data, committed
):
    """Bob deletes his account on 24 November: his 50 spendable points are forfeited (one
    entry), so November reads forfeited 50 and net -60 - 50 = -110; the standing loses a
    member, his points and his Bronze tier: 2 members, 55 spendable worth 2.75."""
    from storefront.core.services import account_delete

    with at("2026-11-24 12:00:00"), committed():
        account_delete(user=loyalty_data["bob"], reviews="delete")
    november = ["55", "10", "100", "0", "20", "0", "-5", "50", "-110"]

    response = open_report(reader, SLUG)
    assert table_rows(response)[0] == ["November 2026", *november]
    assert export_csv(reader, SLUG)[1] == ["2026-11-01", *november]
    assert summary(response) == {
        "Members": "2",
        "Spendable points outstanding": "55",
        "Their value (the shop's liability)": "$2.75",
        "Pending points": "35",
        "Tier: —": "1",
        "Tier: Silver": "1",
    }
