"""Reports → Preference trends: each swatch's and pattern's choices in a period and in the
period compared with it, as counts and as shares of their kind, with the change; a chart of
the most chosen colours per day, week or month. Read on 25 March 2026.

Choices of the tee recorded by the customizer's service (views count nowhere). The period
asked for is 9–22 March 2026 (two weeks from Monday 9 March); the one before is
23 February – 8 March:

==========  ======  =====================  ========  ================================
day         zone    choice                 kind      counts in
==========  ======  =====================  ========  ================================
22 Feb      body    navy                   selected  neither period
24 Feb      body    red                    selected  before
1 Mar       body    red                    selected  before
2 Mar       body    navy                   selected  before
8 Mar       body    red                    saved     before
9 Mar       body    navy                   selected  period (week of 9 Mar)
10 Mar      body    red                    selected  period (week of 9 Mar)
10 Mar      —       —                      viewed    nowhere
16 Mar      body    navy + stripes         selected  period (week of 16 Mar)
17 Mar      collar  white                  carted    period (week of 16 Mar)
22 Mar      body    navy                   ordered   period (week of 16 Mar)
23 Mar      body    red                    selected  neither period
==========  ======  =====================  ========  ================================

Colours in the period: navy 3 (60.0 %), red 1 (20.0 %), white 1 (20.0 %) of 5; before: red
3 (75.0 %), navy 1 (25.0 %) of 4. Patterns: stripes 1 of 1 in the period, none before.
"""

import pytest
from django.core.management import call_command

from storefront.customizer.services import EventIn, preference_events_record
from tests.admin_helpers import page
from tests.insights.conftest import (
    at,
    chart_svg,
    chart_table,
    chart_table_headings,
    export_bytes,
    export_csv,
    export_xlsx,
    open_report,
    report_url,
    summary,
    table_headings,
    table_rows,
)

pytestmark = pytest.mark.django_db

SLUG = "trends"
TODAY = "2026-03-25 12:00:00"
PERIOD = {"day_from": "2026-03-09", "day_to": "2026-03-22"}
DASH = "—"
EVENTS = [
    ("2026-02-22", "body", "navy", None, "selected"),
    ("2026-02-24", "body", "red", None, "selected"),
    ("2026-03-01", "body", "red", None, "selected"),
    ("2026-03-02", "body", "navy", None, "selected"),
    ("2026-03-08", "body", "red", None, "saved"),
    ("2026-03-09", "body", "navy", None, "selected"),
    ("2026-03-10", "body", "red", None, "selected"),
    ("2026-03-10", "", None, None, "viewed"),
    ("2026-03-16", "body", "navy", "stripes", "selected"),
    ("2026-03-17", "collar", "white", None, "carted"),
    ("2026-03-22", "body", "navy", None, "ordered"),
    ("2026-03-23", "body", "red", None, "selected"),
]
NAVY = ["1", "Colour", "Navy", "3", "60.0 %", "1", "25.0 %", "+35.0 pts", "+200.0 %"]
RED = ["2", "Colour", "Red", "1", "20.0 %", "3", "75.0 %", "-55.0 pts", "-66.7 %"]
WHITE = ["3", "Colour", "White", "1", "20.0 %", "0", "0.0 %", "+20.0 pts", DASH]
STRIPES = ["1", "Pattern", "Stripes", "1", "100.0 %", "0", DASH, DASH, DASH]


@pytest.fixture
def trend_data(customizable):
    for day, zone, swatch, pattern, kind in EVENTS:
        event = EventIn(
            kind=kind,
            zone=zone,
            swatch=getattr(customizable, swatch).pk if swatch else None,
            pattern=getattr(customizable, pattern).pk if pattern else None,
        )
        with at(f"{day} 12:00:00"):
            preference_events_record(
                product=customizable.product, events=[event], visitor_id="v1", from_browser=False
            )
    return customizable


def read(client, **filters):
    with at(TODAY):
        return open_report(client, SLUG, **filters)


def test_the_table_compares_the_period_with_the_one_before(reader, trend_data):
    response = read(reader, **PERIOD)

    assert table_headings(response) == [
        "#",
        "Kind",
        "Swatch or pattern",
        "Choices",
        "Share",
        "Choices before",
        "Share before",
        "Change in share",
        "Change in choices",
    ]
    assert table_rows(response) == [NAVY, RED, WHITE, STRIPES]


def test_the_summary_names_both_periods_and_what_rose_and_fell(reader, trend_data):
    assert summary(read(reader, **PERIOD)) == {
        "Period": "March 9, 2026 to March 22, 2026",
        "Colour choices": "5",
        "Compared with": "Feb. 23, 2026 to March 8, 2026",
        "Colour choices before": "4 (+25.0 %)",
        "Rising most": "Navy (+35.0 pts)",
        "Falling most": "Red (-55.0 pts)",
    }


def test_the_chart_draws_the_top_colours_week_by_week(reader, trend_data):
    response = read(reader, **PERIOD)

    svg = chart_svg(response)
    assert svg.find("title").get_text() == "The most chosen colours over the period"
    assert svg.find("desc").get_text() == (
        "Navy: 1, 2; Red: 1, 0; White: 0, 1 (Week from: Mar 9 to Mar 16)"
    )
    assert [line.find_all("polyline")[1]["stroke"] for line in svg.select("g.chart-line")] == [
        "#1f2a44",
        "#c0392b",
        "#ffffff",
    ]
    assert chart_table_headings(response) == ["Week from", "Navy", "Red", "White"]
    assert chart_table(response) == [("Mar 9", "1", "1", "0"), ("Mar 16", "2", "0", "1")]


