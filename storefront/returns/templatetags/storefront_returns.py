"""Returns parts for the order pages: ``{% return_link order %}`` links to the return form
while the order can be returned, so the orders app never imports this one."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from storefront.returns.models import return_policy
from storefront.returns.services import return_eligibility

register = template.Library()

REQUEST_ATTRIBUTE = "_storefront_return_window_days"


def _window_days(request) -> int:
    """The policy's return window, read once per request however many orders a page lists."""
    days = getattr(request, REQUEST_ATTRIBUTE, None)
    if days is None:
        days = return_policy().window_days
        if request is not None:
            setattr(request, REQUEST_ATTRIBUTE, days)
    return days


def order_returnable(order, *, request=None) -> bool:
    """``return_eligibility``, with the policy read once per request (My orders lists many)
    and not at all for orders not delivered yet."""
    if order.delivered_at is None:
        return False
    return return_eligibility(order, window_days=_window_days(request)) == ""


@register.simple_tag(takes_context=True)
def return_link(context, order) -> str:
    """A "Return items" link to the order's return form, or nothing when it cannot be returned.
    A guest's signed key (``access_key`` in the order page's context) is passed on."""
    if not order_returnable(order, request=context.get("request")):
        return ""
    url = reverse("storefront:return_start", kwargs={"number": order.number})
    key = context.get("access_key") or ""
    if key:
        url = f"{url}?key={key}"
    return format_html(
        '<a class="button small secondary return-link" href="{}">{}</a>', url, _("Return items")
    )
