"""Refunds, one worked example per case: the server computes each line's refund from its price
net of its share of the order's discounts and spent points, takes a restocking fee for reasons
that are not the shop's fault, refunds shipping only when the whole order comes back for the
shop's fault, and refunds once. The loyalty ledger follows the refunded share.

Programme used throughout: 1 point per 1.00 of goods after discounts, 100 points = 5.00.
"""

from decimal import Decimal

import pytest
from django.db.models import Q

from storefront.loyalty.models import (
    EntryKind,
    EntryState,
    LoyaltyAccount,
    LoyaltySettings,
    PointsEntry,
)
from storefront.loyalty.services import ledger_consistent, points_bonus, points_reverse_for_refund
from storefront.orders import adjusters
from storefront.orders.adjusters import Adjustment, CheckoutAdjuster
from storefront.orders.models import Cart, Order, OrderLine, ShippingMethod
from storefront.orders.selectors import cart_summary, checkout_quote
from storefront.orders.services import (
    CheckoutDetails,
    cart_add,
    checkout_token_issue,
    order_place,
)
from storefront.products.models import ProductVariant
from storefront.returns.models import ReturnPolicy, ReturnReason, ReturnRequest, ReturnStatus
from storefront.returns.services import (
    LineChoice,
    ReturnError,
    return_approve,
    return_receive,
    return_refund,
    return_request_open,
)
from tests.factories import ShopTree, make_user
from tests.loyalty.conftest import deliver

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------- helpers


def place(
    shop: ShopTree,
    user,
    *items: tuple[ProductVariant, int],
    points: int = 0,
    shipping: ShippingMethod | None = None,
) -> Order:
    """Place an order through the checkout services, spending ``points`` at checkout."""
    shipping = shipping or shop.standard
    cart = Cart.objects.create()
    for variant, quantity in items:
        cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    options = {"points": points} if points else {}
    quote = checkout_quote(
        summary=cart_summary(cart), shipping_method=shipping, user=user, options=options
    )
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
            shipping_method_id=shipping.pk,
            payment_method="bank_transfer",
            options=options,
        ),
        checkout_token=checkout_token_issue(cart=cart, quote=quote),
    )


def reason(code: str) -> ReturnReason:
    return ReturnReason.objects.get(code=code)


def line_of(order: Order, variant: ProductVariant) -> OrderLine:
    return order.lines.get(variant=variant)


def received(request: ReturnRequest, staff) -> ReturnRequest:
    """Approve the return and receive every line in sellable condition."""
    return_approve(request=request, actor=staff)
    conditions = {line.pk: "sellable" for line in request.lines.all()}
    return return_receive(request=request, actor=staff, conditions=conditions)


def figures(user) -> tuple[int, int]:
    """(spendable, pending) points of ``user``, checked against the ledger."""
    account = LoyaltyAccount.objects.get(user=user)
    assert ledger_consistent(account)
    return account.balance, account.pending


def refund_entries(user) -> list[tuple[str, str, int, str]]:
    """(kind, state, points, source) of the entries that refunds wrote, oldest first."""
    return list(
        PointsEntry.objects.filter(account__user=user)
        .filter(Q(source__startswith="refund:") | Q(source__startswith="return:"))
        .order_by("pk")
        .values_list("kind", "state", "points", "source")
    )


def set_fee(shop: ShopTree, percent: str) -> None:
    policy = ReturnPolicy.for_site(shop.site)
    policy.restocking_fee_percent = Decimal(percent)
    policy.save()


class Coupon(CheckoutAdjuster):
    """A 10.00 discount on every order, standing in for a coupon app."""

    code = "coupon"

    def quote(self, *, user, goods_total, options):
        return Adjustment(code=self.code, label="Coupon", amount=Decimal("-10.00"))


@pytest.fixture
def program(shop) -> LoyaltySettings:
    settings = LoyaltySettings.for_site(shop.site)
    settings.points_per_unit = Decimal("1")
    settings.redeem_step_points = 100
    settings.redeem_step_value = Decimal("5.00")
    settings.redeem_max_share = 50
    settings.save()
    return settings


