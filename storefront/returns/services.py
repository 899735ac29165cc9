"""Every write of the returns app. A request is opened under the order's row lock, so two
requests racing for the same lines cannot return more than was bought; each status change
checks the allowed transitions and records an event with its actor; the refund is computed
here, written once, and reverses the loyalty points of the refunded share.
"""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from storefront.core.models import display_money
from storefront.core.money import money
from storefront.core.uploads import CleanImage
from storefront.loyalty.models import loyalty_settings
from storefront.loyalty.services import points_bonus, points_reverse_for_refund
from storefront.orders.models import Order, OrderLine, OrderStatus
from storefront.orders.services import CheckoutError, order_create_replacement
from storefront.products.models import ProductVariant, StockRecord
from storefront.returns import signals
from storefront.returns.models import (
    LineCondition,
    ReturnEvent,
    ReturnLine,
    ReturnOutcome,
    ReturnPhoto,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
    return_policy,
)

RMA_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MANAGE_PERMISSION = "storefront_returns.change_returnrequest"
RECEIVED_ORDER = (OrderStatus.DELIVERED, OrderStatus.COMPLETED)
TRANSITIONS = {
    ReturnStatus.REQUESTED: {ReturnStatus.APPROVED, ReturnStatus.REJECTED},
    ReturnStatus.APPROVED: {ReturnStatus.RECEIVED, ReturnStatus.REJECTED},
    ReturnStatus.RECEIVED: {ReturnStatus.REFUNDED, ReturnStatus.CLOSED},
    ReturnStatus.REFUNDED: {ReturnStatus.CLOSED},
    ReturnStatus.REJECTED: {ReturnStatus.CLOSED},
    ReturnStatus.CLOSED: set(),
}


class ReturnError(ValueError):
    """A return was refused or a change is not allowed; the message says why."""


@dataclass(frozen=True)
class LineChoice:
    """One line the shopper wants to return."""

    order_line: OrderLine
    quantity: int
    reason: ReturnReason


@dataclass(frozen=True)
class RefundQuote:
    lines: list[tuple[LineChoice, Decimal]]  # each line with its refund
    goods: Decimal  # the lines' prices net of their share of discounts and points
    fee: Decimal
    shipping: Decimal

    @property
    def total(self) -> Decimal:
        return money(self.goods - self.fee + self.shipping)


# ---------------------------------------------------------------------------- reading


