"""The points ledger as customers and staff meet it: earning on orders, the pending period,
spending at checkout, cancellations and refunds, staff adjustments, expiry, bonuses, tiers and
the API. Every change is an entry; replaying any of them changes nothing; refused input
changes nothing.

Signals go out on commit: order placements and transitions run inside
``django_capture_on_commit_callbacks(execute=True)`` when the loyalty receivers should run.
"""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from storefront.core.uploads import image_upload_clean
from storefront.loyalty.models import (
    EntryKind,
    EntryState,
    ExpiryMode,
    LoyaltyAccount,
    PointsEntry,
    Rounding,
    SpendPeriod,
)
from storefront.loyalty.rules import RedemptionError
from storefront.loyalty.services import (
    PointsError,
    account_for,
    birthday_bonuses,
    ledger_consistent,
    points_adjust,
    points_bonus,
    points_cancel_order,
    points_earn_for_order,
    points_expire,
    points_mature,
    points_redeem,
    points_reverse_for_refund,
    points_schedule_for_delivery,
    referral_accept,
    referral_reward,
)
from storefront.loyalty.tasks import storefront_expire_points
from storefront.orders import adjusters, signals
from storefront.orders.adjusters import Adjustment, AdjustmentRefused, CheckoutAdjuster
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
from storefront.reviews.models import ReviewSettings, ReviewStatus
from storefront.reviews.services import review_moderate, review_submit
from tests.factories import ShopTree, make_user
from tests.loyalty.conftest import deliver, set_tiers
from tests.reviews.conftest import make_moderator

pytestmark = pytest.mark.django_db

CHECKOUT_URL = reverse("storefront:checkout")
REVIEW_URL = reverse("storefront:checkout_review")
API = "/api/storefront/loyalty"
REVIEW_TEXT = "A sturdy mug that keeps my tea hot for a long time."


# ---------------------------------------------------------------------------- helpers


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


def place(shop: ShopTree, user, *lines: tuple[ProductVariant, int], points: int = 0) -> Order:
    """Place an order through the checkout services, spending ``points``. Each order gets its
    own cart (``order_place`` takes the customer as an argument), as a second browser tab
    would."""
    cart = Cart.objects.create()
    for variant, quantity in lines:
        cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    options = {"points": points} if points else {}
    summary = cart_summary(cart)
    try:
        quote = checkout_quote(
            summary=summary, shipping_method=shop.standard, user=user, options=options
        )
    except AdjustmentRefused:  # order_place must refuse these points itself
        quote = checkout_quote(summary=summary, shipping_method=shop.standard, user=user)
    return order_place(
        cart=cart,
        user=user,
        details=CheckoutDetails(
            email=user.email if user else "guest@example.com",
            full_name="Ada Lovelace",
            address_line1="12 Analytical Street",
            city="Berlin",
            postal_code="10115",
            country="DE",
            shipping_method_id=shop.standard.pk,
            payment_method="bank_transfer",
            options=options,
        ),
        checkout_token=checkout_token_issue(cart=cart, quote=quote),
    )


def account(user) -> LoyaltyAccount:
    return LoyaltyAccount.objects.get(user=user)


def figures(user) -> tuple[int, int]:
    """(spendable, pending) points of ``user``, checked against the ledger."""
    mine = LoyaltyAccount.objects.filter(user=user).first()
    if mine is None:
        return 0, 0
    assert ledger_consistent(mine)
    return mine.balance, mine.pending


def entries(user) -> list[tuple[str, str, int, str]]:
    """(kind, state, points, source) of ``user``'s entries, oldest first."""
    return list(
        PointsEntry.objects.filter(account__user=user)
        .order_by("pk")
        .values_list("kind", "state", "points", "source")
    )


def give(user, points: int, source: str = "gift") -> None:
    """Setup: spendable points, as a bonus."""
    points_bonus(user=user, points=points, source=source, reason="Setup")


def unchanged(user):
    """A snapshot of everything points-related of ``user``, to compare after a refusal."""
    return figures(user), entries(user), Order.objects.count()


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def totals(response) -> dict[str, str]:
    box = page(response).select_one("dl.totals")
    return {
        dt.get_text(" ", strip=True): dd.get_text(" ", strip=True)
        for dt, dd in zip(box.find_all("dt"), box.find_all("dd"), strict=True)
    }


def shown_messages(response) -> list[str]:
    return [item.get_text(strip=True) for item in page(response).select(".messages li")]