@pytest.fixture
def customer(program):
    return make_user("ada", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def staff(db):
    return make_user("clerk", is_staff=True)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the on-commit signals, so the loyalty receivers act."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def delivered(shop, committed):
    """``delivered(user, *items, points=0, shipping=None)``: an order placed and delivered,
    with its loyalty points earned and scheduled."""

    def run(user, *items, **kwargs) -> Order:
        with committed():
            return deliver(place(shop, user, *items, **kwargs))

    return run


@pytest.fixture
def mug(product_factory) -> ProductVariant:
    """A 25.00 mug."""
    return product_factory(title="Mug", price="25.00", stock=50).variants.get()


@pytest.fixture
def shirt(product_factory) -> ProductVariant:
    """A 60.00 shirt."""
    return product_factory(title="Shirt", price="60.00", stock=50).variants.get()


@pytest.fixture
def scarf(product_factory) -> ProductVariant:
    """A 60.00 scarf."""
    return product_factory(title="Scarf", price="60.00", stock=50).variants.get()


# ---------------------------------------------------------------------------- plain prices


def test_a_plain_line_is_refunded_at_its_price(customer, staff, mug, delivered):
    # Two mugs (50.00) and shipping 4.90; one mug back because it doesn't fit: 25.00.
    order = delivered(customer, (mug, 2))
    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, mug), quantity=1, reason=reason("doesnt_fit"))
        ],
        outcome="refund",
        actor=customer,
    )
    assert request.estimated_refund == Decimal("25.00")

    request = return_refund(request=received(request, staff), actor=staff)

    assert (request.status, request.refund_amount) == (ReturnStatus.REFUNDED, Decimal("25.00"))
    assert request.lines.get().refund == Decimal("25.00")
    assert request.shipping_refund == 0


def test_part_of_a_line_is_refunded_for_the_quantity_returned(
    customer, staff, product_factory, delivered
):
    # Three cups at 12.50 (37.50); two come back: 2 × 12.50 = 25.00.
    cup = product_factory(title="Cup", price="12.50", stock=9).variants.get()
    order = delivered(customer, (cup, 3))
    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, cup), quantity=2, reason=reason("doesnt_fit"))
        ],
        outcome="refund",
    )

    request = return_refund(request=received(request, staff), actor=staff)

    assert request.refund_amount == Decimal("25.00")
    assert request.lines.get().quantity == 2


# ---------------------------------------------------------------------------- points and discounts


def test_an_order_paid_partly_with_points_refunds_each_line_net_of_its_share(
    customer, staff, shirt, scarf, delivered
):
    """Worked example: a shirt and a scarf at 60.00 each (120.00); 1,000 points pay 50.00,
    so 70.00 is paid and 70 points are earned (pending) on it.

    Each line carries half of the 50.00: its refund is 60.00 − 25.00 = 35.00, half of the
    70.00 paid. Its refund takes back half of the earned points (35) and gives back half of
    the points spent (500)."""
    points_bonus(user=customer, points=1000, source="gift", reason="Setup")
    order = delivered(customer, (shirt, 1), (scarf, 1), points=1000)
    assert (order.goods_total, order.adjustments_total, order.total) == (
        Decimal("120.00"),
        Decimal("-50.00"),
        Decimal("70.00"),  # shipping is free over 60.00
    )
    assert figures(customer) == (0, 70)

    first = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, shirt), quantity=1, reason=reason("doesnt_fit"))
        ],
        outcome="refund",
    )
    assert first.estimated_refund == Decimal("35.00")
    first = return_refund(request=received(first, staff), actor=staff)

    assert first.refund_amount == Decimal("35.00")
    assert refund_entries(customer) == [
        (EntryKind.REVERSE, EntryState.PENDING, -35, f"refund:{first.rma}:earned"),
        (EntryKind.REVERSE, EntryState.AVAILABLE, 500, f"refund:{first.rma}:redeemed"),
    ]
    assert figures(customer) == (500, 35)  # 0 + 500 spendable; 70 − 35 pending

    # The scarf follows: the other half, so everything spent and earned is settled.
    second = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, scarf), quantity=1, reason=reason("doesnt_fit"))
        ],
        outcome="refund",
    )
    second = return_refund(request=received(second, staff), actor=staff)

    assert second.refund_amount == Decimal("35.00")  # 35.00 + 35.00 = the 70.00 paid
    assert refund_entries(customer)[2:] == [
        (EntryKind.REVERSE, EntryState.PENDING, -35, f"refund:{second.rma}:earned"),
        (EntryKind.REVERSE, EntryState.AVAILABLE, 500, f"refund:{second.rma}:redeemed"),
    ]
    assert figures(customer) == (1000, 0)


