"""Returns racing each other on PostgreSQL: a line is never returned more often than it was
bought, and a return is refunded once, its loyalty entries written once.

Each test starts real threads together at a barrier; every thread has its own database
connection and closes it. The tests commit for real, so they rebuild the shop each time.
"""

from decimal import Decimal

import pytest

from storefront.loyalty.models import EntryKind, LoyaltyAccount, LoyaltySettings, PointsEntry
from storefront.loyalty.services import ledger_consistent, points_bonus
from storefront.orders.models import Order
from storefront.products.models import ProductVariant
from storefront.returns.models import ReturnLine, ReturnReason, ReturnRequest, ReturnStatus
from storefront.returns.services import (
    LineChoice,
    ReturnError,
    return_approve,
    return_receive,
    return_refund,
    return_request_open,
)
from tests.concurrency.threads import run_together
from tests.factories import ShopTree, make_product, make_shop, make_user
from tests.loyalty.conftest import deliver
from tests.returns.test_refunds import place

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def shop() -> ShopTree:
    shop = make_shop()
    program = LoyaltySettings.for_site(shop.site)
    program.points_per_unit = Decimal("1")
    program.redeem_step_points = 100
    program.redeem_step_value = Decimal("5.00")
    program.redeem_max_share = 50
    program.save()
    return shop


@pytest.fixture
def customer(shop):
    return make_user("ada")


@pytest.fixture
def vase(shop) -> ProductVariant:
    """A 60.00 vase."""
    return ProductVariant.objects.get(
        product=make_product(index=shop.index, title="Vase", price="60.00", stock=10)
    )


def two_vases(shop: ShopTree, customer, vase: ProductVariant, points: int = 0) -> Order:
    """A delivered order of two vases (a line of quantity 2); the loyalty receivers run on
    the real commits."""
    return deliver(place(shop, customer, (vase, 2), points=points))


def ask_for_both(order: Order):
    line = order.lines.get()
    doesnt_fit = ReturnReason.objects.get(code="doesnt_fit")
    return lambda: return_request_open(
        order=order,
        choices=[LineChoice(order_line=line, quantity=2, reason=doesnt_fit)],
        outcome="refund",
    )


@pytest.mark.parametrize("racers", [2, 8])
def test_requests_racing_for_the_same_line_return_it_once(shop, customer, vase, racers):
    order = two_vases(shop, customer, vase)

    outcomes = run_together([ask_for_both(order) for _ in range(racers)])

    opened = [outcome for outcome in outcomes if isinstance(outcome, ReturnRequest)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ReturnError)]
    assert (len(opened), len(refused)) == (1, racers - 1), outcomes
    assert all("You can return at most 0 of “Vase”" in str(error) for error in refused)
    assert ReturnRequest.objects.count() == 1
    returned = sum(ReturnLine.objects.values_list("quantity", flat=True))
    assert returned == 2 <= order.lines.get().quantity


def test_two_staff_refunding_the_same_return_refund_it_once(shop, customer, vase):
    # Two vases (120.00); 1,000 points pay 50.00: 70 points earned on the 70.00 paid. Both
    # come back: 70.00 refunded, all 70 earned points taken back, all 1,000 spent given back.
    points_bonus(user=customer, points=1000, source="gift", reason="Setup")
    order = two_vases(shop, customer, vase, points=1000)
    request = ask_for_both(order)()
    first, second = make_user("clerk1", is_staff=True), make_user("clerk2", is_staff=True)
    return_approve(request=request, actor=first)
    return_receive(request=request, actor=first, conditions={request.lines.get().pk: "sellable"})

    outcomes = run_together(
        [
            lambda: return_refund(request=request, actor=first),
            lambda: return_refund(request=request, actor=second),
        ]
    )

    refunded = [outcome for outcome in outcomes if isinstance(outcome, ReturnRequest)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ReturnError)]
    assert (len(refunded), len(refused)) == (1, 1), outcomes
    assert "refunded already" in str(refused[0])
    request.refresh_from_db()
    assert (request.status, request.refund_amount) == (ReturnStatus.REFUNDED, Decimal("70.00"))
    assert request.events.filter(to_status=ReturnStatus.REFUNDED).count() == 1
    reversals = PointsEntry.objects.filter(kind=EntryKind.REVERSE, source__startswith="refund:")
    assert sorted(reversals.values_list("source", "points")) == [
        (f"refund:{request.rma}:earned", -70),
        (f"refund:{request.rma}:redeemed", 1000),
    ]
    account = LoyaltyAccount.objects.get(user=customer)
    assert ledger_consistent(account)
    assert (account.balance, account.pending) == (1000, 0)