@pytest.fixture
def customer(program):
    return make_user("ada", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def mug(product_factory) -> ProductVariant:
    """A 25.00 mug, plenty in stock."""
    return product_factory(title="Mug", price="25.00", stock=90).variants.get()


@pytest.fixture
def lamp(product_factory) -> ProductVariant:
    """A 100.00 lamp, plenty in stock."""
    return product_factory(title="Lamp", price="100.00", stock=90).variants.get()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the on-commit signals, so the loyalty receivers act."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def buy_now(shop, committed):
    def run(user, *lines, points: int = 0) -> Order:
        with committed():
            return place(shop, user, *lines, points=points)

    return run


@pytest.fixture
def deliver_now(committed):
    def run(order: Order) -> Order:
        with committed():
            return deliver(order)

    return run


# ---------------------------------------------------------------------------- earning


def test_a_placed_order_earns_pending_points_on_the_goods_not_the_shipping(
    customer, product_factory, buy_now
):
    cup = product_factory(price="24.99").variants.get()

    order = buy_now(customer, (cup, 2))

    # Goods 49.98 (shipping 4.90 is not counted): floor(49.98 × 1) = 49 points.
    assert (order.goods_total, order.shipping_total) == (Decimal("49.98"), Decimal("4.90"))
    assert figures(customer) == (0, 49)
    entry = PointsEntry.objects.get(account__user=customer)
    assert (entry.kind, entry.state, entry.points, entry.spend) == (
        EntryKind.EARN,
        EntryState.PENDING,
        49,
        Decimal("49.98"),
    )
    assert entry.order == order
    assert entry.available_at is None  # the pending period starts at delivery


def test_points_are_earned_on_the_goods_after_the_points_discount(customer, lamp, buy_now):
    give(customer, 200)

    order = buy_now(customer, (lamp, 1), points=100)

    # 100.00 of goods, 100 points took 5.00 off: 95 points earned on 95.00.
    assert order.adjustments_total == Decimal("-5.00")
    assert PointsEntry.objects.get(order=order, kind=EntryKind.EARN).points == 95
    assert figures(customer) == (100, 95)


@pytest.mark.parametrize(
    "rounding, price, points",
    [
        (Rounding.DOWN, "12.50", 12),
        (Rounding.DOWN, "12.90", 12),
        (Rounding.HALF_UP, "12.49", 12),
        (Rounding.HALF_UP, "12.50", 13),
        (Rounding.UP, "12.01", 13),
        (Rounding.UP, "12.00", 12),
    ],
)
def test_earned_points_are_rounded_as_the_program_says(
    program, customer, product_factory, buy_now, rounding, price, points
):
    program.rounding = rounding
    program.save()
    variant = product_factory(price=price).variants.get()

    buy_now(customer, (variant, 1))

    assert figures(customer) == (0, points)


def test_a_guest_order_earns_nothing(shop, program, mug, committed):
    with committed():
        place(shop, None, (mug, 2))

    assert not PointsEntry.objects.exists()


def test_nothing_is_earned_while_the_program_is_off(program, customer, mug, buy_now):
    program.enabled = False
    program.save()

    buy_now(customer, (mug, 2))

    assert not PointsEntry.objects.exists()


# ---------------------------------------------------------------------------- pending period


def test_pending_points_become_spendable_pending_days_after_delivery(
    customer, mug, buy_now, deliver_now
):
    order = deliver_now(buy_now(customer, (mug, 2)))

    entry = PointsEntry.objects.get(order=order)
    assert entry.available_at == order.delivered_at + timedelta(days=30)
    assert points_mature(now=order.delivered_at + timedelta(days=29)) == 0
    assert figures(customer) == (0, 50)

    assert points_mature(now=order.delivered_at + timedelta(days=30)) == 1
    assert figures(customer) == (50, 0)
    assert points_mature(now=order.delivered_at + timedelta(days=31)) == 0
    assert figures(customer) == (50, 0)


def test_undelivered_points_never_mature(customer, mug, buy_now):
    buy_now(customer, (mug, 2))

    assert points_mature(now=at(2099, 1, 1)) == 0
    assert figures(customer) == (0, 50)


# ---------------------------------------------------------------------------- checkout


@pytest.fixture
def shopper(client, customer, mug):
    """The customer, logged in, with 300 spendable points and two mugs (50.00) in the cart."""
    give(customer, 300)
    client.force_login(customer)
    client.post(reverse("storefront:cart_add"), {"variant": mug.pk, "quantity": 2})
    return client


def fill_details(client, shop, **extra):
    return client.post(
        CHECKOUT_URL,
        {
            "email": "ada@example.com",
            "full_name": "Ada Lovelace",
            "phone": "",
            "address_line1": "12 Analytical Street",
            "address_line2": "",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
            "payment_method": "bank_transfer",
            "shipping_method": shop.standard.pk,
            **extra,
        },
    )


def review_token(response) -> str:
    return page(response).find("input", attrs={"name": "checkout_token"})["value"]


def test_the_checkout_offers_the_points_the_order_may_use(shopper):
    response = shopper.get(CHECKOUT_URL)

    field = page(response).find("select", attrs={"name": "points"})
    # 300 points in steps of 100; half of 50.00 would allow 500.
    assert [option["value"] for option in field.find_all("option")] == ["0", "100", "200", "300"]
    assert "You have 300 spendable points." in response.content.decode()


def test_guests_are_not_offered_points(client, shop, program, mug):
    client.post(reverse("storefront:cart_add"), {"variant": mug.pk, "quantity": 2})

    response = client.get(CHECKOUT_URL)

    assert page(response).find("select", attrs={"name": "points"}) is None


def test_spending_points_at_checkout_shows_the_discount_and_debits_when_placing(
    shop, customer, shopper, committed
):
    details = fill_details(shopper, shop, points="200")
    assert details["Location"] == REVIEW_URL

    review = shopper.get(REVIEW_URL)
    discount = [amount for label, amount in totals(review).items() if "200 points" in label]
    assert discount == ["-$10.00"]
    # Goods 50.00 + shipping 4.90 − 10.00 for 200 points.
    assert totals(review)["Total"] == "$44.90"
    assert figures(customer) == (300, 0)  # nothing moves before the order is placed

    with committed():
        placed = shopper.post(REVIEW_URL, {"checkout_token": review_token(review)})

    order = Order.objects.get()
    assert placed["Location"] == reverse("storefront:checkout_done", args=[order.number])
    assert (order.goods_total, order.adjustments_total, order.total) == (
        Decimal("50.00"),
        Decimal("-10.00"),
        Decimal("44.90"),
    )
    # 200 spent; 40 earned (pending) on the 40.00 paid for the goods.
    assert figures(customer) == (100, 40)
    redeem = PointsEntry.objects.get(kind=EntryKind.REDEEM)
    assert (redeem.points, redeem.order) == (-200, order)


def test_points_that_are_not_offered_are_refused_by_the_form(shop, customer, shopper):
    for points in ("150", "-100", "400"):
        response = fill_details(shopper, shop, points=points)

        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert figures(customer) == (300, 0)


def test_points_spent_meanwhile_in_another_tab_refuse_the_order(
    shop, customer, shopper, lamp, committed
):
    fill_details(shopper, shop, points="200")
    review = shopper.get(REVIEW_URL)
    place(shop, customer, (lamp, 1), points=200)  # the other tab
    before = unchanged(customer)

    with committed():
        refused = shopper.post(REVIEW_URL, {"checkout_token": review_token(review)}, follow=True)

    assert "You have 100 spendable points; you asked for 200." in shown_messages(refused)
    assert unchanged(customer) == before
    assert Order.objects.count() == 1  # only the other tab's


def test_points_taken_between_the_quote_and_the_lock_refuse_the_order(
    shop, customer, mug, monkeypatch
):
    """The quote reads the balance without a lock; the debit re-checks it under the lock."""
    give(customer, 100)
    monkeypatch.setattr("storefront.loyalty.checkout._balance", lambda user: 1000)
    before = unchanged(customer)

    with pytest.raises(CheckoutError, match="You have 100 spendable points; you asked for 200"):
        place(shop, customer, (mug, 2), points=200)

    assert unchanged(customer) == before


class DeclinedGiftCard(CheckoutAdjuster):
    code = "gift_card"

    def quote(self, *, user, goods_total, options):
        return Adjustment(code=self.code, label="Gift card", amount=Decimal("-1.00"))

    def commit(self, *, order, adjustment):
        raise AdjustmentRefused("The gift card was declined.")


def test_if_the_order_fails_after_the_debit_no_point_moves(shop, customer, mug, monkeypatch):
    give(customer, 300)
    monkeypatch.setattr(adjusters, "_adjusters", [*adjusters.registered(), DeclinedGiftCard()])
    before = unchanged(customer)

    with pytest.raises(CheckoutError, match="gift card was declined"):
        place(shop, customer, (mug, 2), points=200)

    assert unchanged(customer) == before


def test_the_points_of_another_customer_cannot_be_spent(shop, customer, mug):
    give(customer, 300)
    stranger = make_user("stranger")

    with pytest.raises(CheckoutError, match="You have 0 spendable points"):
        place(shop, stranger, (mug, 2), points=100)
    with pytest.raises(CheckoutError, match="You have 0 spendable points"):
        place(shop, None, (mug, 2), points=100)

    assert figures(customer) == (300, 0)
    assert not Order.objects.exists()


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "points, message",
    [
        (-100, "cannot be negative"),
        (150, "steps of 100; choose a multiple of 100"),
        (100, "Spend at least 200 points at once"),
        (600, "You have 500 spendable points; you asked for 600"),
        (300, r"at most 50% of the goods \(\$12.50\)"),
    ],
)
def test_bad_points_are_refused_with_a_clear_message_and_change_nothing(
    shop, program, customer, mug, points, message
):
    program.redeem_minimum_points = 200
    program.save()
    give(customer, 500)
    order = place(shop, customer, (mug, 1))  # 25.00 of goods: points may pay 12.50
    before = unchanged(customer)

    with pytest.raises(RedemptionError, match=message):
        points_redeem(order=order, points=points, goods_total=order.goods_total)
    with pytest.raises(CheckoutError, match=message):
        place(shop, customer, (mug, 1), points=points)

    assert unchanged(customer) == before