def test_a_discount_is_shared_by_the_lines_in_proportion_to_their_price(
    customer, staff, mug, shirt, delivered, monkeypatch
):
    """Worked example: two mugs (50.00) and a shirt (60.00) are 110.00 of goods; a coupon
    takes 10.00 off, so 100.00 is paid and 100 points are earned.

    One mug is 25/110 of the goods and carries 25/110 × 10.00 = 2.27 of the coupon: its refund
    is 25.00 − 2.27 = 22.73, and the 22.73 of the 100.00 paid takes back 23 earned points
    (22.73, rounded)."""
    monkeypatch.setattr(adjusters, "_adjusters", [*adjusters.registered(), Coupon()])
    order = delivered(customer, (mug, 2), (shirt, 1))
    assert (order.goods_total, order.adjustments_total) == (Decimal("110.00"), Decimal("-10.00"))
    assert figures(customer) == (0, 100)

    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, mug), quantity=1, reason=reason("doesnt_fit"))
        ],
        outcome="refund",
    )
    request = return_refund(request=received(request, staff), actor=staff)

    assert request.refund_amount == Decimal("22.73")
    assert refund_entries(customer) == [
        (EntryKind.REVERSE, EntryState.PENDING, -23, f"refund:{request.rma}:earned"),
    ]
    assert figures(customer) == (0, 77)


def test_returning_every_line_never_refunds_more_than_was_paid(
    customer, staff, product_factory, delivered, monkeypatch
):
    """Worked example: three cards at 10.00 (30.00) less a 10.00 coupon: 20.00 paid. Each card
    carries a third of the coupon (3.333…), which rounds to 6.67 a card; three of those would
    be 20.01. Returned one after the other, the cards refund 6.67, 6.66 and 6.67: 20.00."""
    monkeypatch.setattr(adjusters, "_adjusters", [*adjusters.registered(), Coupon()])
    cards = [
        product_factory(title=f"Card {n}", price="10.00", stock=5).variants.get() for n in range(3)
    ]
    order = delivered(customer, *[(card, 1) for card in cards])
    assert order.goods_total + order.adjustments_total == Decimal("20.00")

    refunds = []
    for card in cards:
        request = return_request_open(
            order=order,
            choices=[
                LineChoice(order_line=line_of(order, card), quantity=1, reason=reason("doesnt_fit"))
            ],
            outcome="refund",
        )
        refunds.append(return_refund(request=received(request, staff), actor=staff).refund_amount)

    assert refunds == [Decimal("6.67"), Decimal("6.66"), Decimal("6.67")]
    assert sum(refunds) == Decimal("20.00")
    assert figures(customer) == (0, 0)  # all 20 earned points taken back


def test_one_request_for_every_line_refunds_exactly_what_was_paid(
    customer, staff, product_factory, delivered, monkeypatch
):
    # The same three cards in one request: 6.67 + 6.66 + 6.67 = 20.00, not 3 × 6.67 = 20.01.
    monkeypatch.setattr(adjusters, "_adjusters", [*adjusters.registered(), Coupon()])
    cards = [
        product_factory(title=f"Card {n}", price="10.00", stock=5).variants.get() for n in range(3)
    ]
    order = delivered(customer, *[(card, 1) for card in cards])

    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, card), quantity=1, reason=reason("doesnt_fit"))
            for card in cards
        ],
        outcome="refund",
    )
    assert request.estimated_refund == Decimal("20.00")
    request = return_refund(request=received(request, staff), actor=staff)

    assert request.refund_amount == Decimal("20.00")
    assert figures(customer) == (0, 0)


# ---------------------------------------------------------------------------- restocking fee


def test_a_restocking_fee_is_taken_for_a_reason_that_is_not_the_shops_fault(
    shop, customer, staff, mug, delivered
):
    # 10 % fee: one mug (25.00) returned because it doesn't fit: 25.00 − 2.50 = 22.50.
    set_fee(shop, "10")
    order = delivered(customer, (mug, 2))

    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, mug), quantity=1, reason=reason("doesnt_fit"))
        ],
        outcome="refund",
    )
    assert request.lines.get().refund == Decimal("22.50")
    request = return_refund(request=received(request, staff), actor=staff)

    assert request.refund_amount == Decimal("22.50")


