"""Reports → Returns: per product, units sold (purchases) and returned (requests not
rejected), the return rate and the reasons; the units per reason in the chart; return
requests, money refunded to the payment and refunded as store credit above; filtered by the
date ordered and by category.

The date range picks a cohort of sales: the units sold in the orders placed in it, and the
units of those orders returned, whenever the return was requested (before the range ends or
after). A return of an order placed before the range is not counted, even when requested
inside it: it would be units returned against none sold. The summary counts whole requests,
shipping refunds included, even when the category filter shows only some of their lines.

Orders and returns through the order and return services:

==========  =====  ==============================  ==============================================
when        who    order                           return
==========  =====  ==============================  ==============================================
20 Oct      cy     4 mugs (10.00)                  15 Nov: 1 mug, doesn't fit, store credit —
                                                   refunded as 200 points (10.00, 100 = 5.00)
2 Nov       ada    3 tees (20.00), 2 mugs          10 Nov: 2 tees doesn't fit, 1 mug not as
                                                   pictured — refunded 50.00
5 Nov       bob    1 tee                           12 Nov: 1 tee, changed mind — rejected
6 Nov       guest  5 tees, cancelled (not sold)
==========  =====  ==============================  ==============================================

Tee (Apparel): 4 sold, 2 returned, 50.0 %. Mug (Home): 6 sold, 2 returned, 33.3 %.
Two requests count (Bob's was rejected): Ada's refunded 50.00 to her payment, Cy's 10.00 as
store credit, paid as 200 points.
"""

from decimal import Decimal

import pytest

from storefront.loyalty.models import LoyaltySettings
from storefront.orders.models import OrderStatus
from storefront.orders.services import order_transition
from storefront.products.models import ProductPage
from storefront.returns.models import ReturnReason, ReturnRequest
from storefront.returns.services import (
    LineChoice,
    return_approve,
    return_close,
    return_receive,
    return_refund,
    return_reject,
    return_request_open,
)
from tests.factories import deliver, make_order, make_user
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

SLUG = "returns"
EXPORT_HEADINGS = ["Product", "Units sold", "Units returned", "Return rate (%)", "Reasons (units)"]
FIT, PICTURED = "It doesn't fit", "It looks different from the pictures"


def _return(order, lines, outcome, when, *, staff, refund=True, reject=False):
    """Open a return of ``lines`` ((product, quantity, reason code)) of ``order`` at
    ``when`` and take it to refunded (or rejected)."""
    choices = [
        LineChoice(
            order_line=order.lines.get(product=product),
            quantity=quantity,
            reason=ReturnReason.objects.get(code=code),
        )
        for product, quantity, code in lines
    ]
    with at(when):
        request = return_request_open(order=order, choices=choices, outcome=outcome)
        if reject:
            return return_reject(request=request, actor=staff, message="Worn, sorry.")
        if refund:
            return_approve(request=request, actor=staff)
            return_receive(
                request=request,
                actor=staff,
                conditions={line.pk: "sellable" for line in request.lines.all()},
            )
            return return_refund(request=request, actor=staff)
    return request


@pytest.fixture
def return_data(shop, product_factory, committed):
    program = LoyaltySettings.for_site(shop.site)
    program.redeem_step_points = 100
    program.redeem_step_value = Decimal("5.00")
    program.save()
    tee = product_factory(title="Tee", price="20.00", categories=[shop.apparel], images=0)
    mug = product_factory(title="Mug", price="10.00", categories=[shop.home_goods], images=0)
    ada, bob, cy = make_user("ada"), make_user("bob"), make_user("cy")
    staff = make_user("desk", is_staff=True)

    def bought(user, when, *items):
        with at(when), committed():
            return deliver(
                make_order(
                    shop=shop,
                    items=[(product.variants.get(), quantity) for product, quantity in items],
                    user=user,
                )
            )

    cys = bought(cy, "2026-10-20 12:00:00", (mug, 4))
    adas = bought(ada, "2026-11-02 12:00:00", (tee, 3), (mug, 2))
    bobs = bought(bob, "2026-11-05 12:00:00", (tee, 1))
    with at("2026-11-06 12:00:00"), committed():
        order_transition(
            order=make_order(shop=shop, items=[(tee.variants.get(), 5)]),
            to_status=OrderStatus.CANCELLED,
        )
    refunded = _return(
        adas,
        [(tee, 2, "doesnt_fit"), (mug, 1, "not_as_pictured")],
        "refund",
        "2026-11-10 12:00:00",
        staff=staff,
    )
    assert refunded.refund_amount == Decimal("50.00")
    _return(
        bobs, [(tee, 1, "changed_mind")], "refund", "2026-11-12 23:59:59", staff=staff, reject=True
    )
    credited = _return(
        cys, [(mug, 1, "doesnt_fit")], "store_credit", "2026-11-15 00:00:00", staff=staff
    )
    assert credited.store_credit_points == 200
    return {"tee": tee, "mug": mug, "staff": staff, "ada": ada}


