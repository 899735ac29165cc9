"""The loyalty programs shoppers already know, each set up as an editor would and followed
through a year of purchases, deliveries, maturing points and redemptions.

Days are explicit: an order is placed through the checkout services, then dated and its points
earned with ``now=<day>``; deliveries are dated before the pending period is scheduled;
``points_mature(now=<day>)`` is the daily run. The on-commit receivers do not run here (no
``django_capture_on_commit_callbacks``), so each service runs exactly once, on its day.

How tiers apply (as the services do): the tier an order earns at is the one the customer had
reached before that order, counted over the program's period as of the order's day; the order's
own spend counts towards the next order's tier.
"""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from storefront.loyalty.models import LoyaltyAccount, PointsEntry, Rounding, SpendPeriod
from storefront.loyalty.selectors import loyalty_overview
from storefront.loyalty.services import (
    ledger_consistent,
    points_cancel_order,
    points_earn_for_order,
    points_mature,
    points_reverse_for_refund,
    points_schedule_for_delivery,
)
from storefront.orders.models import Order, OrderStatus
from storefront.orders.services import CheckoutError, order_transition
from tests.factories import make_user
from tests.loyalty.conftest import deliver, set_tiers
from tests.loyalty.test_ledger import place

pytestmark = pytest.mark.django_db


def day(month: int, dom: int, year: int = 2025) -> datetime:
    return datetime(year, month, dom, 12, tzinfo=UTC)


def buy(shop, user, when: datetime, *lines, points: int = 0) -> Order:
    """Place an order on ``when`` (spending ``points``) and earn its pending points."""
    order = place(shop, user, *lines, points=points)
    Order.objects.filter(pk=order.pk).update(placed_at=when)
    PointsEntry.objects.filter(order=order).update(created_at=when)  # the redemption
    points_earn_for_order(order=order, now=when)
    return order


def deliver_on(order: Order, when: datetime) -> Order:
    deliver(order)
    Order.objects.filter(pk=order.pk).update(delivered_at=when)
    order.refresh_from_db()
    points_schedule_for_delivery(order=order)
    return order


def cancel_on(order: Order, when: datetime) -> None:
    order_transition(order=order, to_status=OrderStatus.CANCELLED)
    points_cancel_order(order=order, now=when)


def earned(order: Order) -> int:
    return PointsEntry.objects.get(order=order, kind="earn").points


def points(user) -> tuple[int, int]:
    """(spendable, pending), checked against the ledger."""
    account = LoyaltyAccount.objects.get(user=user)
    assert ledger_consistent(account)
    return account.balance, account.pending


def tier(user) -> tuple[str, Decimal]:
    account = LoyaltyAccount.objects.get(user=user)
    return account.tier_name, account.tier_spend


@pytest.fixture
def item(product_factory):
    """``item(price)`` → the variant of a new product at ``price``, 90 in stock."""
    return lambda price: product_factory(price=price, stock=90).variants.get()


# ---------------------------------------------------------------------------- program 1