def test_no_restocking_fee_is_taken_for_the_shops_fault(shop, customer, staff, mug, delivered):
    # 10 % fee, but the mug came in the wrong colour: the whole 25.00.
    set_fee(shop, "10")
    order = delivered(customer, (mug, 2))

    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, mug), quantity=1, reason=reason("wrong_item"))
        ],
        outcome="refund",
    )
    request = return_refund(request=received(request, staff), actor=staff)

    assert request.refund_amount == Decimal("25.00")


# ---------------------------------------------------------------------------- shipping


def test_shipping_is_refunded_when_the_whole_order_comes_back_for_the_shops_fault(
    customer, staff, mug, delivered
):
    # One mug (25.00) with standard shipping (4.90): the wrong item, all of it back: 29.90.
    # The points follow the goods only: all 25 earned points are taken back.
    order = delivered(customer, (mug, 1))
    assert order.shipping_total == Decimal("4.90")

    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, mug), quantity=1, reason=reason("wrong_item"))
        ],
        outcome="refund",
    )
    assert (request.estimated_refund, request.shipping_refund) == (
        Decimal("29.90"),
        Decimal("4.90"),
    )
    request = return_refund(request=received(request, staff), actor=staff)

    assert request.refund_amount == Decimal("29.90")
    assert refund_entries(customer) == [
        (EntryKind.REVERSE, EntryState.PENDING, -25, f"refund:{request.rma}:earned"),
    ]
    assert figures(customer) == (0, 0)


@pytest.mark.parametrize(
    "returned, reasons",
    [
        pytest.param(1, ["wrong_item"], id="part-of-the-order"),
        pytest.param(2, ["doesnt_fit"], id="not-the-shops-fault"),
    ],
)
def test_shipping_is_kept_for_part_of_the_order_or_a_reason_that_is_not_the_shops_fault(
    customer, staff, mug, delivered, returned, reasons
):
    # Two mugs (50.00) and shipping 4.90: only the mugs sent back are refunded, 25.00 each.
    order = delivered(customer, (mug, 2))
    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, mug), quantity=returned, reason=reason(code))
            for code in reasons
        ],
        outcome="refund",
    )
    request = return_refund(request=received(request, staff), actor=staff)

    assert request.shipping_refund == 0
    assert request.refund_amount == Decimal("25.00") * returned


def test_shipping_is_kept_when_one_of_the_reasons_is_not_the_shops_fault(
    shop, customer, mug, shirt, delivered
):
    # Mug (25.00, wrong item) and shirt (60.00, doesn't fit) with express (12.90): 85.00.
    order = delivered(customer, (mug, 1), (shirt, 1), shipping=shop.express)
    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, mug), quantity=1, reason=reason("wrong_item")),
            LineChoice(order_line=line_of(order, shirt), quantity=1, reason=reason("doesnt_fit")),
        ],
        outcome="refund",
    )

    assert (request.estimated_refund, request.shipping_refund) == (Decimal("85.00"), 0)


def test_shipping_is_kept_when_an_earlier_return_took_part_of_the_order(
    customer, staff, mug, delivered
):
    # Two mugs and shipping 4.90: the first mug came back earlier because it didn't fit; the
    # second is the wrong item. Together they are the whole order, but only 25.00 now.
    order = delivered(customer, (mug, 2))
    line = line_of(order, mug)
    return_request_open(
        order=order,
        choices=[LineChoice(order_line=line, quantity=1, reason=reason("doesnt_fit"))],
        outcome="refund",
    )

    later = return_request_open(
        order=order,
        choices=[LineChoice(order_line=line, quantity=1, reason=reason("wrong_item"))],
        outcome="refund",
    )

    assert (later.estimated_refund, later.shipping_refund) == (Decimal("25.00"), 0)


# ---------------------------------------------------------------------------- staff amounts


@pytest.fixture
def mug_back(customer, staff, mug, delivered) -> ReturnRequest:
    """One of two mugs (25.00) received back, not yet refunded."""
    order = delivered(customer, (mug, 2))
    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, mug), quantity=1, reason=reason("doesnt_fit"))
        ],
        outcome="refund",
    )
    return received(request, staff)