# ---------------------------------------------------------------------------- cancel, refund


def test_a_cancelled_order_gives_back_its_points_and_cancels_its_pending_earn(
    shop, customer, lamp, buy_now, committed
):
    give(customer, 300)
    order = buy_now(customer, (lamp, 1), points=200)
    assert figures(customer) == (100, 90)  # 100.00 − 10.00 → 90 pending

    with committed():
        order_transition(order=order, to_status=OrderStatus.CANCELLED)

    assert figures(customer) == (300, 0)
    assert entries(customer)[-2:] == [
        (EntryKind.REVERSE, EntryState.AVAILABLE, 200, f"order:{order.pk}:redeemed"),
        (EntryKind.REVERSE, EntryState.PENDING, -90, f"order:{order.pk}:earned"),
    ]
    assert account(customer).tier_spend == 0


def test_refund_reverses_the_earned_share_and_returns_the_redeemed_share(
    customer, lamp, buy_now, deliver_now
):
    """Worked example: two lamps (200.00), 400 points pay 20.00, 180 points earned on 180.00.
    One lamp comes back: its price net of its half of the points discount is 90.00, half of
    the 180.00 → half of the earned points (90) are taken back and half of the spent points
    (200) are returned."""
    give(customer, 500)
    order = deliver_now(buy_now(customer, (lamp, 2), points=400))
    assert figures(customer) == (100, 180)

    written = points_reverse_for_refund(order=order, key="RMA-1", amount=Decimal("90.00"))

    assert [(entry.state, entry.points) for entry in written] == [
        (EntryState.PENDING, -90),
        (EntryState.AVAILABLE, 200),
    ]
    assert figures(customer) == (300, 90)
    assert account(customer).tier_spend == Decimal("90.00")

    assert points_reverse_for_refund(order=order, key="RMA-1", amount=Decimal("90.00")) == []
    assert figures(customer) == (300, 90)

    points_reverse_for_refund(order=order, key="RMA-2", amount=Decimal("90.00"))
    assert figures(customer) == (500, 0)
    assert account(customer).tier_spend == 0