def test_the_table_lists_products_highest_return_rate_first(reader, return_data):
    response = open_report(reader, SLUG)

    assert table_headings(response) == [
        "Product",
        "Units sold",
        "Units returned",
        "Return rate",
        "Reasons",
    ]
    assert table_rows(response) == [
        ["Tee", "4", "2", "50.0 %", f"{FIT} (2)"],
        ["Mug", "6", "2", "33.3 %", f"{FIT} (1), {PICTURED} (1)"],
    ]


def test_a_rejected_request_closed_after_still_counts_nowhere(reader, return_data):
    bobs = ReturnRequest.objects.get(status="rejected")
    return_close(request=bobs, actor=return_data["staff"])

    response = open_report(reader, SLUG)

    assert table_rows(response)[0] == ["Tee", "4", "2", "50.0 %", f"{FIT} (2)"]
    assert summary(response)["Return requests"] == "2"


def test_the_csv_export_holds_every_figure(reader, return_data):
    assert export_csv(reader, SLUG) == [
        EXPORT_HEADINGS,
        ["Tee", "4", "2", "50.0", f"{FIT} (2)"],
        ["Mug", "6", "2", "33.3", f"{FIT} (1), {PICTURED} (1)"],
    ]


def test_the_xlsx_export_holds_every_figure(reader, return_data):
    assert export_xlsx(reader, SLUG) == [
        tuple(EXPORT_HEADINGS),
        ("Tee", 4, 2, 50, f"{FIT} (2)"),
        ("Mug", 6, 2, 33.3, f"{FIT} (1), {PICTURED} (1)"),
    ]


def test_the_summary_counts_requests_money_refunded_and_store_credit(reader, return_data):
    """Ada's 50.00 went back to her payment; Cy's 10.00 was paid as 200 points of store
    credit, counted apart. The rejected request counts nowhere."""
    assert summary(open_report(reader, SLUG)) == {
        "Return requests": "2",
        "Refunded to the payment": "$50.00",
        "Refunded as store credit": "$10.00 (200 points)",
    }


def test_the_notes_define_the_return_rate_and_the_refunds(reader, return_data):
    assert notes(open_report(reader, SLUG)) == {
        "Return rate": (
            "units returned of the units sold in the orders placed in the date range "
            "(returns requested since count too; rejected requests do not)"
        ),
        "Refunds": (
            "whole return requests holding a product shown, shipping refunds included; "
            "store credit is paid in points, shown with its value in money"
        ),
    }


def test_the_chart_draws_the_units_returned_per_reason(reader, return_data):
    response = open_report(reader, SLUG)

    assert chart_svg(response).find("title").get_text() == "Units returned per reason"
    assert chart_svg(response).find("desc").get_text() == f"{FIT}: 3; {PICTURED}: 1"
    assert [(label, value) for label, value, _fill in chart_bars(response)] == [
        (FIT, "3"),
        (PICTURED, "1"),
    ]
    assert chart_table(response) == [(FIT, "3"), (PICTURED, "1")]


def test_a_date_range_counts_the_orders_of_its_first_and_last_day(reader, return_data):
    """Ordered 2–5 November: Ada's order of the 2nd and Bob's of the 5th (the guest's of the
    6th is outside, and was cancelled): 4 tees and 2 mugs sold. Returned from those orders:
    Ada's 2 tees and 1 mug (Bob's tee was rejected). Cy's return, of an October order, is
    left out."""
    response = open_report(reader, SLUG, ordered_from="2026-11-02", ordered_to="2026-11-05")

    assert table_rows(response) == [
        ["Tee", "4", "2", "50.0 %", f"{FIT} (2)"],
        ["Mug", "2", "1", "50.0 %", f"{PICTURED} (1)"],
    ]
    assert summary(response) == {
        "Return requests": "1",
        "Refunded to the payment": "$50.00",
        "Refunded as store credit": "$0.00 (0 points)",
    }


def test_a_return_requested_after_the_range_counts_for_the_orders_placed_in_it(reader, return_data):
    """Ordered in October: Cy's 4 mugs of the 20th, 1 of them returned on 15 November, after
    the range: 1 of 4 is 25.0 %, refunded as 200 points worth 10.00."""
    response = open_report(reader, SLUG, ordered_from="2026-10-01", ordered_to="2026-10-31")

    assert table_rows(response) == [["Mug", "4", "1", "25.0 %", f"{FIT} (1)"]]
    assert summary(response) == {
        "Return requests": "1",
        "Refunded to the payment": "$0.00",
        "Refunded as store credit": "$10.00 (200 points)",
    }


