"""Checkouts spending the same customer's points at once, on PostgreSQL with real threads:
points are never spent twice, no entry is lost, and the balance always equals the ledger.

A customer has one cart, so each racing checkout gets its own cart (as several browser tabs
with a stale review page would) and ``order_place`` is told the customer. Each thread has its
own connection and commits for real: the loyalty receivers run on commit, in the thread.
"""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum
from django.utils import timezone

from storefront.loyalty.models import EntryKind, LoyaltyAccount, LoyaltySettings, PointsEntry
from storefront.loyalty.services import ledger_consistent, points_bonus, points_mature
from storefront.orders.models import Cart, Order, OrderStatus
from storefront.orders.selectors import cart_summary, checkout_quote
from storefront.orders.services import (
    CheckoutDetails,
    CheckoutError,
    cart_add,
    checkout_token_issue,
    order_place,
    order_transition,
)
from storefront.products.models import ProductVariant
from tests.concurrency.threads import run_together
from tests.factories import ShopTree, make_product, make_shop, make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

POINTS_MESSAGE = "spendable points; you asked for 100"


@pytest.fixture
def shop() -> ShopTree:
    shop = make_shop()
    program = LoyaltySettings.for_site(shop.site)
    program.points_per_unit = Decimal("1")
    program.redeem_step_points = 100
    program.redeem_step_value = Decimal("5.00")
    program.redeem_max_share = 50
    program.pending_days = 30
    program.save()
    return shop


@pytest.fixture
def variants(shop) -> list[ProductVariant]:
    """Fifty 20.00 variants, one per racing cart, so the only row the checkouts share is the
    customer's loyalty account (and the product's sales counter after it)."""
    product = make_product(
        index=shop.index,
        title="Notebook",
        price="20.00",
        variants=[(f"Colour {n}", None) for n in range(50)],
        stock=20,
    )
    return list(ProductVariant.objects.filter(product=product).order_by("sort_order"))


@pytest.fixture
def customer():
    return make_user("racer")


def checkout(shop: ShopTree, user, variant: ProductVariant, points: int) -> Callable[[], Order]:
    """A checkout at the review step (its own cart, quote and token) and the call placing it."""
    cart = Cart.objects.create()
    cart_add(cart=cart, variant_id=variant.pk, quantity=1)
    options = {"points": points} if points else {}
    quote = checkout_quote(
        summary=cart_summary(cart), shipping_method=shop.express, user=user, options=options
    )
    token = checkout_token_issue(cart=cart, quote=quote)
    details = CheckoutDetails(
        email=user.email,
        full_name="Racing Shopper",
        address_line1="1 Main Street",
        city="Springfield",
        postal_code="12345",
        country="US",
        shipping_method_id=shop.express.pk,
        payment_method="bank_transfer",
        options=options,
    )
    return lambda: order_place(cart=cart, user=user, details=details, checkout_token=token)


def account(user) -> LoyaltyAccount:
    return LoyaltyAccount.objects.get(user=user)


def split(outcomes: list[Any]) -> tuple[list[Order], list[Exception]]:
    orders = [outcome for outcome in outcomes if isinstance(outcome, Order)]
    others = [outcome for outcome in outcomes if not isinstance(outcome, Order)]
    return orders, others


def assert_ledger_whole(user) -> None:
    mine = account(user)
    assert ledger_consistent(mine)
    assert mine.balance >= 0 and mine.pending >= 0
    total = PointsEntry.objects.filter(account=mine).aggregate(total=Sum("points"))["total"]
    assert mine.balance + mine.pending == total


