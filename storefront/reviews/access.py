"""Signed links of review requests: review a product of an order, or stop the requests."""

from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from storefront.core import conf
from storefront.orders.access import site_root_url
from storefront.orders.models import Order
from storefront.products.models import ProductPage

REVIEW_LINK_SALT = "storefront.review-link"
OPT_OUT_SALT = "storefront.review-opt-out"


def review_link_token(*, order: Order, product_id: int) -> str:
    return signing.dumps({"o": order.pk, "p": product_id}, salt=REVIEW_LINK_SALT, compress=True)


def review_link_check(token: str) -> tuple[Order, ProductPage] | None:
    """The order and live product a review link is for, or None if it is forged, expired or
    no longer matches (the product left the order or the shop)."""
    try:
        data = signing.loads(
            token, salt=REVIEW_LINK_SALT, max_age=conf.get("STOREFRONT_REVIEW_LINK_MAX_AGE")
        )
        order = Order.objects.get(pk=int(data["o"]))
        product = ProductPage.objects.live().get(pk=int(data["p"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, ObjectDoesNotExist):
        return None
    if not order.lines.filter(product=product).exists():
        return None
    return order, product


def review_link(*, order: Order, product_id: int) -> str:
    token = review_link_token(order=order, product_id=product_id)
    path = reverse("storefront:review_write_link", args=[token])
    return f"{site_root_url()}{path}"


def opt_out_link(email: str) -> str:
    token = signing.dumps(email.strip().lower(), salt=OPT_OUT_SALT, compress=True)
    return f"{site_root_url()}{reverse('storefront:review_requests_opt_out', args=[token])}"


def opt_out_check(token: str) -> str | None:
    """The e-mail address of an unsubscribe link, or None if the link is forged."""
    try:
        return signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
