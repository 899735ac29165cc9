"""Reports → Customer retention: customers by the month of their first purchase (a cohort)
and the share of each cohort who bought again in each of the twelve months after; "—" for a
month still to come. Read on 30 November 2026, with the customers report's orders
(``customer_data``):

========  =========================================  =========  ==================
cohort    customers (purchases)                      month 1    months reached
========  =========================================  =========  ==================
Nov 2026  bea (28 Nov)                                —          none
Oct 2026  ada (10 Oct, 25 Nov), dee (15 Oct; her     50.0 %     1
          20 Nov order was cancelled)
Jul 2026  cy (1 Jul)                                 0.0 %      1–4 (Aug to Nov)
Jun 2026  eve (1 Jun, 15 Jul)                        100.0 %    1–5 (Jul to Nov)
========  =========================================  =========  ==================

Over the cohorts that reached it, month 1: 2 of 4 customers (50.0 %); months 2–4: 0 of 2;
month 5: 0 of 1; later months: none reached.
"""

import pytest
from django.core.management import call_command

from tests.insights.conftest import (
    at,
    chart_svg,
    chart_table,
    export_bytes,
    export_csv,
    export_xlsx,
    open_report,
    report_url,
    summary,
    table_headings,
    table_rows,
)
from tests.insights.test_customers_report import customer_data  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SLUG = "retention"
NOW = "2026-11-30 12:00:00"
DASH = "—"


def read(client, **filters):
    with at(NOW):
        return open_report(client, SLUG, **filters)


def months(*shown: str) -> list[str]:
    """Twelve month cells: ``shown`` first, then "—" for months still to come."""
    return [*shown, *[DASH] * (12 - len(shown))]


def test_the_table_lists_cohorts_newest_first_with_the_share_buying_again(reader, customer_data):  # noqa: F811
    response = read(reader)

    assert table_headings(response) == [
        "First order",
        "Customers",
        *[f"Month {n}" for n in range(1, 13)],
    ]
    assert table_rows(response) == [
        ["November 2026", "1", *months()],
        ["October 2026", "2", *months("50.0 %")],
        ["July 2026", "1", *months("0.0 %", "0.0 %", "0.0 %", "0.0 %")],
        ["June 2026", "1", *months("100.0 %", "0.0 %", "0.0 %", "0.0 %", "0.0 %")],
    ]


def test_the_summary_and_chart_weigh_the_cohorts_that_reached_each_month(reader, customer_data):  # noqa: F811
    response = read(reader)

    assert summary(response) == {
        "Customers in these cohorts": "5",
        "Buying again in month 1": "50.0 %",
        "Buying again in month 3": "0.0 %",
        "Buying again in month 12": DASH,
    }
    assert chart_svg(response).find("title").get_text() == (
        "Customers buying again, by months after their first order"
    )
    assert chart_table(response) == [
        ("Month 1", "50 %"),
        ("Month 2", "0 %"),
        ("Month 3", "0 %"),
        ("Month 4", "0 %"),
        ("Month 5", "0 %"),
    ]


def test_the_exports_hold_the_shares_and_the_customers_buying_again(reader, customer_data):  # noqa: F811
    with at(NOW):
        rows = export_csv(reader, SLUG)
        sheet = export_xlsx(reader, SLUG)

    assert rows[0] == [
        "First order (month)",
        "Customers",
        *[f"Month {n} (%)" for n in range(1, 13)],
        *[f"Month {n} (customers)" for n in range(1, 13)],
    ]
    blank = [""] * 12
    assert rows[1:] == [
        ["2026-11-01", "1", *blank, *blank],
        ["2026-10-01", "2", "50.0", *blank[1:], "1", *blank[1:]],
        ["2026-07-01", "1", *["0.0"] * 4, *blank[4:], *["0"] * 4, *blank[4:]],
        [
            "2026-06-01",
            "1",
            "100.0",
            *["0.0"] * 4,
            *blank[5:],
            "1",
            *["0"] * 4,
            *blank[5:],
        ],
    ]
    assert sheet[2][1:4] == (2, 50, None)


def test_the_date_filter_chooses_the_cohorts_by_first_order(reader, customer_data):  # noqa: F811
    """July to October: the Oct and Jul cohorts. Eve ordered in July too, but her first order
    was in June: she is not a July customer here."""
    response = read(reader, placed_at_from="2026-07-01", placed_at_to="2026-10-31")

    assert [row[:3] for row in table_rows(response)] == [
        ["October 2026", "2", "50.0 %"],
        ["July 2026", "1", "0.0 %"],
    ]


def test_the_tier_filter_keeps_that_tiers_customers(reader, customer_data):  # noqa: F811
    assert [row[:3] for row in table_rows(read(reader, tier="Silver"))] == [
        ["October 2026", "1", "100.0 %"]
    ]


def test_without_purchases_the_report_says_so(reader):
    response = read(reader)

    assert table_rows(response) == []
    assert summary(response)["Buying again in month 1"] == DASH


def test_the_export_command_writes_the_same_file_as_the_web_export(
    reader,
    customer_data,  # noqa: F811
    tmp_path,
):
    with at(NOW):
        web = export_bytes(reader.get(report_url(SLUG, export="csv", tier="Silver")))
        call_command(
            "storefront_export_report", SLUG, str(tmp_path / "r.csv"), "tier=Silver", verbosity=0
        )

    assert (tmp_path / "r.csv").read_bytes() == web
    assert web.decode().splitlines()[1].startswith("2026-10-01,1,100.0,")
