"""Writes to carts and orders. Each public service is its own transaction."""

import secrets
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from storefront.core import conf
from storefront.core.ids import as_id
from storefront.core.models import display_money
from storefront.core.money import money
from storefront.customizer.models import Design, PreferenceKind
from storefront.customizer.services import design_preferences_record
from storefront.orders import adjusters, payments, signals
from storefront.orders.models import (
    Cart,
    CartLine,
    Order,
    OrderAdjustment,
    OrderEvent,
    OrderLine,
    OrderStatus,
    ShippingMethod,
)
from storefront.orders.selectors import (
    CART_REQUEST_ATTRIBUTE,
    CART_SESSION_KEY,
    Quote,
    cart_for_request,
    cart_summary,
    checkout_quote,
)
from storefront.orders.tasks import send_order_email
from storefront.products.models import ProductPage, ProductVariant, StockRecord
from storefront.products.selectors import stock_of

CHECKOUT_SALT = "storefront.checkout"
NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class CartError(ValueError):
    """A cart change was refused; the message tells the shopper what to change."""


class CartLineNotFound(CartError):
    """The line is not in the requester's cart (or does not exist): a 404 to callers."""


class CheckoutError(ValueError):
    """An order could not be placed; nothing was written."""


class TransitionError(ValueError):
    """An order status change is not allowed from the order's current status."""


# ---------------------------------------------------------------------------- carts


def cart_get_or_create(request) -> Cart:
    """The request's cart, created (and remembered in the session for guests) if missing."""
    cart = cart_for_request(request)
    if cart is not None:
        return cart
    if request.user.is_authenticated:
        cart, _created = Cart.objects.get_or_create(user=request.user)
    else:
        cart = Cart.objects.create()
        request.session[CART_SESSION_KEY] = cart.pk
    setattr(request, CART_REQUEST_ATTRIBUTE, cart)
    return cart


def _check_quantity(quantity: Any) -> int:
    limit = conf.get("STOREFRONT_MAX_LINE_QUANTITY")
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise CartError(_("The quantity must be a whole number."))
    if quantity < 1:
        raise CartError(_("The quantity must be at least 1."))
    if quantity > limit:
        raise CartError(_("You can buy at most %(limit)s of one item.") % {"limit": limit})
    return quantity


def _check_stock(variant: ProductVariant, quantity: int) -> None:
    available = stock_of(variant)
    if available == 0:
        raise CartError(_("%(item)s is out of stock.") % {"item": variant})
    if quantity > available:
        raise CartError(
            _("Only %(count)s of %(item)s left in stock.") % {"count": available, "item": variant}
        )


@transaction.atomic
def cart_add(
    *, cart: Cart, variant_id: Any, quantity: Any, design: Design | None = None
) -> CartLine:
    """Add ``quantity`` of a live variant (made to ``design``, if given) to the cart; raises
    CartError with the reason. A design in the cart is recorded as a ``carted`` preference."""
    quantity = _check_quantity(quantity)
    variant = (
        ProductVariant.objects.select_related("product", "stock_record")
        .filter(pk=as_id(variant_id), product__live=True)
        .first()
    )
    if variant is None:
        raise CartError(_("This product is not available. Please choose another option."))
    if design is not None and design.product_id != variant.product_id:
        raise CartError(_("This design belongs to another product."))
    Cart.objects.select_for_update().filter(pk=cart.pk).first()
    line = CartLine.objects.filter(cart=cart, variant=variant, design=design).first()
    if line is None:
        if cart.lines.count() >= conf.get("STOREFRONT_MAX_CART_LINES"):
            raise CartError(_("Your cart is full. Please check out or remove something first."))
        line = CartLine(cart=cart, variant=variant, design=design, quantity=0)
    new_quantity = _check_quantity(line.quantity + quantity)
    in_other_lines = (
        CartLine.objects.filter(cart=cart, variant=variant)
        .exclude(pk=line.pk)
        .aggregate(n=Sum("quantity"))["n"]
        or 0
    )
    _check_stock(variant, new_quantity + in_other_lines)
    line.quantity = new_quantity
    line.save()
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    if design is not None:
        design_preferences_record(design=design, kind=PreferenceKind.CARTED, user=cart.user)
    return line


