"""Reports → Customers: one row per customer (an e-mail address) most spent first, with the
RFM segment, totals above and customers per segment in the chart; filtered by the dates of
the orders and the loyalty tier. Read on 30 November 2026 at noon.

Orders of 20.00 tees (4.90 standard shipping each):

=====  ========================  ======  ====  =====  ===================================
who    orders                    spent   avg   days   segment
=====  ========================  ======  ====  =====  ===================================
ada    10 Oct 1, 25 Nov 1        49.80   24.90  5     Loyal (2 orders, within 90 days)
eve    1 Jun 1, 15 Jul 1         49.80   24.90  138   At risk (2 orders, none in 90 days)
bea    28 Nov 2                  44.90   44.90  2     New (one order within 30 days)
dee    15 Oct 2 (+ 1 cancelled)  44.90   44.90  46    Needs attention
cy     1 Jul 1                   24.90   24.90  152   Lost (one order over 90 days ago)
=====  ========================  ======  ====  =====  ===================================

5 customers, 2 with more than one order (40.0 %), 214.30 over 7 orders: 30.61 an order,
214.30 / 5 = 42.86 per customer.
"""

from unittest.mock import patch

import pytest

from storefront.insights.reports import CustomersReport
from storefront.loyalty.models import LoyaltyAccount
from storefront.orders.models import OrderStatus
from storefront.orders.services import order_transition
from tests.factories import make_order, make_user
from tests.insights.conftest import (
    at,
    chart_table,
    export_csv,
    open_report,
    summary,
    table_rows,
)

pytestmark = pytest.mark.django_db

SLUG = "customers"
NOW = "2026-11-30 12:00:00"


@pytest.fixture
def customer_data(shop, product_factory, committed):
    tee = product_factory(title="Tee", price="20.00", images=0, stock=100).variants.get()
    ada = make_user("ada")

    def order(when, quantity, *, user=None, email=None, name="Ada Lovelace"):
        with at(f"{when} 12:00:00"), committed():
            return make_order(
                shop=shop, items=[(tee, quantity)], user=user, email=email, full_name=name
            )

    order("2026-10-10", 1, user=ada)
    order("2026-11-25", 1, user=ada)
    order("2026-06-01", 1, email="eve@example.com", name="Eve Online")
    order("2026-07-15", 1, email="eve@example.com", name="Eve Online")
    order("2026-11-28", 2, email="bea@example.com", name="Bea Buyer")
    order("2026-10-15", 2, email="dee@example.com", name="Dee Doe")
    cancelled = order("2026-11-20", 3, email="dee@example.com", name="Dee Doe")
    with at("2026-11-21 12:00:00"), committed():
        order_transition(order=cancelled, to_status=OrderStatus.CANCELLED)
    order("2026-07-01", 1, email="cy@example.com", name="Cy Young")
    LoyaltyAccount.objects.filter(user=ada).update(tier_name="Silver")


def read(client, **filters):
    with at(NOW):
        return open_report(client, SLUG, **filters)


def test_the_table_lists_customers_most_spent_first_with_their_segment(reader, customer_data):
    assert table_rows(read(reader)) == [
        [
            "ada@example.com",
            "Ada Lovelace",
            "Silver",
            "2",
            "49.80",
            "24.90",
            "Nov. 25, 2026",
            "Loyal",
        ],
        ["eve@example.com", "Eve Online", "", "2", "49.80", "24.90", "July 15, 2026", "At risk"],
        ["bea@example.com", "Bea Buyer", "", "1", "44.90", "44.90", "Nov. 28, 2026", "New"],
        [
            "dee@example.com",
            "Dee Doe",
            "",
            "1",
            "44.90",
            "44.90",
            "Oct. 15, 2026",
            "Needs attention",
        ],
        ["cy@example.com", "Cy Young", "", "1", "24.90", "24.90", "July 1, 2026", "Lost"],
    ]


def test_the_csv_export_holds_every_figure(reader, customer_data):
    with at(NOW):
        rows = export_csv(reader, SLUG)

    assert rows == [
        [
            "E-mail",
            "Name",
            "Account",
            "Tier",
            "Orders",
            "Spent",
            "Average order",
            "First order",
            "Last order",
            "Days since last order",
            "Segment",
        ],
        [
            "ada@example.com",
            "Ada Lovelace",
            "ada",
            "Silver",
            "2",
            "49.80",
            "24.90",
            "2026-10-10",
            "2026-11-25",
            "5",
            "Loyal",
        ],
        [
            "eve@example.com",
            "Eve Online",
            "",
            "",
            "2",
            "49.80",
            "24.90",
            "2026-06-01",
            "2026-07-15",
            "138",
            "At risk",
        ],
        [
            "bea@example.com",
            "Bea Buyer",
            "",
            "",
            "1",
            "44.90",
            "44.90",
            "2026-11-28",
            "2026-11-28",
            "2",
            "New",
        ],
        [
            "dee@example.com",
            "Dee Doe",
            "",
            "",
            "1",
            "44.90",
            "44.90",
            "2026-10-15",
            "2026-10-15",
            "46",
            "Needs attention",
        ],
        [
            "cy@example.com",
            "Cy Young",
            "",
            "",
            "1",
            "24.90",
            "24.90",
            "2026-07-01",
            "2026-07-01",
            "152",
            "Lost",
        ],
    ]


def test_the_summary_and_the_chart_of_segments(reader, customer_data):
    response = read(reader)

    assert summary(response) == {
        "Customers": "5",
        "Repeat customers": "40.0 %",
        "Average order": "$30.61",
        "Spent per customer (lifetime value)": "$42.86",
    }
    assert chart_table(response) == [
        ("Champions", "0"),
        ("Loyal", "1"),
        ("New", "1"),
        ("At risk", "1"),
        ("Lost", "1"),
        ("Needs attention", "1"),
    ]


def test_the_order_dates_and_tier_filters_narrow_the_customers(reader, customer_data):
    """October–November orders: Ada (both), Bea and Dee; Eve's and Cy's are earlier."""
    rows = table_rows(read(reader, placed_at_from="2026-10-10", placed_at_to="2026-11-28"))

    assert [row[0] for row in rows] == ["ada@example.com", "bea@example.com", "dee@example.com"]
    assert [row[0] for row in table_rows(read(reader, tier="Silver"))] == ["ada@example.com"]


def test_the_table_is_read_a_page_at_a_time_and_the_figures_count_everyone(reader, customer_data):
    """Two customers a page: the second page holds Bea and Dee (44.90 each, by e-mail); the
    figures above still count all five customers."""
    with patch.object(CustomersReport, "paginate_by", 2):
        response = read(reader, p=2)

    assert [row[0] for row in table_rows(response)] == ["bea@example.com", "dee@example.com"]
    assert summary(response)["Customers"] == "5"
    assert "Page 2 of 3" in response.content.decode()
