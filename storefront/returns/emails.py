"""Return e-mails: one per status change, in the order's language."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from storefront.core.l10n import local_digits
from storefront.core.models import shop_settings
from storefront.core.privacy import is_erased_email
from storefront.core.services import mail_send_once
from storefront.orders.access import site_root_url
from storefront.returns.access import return_detail_link
from storefront.returns.models import ReturnRequest, ReturnStatus


def return_email_send(*, request_id: int, status: str) -> bool:
    """E-mail the customer that their return request reached ``status``, once per request and
    status however often it is called; returns whether the mail went out now."""
    request = (
        ReturnRequest.objects.select_related("order")
        .prefetch_related("lines__order_line", "lines__reason")
        .filter(pk=request_id)
        .first()
    )
    if request is None or is_erased_email(request.email):  # its customer deleted their account
        return False
    return mail_send_once(
        key=f"return:{request.pk}:{status}", build=lambda: _return_message(request, status)
    )


def _return_message(request: ReturnRequest, status: str) -> EmailMultiAlternatives:
    shop = shop_settings()
    language = request.order.language
    with translation.override(language):
        subjects = {
            ReturnStatus.REQUESTED: _("We received your return request %(rma)s"),
            ReturnStatus.APPROVED: _("Your return %(rma)s is approved: here is your slip"),
            ReturnStatus.REJECTED: _("About your return request %(rma)s"),
            ReturnStatus.RECEIVED: _("Your return %(rma)s arrived"),
            ReturnStatus.REFUNDED: _("Your return %(rma)s is refunded"),
            ReturnStatus.CLOSED: _("Your return %(rma)s is closed"),
        }
        context = {
            "return_request": request,
            "link": return_detail_link(request),
            "status": status,
            "shop": shop,
            "site_root": site_root_url(),
            "message": request.events.filter(to_status=status).values_list("note", flat=True).last()
            or "",
        }
        subject = local_digits(
            f"{shop.name}: {subjects[ReturnStatus(status)] % {'rma': request.rma}}"
        )
        text = render_to_string("storefront/returns/email/status.txt", context)
        html = render_to_string("storefront/returns/email/status.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[request.email], reply_to=[shop.contact_email]
    )
    message.attach_alternative(html, "text/html")
    return message
