"""Reports → Returns: per product, units sold (purchases) and returned (requests not
rejected), the return rate and the reasons; the units per reason in the chart; requests,
money refunded and store credit above; filtered by the date requested (and ordered, for the
units sold) and by category.

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
"""

from decimal import Decimal

import pytest

from storefront.loyalty.models import LoyaltySettings
from storefront.orders.models import OrderStatus
from storefront.orders.services import order_transition
from storefront.products.models import ProductPage
from storefront.returns.models import ReturnReason
from storefront.returns.services import (
    LineChoice,
    return_approve,
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
    """The rejected request counts nowhere."""
    assert summary(open_report(reader, SLUG)) == {
        "Return requests": "2",
        "Refunded": "$60.00",
        "Store credit given (points)": "200",
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


def test_a_date_range_counts_returns_requested_and_units_ordered_within_it(reader, return_data):
    """1–12 November: Ada's return of the 10th (Bob's of 23:59:59 on the 12th was
    rejected); units sold in orders of 2 and 5 November: 4 tees and 2 mugs."""
    response = open_report(reader, SLUG, requested_from="2026-11-01", requested_to="2026-11-12")

    assert table_rows(response) == [
        ["Tee", "4", "2", "50.0 %", f"{FIT} (2)"],
        ["Mug", "2", "1", "50.0 %", f"{PICTURED} (1)"],
    ]
    assert summary(response) == {
        "Return requests": "1",
        "Refunded": "$50.00",
        "Store credit given (points)": "0",
    }


def test_a_return_requested_on_the_last_day_of_the_range_counts(reader, return_data):
    """Cy's return at midnight on 15 November; Cy's mugs were ordered before the range."""
    response = open_report(reader, SLUG, requested_from="2026-11-13", requested_to="2026-11-15")

    assert [row[0::2] for row in table_rows(response)] == [["Mug", "1", f"{FIT} (1)"]]
    assert summary(response)["Store credit given (points)"] == "200"


def test_the_category_filter_keeps_its_products(reader, return_data, shop):
    response = open_report(reader, SLUG, category=shop.home_goods.pk)

    assert table_rows(response) == [["Mug", "6", "2", "33.3 %", f"{FIT} (1), {PICTURED} (1)"]]
    assert chart_table(response) == [(FIT, "1"), (PICTURED, "1")]


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