def test_a_return_requested_in_the_range_for_an_order_placed_before_it_is_not_counted(
    reader, return_data
):
    """Ordered in November: Cy's return of 15 November is inside the range, but Cy's mugs
    were ordered on 20 October; the mugs of November are Ada's 2, 1 of them returned. Cy's
    mug is neither a unit returned (against none sold in the range) nor a request, nor is
    its store credit counted."""
    response = open_report(reader, SLUG, ordered_from="2026-11-01", ordered_to="2026-11-30")

    assert table_rows(response) == [
        ["Tee", "4", "2", "50.0 %", f"{FIT} (2)"],
        ["Mug", "2", "1", "50.0 %", f"{PICTURED} (1)"],
    ]
    assert chart_table(response) == [(FIT, "2"), (PICTURED, "1")]
    assert summary(response) == {
        "Return requests": "1",
        "Refunded to the payment": "$50.00",
        "Refunded as store credit": "$0.00 (0 points)",
    }


def test_a_range_without_orders_shows_no_returns(reader, return_data):
    """13–15 November: no order placed, so no return counted, though Cy's was requested on
    the 15th."""
    response = open_report(reader, SLUG, ordered_from="2026-11-13", ordered_to="2026-11-15")

    assert table_rows(response) == []
    assert summary(response)["Return requests"] == "0"


def test_the_category_filter_keeps_its_products(reader, return_data, shop):
    response = open_report(reader, SLUG, category=shop.home_goods.pk)

    assert table_rows(response) == [["Mug", "6", "2", "33.3 %", f"{FIT} (1), {PICTURED} (1)"]]
    assert chart_table(response) == [(FIT, "1"), (PICTURED, "1")]


def test_the_summary_under_a_category_counts_the_whole_requests(reader, return_data, shop):
    """A refund is not split between the lines of a request. Home: Ada's request holds a mug
    and two tees; its whole 50.00 (40.00 of it for the tees) is counted with Cy's store
    credit. Apparel: Ada's request again, with the whole 50.00 (10.00 of it for the mug);
    Bob's was rejected."""
    home = summary(open_report(reader, SLUG, category=shop.home_goods.pk))
    apparel = summary(open_report(reader, SLUG, category=shop.apparel.pk))

    assert home == {
        "Return requests": "2",
        "Refunded to the payment": "$50.00",
        "Refunded as store credit": "$10.00 (200 points)",
    }
    assert apparel == {
        "Return requests": "1",
        "Refunded to the payment": "$50.00",
        "Refunded as store credit": "$0.00 (0 points)",
    }


def test_the_refund_to_the_payment_includes_the_shipping_refunded(
    reader, return_data, shop, committed
):
    """Dee's order of 1 December, a mug (10.00) shipped Standard (4.90), comes back whole
    because it arrived late (the shop's fault): refunded 10.00 + 4.90 = 14.90."""
    dee = make_user("dee")
    with at("2026-12-01 12:00:00"), committed():
        order = deliver(
            make_order(shop=shop, items=[(return_data["mug"].variants.get(), 1)], user=dee)
        )
    refunded = _return(
        order,
        [(return_data["mug"], 1, "arrived_late")],
        "refund",
        "2026-12-08 12:00:00",
        staff=return_data["staff"],
    )
    assert refunded.shipping_refund == Decimal("4.90")

    response = open_report(reader, SLUG, ordered_from="2026-12-01", ordered_to="2026-12-31")

    assert table_rows(response) == [["Mug", "1", "1", "100.0 %", "It arrived too late (1)"]]
    assert summary(response) == {
        "Return requests": "1",
        "Refunded to the payment": "$14.90",
        "Refunded as store credit": "$0.00 (0 points)",
    }


def test_the_returns_of_a_renamed_product_are_all_counted(reader, return_data, shop, committed):
    tee = return_data["tee"]
    ProductPage.objects.filter(pk=tee.pk).update(title="Classic tee")
    tee.refresh_from_db()
    with at("2026-11-16 12:00:00"), committed():
        order = deliver(
            make_order(shop=shop, items=[(tee.variants.get(), 1)], user=return_data["ada"])
        )
    _return(
        order,
        [(tee, 1, "doesnt_fit")],
        "refund",
        "2026-11-17 12:00:00",
        staff=return_data["staff"],
        refund=False,
    )

    rows = table_rows(open_report(reader, SLUG))

    tee_rows = [row for row in rows if "tee" in row[0].lower()]
    assert [row[1:4] for row in tee_rows] == [["5", "3", "60.0 %"]]
