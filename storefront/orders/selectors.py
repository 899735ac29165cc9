"""Reads of carts and orders shared by the pages, the API and the admin."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model

from storefront.core.money import money
from storefront.orders import adjusters
from storefront.orders.adjusters import Adjustment
from storefront.orders.models import Cart, CartLine, Order, OrderEvent, ShippingMethod
from storefront.products.models import ProductImage, ProductPage, ProductVariant
from storefront.products.selectors import THUMB_IMAGE, stock_of

CART_SESSION_KEY = "storefront_cart_id"


@dataclass
class CartItem:
    line: CartLine
    unit_price: Decimal
    stock: int
    available: bool
    # Units of this variant in the whole cart: lines with different designs share the stock.
    variant_quantity: int = 0

    @property
    def variant(self) -> ProductVariant:
        return self.line.variant

    @property
    def product(self) -> ProductPage:
        return self.line.variant.product

    @property
    def quantity(self) -> int:
        return self.line.quantity

    @property
    def design(self):
        return self.line.design

    @property
    def line_total(self) -> Decimal:
        return money(self.unit_price * self.quantity)

    @property
    def image(self) -> ProductImage | None:
        images = self.product.gallery_images.all()
        return images[0] if images else None

    @property
    def problem(self) -> str:
        from django.utils.translation import gettext as _

        if not self.available:
            return _("This product is no longer available.")
        if self.stock == 0:
            return _("Out of stock.")
        if max(self.quantity, self.variant_quantity) > self.stock:
            return _("Only %(count)s left in stock.") % {"count": self.stock}
        return ""


@dataclass
class CartSummary:
    cart: Cart | None
    items: list[CartItem] = field(default_factory=list)

    @property
    def goods_total(self) -> Decimal:
        return money(sum((item.line_total for item in self.items), Decimal(0)))

    @property
    def count(self) -> int:
        return sum(item.quantity for item in self.items)

    @property
    def has_problems(self) -> bool:
        return any(item.problem for item in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass
class Quote:
    """The exact totals of a checkout: what the review step shows and order_place charges."""

    summary: CartSummary
    shipping_method: ShippingMethod | None
    shipping_total: Decimal
    adjustments: list[Adjustment]
    total: Decimal

    @property
    def goods_total(self) -> Decimal:
        return self.summary.goods_total

    @property
    def adjustments_total(self) -> Decimal:
        return money(sum((a.amount for a in self.adjustments), Decimal(0)))


CART_REQUEST_ATTRIBUTE = "_storefront_cart"


def cart_for_request(request) -> Cart | None:
    """The cart of the logged-in user, or the guest cart named in the session (looked up
    once per request)."""
    if hasattr(request, CART_REQUEST_ATTRIBUTE):
        return getattr(request, CART_REQUEST_ATTRIBUTE)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        cart = Cart.objects.filter(user=user).first()
    else:
        cart_id = request.session.get(CART_SESSION_KEY)
        cart = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None
    setattr(request, CART_REQUEST_ATTRIBUTE, cart)
    return cart


def cart_lines(cart: Cart) -> QuerySet[CartLine]:
    """A cart's lines with product, stock and thumbnail loaded in a fixed number of queries."""
    rendition_model = get_image_model().get_rendition_model()
    return (
        CartLine.objects.filter(cart=cart)
        .select_related("variant__product", "variant__stock_record", "design")
        .prefetch_related(
            Prefetch(
                "variant__product__gallery_images",
                queryset=ProductImage.objects.select_related("image").order_by("sort_order", "pk"),
            ),
            Prefetch(
                "variant__product__gallery_images__image__renditions",
                queryset=rendition_model.objects.filter(filter_spec=THUMB_IMAGE),
            ),
        )
        .order_by("added_at", "pk")
    )


def cart_summary(cart: Cart | None, *, stock: dict[int, int] | None = None) -> CartSummary:
    """Price a cart on the server. ``stock`` overrides stock levels (locked rows at checkout)."""
    if cart is None:
        return CartSummary(cart=None)
    lines = list(cart_lines(cart))
    per_variant: dict[int, int] = {}
    for line in lines:
        per_variant[line.variant_id] = per_variant.get(line.variant_id, 0) + line.quantity
    items = []
    for line in lines:
        variant = line.variant
        delta = line.design.price_delta if line.design is not None else Decimal(0)
        items.append(
            CartItem(
                line=line,
                unit_price=money(variant.price + delta),
                stock=stock[variant.pk] if stock is not None else stock_of(variant),
                available=variant.product.live,
                variant_quantity=per_variant[line.variant_id],
            )
        )
    return CartSummary(cart=cart, items=items)


def checkout_quote(
    *,
    summary: CartSummary,
    shipping_method: ShippingMethod | None,
    user=None,
    options: dict[str, Any] | None = None,
) -> Quote:
    """The exact totals for a cart, a shipping method and the adjusters' contributions."""
    goods = summary.goods_total
    shipping = money(shipping_method.cost_for(goods)) if shipping_method else Decimal(0)
    found = []
    for adjuster in adjusters.registered():
        adjustment = adjuster.quote(user=user, goods_total=goods, options=options or {})
        if adjustment is not None and adjustment.amount:
            found.append(adjustment)
    total = money(max(goods + shipping + sum((a.amount for a in found), Decimal(0)), Decimal(0)))
    return Quote(
        summary=summary,
        shipping_method=shipping_method,
        shipping_total=shipping,
        adjustments=found,
        total=total,
    )


def orders_of_user(user) -> QuerySet[Order]:
    """A customer's orders, newest first, with their events."""
    return (
        Order.objects.filter(user=user).prefetch_related("events", "lines").order_by("-placed_at")
    )


def order_with_details(*, number: str) -> Order:
    """An order with lines, adjustments and events; raises Order.DoesNotExist."""
    return (
        Order.objects.select_related("user", "shipping_method")
        .prefetch_related(
            "lines",
            "adjustments",
            Prefetch("events", queryset=OrderEvent.objects.select_related("actor")),
        )
        .get(number=number)
    )