def test_one_point_per_unit_and_100_points_for_5(shop, program, item):
    """1 point per 1.00 on the goods (rounded down), 100 points = 5.00, points pay at most
    half the goods, spendable 30 days after delivery."""
    ada = make_user("ada")
    tee, jacket, mug, boots = item("24.99"), item("120.00"), item("12.50"), item("89.90")

    january = buy(shop, ada, day(1, 10), (tee, 2))
    # 49.98 of goods (+ 4.90 shipping, not counted): floor(49.98) = 49 pending.
    assert earned(january) == 49
    deliver_on(january, day(1, 14))  # spendable from 13 February
    points_mature(now=day(2, 1))
    assert points(ada) == (0, 49)
    points_mature(now=day(2, 14))
    assert points(ada) == (49, 0)

    february = buy(shop, ada, day(2, 20), (jacket, 1))  # 120 pending
    deliver_on(february, day(2, 24))
    points_mature(now=day(3, 26))  # 24 Feb + 30 days
    assert points(ada) == (169, 0)

    # 169 points are one whole step: 100 points take 5.00 off the 89.90 boots. Points are
    # earned on what the goods cost after that: floor(84.90) = 84.
    april = buy(shop, ada, day(4, 5), (boots, 1), points=100)
    assert (april.adjustments_total, april.total) == (Decimal("-5.00"), Decimal("84.90"))
    assert earned(april) == 84
    assert points(ada) == (69, 84)
    deliver_on(april, day(4, 9))

    may = buy(shop, ada, day(5, 1), (mug, 3))  # 37.50 → 37 pending
    assert points(ada) == (69, 121)
    cancel_on(may, day(5, 2))  # the cancelled order's 37 pending points go
    assert points(ada) == (69, 84)
    points_mature(now=day(5, 9))
    assert points(ada) == (153, 0)  # 69 + 84

    # 144.99 of goods, 100 points (of 153; 200 would need 200) take 5.00: 139.99 → 139.
    july = buy(shop, ada, day(7, 15), (jacket, 1), (tee, 1), points=100)
    assert earned(july) == 139
    assert points(ada) == (53, 139)
    deliver_on(july, day(7, 20))

    # The tee goes back. Its price net of its share of the 5.00 points discount is
    # 24.99 − 5.00 × 24.99 / 144.99 = 24.13, i.e. 24.13 / 139.99 = 17.24 % of the order:
    # 17.24 % of the 139 earned (23.96 → 24) is taken back, 17.24 % of the 100 spent
    # (17.24 → 17) is given back.
    points_reverse_for_refund(order=july, key="RMA-1", amount=Decimal("24.13"), now=day(8, 1))
    assert points(ada) == (70, 115)
    points_mature(now=day(8, 19))
    assert points(ada) == (185, 0)

    november = buy(shop, ada, day(11, 28), (mug, 4))  # 50.00 → 50
    deliver_on(november, day(12, 2))  # spendable from 1 January
    points_mature(now=day(12, 31))
    assert points(ada) == (185, 50)
    points_mature(now=day(1, 1, 2026))
    assert points(ada) == (235, 0)

    # 49 + 120 + 84 + 139 − 24 + 50 earned, 200 spent, 17 given back.
    assert 49 + 120 + 84 + 139 - 24 + 50 - 200 + 17 == 235
    # Two whole steps of 100 are worth 10.00.
    assert loyalty_overview(ada).balance_value == Decimal("10.00")


# ---------------------------------------------------------------------------- program 2


def test_ten_points_per_unit_and_1000_points_for_1(shop, program, item):
    """10 points per 1.00 rounded to the nearest point, 1,000 points = 1.00, points may pay
    the whole of the goods, spendable 14 days after delivery. A basket every month."""
    program.points_per_unit = Decimal("10")
    program.rounding = Rounding.HALF_UP
    program.redeem_step_points = 1000
    program.redeem_step_value = Decimal("1.00")
    program.redeem_max_share = 100
    program.pending_days = 14
    program.save()
    bea = make_user("bea")
    basket = item("37.45")

    def month(number: int, spend: int = 0) -> Order:
        """A basket bought on the 3rd, delivered on the 6th, spendable on the 20th."""
        order = buy(shop, bea, day(number, 3), (basket, 1), points=spend)
        deliver_on(order, day(number, 6))
        points_mature(now=day(number, 20))
        return order

    for number in range(1, 7):
        # 37.45 × 10 = 374.5 → 375 (half up); shipping is not counted.
        assert earned(month(number)) == 375
    assert points(bea) == (6 * 375, 0)  # 2,250 by the end of June

    # 2,250 points are two whole steps: 2,000 points take 2.00 off; 35.45 × 10 = 354.5 → 355.
    july = month(7, spend=2000)
    assert (july.adjustments_total, earned(july)) == (Decimal("-2.00"), 355)
    assert points(bea) == (250 + 355, 0)

    for number in range(8, 12):
        month(number)
    assert points(bea) == (605 + 4 * 375, 0)  # 2,105 by the end of November

    with pytest.raises(CheckoutError, match="You have 2105 spendable points; you asked for 3000"):
        buy(shop, bea, day(12, 3), (basket, 1), points=3000)
    december = month(12, spend=2000)
    assert earned(december) == 355
    # Earned 10 × 375 + 2 × 355 = 4,460; spent 4,000.
    assert points(bea) == (460, 0)
    assert loyalty_overview(bea).balance_value == Decimal("0.00")  # less than a step