def test_points_refunded_while_pending_never_become_spendable(customer, lamp, buy_now, deliver_now):
    order = deliver_now(buy_now(customer, (lamp, 2)))
    points_reverse_for_refund(order=order, key="RMA-1", amount=Decimal("50.00"))
    assert figures(customer) == (0, 150)

    points_mature(now=order.delivered_at + timedelta(days=30))

    assert figures(customer) == (150, 0)


def test_a_refund_of_matured_and_spent_points_takes_only_what_is_left(
    shop, customer, lamp, buy_now, deliver_now
):
    order = deliver_now(buy_now(customer, (lamp, 2)))
    points_mature(now=order.delivered_at + timedelta(days=30))
    place(shop, customer, (lamp, 1), points=100)  # 100 of the 200 spent meanwhile
    assert figures(customer) == (100, 0)

    points_reverse_for_refund(order=order, key="RMA-1", amount=Decimal("200.00"))

    assert figures(customer) == (0, 0)


@pytest.mark.parametrize(
    "amount, message",
    [
        ("0", "positive amount"),
        ("-10.00", "positive amount"),
        ("200.01", "larger than what the order's goods cost"),
    ],
)
def test_a_bad_refund_amount_is_refused_and_changes_nothing(
    customer, lamp, buy_now, amount, message
):
    order = buy_now(customer, (lamp, 2))
    before = unchanged(customer)

    with pytest.raises(PointsError, match=message):
        points_reverse_for_refund(order=order, key="RMA-1", amount=Decimal(amount))

    assert unchanged(customer) == before


def test_guest_orders_move_no_points(shop, program, mug, committed):
    with committed():
        kept = deliver(place(shop, None, (mug, 2)))
        dropped = place(shop, None, (mug, 1))
        order_transition(order=dropped, to_status=OrderStatus.CANCELLED)

    assert points_reverse_for_refund(order=kept, key="RMA-1", amount=Decimal("25.00")) == []
    assert not PointsEntry.objects.exists()
    assert not LoyaltyAccount.objects.exists()


# ---------------------------------------------------------------------------- replays