@transaction.atomic
def cart_line_update(*, cart: Cart, line_id: Any, quantity: Any) -> CartLine:
    """Set a line's quantity; raises CartError for a foreign line or a bad quantity."""
    quantity = _check_quantity(quantity)
    line = _own_line(cart, line_id)
    in_other_lines = (
        CartLine.objects.filter(cart=cart, variant=line.variant)
        .exclude(pk=line.pk)
        .aggregate(n=Sum("quantity"))["n"]
        or 0
    )
    _check_stock(line.variant, quantity + in_other_lines)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line


@transaction.atomic
def cart_line_remove(*, cart: Cart, line_id: Any) -> None:
    """Remove a line from the cart; raises CartError if it is not in this cart."""
    _own_line(cart, line_id).delete()


def _own_line(cart: Cart, line_id: Any) -> CartLine:
    line = (
        CartLine.objects.select_related("variant__product", "variant__stock_record")
        .filter(cart=cart, pk=as_id(line_id))
        .first()
    )
    if line is None:
        raise CartLineNotFound(_("That item is not in your cart."))
    return line


@transaction.atomic
def cart_merge(*, source: Cart, target: Cart) -> Cart:
    """Move a guest cart's lines into a user's cart (quantities add up) and delete it."""
    if source.pk == target.pk:
        return target
    limit = conf.get("STOREFRONT_MAX_LINE_QUANTITY")
    existing = {
        (line.variant_id, line.design_id): line for line in target.lines.select_for_update()
    }
    for line in source.lines.all():
        mine = existing.get((line.variant_id, line.design_id))
        if mine is None:
            CartLine.objects.create(
                cart=target,
                variant_id=line.variant_id,
                design_id=line.design_id,
                quantity=line.quantity,
            )
        else:
            mine.quantity = min(mine.quantity + line.quantity, limit)
            mine.save(update_fields=["quantity"])
    source.delete()
    return target


def cart_merge_at_login(*, request, user) -> None:
    """Merge the session's guest cart into ``user``'s cart (called when a user logs in)."""
    cart_id = request.session.pop(CART_SESSION_KEY, None)
    if hasattr(request, CART_REQUEST_ATTRIBUTE):
        delattr(request, CART_REQUEST_ATTRIBUTE)
    guest = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None
    if guest is None:
        return
    target, _created = Cart.objects.get_or_create(user=user)
    cart_merge(source=guest, target=target)


# ---------------------------------------------------------------------------- checkout


@dataclass(frozen=True)
class CheckoutDetails:
    email: str
    full_name: str
    address_line1: str
    city: str
    postal_code: str
    country: str
    shipping_method_id: int
    payment_method: str
    phone: str = ""
    address_line2: str = ""
    options: dict[str, Any] = field(default_factory=dict)


def checkout_token_issue(*, cart: Cart, quote: Quote) -> str:
    """A signed token for the review step: binds this cart and the total the shopper saw."""
    return signing.dumps(
        {"c": cart.pk, "n": uuid.uuid4().hex, "t": str(quote.total)}, salt=CHECKOUT_SALT
    )


def _checkout_token_read(token: str, cart: Cart) -> tuple[uuid.UUID, Decimal]:
    try:
        claims = signing.loads(
            token, salt=CHECKOUT_SALT, max_age=conf.get("STOREFRONT_CHECKOUT_TOKEN_MAX_AGE")
        )
    except signing.SignatureExpired as exc:
        raise CheckoutError(_("Your checkout expired. Please review your order again.")) from exc
    except signing.BadSignature as exc:
        raise CheckoutError(
            _("This checkout is not valid. Please review your order again.")
        ) from exc
    if claims.get("c") != cart.pk:
        raise CheckoutError(_("This checkout belongs to another cart."))
    return uuid.UUID(claims["n"]), Decimal(claims["t"])


