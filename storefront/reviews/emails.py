"""Review e-mails: the review request after delivery, and the shop's reply to followers."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from storefront.core.l10n import local_digits
from storefront.core.models import shop_settings
from storefront.orders.access import site_root_url
from storefront.orders.models import Order
from storefront.reviews.access import opt_out_link, review_link


def _send(*, subject: str, template: str, context: dict, to: str, language: str, headers=None):
    shop = shop_settings()
    context = {**context, "shop": shop, "site_root": site_root_url()}
    with translation.override(language):
        subject = local_digits(f"{shop.name}: {subject}")
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[to], reply_to=[shop.contact_email], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    message.send()


def review_request_email_send(*, order: Order) -> bool:
    """One e-mail asking to review the order's products, each with its signed link; False
    (and no e-mail) when none of them is still sold."""
    products, seen = [], set()
    for line in order.lines.select_related("product").order_by("pk"):
        if line.product_id is None or line.product_id in seen or not line.product.live:
            continue
        seen.add(line.product_id)
        products.append(
            {"title": line.title, "link": review_link(order=order, product_id=line.product_id)}
        )
    if not products:
        return False
    unsubscribe = opt_out_link(order.email)
    with translation.override(order.language):
        subject = _("How do you like what you ordered?")
    _send(
        subject=subject,
        template="storefront/reviews/email/review_request",
        context={"order": order, "products": products, "unsubscribe": unsubscribe},
        to=order.email,
        language=order.language,
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )
    return True