def test_replaying_every_order_service_changes_nothing(
    customer, lamp, buy_now, deliver_now, committed
):
    give(customer, 500)
    order = deliver_now(buy_now(customer, (lamp, 2), points=400))
    points_reverse_for_refund(order=order, key="RMA-1", amount=Decimal("90.00"))
    points_mature(now=order.delivered_at + timedelta(days=30))
    snapshot = unchanged(customer), PointsEntry.objects.get(kind=EntryKind.EARN).available_at

    assert points_earn_for_order(order=order) is None
    with committed():
        signals.order_placed.send(sender=Order, order=order)
        signals.order_delivered.send(sender=Order, order=order)
    points_schedule_for_delivery(order=order)
    with pytest.raises(RedemptionError, match="already spent on this order"):
        points_redeem(order=order, points=100, goods_total=order.goods_total)
    assert points_reverse_for_refund(order=order, key="RMA-1", amount=Decimal("90.00")) == []
    assert points_mature(now=order.delivered_at + timedelta(days=60)) == 0

    assert (unchanged(customer), PointsEntry.objects.get(kind=EntryKind.EARN).available_at) == (
        snapshot
    )


def test_replaying_a_cancellation_changes_nothing(customer, lamp, buy_now, committed):
    give(customer, 300)
    order = buy_now(customer, (lamp, 1), points=200)
    with committed():
        order_transition(order=order, to_status=OrderStatus.CANCELLED)
    before = unchanged(customer)

    points_cancel_order(order=order)
    with committed():
        signals.order_cancelled.send(sender=Order, order=order)

    assert unchanged(customer) == before


def test_replaying_a_bonus_changes_nothing(customer):
    first = points_bonus(user=customer, points=50, source="review:1", reason="Thanks")
    again = points_bonus(user=customer, points=50, source="review:1", reason="Thanks")

    assert first is not None and again is None
    assert figures(customer) == (50, 0)


# ---------------------------------------------------------------------------- staff


@pytest.fixture
def editor(db):
    user = make_user("editor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="adjust_points"))
    return user


def test_an_editor_adjusts_a_balance_with_a_reason_and_is_recorded(customer, editor):
    give(customer, 100)

    entry = points_adjust(
        account=account(customer), points=-30, reason="  Double booking  ", actor=editor
    )

    assert (entry.kind, entry.points, entry.reason, entry.actor) == (
        EntryKind.ADJUST,
        -30,
        "Double booking",
        editor,
    )
    assert figures(customer) == (70, 0)


@pytest.mark.parametrize(
    "points, reason, message",
    [
        (10, "", "Say why"),
        (10, "   ", "Say why"),
        (0, "Typo", "other than zero"),
        (-101, "Typo", "The balance is 100; it cannot go below zero"),
    ],
)
def test_a_bad_adjustment_is_refused_and_changes_nothing(customer, editor, points, reason, message):
    give(customer, 100)
    before = unchanged(customer)

    with pytest.raises(PointsError, match=message):
        points_adjust(account=account(customer), points=points, reason=reason, actor=editor)

    assert unchanged(customer) == before


@pytest.mark.parametrize("who", ["customer", "staff without permission", "nobody"])
def test_only_staff_with_the_permission_may_adjust(customer, who):
    give(customer, 100)
    actor = {
        "customer": make_user("shopper2", is_staff=False),
        "staff without permission": make_user("clerk", is_staff=True),
        "nobody": None,
    }[who]
    if who == "customer":
        actor.user_permissions.add(Permission.objects.get(codename="adjust_points"))

    with pytest.raises(PointsError, match="Only staff may adjust points"):
        points_adjust(account=account(customer), points=50, reason="Gift", actor=actor)

    assert figures(customer) == (100, 0)


# ---------------------------------------------------------------------------- expiry


def test_points_expire_months_after_they_were_earned(program, customer, editor):
    program.expiry_mode = ExpiryMode.AFTER_EARNING
    program.expiry_months = 12
    program.save()
    points_bonus(user=customer, points=100, source="a", reason="Old", now=at(2025, 1, 10))
    points_bonus(user=customer, points=50, source="b", reason="New", now=at(2025, 6, 1))
    spent = points_adjust(account=account(customer), points=-30, reason="Spent", actor=editor)
    PointsEntry.objects.filter(pk=spent.pk).update(created_at=at(2025, 3, 1))

    assert points_expire(now=at(2026, 1, 5)) == 0  # the January points are not a year old yet
    # A year after January: the 100 January points, less the 30 spent since (oldest first).
    assert points_expire(now=at(2026, 1, 15)) == 70
    assert figures(customer) == (50, 0)
    assert points_expire(now=at(2026, 1, 15)) == 0
    assert points_expire(now=at(2026, 1, 16)) == 0
    assert points_expire(now=at(2026, 6, 5)) == 50
    assert figures(customer) == (0, 0)


def test_points_expire_after_months_without_activity(program, customer):
    program.expiry_mode = ExpiryMode.AFTER_INACTIVITY
    program.expiry_months = 6
    program.save()
    active = make_user("active")
    points_bonus(user=customer, points=100, source="a", reason="Gift", now=at(2025, 1, 10))
    points_bonus(user=customer, points=20, source="b", reason="Gift", now=at(2025, 3, 1))
    points_bonus(user=active, points=100, source="a", reason="Gift", now=at(2025, 1, 10))
    points_bonus(user=active, points=5, source="b", reason="Gift", now=at(2025, 7, 1))

    assert points_expire(now=at(2025, 8, 15)) == 0  # 5½ months since March
    assert points_expire(now=at(2025, 9, 15)) == 120  # 6½ months: everything goes
    assert figures(customer) == (0, 0)
    assert figures(active) == (105, 0)  # active in July


def test_the_daily_task_run_twice_on_the_same_day_expires_once(program, customer):
    program.expiry_mode = ExpiryMode.AFTER_EARNING
    program.expiry_months = 24
    program.save()
    give(customer, 80)
    PointsEntry.objects.update(created_at=datetime.now(UTC) - timedelta(days=800))

    storefront_expire_points.enqueue()
    storefront_expire_points.enqueue()

    assert figures(customer) == (0, 0)
    assert [kind for kind, *_rest in entries(customer)] == [EntryKind.BONUS, EntryKind.EXPIRE]


def test_the_daily_command_run_twice_on_the_same_day_expires_once(program, customer):
    program.expiry_mode = ExpiryMode.AFTER_EARNING
    program.expiry_months = 24
    program.save()
    give(customer, 80)
    PointsEntry.objects.update(created_at=datetime.now(UTC) - timedelta(days=800))
    first, second = io.StringIO(), io.StringIO()

    call_command("storefront_expire_points", stdout=first)
    call_command("storefront_expire_points", stdout=second)

    assert "80 points expired" in first.getvalue()
    assert "0 points expired" in second.getvalue()
    assert figures(customer) == (0, 0)


def test_points_never_expire_when_the_program_says_so(customer):
    points_bonus(user=customer, points=100, source="a", reason="Gift", now=at(2000, 1, 1))

    assert points_expire() == 0
    assert figures(customer) == (100, 0)


# ---------------------------------------------------------------------------- bonuses


def test_a_new_customer_gets_the_sign_up_bonus(program):
    program.signup_bonus = 50
    program.save()

    newcomer = make_user("newcomer")

    assert figures(newcomer) == (50, 0)
    assert entries(newcomer) == [(EntryKind.BONUS, EntryState.AVAILABLE, 50, "signup")]
    newcomer.save()  # saving the user again gives nothing more
    assert figures(newcomer) == (50, 0)


def test_no_sign_up_bonus_when_the_program_has_none(program):
    assert figures(make_user("newcomer")) == (0, 0)


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "#2e86de").save(buffer, format="PNG")
    return image_upload_clean(SimpleUploadedFile("mug.png", buffer.getvalue()), name="review")


