"""The orders app's part of a customer's data export and account deletion
(``storefront.core.privacy``): their orders, kept for the books without anything personal,
and their cart, deleted.

Only orders linked to the account count. Guest orders that merely carry the same e-mail
address are neither exported nor touched: the account's address was never verified, so they
may be someone else's."""

from typing import Any

from django.utils.translation import gettext as _

from storefront.core.privacy import PrivacySection, erased_email
from storefront.orders.models import Cart, Order, OrderEvent, OrderStatus

# Orders still to be paid, shipped or delivered: their address is needed until they arrive.
OPEN_STATUSES = (OrderStatus.PLACED, OrderStatus.PAID, OrderStatus.SHIPPED)

# What the books keep is the rest: amounts, lines, dates, statuses, the country (for taxes).
ERASED_CONTACT = {
    "full_name": "",
    "phone": "",
    "address_line1": "",
    "address_line2": "",
    "city": "",
    "postal_code": "",
}


def orders_export(user) -> list[dict[str, Any]]:
    orders = (
        Order.objects.filter(user=user)
        .prefetch_related("lines", "adjustments", "events")
        .order_by("placed_at", "pk")
    )
    return [
        {
            "number": order.number,
            "status": order.status,
            "placed_at": order.placed_at,
            "delivered_at": order.delivered_at,
            **{name: getattr(order, name) for name in Order.CONTACT_FIELDS},
            "shipping_method": order.shipping_method_name,
            "payment_method": order.payment_method,
            "currency": order.currency,
            "goods_total": order.goods_total,
            "shipping_total": order.shipping_total,
            "adjustments_total": order.adjustments_total,
            "total": order.total,
            "lines": [
                {
                    "product": line.title,
                    "variant": line.variant_name,
                    "sku": line.sku,
                    "unit_price": line.unit_price,
                    "quantity": line.quantity,
                    "line_total": line.line_total,
                    "design": line.design_choices,
                }
                for line in order.lines.all()
            ],
            "adjustments": [
                {"label": adjustment.label, "amount": adjustment.amount}
                for adjustment in order.adjustments.all()
            ],
            "history": [
                {"from": event.from_status, "to": event.to_status, "at": event.created_at}
                for event in order.events.all()
            ],
        }
        for order in orders
    ]


def orders_refusal(user) -> str:
    order = Order.objects.filter(user=user, status__in=OPEN_STATUSES).order_by("placed_at").first()
    if order is None:
        return ""
    return _(
        "Your order %(number)s has not arrived yet. You can delete your account once it has "
        "been delivered, or ask us to cancel it."
    ) % {"number": order.number}


def orders_erase(user, *, reviews: str) -> None:
    # One address for all of the account's orders: the customer reports still count them as
    # one (anonymous) customer.
    Order.objects.filter(user=user).update(user=None, email=erased_email(), **ERASED_CONTACT)
    OrderEvent.objects.filter(actor=user).update(actor=None)


def cart_export(user) -> dict[str, Any] | None:
    cart = Cart.objects.filter(user=user).first()
    if cart is None:
        return None
    return {
        "updated_at": cart.updated_at,
        "lines": [
            {
                "product": line.variant.product.title,
                "variant": line.variant.name,
                "sku": line.variant.sku,
                "quantity": line.quantity,
                "design": line.design.share_token if line.design else None,
                "added_at": line.added_at,
            }
            for line in cart.lines.select_related("variant__product", "design")
        ],
    }


def cart_erase(user, *, reviews: str) -> None:
    Cart.objects.filter(user=user).delete()


SECTIONS = (
    PrivacySection("orders", export=orders_export, erase=orders_erase, refusal=orders_refusal),
    PrivacySection("cart", export=cart_export, erase=cart_erase),
)