def _new_order_number() -> str:
    prefix = timezone.now().strftime("%y%m")
    while True:
        number = f"{prefix}-{''.join(secrets.choice(NUMBER_ALPHABET) for _ in range(6))}"
        if not Order.objects.filter(number=number).exists():
            return number


def order_place(
    *, cart: Cart, user, details: CheckoutDetails, checkout_token: str, language: str = "en"
) -> Order:
    """Place the cart as an order, once per checkout token.

    One transaction: locks the cart, then the variants' stock in primary-key order, refuses
    to oversell, writes the order with line snapshots and server-computed totals. The same
    token again returns the order it placed. Raises CheckoutError with the reason.
    """
    token, total_seen = _checkout_token_read(checkout_token, cart)
    try:
        return _order_place(
            cart=cart,
            user=user,
            details=details,
            token=token,
            total_seen=total_seen,
            language=language,
        )
    except IntegrityError:
        # A concurrent request with the same token won the race; return its order.
        existing = Order.objects.filter(checkout_token=token).first()
        if existing is None:
            raise
        return existing


@transaction.atomic
def _order_place(*, cart, user, details, token, total_seen, language) -> Order:
    Cart.objects.select_for_update().filter(pk=cart.pk).first()
    existing = Order.objects.filter(checkout_token=token).first()
    if existing is not None:
        return existing

    shipping_method = ShippingMethod.objects.filter(
        pk=details.shipping_method_id, active=True
    ).first()
    if shipping_method is None:
        raise CheckoutError(_("Please choose one of the shipping methods offered."))
    payment_method = payments.get(details.payment_method)
    if payment_method is None:
        raise CheckoutError(_("Please choose one of the payment methods offered."))

    variant_ids = sorted(CartLine.objects.filter(cart=cart).values_list("variant_id", flat=True))
    if not variant_ids:
        raise CheckoutError(_("Your cart is empty."))
    locked = {
        record.variant_id: record
        for record in StockRecord.objects.select_for_update()
        .filter(variant_id__in=variant_ids)
        .order_by("variant_id")
    }
    stock = {vid: (locked[vid].quantity if vid in locked else 0) for vid in variant_ids}
    summary = cart_summary(cart, stock=stock)
    problems = [f"{item.variant}: {item.problem}" for item in summary.items if item.problem]
    if problems:
        raise CheckoutError(" ".join(problems))

    try:
        quote = checkout_quote(
            summary=summary, shipping_method=shipping_method, user=user, options=details.options
        )
    except adjusters.AdjustmentRefused as refusal:
        raise CheckoutError(str(refusal)) from refusal
    if quote.total != money(total_seen):
        raise CheckoutError(
            _("Your order total changed to %(total)s. Please review your order again.")
            % {"total": display_money(quote.total)}
        )

    now = timezone.now()
    order = Order(
        number=_new_order_number(),
        checkout_token=token,
        user=user if user is not None and user.is_authenticated else None,
        status=OrderStatus.PLACED,
        placed_at=now,
        language=language,
        **{name: getattr(details, name) for name in Order.CONTACT_FIELDS},
        shipping_method=shipping_method,
        shipping_method_name=shipping_method.name,
        payment_method=payment_method.code,
        currency=conf.get("STOREFRONT_CURRENCY"),
        goods_total=quote.goods_total,
        shipping_total=quote.shipping_total,
        adjustments_total=quote.adjustments_total,
        total=quote.total,
    )
    order.full_clean(exclude=["checkout_token", "number"])
    order.save()
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                product=item.product,
                variant=item.variant,
                title=item.product.title,
                variant_name=item.variant.name,
                sku=item.variant.sku,
                unit_price=item.unit_price,
                quantity=item.quantity,
                line_total=item.line_total,
                design=item.design,
                design_choices=item.design.description if item.design else [],
                design_preview=_design_snapshot(order, index, item.design),
            )
            for index, item in enumerate(summary.items, start=1)
        ]
    )
    for item in summary.items:
        if item.design is not None:
            design_preferences_record(
                design=item.design, kind=PreferenceKind.ORDERED, user=order.user
            )
    for adjustment in quote.adjustments:
        OrderAdjustment.objects.create(
            order=order, code=adjustment.code, label=adjustment.label, amount=adjustment.amount
        )
    for adjuster in adjusters.registered():
        for adjustment in quote.adjustments:
            if adjustment.code == adjuster.code:
                try:
                    adjuster.commit(order=order, adjustment=adjustment)
                except adjusters.AdjustmentRefused as refusal:
                    raise CheckoutError(str(refusal)) from refusal

    for item in sorted(summary.items, key=lambda i: i.variant.pk):
        StockRecord.objects.filter(variant_id=item.variant.pk).update(
            quantity=F("quantity") - item.quantity
        )
    sold: dict[int, int] = {}
    for item in summary.items:
        sold[item.product.pk] = sold.get(item.product.pk, 0) + item.quantity
    for product_id in sorted(sold):
        ProductPage.objects.filter(pk=product_id).update(
            sales_count=F("sales_count") + sold[product_id]
        )
    CartLine.objects.filter(cart=cart).delete()
    OrderEvent.objects.create(
        order=order,
        from_status="",
        to_status=OrderStatus.PLACED,
        actor=order.user,
        created_at=now,
    )
    transaction.on_commit(lambda: _announce(order, OrderStatus.PLACED, ""))
    return order