# ---------------------------------------------------------------------------- program 3


def test_one_point_per_unit_with_member_tiers_by_yearly_spend(shop, program, item):
    """1 point per 1.00 (rounded down); Silver from 500.00 spent this calendar year earns
    ×1.25, Gold from 2,000.00 ×1.5, Platinum from 5,000.00 ×2. An order earns at the tier
    reached before it; a refund lowers the year's spend and can lower the tier."""
    set_tiers(
        program, ("Silver", "500", "1.25"), ("Gold", "2000", "1.5"), ("Platinum", "5000", "2")
    )
    cem = make_user("cem")
    chair, sofa, table = item("450.00"), item("1600.00"), item("3000.00")
    lamp, vase = item("100.00"), item("39.90")

    orders = [
        buy(shop, cem, day(1, 15), (chair, 1)),  # member: 450 × 1 = 450; year 450
        buy(shop, cem, day(2, 10), (lamp, 1)),  # member: 100 × 1 = 100; year 550 → Silver
        buy(shop, cem, day(3, 5), (sofa, 1)),  # Silver: 1,600 × 1.25 = 2,000; 2,150 → Gold
        buy(shop, cem, day(4, 20), (vase, 1)),  # Gold: 39.90 × 1.5 = 59.85 → 59; 2,189.90
    ]
    assert [earned(order) for order in orders] == [450, 100, 2000, 59]
    assert tier(cem) == ("Gold", Decimal("2189.90"))

    table_order = buy(shop, cem, day(6, 1), (table, 1))  # Gold: 3,000 × 1.5 = 4,500
    assert earned(table_order) == 4500
    assert tier(cem) == ("Platinum", Decimal("5189.90"))
    lamps = buy(shop, cem, day(6, 10), (lamp, 2))  # Platinum: 200 × 2 = 400
    assert earned(lamps) == 400
    for order in [*orders, lamps]:
        deliver_on(order, day(6, 12))
    deliver_on(table_order, day(6, 5))

    # The table comes back before its points mature: its 4,500 pending points go, and the
    # year's spend drops by 3,000.00 to 2,389.90: Gold again.
    points_reverse_for_refund(
        order=table_order, key="RMA-7", amount=Decimal("3000.00"), now=day(7, 1)
    )
    assert tier(cem) == ("Gold", Decimal("2389.90"))
    points_mature(now=day(7, 15))
    assert points(cem) == (450 + 100 + 2000 + 59 + 400, 0)  # 3,009

    august = buy(shop, cem, day(8, 15), (lamp, 1))  # Gold again: 100 × 1.5 = 150
    assert earned(august) == 150
    # 1,000 points pay 50.00, half the lamp; 50.00 left × 1.5 = 75.
    september = buy(shop, cem, day(9, 1), (lamp, 1), points=1000)
    assert earned(september) == 75
    assert tier(cem) == ("Gold", Decimal("2539.90"))
    deliver_on(august, day(9, 3))
    deliver_on(september, day(9, 3))
    points_mature(now=day(10, 3))
    assert points(cem) == (3009 + 150 - 1000 + 75, 0)  # 2,234

    # A new calendar year: the year's spend starts again, so January earns at the base rate.
    january = buy(shop, cem, day(1, 10, 2026), (lamp, 1))
    assert earned(january) == 100
    assert tier(cem) == ("", Decimal("100.00"))
    assert points(cem) == (2234, 100)