@pytest.fixture
def reviewer(program, shop, mug):
    """A customer whose mug was delivered; the program gives 20 for a review, 30 more with a
    photo."""
    program.review_bonus = 20
    program.photo_review_bonus = 30
    program.save()
    user = make_user("reviewer")
    deliver(place(shop, user, (mug, 1)))
    return user


def write_review(product, user, **fields):
    fields = {"rating": 5, "title": "Good", "text": REVIEW_TEXT, "name": "Rita", **fields}
    return review_submit(product=product, user=user, **fields)


def test_a_published_review_earns_the_review_bonus(reviewer, mug, committed):
    with committed():
        write_review(mug.product, reviewer)

    assert figures(reviewer) == (20, 0)


def test_a_review_with_a_photo_earns_the_extra_bonus(reviewer, mug, committed):
    with committed():
        review = write_review(mug.product, reviewer, photos=[photo()])

    assert figures(reviewer) == (50, 0)
    assert {source for *_rest, source in entries(reviewer)} == {
        f"review:{review.pk}",
        f"review-photo:{review.pk}",
    }


def test_a_held_review_earns_its_bonus_when_a_moderator_approves_it(shop, reviewer, mug, committed):
    settings = ReviewSettings.for_site(shop.site)
    settings.publish_verified_at_once = False
    settings.save()
    moderator = make_moderator()
    with committed():
        review = write_review(mug.product, reviewer)
    assert figures(reviewer) == (0, 0)

    with committed():
        review_moderate(review=review, status=ReviewStatus.APPROVED, actor=moderator)
    assert figures(reviewer) == (20, 0)

    with committed():  # rejecting and approving again gives nothing more
        review_moderate(review=review, status=ReviewStatus.REJECTED, actor=moderator)
        review_moderate(review=review, status=ReviewStatus.APPROVED, actor=moderator)
    assert figures(reviewer) == (20, 0)


