from django import template

from storefront.core import l10n
from storefront.core.models import ShopSettings, display_money

register = template.Library()


@register.simple_tag(takes_context=True)
def money(context, amount):
    """Render an amount the way the shop's settings say: ``{% money product.price %}``. The
    settings come from the request's site, or from ``shop`` in the context (e-mails)."""
    if amount is None:
        return ""
    shop = context.get("shop")
    return display_money(
        amount, context.get("request"), shop=shop if isinstance(shop, ShopSettings) else None
    )


@register.filter
def shop_date(value, style="date"):
    """A date in the active language's calendar: ``{{ order.placed_at|shop_date:"datetime" }}``
    (styles: date, datetime, short_datetime, month_day, month)."""
    return l10n.format_date(value, style)


class LocalDigitsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return l10n.local_digits_html(self.nodelist.render(context))


@register.tag
def localdigits(parser, token):
    """``{% localdigits %}…{% endlocaldigits %}``: the numbers in the rendered text in the
    active language's digits (Persian digits in Persian), tags and form values untouched."""
    nodelist = parser.parse(("endlocaldigits",))
    parser.delete_first_token()
    return LocalDigitsNode(nodelist)