def test_fifty_checkouts_spending_the_same_points_spend_them_once(shop, variants, customer):
    points_bonus(user=customer, points=1000, source="welcome", reason="Setup")
    calls = [checkout(shop, customer, variant, points=100) for variant in variants]

    outcomes = run_together(calls)

    orders, refusals = split(outcomes)
    assert len(orders) == 10, outcomes
    assert len(refusals) == 40, outcomes
    assert all(isinstance(refusal, CheckoutError) for refusal in refusals), refusals
    assert all(
        str(refusal) == "You have 0 spendable points; you asked for 100." for refusal in refusals
    ), refusals
    assert Order.objects.count() == 10
    mine = account(customer)
    # Each order: 20.00 − 5.00 for 100 points, 15 points earned (pending) on the 15.00.
    assert (mine.balance, mine.pending) == (0, 10 * 15)
    redeemed = PointsEntry.objects.filter(kind=EntryKind.REDEEM)
    assert sorted(redeemed.values_list("order_id", flat=True)) == sorted(o.pk for o in orders)
    assert redeemed.aggregate(total=Sum("points"))["total"] == -1000
    assert PointsEntry.objects.filter(kind=EntryKind.EARN).count() == 10
    assert_ledger_whole(customer)


def test_earning_spending_cancelling_and_bonuses_at_once_keep_the_ledger_whole(
    shop, variants, customer
):
    points_bonus(user=customer, points=700, source="welcome", reason="Setup")
    prepaid = [checkout(shop, customer, variants[n], points=100)() for n in range(2)]
    delivered = [checkout(shop, customer, variants[n], points=0)() for n in range(2, 5)]
    for order in delivered:
        for status in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            order_transition(order=order, to_status=status)
    assert (account(customer).balance, account(customer).pending) == (500, 2 * 15 + 3 * 20)
    spenders = [checkout(shop, customer, variants[n], points=100) for n in range(10, 20)]
    earners = [checkout(shop, customer, variants[n], points=0) for n in range(20, 30)]
    bonuses = [
        (lambda n=n: points_bonus(user=customer, points=10, source=f"promo:{n}", reason="Promo"))
        for n in range(5)
    ] + [
        (lambda: points_bonus(user=customer, points=10, source="promo:same", reason="Promo"))
        for _ in range(5)
    ]
    later = timezone.now() + timedelta(days=40)
    maturing = [(lambda: points_mature(now=later)) for _ in range(3)]
    cancels = [
        (lambda order=order: order_transition(order=order, to_status=OrderStatus.CANCELLED))
        for order in prepaid
    ]

    outcomes = run_together(spenders + earners + bonuses + maturing + cancels)

    spent, refused = split(outcomes[:10])
    earned, failed = split(outcomes[10:20])
    assert not failed, failed
    assert len(earned) == 10
    assert all(
        isinstance(refusal, CheckoutError) and POINTS_MESSAGE in str(refusal) for refusal in refused
    ), refused
    # 500 spendable at the start; meanwhile the two cancellations give back 200, the bonuses
    # add 60 and the matured orders 60: between 5 and 8 steps of 100, depending on timing.
    assert 5 <= len(spent) <= 8, outcomes[:10]
    assert not [outcome for outcome in outcomes[20:] if isinstance(outcome, Exception)]
    assert sorted(outcome is not None for outcome in outcomes[25:30]) == [False] * 4 + [True]
    assert sum(outcomes[30:33]) == 3  # the three delivered orders' earns matured once
    assert Order.objects.filter(status=OrderStatus.CANCELLED).count() == 2

    mine = account(customer)
    # Spendable: 500 + 200 given back + 6 × 10 bonuses + 3 × 20 matured − 100 per spender.
    assert mine.balance == 500 + 200 + 60 + 60 - 100 * len(spent)
    # Pending: the cancelled orders' 30 went, the delivered orders' 60 matured; each spender
    # earns 15 (on 15.00), each earner 20.
    assert mine.pending == 15 * len(spent) + 20 * 10
    # setup: 1 bonus, 2 × (redeem + earn), 3 earns; race: 2 per spender, 10 earns, 2 × 2
    # reversals, 6 bonuses.
    assert PointsEntry.objects.filter(account=mine).count() == 1 + 4 + 3 + 2 * len(spent) + 20
    assert_ledger_whole(customer)