REPLACEMENT_PAYMENT = "replacement"


@transaction.atomic
def order_create_replacement(
    *, original: Order, items: list[tuple[ProductVariant, int]], actor=None, note: str = ""
) -> Order:
    """A paid order at no charge that sends ``items`` to the customer of ``original`` (an
    exchange). Locks the variants' stock in primary-key order and refuses to oversell;
    raises CheckoutError with the reason."""
    if not items:
        raise CheckoutError(_("Choose what to send instead."))
    wanted: dict[int, int] = {}
    for variant, quantity in items:
        if quantity < 1:
            raise CheckoutError(_("Send at least one of each item."))
        wanted[variant.pk] = wanted.get(variant.pk, 0) + quantity
    locked = {
        record.variant_id: record
        for record in StockRecord.objects.select_for_update()
        .filter(variant_id__in=sorted(wanted))
        .order_by("variant_id")
    }
    for variant, _quantity in items:
        have = locked[variant.pk].quantity if variant.pk in locked else 0
        if have < wanted[variant.pk]:
            raise CheckoutError(
                _("Only %(count)d of %(variant)s left in stock.")
                % {"count": have, "variant": variant}
            )
    now = timezone.now()
    order = Order.objects.create(
        number=_new_order_number(),
        checkout_token=uuid.uuid4(),
        user=original.user,
        status=OrderStatus.PAID,
        placed_at=now,
        language=original.language,
        **{name: getattr(original, name) for name in Order.CONTACT_FIELDS},
        shipping_method=original.shipping_method,
        shipping_method_name=original.shipping_method_name,
        payment_method=REPLACEMENT_PAYMENT,
        currency=original.currency,
        goods_total=Decimal(0),
        shipping_total=Decimal(0),
        adjustments_total=Decimal(0),
        total=Decimal(0),
    )
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                product=variant.product,
                variant=variant,
                title=variant.product.title,
                variant_name=variant.name,
                sku=variant.sku,
                unit_price=Decimal(0),
                quantity=quantity,
                line_total=Decimal(0),
            )
            for variant, quantity in items
        ]
    )
    for variant_id in sorted(wanted):
        StockRecord.objects.filter(variant_id=variant_id).update(
            quantity=F("quantity") - wanted[variant_id]
        )
    note = note or _("Replacement for order %(number)s") % {"number": original.number}
    for from_status, to_status in (
        ("", OrderStatus.PLACED),
        (OrderStatus.PLACED, OrderStatus.PAID),
    ):
        OrderEvent.objects.create(
            order=order,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            note=note,
            created_at=now,
        )
    transaction.on_commit(lambda: _announce(order, OrderStatus.PLACED, ""))
    return order


