from django import template

from storefront.core.models import shop_settings
from storefront.core.money import format_money

register = template.Library()


@register.simple_tag(takes_context=True)
def money(context, amount):
    """Render an amount the way the shop's settings say: ``{% money product.price %}``."""
    if amount is None:
        return ""
    shop = shop_settings(context.get("request"))
    return format_money(amount, symbol=shop.currency_symbol, symbol_after=shop.symbol_after_amount)