def test_a_rejected_review_earns_nothing(shop, reviewer, mug, committed):
    settings = ReviewSettings.for_site(shop.site)
    settings.publish_verified_at_once = False
    settings.save()
    with committed():
        review = write_review(mug.product, reviewer)
        review_moderate(review=review, status=ReviewStatus.REJECTED, actor=make_moderator())

    assert figures(reviewer) == (0, 0)


@pytest.fixture
def referral_program(program):
    program.referrer_bonus = 300
    program.referred_bonus = 100
    program.save()
    return program


def test_both_sides_get_the_referral_bonus_after_the_first_delivered_order(
    referral_program, customer, mug, buy_now, deliver_now, committed
):
    friend = make_user("friend")
    assert referral_accept(user=friend, code=account_for(customer).referral_code.lower())
    first = buy_now(friend, (mug, 1))
    assert figures(customer) == (0, 0)
    assert figures(friend) == (0, 25)

    deliver_now(first)

    assert figures(customer) == (300, 0)
    assert figures(friend) == (100, 25)
    deliver_now(buy_now(friend, (mug, 1)))
    referral_reward(order=first)
    assert figures(customer) == (300, 0)
    assert figures(friend) == (100, 50)


def test_a_cancelled_first_order_earns_no_referral_bonus(
    referral_program, customer, mug, buy_now, committed
):
    friend = make_user("friend")
    referral_accept(user=friend, code=account_for(customer).referral_code)
    order = buy_now(friend, (mug, 1))

    with committed():
        order_transition(order=order, to_status=OrderStatus.CANCELLED)

    assert figures(customer) == (0, 0)
    assert figures(friend) == (0, 0)


def test_a_referral_is_refused_for_oneself_an_unknown_code_or_an_existing_customer(
    referral_program, shop, customer, mug
):
    code = account_for(customer).referral_code
    shopper = make_user("shopper")
    place(shop, shopper, (mug, 1))
    friend = make_user("friend")

    assert not referral_accept(user=customer, code=code)
    assert not referral_accept(user=friend, code="NOSUCHCODE")
    assert not referral_accept(user=shopper, code=code)
    assert referral_accept(user=friend, code=code)
    assert not referral_accept(user=friend, code=account_for(shopper).referral_code)

    assert account(customer).referred_by is None
    assert account(shopper).referred_by is None
    assert account(friend).referred_by == account(customer)


def test_the_birthday_bonus_comes_once_a_year(program, customer):
    program.birthday_bonus = 100
    program.save()
    mine = account_for(customer)
    mine.birthday = date(1990, 3, 15)
    mine.save()

    assert birthday_bonuses(now=at(2025, 3, 14)) == 0
    assert birthday_bonuses(now=at(2025, 3, 15)) == 1
    assert birthday_bonuses(now=at(2025, 3, 15)) == 0
    assert figures(customer) == (100, 0)
    assert birthday_bonuses(now=at(2026, 3, 15)) == 1
    assert figures(customer) == (200, 0)


# ---------------------------------------------------------------------------- tiers


@pytest.fixture
def silver(program):
    """Silver from 100.00 spent this calendar year, earning twice the points."""
    set_tiers(program, ("Silver", "100.00", "2"))
    return program


def tier(user) -> tuple[str, Decimal]:
    mine = account(user)
    return mine.tier_name, mine.tier_spend


def test_the_tier_follows_orders_and_cancellations(silver, customer, lamp, mug, buy_now, committed):
    first = buy_now(customer, (mug, 4))
    assert tier(customer) == ("Silver", Decimal("100.00"))

    buy_now(customer, (mug, 1))  # earned at Silver: 25.00 × 2
    assert PointsEntry.objects.filter(kind=EntryKind.EARN).order_by("pk").last().points == 50

    with committed():
        order_transition(order=first, to_status=OrderStatus.CANCELLED)
    assert tier(customer) == ("", Decimal("25.00"))
    assert figures(customer) == (0, 50)


def test_a_refund_can_take_the_customer_out_of_a_tier(silver, customer, mug, buy_now, deliver_now):
    order = deliver_now(buy_now(customer, (mug, 5)))
    assert tier(customer) == ("Silver", Decimal("125.00"))

    points_reverse_for_refund(order=order, key="RMA-1", amount=Decimal("50.00"))

    assert tier(customer) == ("", Decimal("75.00"))


