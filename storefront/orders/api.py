"""Cart endpoints of the JSON API, with the same validation and ownership as the pages."""

from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from storefront.orders.selectors import CartSummary, cart_for_request, cart_summary
from storefront.orders.services import (
    CartError,
    CartLineNotFound,
    cart_add,
    cart_get_or_create,
    cart_line_remove,
    cart_line_update,
)
from storefront.products.selectors import THUMB_IMAGE

router = Router(tags=["cart"])


class CartLineOut(Schema):
    id: int
    product_id: int
    title: str
    variant_id: int
    variant: str
    sku: str
    unit_price: Decimal
    quantity: int
    line_total: Decimal
    image: str | None
    problem: str


class CartOut(Schema):
    count: int
    goods_total: Decimal
    has_problems: bool
    lines: list[CartLineOut]


class CartAddIn(Schema):
    variant_id: int
    quantity: int = 1


class CartLineIn(Schema):
    quantity: int


def _cart_out(summary: CartSummary) -> dict:
    return {
        "count": summary.count,
        "goods_total": summary.goods_total,
        "has_problems": summary.has_problems,
        "lines": [
            {
                "id": item.line.pk,
                "product_id": item.product.pk,
                "title": item.product.title,
                "variant_id": item.variant.pk,
                "variant": item.variant.name,
                "sku": item.variant.sku,
                "unit_price": item.unit_price,
                "quantity": item.quantity,
                "line_total": item.line_total,
                "image": item.image.image.get_rendition(THUMB_IMAGE).url if item.image else None,
                "problem": item.problem,
            }
            for item in summary.items
        ],
    }


def _existing_cart(request):
    cart = cart_for_request(request)
    if cart is None:
        raise HttpError(404, _("That item is not in your cart."))
    return cart


@router.get("/cart", response=CartOut, summary="Read the cart")
def cart_read(request):
    return _cart_out(cart_summary(cart_for_request(request)))


@router.post("/cart/lines", response={201: CartOut}, summary="Add to the cart")
def cart_lines_add(request, payload: CartAddIn):
    try:
        cart = cart_get_or_create(request)
        cart_add(cart=cart, variant_id=payload.variant_id, quantity=payload.quantity)
    except CartError as error:
        raise HttpError(400, str(error)) from None
    return _cart_out(cart_summary(cart))  # 201, the only status declared


@router.patch("/cart/lines/{line_id}", response=CartOut, summary="Change a line's quantity")
def cart_lines_update(request, line_id: int, payload: CartLineIn):
    cart = _existing_cart(request)
    try:
        cart_line_update(cart=cart, line_id=line_id, quantity=payload.quantity)
    except CartLineNotFound as error:
        raise HttpError(404, str(error)) from None
    except CartError as error:
        raise HttpError(400, str(error)) from None
    return _cart_out(cart_summary(cart))


@router.delete("/cart/lines/{line_id}", response=CartOut, summary="Remove a line")
def cart_lines_remove(request, line_id: int):
    cart = _existing_cart(request)
    try:
        cart_line_remove(cart=cart, line_id=line_id)
    except CartLineNotFound as error:
        raise HttpError(404, str(error)) from None
    return _cart_out(cart_summary(cart))