@pytest.mark.parametrize(
    ("interval", "heading", "expected"),
    [
        (
            "day",
            "Day",
            [
                ("Mar 9", "1", "0", "0"),
                ("Mar 10", "0", "1", "0"),
                *[(f"Mar {day}", "0", "0", "0") for day in range(11, 16)],
                ("Mar 16", "1", "0", "0"),
                ("Mar 17", "0", "0", "1"),
                *[(f"Mar {day}", "0", "0", "0") for day in range(18, 22)],
                ("Mar 22", "1", "0", "0"),
            ],
        ),
        ("month", "Month", [("Mar 2026", "3", "1", "1")]),
    ],
)
def test_the_chart_counts_by_day_or_month(reader, trend_data, interval, heading, expected):
    response = read(reader, interval=interval, **PERIOD)

    assert chart_table_headings(response) == [heading, "Navy", "Red", "White"]
    assert chart_table(response) == expected
    assert table_rows(response) == [NAVY, RED, WHITE, STRIPES]


def test_a_period_compared_with_the_year_before_has_nothing_before(reader, trend_data):
    response = read(reader, compare="year", **PERIOD)

    assert table_rows(response)[0] == ["1", "Colour", "Navy", "3", "60.0 %", "0", DASH, DASH, DASH]
    assert summary(response)["Compared with"] == "March 9, 2025 to March 22, 2025"
    assert "Rising most" not in summary(response)


def test_a_period_compared_with_nothing_shows_no_change(reader, trend_data):
    response = read(reader, compare="none", **PERIOD)

    assert table_rows(response)[0] == ["1", "Colour", "Navy", "3", "60.0 %", DASH, DASH, DASH, DASH]
    assert list(summary(response)) == ["Period", "Colour choices"]


def test_the_kind_and_zone_filters_narrow_both_periods(reader, trend_data):
    assert table_rows(read(reader, kind="ordered", **PERIOD)) == [
        ["1", "Colour", "Navy", "1", "100.0 %", "0", DASH, DASH, DASH]
    ]
    assert table_rows(read(reader, kind="saved", **PERIOD)) == [
        ["1", "Colour", "Red", "0", DASH, "1", "100.0 %", DASH, "-100.0 %"]
    ]
    assert table_rows(read(reader, zone_key="collar", **PERIOD)) == [
        ["1", "Colour", "White", "1", "100.0 %", "0", DASH, DASH, DASH]
    ]


def test_without_dates_the_last_twelve_weeks_are_compared_with_the_twelve_before(
    reader, trend_data
):
    """Up to 25 March: 1 January – 25 March against 9 October – 31 December 2025."""
    response = read(reader)

    assert summary(response)["Period"] == "Jan. 1, 2026 to March 25, 2026"
    assert summary(response)["Compared with"] == "Oct. 9, 2025 to Dec. 31, 2025"
    assert [row[2:4] for row in table_rows(response)] == [
        ["Navy", "5"],
        ["Red", "5"],
        ["White", "1"],
        ["Stripes", "1"],
    ]
    selected = page(response).select_one("select[name=interval] option[selected]")
    assert selected.get_text() == "Week"


def test_the_exports_name_the_periods_in_their_headings(reader, trend_data):
    with at(TODAY):
        rows = export_csv(reader, SLUG, **PERIOD)
        sheet = export_xlsx(reader, SLUG, **PERIOD)

    assert rows[0] == [
        "Rank",
        "Kind",
        "Swatch or pattern",
        "Colour",
        "Choices 2026-03-09 to 2026-03-22",
        "Share 2026-03-09 to 2026-03-22 (%)",
        "Choices 2026-02-23 to 2026-03-08",
        "Share 2026-02-23 to 2026-03-08 (%)",
        "Change in share (percentage points)",
        "Change in choices (%)",
    ]
    assert rows[1:] == [
        ["1", "Colour", "Navy", "#1f2a44", "3", "60.0", "1", "25.0", "35.0", "200.0"],
        ["2", "Colour", "Red", "#c0392b", "1", "20.0", "3", "75.0", "-55.0", "-66.7"],
        ["3", "Colour", "White", "#ffffff", "1", "20.0", "0", "0.0", "20.0", ""],
        ["1", "Pattern", "Stripes", "", "1", "100.0", "0", "", "", ""],
    ]
    assert sheet[2][4:] == (1, 20, 3, 75, -55, -66.7)


def test_an_unknown_interval_is_refused_with_a_message(reader, trend_data):
    with at(TODAY):
        response = reader.get(report_url(SLUG, interval="fortnight", **PERIOD))

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_export_command_writes_the_same_file_as_the_web_export(reader, trend_data, tmp_path):
    filters = {**PERIOD, "interval": "day", "compare": "year"}
    with at(TODAY):
        web = export_bytes(reader.get(report_url(SLUG, export="csv", **filters)))
        call_command(
            "storefront_export_report",
            SLUG,
            str(tmp_path / "trends.csv"),
            *[f"{name}={value}" for name, value in filters.items()],
            verbosity=0,
        )

    assert (tmp_path / "trends.csv").read_bytes() == web
    assert "Choices 2025-03-09 to 2025-03-22" in web.decode()