def test_staff_may_refund_less_with_a_reason(customer, staff, mug_back):
    # 25.00 computed; the mug came back chipped: 20.00. The points follow the goods, not
    # the money: the mug's 25 of the 50 earned points go.
    request = return_refund(
        request=mug_back, actor=staff, amount=Decimal("20.00"), reason="Chipped rim"
    )

    assert (request.refund_amount, request.refund_note) == (Decimal("20.00"), "Chipped rim")
    assert request.events.last().note == "Chipped rim"
    assert figures(customer) == (0, 25)


def test_a_lower_refund_without_a_reason_is_refused(customer, staff, mug_back):
    with pytest.raises(ReturnError, match="Say why the refund is lower"):
        return_refund(request=mug_back, actor=staff, amount=Decimal("20.00"), reason="  ")

    mug_back.refresh_from_db()
    assert (mug_back.status, mug_back.refund_amount) == (ReturnStatus.RECEIVED, None)
    assert refund_entries(customer) == []


@pytest.mark.parametrize("amount", ["25.01", "-1.00"])
def test_a_refund_above_the_computed_amount_or_below_zero_is_refused(
    customer, staff, mug_back, amount
):
    with pytest.raises(ReturnError, match=r"at most \$25\.00"):
        return_refund(request=mug_back, actor=staff, amount=Decimal(amount), reason="Generous")

    mug_back.refresh_from_db()
    assert (mug_back.status, mug_back.refund_amount) == (ReturnStatus.RECEIVED, None)
    assert refund_entries(customer) == []


def test_refunding_twice_is_refused_and_changes_nothing(customer, staff, shirt, scarf, delivered):
    points_bonus(user=customer, points=1000, source="gift", reason="Setup")
    order = delivered(customer, (shirt, 1), (scarf, 1), points=1000)
    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, shirt), quantity=1, reason=reason("doesnt_fit"))
        ],
        outcome="refund",
    )
    request = return_refund(request=received(request, staff), actor=staff)
    snapshot = (
        figures(customer),
        refund_entries(customer),
        list(request.events.values_list("to_status", flat=True)),
    )

    with pytest.raises(ReturnError, match="refunded already"):
        return_refund(request=request, actor=staff)
    with pytest.raises(ReturnError, match="refunded already"):
        return_refund(request=request, actor=staff, amount=Decimal("1.00"), reason="Again")
    # The loyalty reversal under the same key is a no-op too.
    assert points_reverse_for_refund(order=order, key=request.rma, amount=Decimal("35.00")) == []

    request.refresh_from_db()
    assert request.refund_amount == Decimal("35.00")
    assert snapshot == (
        figures(customer),
        refund_entries(customer),
        list(request.events.values_list("to_status", flat=True)),
    )


# ---------------------------------------------------------------------------- store credit


def test_store_credit_is_paid_in_points_at_the_programs_step(
    customer, staff, shirt, scarf, delivered
):
    """Worked example: the shirt of the points order comes back for store credit. Its refund
    is 35.00 (as above); at 100 points = 5.00 that is 35.00 / 5.00 × 100 = 700 points, on top
    of the 500 spent points given back and the 35 earned points taken back."""
    points_bonus(user=customer, points=1000, source="gift", reason="Setup")
    order = delivered(customer, (shirt, 1), (scarf, 1), points=1000)
    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=line_of(order, shirt), quantity=1, reason=reason("doesnt_fit"))
        ],
        outcome="store_credit",
    )

    request = return_refund(request=received(request, staff), actor=staff)

    assert (request.refund_amount, request.store_credit_points) == (Decimal("35.00"), 700)
    assert refund_entries(customer) == [
        (EntryKind.REVERSE, EntryState.PENDING, -35, f"refund:{request.rma}:earned"),
        (EntryKind.REVERSE, EntryState.AVAILABLE, 500, f"refund:{request.rma}:redeemed"),
        (EntryKind.BONUS, EntryState.AVAILABLE, 700, f"return:{request.rma}"),
    ]
    assert figures(customer) == (1200, 35)  # 500 + 700 spendable; 70 − 35 pending


def test_guests_cannot_ask_for_store_credit(shop, program, mug, delivered):
    order = delivered(None, (mug, 1))

    with pytest.raises(ReturnError, match="Store credit needs an account"):
        return_request_open(
            order=order,
            choices=[
                LineChoice(order_line=line_of(order, mug), quantity=1, reason=reason("doesnt_fit"))
            ],
            outcome="store_credit",
        )

    assert not ReturnRequest.objects.exists()
    assert not PointsEntry.objects.exists()