def _design_snapshot(order: Order, index: int, design: Design | None) -> str:
    """A copy of the design's preview that belongs to the order line from now on."""
    if design is None or not design.preview or not default_storage.exists(design.preview):
        return ""
    with default_storage.open(design.preview) as preview:
        return default_storage.save(f"orders/designs/{order.number}/{index}.png", File(preview))


# ---------------------------------------------------------------------------- statuses

TRANSITIONS: dict[str, set[str]] = {
    OrderStatus.PLACED: {OrderStatus.PAID, OrderStatus.CANCELLED},
    OrderStatus.PAID: {OrderStatus.SHIPPED, OrderStatus.CANCELLED},
    OrderStatus.SHIPPED: {OrderStatus.DELIVERED},
    OrderStatus.DELIVERED: {OrderStatus.COMPLETED},
    OrderStatus.COMPLETED: set(),
    OrderStatus.CANCELLED: set(),
}

STATUS_SIGNALS = {
    OrderStatus.PLACED: signals.order_placed,
    OrderStatus.PAID: signals.order_paid,
    OrderStatus.SHIPPED: signals.order_shipped,
    OrderStatus.DELIVERED: signals.order_delivered,
    OrderStatus.COMPLETED: signals.order_completed,
    OrderStatus.CANCELLED: signals.order_cancelled,
}


def allowed_transitions(order: Order) -> list[str]:
    """The statuses ``order`` may move to next, in workflow order."""
    allowed = set(TRANSITIONS[order.status])
    method = payments.get(order.payment_method)
    if order.status == OrderStatus.PLACED and method and method.collects_on_delivery:
        allowed.add(OrderStatus.SHIPPED)  # paid to the courier on delivery
    return [status for status in OrderStatus.values if status in allowed]


@transaction.atomic
def order_transition(*, order: Order, to_status: str, actor=None, note: str = "") -> Order:
    """Move an order to ``to_status`` and record who did it; cancelling restocks.

    Raises TransitionError when the move is not allowed from the current status.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    if to_status not in allowed_transitions(order):
        raise TransitionError(
            _("An order that is %(current)s cannot be marked %(target)s.")
            % {
                "current": order.get_status_display().lower(),
                "target": dict(OrderStatus.choices).get(to_status, to_status).lower(),
            }
        )
    from_status = order.status
    now = timezone.now()
    if to_status == OrderStatus.CANCELLED:
        _restock(order)
    order.status = to_status
    fields = ["status"]
    if to_status == OrderStatus.DELIVERED:
        order.delivered_at = now
        fields.append("delivered_at")
    order.save(update_fields=fields)
    OrderEvent.objects.create(
        order=order,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note,
        created_at=now,
    )
    transaction.on_commit(lambda: _announce(order, to_status, from_status))
    return order


def _restock(order: Order) -> None:
    lines = [line for line in order.lines.all() if line.variant_id is not None]
    for line in sorted(lines, key=lambda line: line.variant_id):
        StockRecord.objects.filter(variant_id=line.variant_id).update(
            quantity=F("quantity") + line.quantity
        )
    sold: dict[int, int] = {}
    for line in lines:
        if line.product_id:
            sold[line.product_id] = sold.get(line.product_id, 0) + line.quantity
    for product_id in sorted(sold):
        ProductPage.objects.filter(pk=product_id, sales_count__gte=sold[product_id]).update(
            sales_count=F("sales_count") - sold[product_id]
        )


def _announce(order: Order, to_status: str, from_status: str) -> None:
    send_order_email.enqueue(order_id=order.pk, status=to_status)
    STATUS_SIGNALS[to_status].send(sender=Order, order=order)
    signals.order_status_changed.send(
        sender=Order, order=order, from_status=from_status, to_status=to_status
    )