# ---------------------------------------------------------------------------- program 4


def test_two_four_six_points_by_year_to_date_spend_with_a_2500_point_minimum(shop, program, item):
    """2 points per 1.00 under 2,500.00 spent this year, 4 from 2,500.00, 6 from 10,000.00
    (the base rate of 1 point times the tier's multiplier); 100 points = 1.00, spent 2,500 at
    a time at least. The year-to-date spend before an order sets its rate."""
    program.redeem_step_points = 100
    program.redeem_step_value = Decimal("1.00")
    program.redeem_minimum_points = 2500
    program.save()
    set_tiers(program, ("Insider", "0", "2"), ("VIB", "2500", "4"), ("Rouge", "10000", "6"))
    dee = make_user("dee")
    kit, palette, serum = item("2000.00"), item("500.00"), item("125.00")

    orders = [
        buy(shop, dee, day(1, 20), (kit, 1)),  # Insider: 2,000 × 2 = 4,000; YTD 2,000
        buy(shop, dee, day(2, 14), (palette, 1)),  # Insider: 500 × 2 = 1,000; 2,500 → VIB
        buy(shop, dee, day(3, 10), (serum, 1)),  # VIB: 125 × 4 = 500; 2,625
        buy(shop, dee, day(5, 1), (kit, 4)),  # VIB: 8,000 × 4 = 32,000; 10,625 → Rouge
        buy(shop, dee, day(6, 1), (serum, 1)),  # Rouge: 125 × 6 = 750; 10,750
    ]
    assert [earned(order) for order in orders] == [4000, 1000, 500, 32000, 750]
    assert tier(dee) == ("Rouge", Decimal("10750.00"))
    for order in orders:
        deliver_on(order, day(6, 3))
    points_mature(now=day(7, 3))
    assert points(dee) == (38250, 0)

    before = points(dee), PointsEntry.objects.count(), Order.objects.count()
    with pytest.raises(CheckoutError, match="Spend at least 2500 points at once"):
        buy(shop, dee, day(7, 5), (palette, 1), points=2400)
    assert (points(dee), PointsEntry.objects.count(), Order.objects.count()) == before

    # 2,500 points take 25.00 off a palette: 475.00 × 6 = 2,850.
    july = buy(shop, dee, day(7, 5), (palette, 1), points=2500)
    assert (july.adjustments_total, earned(july)) == (Decimal("-25.00"), 2850)
    deliver_on(july, day(7, 8))
    points_mature(now=day(8, 7))
    # Earned 4,000 + 1,000 + 500 + 32,000 + 750 + 2,850 = 41,100; spent 2,500.
    assert points(dee) == (38600, 0)
    assert loyalty_overview(dee).balance_value == Decimal("386.00")

    # January: the year-to-date spend is back to nothing, so Insider's ×2 again.
    january = buy(shop, dee, day(1, 15, 2026), (serum, 1))
    assert earned(january) == 250
    assert tier(dee) == ("Insider", Decimal("125.00"))
    assert points(dee) == (38600, 250)


def test_a_lifetime_program_keeps_the_tier_across_years(shop, program, item):
    """The same 2/4/6 tiers counted over the customer's lifetime never fall back."""
    program.tier_period = SpendPeriod.LIFETIME
    program.save()
    set_tiers(program, ("Insider", "0", "2"), ("VIB", "2500", "4"), ("Rouge", "10000", "6"))
    eve = make_user("eve")
    kit = item("2000.00")

    buy(shop, eve, day(11, 1), (kit, 2))  # Insider: 4,000 × 2 = 8,000; 4,000 → VIB
    january = buy(shop, eve, day(1, 15, 2026), (kit, 1))  # VIB: 2,000 × 4 = 8,000

    assert earned(january) == 8000
    assert tier(eve) == ("VIB", Decimal("6000.00"))
