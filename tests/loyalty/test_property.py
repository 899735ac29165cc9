"""Random sequences of what happens to points (orders that earn and spend, deliveries,
cancellations, partial refunds replayed under the same key, bonuses replayed under the same
source, maturing and expiry, days passing) on two customers. After every step each account's
figures equal the sums of its entries, nothing is negative, and no order gives back more than
it took or takes back more than it earned.

The shop and products are built once per test; each example runs in a savepoint that is
rolled back, so examples start from the same empty ledger.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storefront.core.money import money
from storefront.loyalty.models import EntryKind, ExpiryMode, LoyaltyAccount, PointsEntry
from storefront.loyalty.rules import RedemptionError
from storefront.loyalty.services import (
    PointsError,
    ledger_consistent,
    order_earn_base,
    points_bonus,
    points_cancel_order,
    points_earn_for_order,
    points_expire,
    points_mature,
    points_reverse_for_refund,
    points_schedule_for_delivery,
)
from storefront.orders.models import Order, OrderStatus
from storefront.orders.services import CheckoutError, TransitionError, order_transition
from tests.factories import make_user
from tests.loyalty.conftest import deliver
from tests.loyalty.test_ledger import place

pytestmark = pytest.mark.django_db

customers = st.integers(0, 1)
order_pick = st.integers(0, 50)
# quantity of 25.00 mugs, and points to spend in steps of 100 (none half of the time)
buy = st.tuples(st.just("buy"), customers, st.integers(1, 4), st.sampled_from([0, 0, 1, 2]))
deliver_one = st.tuples(st.just("deliver"), order_pick)
wait = st.tuples(st.just("wait"), st.integers(1, 45))
bonus = st.tuples(st.just("bonus"), customers, st.integers(100, 400), st.integers(0, 2))
steps = st.lists(
    st.one_of(
        # Buying, delivering, waiting and bonuses come up more often than the rest, so that
        # there are points to spend, mature, refund and expire.
        buy,
        buy,
        bonus,
        deliver_one,
        deliver_one,
        wait,
        wait,
        st.tuples(st.just("mature")),
        st.tuples(st.just("mature")),
        st.tuples(st.just("cancel"), order_pick),
        # the share of the order refunded, and the refund's key (repeats are replays)
        st.tuples(
            st.just("refund"), order_pick, st.sampled_from(["0.2", "0.5", "1"]), st.integers(0, 2)
        ),
        st.tuples(st.just("expire")),
    ),
    min_size=10,
    max_size=40,
)

REFUSALS = (CheckoutError, PointsError, RedemptionError, TransitionError)


def check_invariants(users) -> None:
    for account in LoyaltyAccount.objects.filter(user__in=users):
        assert ledger_consistent(account), account
        assert account.balance >= 0
        assert account.pending >= 0
    per_order = PointsEntry.objects.filter(order__isnull=False).values("order")
    for row in per_order.annotate(
        earned=Sum("points", filter=Q(kind=EntryKind.EARN)),
        taken=Sum("points", filter=Q(kind=EntryKind.REVERSE, points__lt=0)),
        spent=Sum("points", filter=Q(kind=EntryKind.REDEEM)),
        given=Sum("points", filter=Q(kind=EntryKind.REVERSE, points__gt=0)),
    ):
        assert (row["earned"] or 0) + (row["taken"] or 0) >= 0, row
        assert (row["spent"] or 0) + (row["given"] or 0) <= 0, row


def run(shop, users, mug, actions) -> None:
    now = timezone.now()
    orders: list[Order] = []
    for action, *args in actions:
        try:
            if action == "buy":
                who, quantity, spend = args
                order = place(shop, users[who], (mug, quantity), points=spend * 100)
                points_earn_for_order(order=order, now=now)
                orders.append(order)
            elif action == "deliver" and orders:
                order = deliver(orders[args[0] % len(orders)])
                Order.objects.filter(pk=order.pk).update(delivered_at=now)
                order.refresh_from_db()
                points_schedule_for_delivery(order=order)
            elif action == "cancel" and orders:
                order = orders[args[0] % len(orders)]
                order_transition(order=order, to_status=OrderStatus.CANCELLED)
                points_cancel_order(order=order, now=now)
            elif action == "refund" and orders:
                pick, share, key = args
                order = Order.objects.get(pk=orders[pick % len(orders)].pk)
                if order.status == OrderStatus.DELIVERED:
                    amount = money(order_earn_base(order) * Decimal(share))
                    points_reverse_for_refund(
                        order=order, key=f"{order.pk}-{key}", amount=amount, now=now
                    )
            elif action == "bonus":
                who, points, source = args
                points_bonus(
                    user=users[who], points=points, source=f"gift:{source}", reason="Gift", now=now
                )
            elif action == "wait":
                now += timedelta(days=args[0])
            elif action == "mature":
                points_mature(now=now)
            elif action == "expire":
                points_expire(now=now)
        except REFUSALS:
            pass  # a refusal is fine as long as it changed nothing: the invariants say so
        check_invariants(users)


@pytest.fixture
def world(shop, program, product_factory):
    """Two customers and a 25.00 mug; points expire a month after they are earned."""
    program.expiry_mode = ExpiryMode.AFTER_EARNING
    program.expiry_months = 1
    program.pending_days = 14
    program.save()
    users = [make_user("ann"), make_user("ben")]
    mug = product_factory(title="Mug", price="25.00", stock=99).variants.get()
    return shop, users, mug


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=steps)
def test_random_sequences_keep_the_ledger_whole_and_nothing_negative(world, actions):
    shop, users, mug = world
    with transaction.atomic():
        run(shop, users, mug, actions)
        transaction.set_rollback(True)