def returned_quantities(order: Order) -> dict[int, int]:
    """How many of each order line are in return requests that were not rejected."""
    rows = (
        ReturnLine.objects.filter(request__order=order)
        .not_rejected()
        .values("order_line_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["order_line_id"]: row["total"] for row in rows}


def return_window_end(order: Order, *, window_days: int | None = None):
    if order.delivered_at is None:
        return None
    if window_days is None:
        window_days = return_policy().window_days
    return order.delivered_at + timedelta(days=window_days)


def return_eligibility(order: Order, *, now=None, window_days: int | None = None) -> str:
    """Why the order cannot be returned now, or "" when it can. Pages listing many orders
    pass the policy's ``window_days`` once."""
    now = now or timezone.now()
    if order.status not in RECEIVED_ORDER or order.delivered_at is None:
        return _("This order has not been delivered yet, so it cannot be returned.")
    if window_days is None:
        window_days = return_policy().window_days
    if now > return_window_end(order, window_days=window_days):
        return _("The return window of %(days)d days after delivery has closed for this order.") % {
            "days": window_days
        }
    return ""


def refund_quote(*, order: Order, choices: Sequence[LineChoice]) -> RefundQuote:
    """The refund for returning ``choices`` of ``order``: each line's price less its share of
    the order's discounts and spent points, less the restocking fee for reasons that are not
    the shop's fault; shipping only when the whole order comes back for the shop's fault."""
    policy = return_policy()
    goods_total = order.goods_total
    discounts = min(order.adjustments_total, Decimal(0))  # negative: discounts and points

    def paid_for(value: Decimal) -> Decimal:
        return money(max(value + (discounts * value / goods_total if goods_total else 0), 0))

    # Each line is the step it adds to the paid value of everything returned so far, so the
    # rounded refunds of all lines add up to what was paid, never a cent more.
    prices = {line.pk: line.unit_price for line in order.lines.all()}
    returned = sum(
        (prices[pk] * quantity for pk, quantity in returned_quantities(order).items()), Decimal(0)
    )
    priced = []
    goods = fee = Decimal(0)
    for choice in choices:
        value = choice.order_line.unit_price * choice.quantity
        net = paid_for(returned + value) - paid_for(returned)
        returned += value
        line_fee = (
            Decimal(0)
            if choice.reason.shop_fault
            else money(net * policy.restocking_fee_percent / 100)
        )
        priced.append((choice, money(net - line_fee)))
        goods += net
        fee += line_fee
    bought = {line.pk: line.quantity for line in order.lines.all()}
    asked: dict[int, int] = {}
    for choice in choices:
        asked[choice.order_line.pk] = asked.get(choice.order_line.pk, 0) + choice.quantity
    whole_order = asked == bought and not returned_quantities(order)
    all_shop_fault = all(choice.reason.shop_fault for choice in choices)
    shipping = order.shipping_total if whole_order and all_shop_fault else Decimal(0)
    return RefundQuote(lines=priced, goods=money(goods), fee=money(fee), shipping=shipping)


# ---------------------------------------------------------------------------- shoppers


def _new_rma() -> str:
    prefix = timezone.now().strftime("%y%m")
    while True:
        rma = f"R{prefix}-{''.join(secrets.choice(RMA_ALPHABET) for _ in range(6))}"
        if not ReturnRequest.objects.filter(rma=rma).exists():
            return rma


def _event(request: ReturnRequest, *, from_status: str, actor=None, note: str = "") -> None:
    ReturnEvent.objects.create(
        request=request,
        from_status=from_status,
        to_status=request.status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
        created_at=timezone.now(),
    )


def _announce(request: ReturnRequest, signal=None) -> None:
    from storefront.returns.tasks import send_return_email

    def after_commit():
        send_return_email.enqueue(request_id=request.pk, status=request.status)
        if signal is not None:
            signal.send(sender=ReturnRequest, request=request)

    transaction.on_commit(after_commit)


def _check_exchange_variants(
    choices: Sequence[LineChoice], exchange_variants: dict[int, int]
) -> None:
    """An exchange sends another variant of the same, still sold product."""
    for choice in choices:
        variant_id = exchange_variants.get(choice.order_line.pk)
        if variant_id is None:
            continue
        if not ProductVariant.objects.filter(
            pk=variant_id, product_id=choice.order_line.product_id, product__live=True
        ).exists():
            raise ReturnError(
                _("Choose another size or colour of “%(title)s” to exchange it for.")
                % {"title": choice.order_line.title}
            )


@transaction.atomic
def return_request_open(
    *,
    order: Order,
    choices: Sequence[LineChoice],
    outcome: str,
    note: str = "",
    photos: Sequence[CleanImage] = (),
    exchange_variants: dict[int, int] | None = None,
    actor=None,
) -> ReturnRequest:
    """Open a return of ``choices`` of ``order`` (the caller checked who may see the order).

    Locks the order, so racing requests count each other's lines. Raises ReturnError when
    the order is not returnable, a line is returned more often than bought, a reason needs a
    photo, customized goods are returned for a reason that does not allow it, or the outcome
    is not possible (store credit without an account)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    refusal = return_eligibility(order)
    if refusal:
        raise ReturnError(refusal)
    if outcome not in ReturnOutcome.values:
        raise ReturnError(_("Choose how you would like us to make it right."))
    if outcome == ReturnOutcome.STORE_CREDIT and order.user_id is None:
        raise ReturnError(_("Store credit needs an account; choose a refund or an exchange."))
    if not choices:
        raise ReturnError(_("Choose at least one item to return."))
    already = returned_quantities(order)
    asked: dict[int, int] = {}
    for choice in choices:
        line = choice.order_line
        if line.order_id != order.pk:
            raise ReturnError(_("That item is not part of this order."))
        if choice.quantity < 1:
            raise ReturnError(_("Return at least one of each item you choose."))
        if not choice.reason.active:
            raise ReturnError(_("Choose one of the reasons offered."))
        asked[line.pk] = asked.get(line.pk, 0) + choice.quantity
        left = line.quantity - already.get(line.pk, 0)
        if asked[line.pk] > left:
            raise ReturnError(
                _("You can return at most %(count)d of “%(title)s”.")
                % {"count": max(left, 0), "title": line.title}
            )
        if line.customized and not choice.reason.allows_customized:
            raise ReturnError(
                _(
                    "“%(title)s” was made to your design, so it can only be returned if "
                    "it is faulty or not what you ordered."
                )
                % {"title": line.title}
            )
        if choice.reason.requires_photo and not photos:
            raise ReturnError(
                _("Please add a photo showing the problem (“%(reason)s”).")
                % {"reason": choice.reason.label}
            )
    exchange_variants = exchange_variants or {}
    if outcome == ReturnOutcome.EXCHANGE:
        _check_exchange_variants(choices, exchange_variants)
    quote = refund_quote(order=order, choices=choices)
    request = ReturnRequest.objects.create(
        rma=_new_rma(),
        order=order,
        user=order.user,
        email=order.email,
        outcome=outcome,
        note=note.strip()[:2000],
        created_at=timezone.now(),
        estimated_refund=quote.total,
        shipping_refund=quote.shipping,
        goods_paid=quote.goods,
    )
    ReturnLine.objects.bulk_create(
        [
            ReturnLine(
                request=request,
                order_line=choice.order_line,
                quantity=choice.quantity,
                reason=choice.reason,
                refund=refund,
                exchange_variant_id=exchange_variants.get(choice.order_line.pk),
            )
            for choice, refund in quote.lines
        ]
    )
    for photo in photos:
        stored = ReturnPhoto(request=request)
        stored.image.save(photo.content.name, photo.content, save=False)
        stored.thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
        stored.save()
    _event(request, from_status="", actor=actor, note=request.note)
    _announce(request)
    return request


# ---------------------------------------------------------------------------- staff


def _move(request: ReturnRequest, to_status: str, *, actor, note: str = "") -> ReturnRequest:
    request = ReturnRequest.objects.select_for_update().get(pk=request.pk)
    if to_status not in TRANSITIONS[ReturnStatus(request.status)]:
        raise ReturnError(
            _("A return that is %(current)s cannot be marked %(target)s.")
            % {
                "current": request.get_status_display().lower(),
                "target": ReturnStatus(to_status).label.lower(),
            }
        )
    from_status = request.status
    request.status = to_status
    request.save(update_fields=["status"])
    _event(request, from_status=from_status, actor=actor, note=note)
    return request


@transaction.atomic
def return_approve(*, request: ReturnRequest, actor, note: str = "") -> ReturnRequest:
    """Accept the return; the customer is e-mailed the slip. Raises ReturnError."""
    request = _move(request, ReturnStatus.APPROVED, actor=actor, note=note)
    _announce(request, signals.return_approved)
    return request


@transaction.atomic
def return_reject(*, request: ReturnRequest, actor, message: str) -> ReturnRequest:
    """Refuse the return with a message to the customer. Raises ReturnError."""
    if not message.strip():
        raise ReturnError(_("Tell the customer why the return is refused."))
    request = _move(request, ReturnStatus.REJECTED, actor=actor, note=message.strip())
    _announce(request)
    return request


@transaction.atomic
def return_receive(
    *, request: ReturnRequest, actor, conditions: dict[int, str], note: str = ""
) -> ReturnRequest:
    """Record the parcel's arrival with each line's condition; sellable goods go back into
    stock (locked in variant order), except customized ones: made to one customer's design,
    they are not units of the plain variant. Raises ReturnError for a missing or unknown
    condition."""
    request = _move(request, ReturnStatus.RECEIVED, actor=actor, note=note)
    lines = list(request.lines.select_related("order_line"))
    for line in lines:
        condition = conditions.get(line.pk, "")
        if condition not in LineCondition.values:
            raise ReturnError(_("Give the condition of every returned item."))
        line.condition = condition
        line.save(update_fields=["condition"])
    restock = sorted(
        (line.order_line.variant_id, line.quantity)
        for line in lines
        if line.condition == LineCondition.SELLABLE
        and line.order_line.variant_id
        and not line.order_line.customized
    )
    for variant_id, quantity in restock:
        StockRecord.objects.select_for_update().filter(variant_id=variant_id).update(
            quantity=F("quantity") + quantity
        )
    _announce(request, signals.return_received)
    return request


@transaction.atomic
def return_refund(
    *, request: ReturnRequest, actor, amount: Decimal | None = None, reason: str = ""
) -> ReturnRequest:
    """Refund a received return once: the computed amount, or less with a reason (never
    more). Store credit is paid in points. The points earned on the returned goods are taken
    back and the points spent on them given back, whatever the money refunded (a fee or a
    lower refund is about money). Raises ReturnError."""
    locked = ReturnRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status == ReturnStatus.REFUNDED or locked.refund_amount is not None:
        raise ReturnError(_("This return was refunded already."))
    computed = money(sum((line.refund for line in locked.lines.all()), Decimal(0)))
    computed = money(computed + locked.shipping_refund)
    amount = computed if amount is None else money(amount)
    if amount < 0 or amount > computed:
        raise ReturnError(
            _("The refund can be at most %(amount)s.") % {"amount": display_money(computed)}
        )
    if amount < computed and not reason.strip():
        raise ReturnError(_("Say why the refund is lower than computed."))
    order = locked.order
    if order.user_id is not None and locked.goods_paid > 0:
        # The returned goods' points: earned ones taken back, spent ones given back.
        points_reverse_for_refund(order=order, key=locked.rma, amount=locked.goods_paid)
    if locked.outcome == ReturnOutcome.STORE_CREDIT and order.user_id is not None:
        program = loyalty_settings()
        points = int(amount / program.redeem_step_value * program.redeem_step_points)
        points_bonus(
            user=order.user,
            points=points,
            source=f"return:{locked.rma}",
            reason=_("Store credit for return %(rma)s") % {"rma": locked.rma},
        )
        locked.store_credit_points = points
    locked.refund_amount = amount
    locked.refund_note = reason.strip()[:255]
    locked.save(update_fields=["refund_amount", "refund_note", "store_credit_points"])
    locked = _move(locked, ReturnStatus.REFUNDED, actor=actor, note=locked.refund_note)
    _announce(locked, signals.return_refunded)
    return locked


@transaction.atomic
def return_exchange(*, request: ReturnRequest, actor, note: str = "") -> ReturnRequest:
    """Send the exchange variants of a received exchange request as a new order at no
    charge, then close the request. Raises ReturnError when the request is not an exchange,
    not received, already exchanged, or the variants are not in stock."""
    locked = ReturnRequest.objects.select_for_update().get(pk=request.pk)
    if locked.outcome != ReturnOutcome.EXCHANGE:
        raise ReturnError(_("The customer asked for a refund or store credit, not an exchange."))
    if locked.exchange_order_id is not None:
        raise ReturnError(_("The replacement order was created already."))
    if locked.status != ReturnStatus.RECEIVED:
        raise ReturnError(_("Mark the return received before sending the replacement."))
    items = [
        (line.exchange_variant or line.order_line.variant, line.quantity)
        for line in locked.lines.select_related(
            "exchange_variant__product", "order_line__variant__product"
        )
    ]
    if any(variant is None for variant, _quantity in items):
        raise ReturnError(_("An item to send instead is no longer sold."))
    try:
        replacement = order_create_replacement(
            original=locked.order,
            items=items,
            actor=actor,
            note=_("Exchange for return %(rma)s") % {"rma": locked.rma},
        )
    except CheckoutError as error:
        raise ReturnError(str(error)) from error
    locked.exchange_order = replacement
    locked.save(update_fields=["exchange_order"])
    note = note or _("Replacement order %(number)s") % {"number": replacement.number}
    locked = _move(locked, ReturnStatus.CLOSED, actor=actor, note=note)
    _announce(locked)
    return locked


@transaction.atomic
def return_close(*, request: ReturnRequest, actor, note: str = "") -> ReturnRequest:
    """Close a finished (refunded, rejected or exchanged) return. Raises ReturnError."""
    request = _move(request, ReturnStatus.CLOSED, actor=actor, note=note)
    _announce(request)
    return request
