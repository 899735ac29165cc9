"""Cart, checkout and order pages: parse input, call a service or a selector, render."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from storefront.core.models import shop_settings
from storefront.core.ratelimit import rate_for
from storefront.customizer.forms import design_from_data
from storefront.customizer.services import DesignError
from storefront.orders import payments
from storefront.orders.access import PLACED_SESSION_KEY, order_access_key, order_for_request
from storefront.orders.adjusters import AdjustmentRefused
from storefront.orders.forms import AddToCartForm, CartLineForm, CheckoutForm
from storefront.orders.models import Order, ShippingMethod
from storefront.orders.selectors import (
    cart_for_request,
    cart_summary,
    checkout_quote,
    orders_of_user,
)
from storefront.orders.services import (
    CartError,
    CheckoutDetails,
    CheckoutError,
    cart_add,
    cart_get_or_create,
    cart_line_remove,
    cart_line_update,
    checkout_token_issue,
    order_place,
)
from storefront.products.models import ProductVariant

CHECKOUT_SESSION_KEY = "storefront_checkout"

logger = logging.getLogger(__name__)

cart_rate = ratelimit(key="ip", rate=rate_for("STOREFRONT_RATE_CART"), method="POST", block=True)
checkout_rate = ratelimit(
    key="ip", rate=rate_for("STOREFRONT_RATE_CHECKOUT"), method="POST", block=True
)


def _back(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback)


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def cart_detail(request):
    summary = cart_summary(cart_for_request(request))
    return render(request, "storefront/orders/cart.html", {"summary": summary})


@require_POST
@cart_rate
def cart_add_view(request):
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request, reverse("storefront:cart"))
    variant = (
        ProductVariant.objects.select_related("product")
        .filter(pk=form.cleaned_data["variant"])
        .first()
    )
    try:
        design = None
        if variant is not None and variant.product.customizable:
            design = design_from_data(variant.product, request.POST, owner=request.user)
        line = cart_add(
            cart=cart_get_or_create(request),
            variant_id=form.cleaned_data["variant"],
            quantity=form.cleaned_data["quantity"],
            design=design,
        )
    except (CartError, DesignError) as error:
        messages.error(request, str(error))
        return _back(request, reverse("storefront:cart"))
    messages.success(request, _("%(item)s is in your cart.") % {"item": line.variant})
    return redirect("storefront:cart")


@require_POST
@cart_rate
def cart_line_update_view(request, line_id: int):
    form = CartLineForm(request.POST)
    cart = cart_for_request(request)
    try:
        if cart is None:
            raise CartError(_("That item is not in your cart."))
        if not form.is_valid():
            raise CartError(_form_errors(form))
        cart_line_update(cart=cart, line_id=line_id, quantity=form.cleaned_data["quantity"])
    except CartError as error:
        messages.error(request, str(error))
    return redirect("storefront:cart")


@require_POST
@cart_rate
def cart_line_remove_view(request, line_id: int):
    cart = cart_for_request(request)
    try:
        if cart is None:
            raise CartError(_("That item is not in your cart."))
        cart_line_remove(cart=cart, line_id=line_id)
    except CartError as error:
        messages.error(request, str(error))
    return redirect("storefront:cart")


def checkout_details(request):
    summary = cart_summary(cart_for_request(request))
    if not summary:
        messages.info(request, _("Your cart is empty."))
        return redirect("storefront:cart")
    saved = request.session.get(CHECKOUT_SESSION_KEY)
    shopper = {"user": request.user, "goods_total": summary.goods_total}
    if request.method == "POST":
        form = CheckoutForm(request.POST, **shopper)
        if form.is_valid():
            request.session[CHECKOUT_SESSION_KEY] = form.to_session()
            return redirect("storefront:checkout_review")
    else:
        initial = saved or {}
        if not initial and request.user.is_authenticated:
            initial = {"email": request.user.email, "full_name": request.user.get_full_name()}
        form = CheckoutForm(initial={**initial, **initial.get("options", {})}, **shopper)
    quote = checkout_quote(summary=summary, shipping_method=None, user=request.user)
    return render(
        request,
        "storefront/orders/checkout.html",
        {
            "form": form,
            "summary": summary,
            "quote": quote,
            "step": "details",
            "payment_methods": payments.available(),
        },
    )


def _checkout_details_from_session(request) -> CheckoutDetails | None:
    data = request.session.get(CHECKOUT_SESSION_KEY)
    if not data:
        return None
    return CheckoutDetails(
        email=data["email"],
        full_name=data["full_name"],
        phone=data.get("phone", ""),
        address_line1=data["address_line1"],
        address_line2=data.get("address_line2", ""),
        city=data["city"],
        postal_code=data["postal_code"],
        country=data["country"],
        shipping_method_id=data["shipping_method"],
        payment_method=data["payment_method"],
        options=data.get("options", {}),
    )


@checkout_rate
def checkout_review(request):
    cart = cart_for_request(request)
    summary = cart_summary(cart)
    details = _checkout_details_from_session(request)
    if not summary and request.method != "POST":
        return redirect("storefront:cart")
    if details is None:
        messages.info(request, _("Please tell us where to send your order."))
        return redirect("storefront:checkout")
    if request.method == "POST":
        if cart is None:
            messages.error(request, _("Your cart is empty."))
            return redirect("storefront:cart")
        checkout_token = request.POST.get("checkout_token", "")
        try:
            order = order_place(
                cart=cart,
                user=request.user,
                details=details,
                checkout_token=checkout_token,
                language=translation.get_language() or "en",
            )
        except CheckoutError as error:
            messages.error(request, str(error))
            return redirect("storefront:checkout_review")
        except DatabaseError:
            logger.exception("The database failed while placing an order; nothing was kept.")
            return _checkout_interrupted(request, checkout_token)
        placed = request.session.get(PLACED_SESSION_KEY, [])
        request.session[PLACED_SESSION_KEY] = [*placed[-9:], order.number]
        return redirect("storefront:checkout_done", number=order.number)

    shipping_method = ShippingMethod.objects.filter(
        pk=details.shipping_method_id, active=True
    ).first()
    if shipping_method is None or payments.get(details.payment_method) is None:
        messages.error(request, _("Please choose a shipping and a payment method again."))
        return redirect("storefront:checkout")
    try:
        quote = checkout_quote(
            summary=summary,
            shipping_method=shipping_method,
            user=request.user,
            options=details.options,
        )
    except AdjustmentRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("storefront:checkout")
    return render(
        request,
        "storefront/orders/checkout_review.html",
        {
            "summary": summary,
            "quote": quote,
            "details": details,
            "payment_method": payments.get(details.payment_method),
            "checkout_token": checkout_token_issue(cart=cart, quote=quote),
            "step": "review",
        },
        status=409 if summary.has_problems else 200,
    )


def _checkout_interrupted(request, checkout_token: str) -> HttpResponse:
    """The database failed in ``order_place``: its transaction was rolled back whole. Say so,
    and offer to post the same checkout token again, which places the order once. Rendered
    without context processors, which would read the database again."""
    html = render_to_string(
        "storefront/orders/checkout_interrupted.html",
        {
            "retry_url": reverse("storefront:checkout_review"),
            "checkout_token": checkout_token,
            "csrf_token": get_token(request),
        },
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "5"
    return response


def _order_context(request, order: Order) -> dict:
    method = payments.get(order.payment_method)
    shop = shop_settings(request)
    return {
        "order": order,
        "payment_method": method,
        "payment_instructions": method.instructions(order=order, shop=shop) if method else "",
        "access_key": order_access_key(order) if order.user_id is None else "",
    }


def checkout_done(request, number: str):
    order = order_for_request(request, number)
    return render(request, "storefront/orders/checkout_done.html", _order_context(request, order))


def order_detail(request, number: str):
    order = order_for_request(request, number)
    return render(request, "storefront/orders/order_detail.html", _order_context(request, order))


@login_required
def my_orders(request):
    orders = orders_of_user(request.user)
    return render(request, "storefront/orders/my_orders.html", {"orders": orders})
