from django import template

from storefront.core.models import display_money

register = template.Library()


@register.simple_tag(takes_context=True)
def money(context, amount):
    """Render an amount the way the shop's settings say: ``{% money product.price %}``."""
    if amount is None:
        return ""
    return display_money(amount, context.get("request"))
