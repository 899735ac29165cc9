"""Order e-mails: rendered in the order's language from text and HTML templates."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from storefront.core.l10n import local_digits
from storefront.core.models import shop_settings
from storefront.core.privacy import is_erased_email
from storefront.core.services import mail_send_once
from storefront.orders import payments
from storefront.orders.access import order_link, site_root_url
from storefront.orders.models import Order, OrderStatus
from storefront.orders.selectors import order_with_details


def order_email_send(*, order_id: int, status: str) -> bool:
    """E-mail the customer that their order reached ``status``, once per order and status
    however often it is called; returns whether the mail went out now."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None or is_erased_email(order.email):  # its customer deleted their account
        return False
    return mail_send_once(
        key=f"order:{order.pk}:{status}", build=lambda: _order_message(order.number, status)
    )


def _order_message(number: str, status: str) -> EmailMultiAlternatives:
    order = order_with_details(number=number)
    shop = shop_settings()
    with translation.override(order.language):
        subjects = {
            OrderStatus.PLACED: _("Thank you for your order %(number)s"),
            OrderStatus.PAID: _("We received your payment for order %(number)s"),
            OrderStatus.SHIPPED: _("Your order %(number)s is on its way"),
            OrderStatus.DELIVERED: _("Your order %(number)s was delivered"),
            OrderStatus.COMPLETED: _("Your order %(number)s is complete"),
            OrderStatus.CANCELLED: _("Your order %(number)s was cancelled"),
        }
        method = payments.get(order.payment_method)
        context = {
            "order": order,
            "status": status,
            "shop": shop,
            "link": order_link(order),
            "site_root": site_root_url(),
            "payment_method": method,
            "payment_instructions": method.instructions(order=order, shop=shop) if method else "",
        }
        subject = local_digits(f"{shop.name}: {subjects[status] % {'number': order.number}}")
        text = render_to_string("storefront/orders/email/order.txt", context)
        html = render_to_string("storefront/orders/email/order.html", context)
    message = EmailMultiAlternatives(subject, text, to=[order.email], reply_to=[shop.contact_email])
    message.attach_alternative(html, "text/html")
    return message