@pytest.mark.parametrize(
    "period, tier_in_2026",
    [
        (SpendPeriod.CALENDAR_YEAR, ""),
        (SpendPeriod.ROLLING_YEAR, "Silver"),
        (SpendPeriod.LIFETIME, "Silver"),
    ],
)
def test_the_spend_that_counts_for_tiers_follows_the_period(
    silver, shop, customer, mug, period, tier_in_2026
):
    silver.tier_period = period
    silver.save()
    december = place(shop, customer, (mug, 4))
    points_earn_for_order(order=december, now=at(2025, 12, 10))
    assert tier(customer)[0] == "Silver"

    january = place(shop, customer, (mug, 1))
    points_earn_for_order(order=january, now=at(2026, 1, 5))

    assert tier(customer)[0] == tier_in_2026
    earned = PointsEntry.objects.get(order=january).points
    assert earned == (25 if tier_in_2026 == "" else 50)


def test_rolling_twelve_months_forget_older_spend(silver, shop, customer, mug):
    silver.tier_period = SpendPeriod.ROLLING_YEAR
    silver.save()
    points_earn_for_order(order=place(shop, customer, (mug, 4)), now=at(2025, 2, 1))

    later = place(shop, customer, (mug, 1))
    points_earn_for_order(order=later, now=at(2026, 3, 1))

    assert tier(customer) == ("", Decimal("25.00"))
    assert PointsEntry.objects.get(order=later).points == 25


# ---------------------------------------------------------------------------- API


def test_the_balance_needs_a_login(client, program):
    response = client.get(f"{API}/balance")

    assert response.status_code == 401
    assert response.json() == {"detail": "Log in to see your points."}


def test_the_api_reports_balance_pending_and_tier(client, silver, customer, mug, buy_now):
    give(customer, 300)
    buy_now(customer, (mug, 2))
    client.force_login(customer)

    data = client.get(f"{API}/balance").json()

    assert (data["balance"], data["pending"], data["balance_value"]) == (300, 50, "15.00")
    assert (data["tier"], data["next_tier"], data["spend_to_next_tier"]) == (
        "",
        "Silver",
        "50.00",
    )
    assert data["referral_code"] == account(customer).referral_code


@pytest.fixture
def quoting(client, customer, mug):
    """The customer, logged in, with 300 points and two mugs (50.00) in the cart."""
    give(customer, 300)
    client.force_login(customer)
    client.post(reverse("storefront:cart_add"), {"variant": mug.pk, "quantity": 2})
    return client


def test_the_api_quotes_points_for_the_cart(quoting):
    data = quoting.get(f"{API}/quote", {"points": 200}).json()

    assert data == {
        "goods_total": "50.00",
        "points_earned": 50,
        "balance": 300,
        "most_points": 300,
        "points": 200,
        "discount": "10.00",
        "step_points": 100,
        "step_value": "5.00",
    }


@pytest.mark.parametrize(
    "points, message",
    [
        (150, "Points are spent in steps of 100; choose a multiple of 100."),
        (400, "You have 300 spendable points; you asked for 400."),
    ],
)
def test_the_api_refuses_bad_points_with_a_message(quoting, points, message):
    response = quoting.get(f"{API}/quote", {"points": points})

    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_the_api_refuses_more_than_the_maximum_share(quoting, customer):
    give(customer, 300, source="more")

    response = quoting.get(f"{API}/quote", {"points": 600})

    assert response.status_code == 400
    assert "at most 50% of the goods ($25.00)" in response.json()["detail"]


def test_the_api_refuses_negative_points(quoting):
    response = quoting.get(f"{API}/quote", {"points": -100})

    assert response.status_code == 422


def test_the_quote_needs_a_login(program, mug):
    assert Client().get(f"{API}/quote").status_code == 401


def test_the_daily_run_moves_customers_back_a_tier_in_a_new_year(
    shop, program, product_factory, django_capture_on_commit_callbacks
):
    from storefront.loyalty.services import points_daily_run

    set_tiers(program, ("Member", "0", "1"), ("Gold", "100", "2"))
    user = make_user("goldie")
    variant = product_factory(price="150.00", stock=5).variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        place(shop, user, (variant, 1))
    account = LoyaltyAccount.objects.get(user=user)
    assert account.tier_name == "Gold"

    next_year = datetime(datetime.now(UTC).year + 1, 1, 1, 6, tzinfo=UTC)
    assert points_daily_run(now=next_year)["tiers"] == 1
    account.refresh_from_db()
    assert (account.tier_name, account.tier_spend) == ("Member", 0)


def test_leap_day_birthdays_are_celebrated_on_the_28th(shop, program):
    from storefront.loyalty.services import account_for, birthday_bonuses

    program.birthday_bonus = 50
    program.save()
    account = account_for(make_user("leap"))
    LoyaltyAccount.objects.filter(pk=account.pk).update(birthday=date(2004, 2, 29))

    assert birthday_bonuses(now=datetime(2027, 2, 28, 8, tzinfo=UTC)) == 1
    assert birthday_bonuses(now=datetime(2028, 2, 28, 8, tzinfo=UTC)) == 0
    assert birthday_bonuses(now=datetime(2028, 2, 29, 8, tzinfo=UTC)) == 1
