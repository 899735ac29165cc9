"""Related-product parts for the pages of lower apps: suggestions on a product page, in the
cart and at checkout, each card linking through the click counter."""

from django import template

from storefront.related.models import Place
from storefront.related.selectors import related_for

register = template.Library()


def _suggestions_context(context, product_ids: list[int], place: str) -> dict:
    return {
        "request": context.get("request"),  # the cards' prices read the shop settings once
        "suggestions": related_for(product_ids=product_ids, place=place),
        "place": place,
    }


@register.inclusion_tag("storefront/related/includes/suggestions.html", takes_context=True)
def related_products(context, product):
    """“You may also like” on a product page."""
    return _suggestions_context(context, [product.pk], Place.PRODUCT)


@register.inclusion_tag("storefront/related/includes/suggestions.html", takes_context=True)
def related_for_cart(context, summary, place: str = Place.CART):
    """“Complete your order” for a cart (``CartSummary``) or a checkout ``Quote``."""
    summary = getattr(summary, "summary", summary)  # a Quote wraps the cart's summary
    product_ids = [item.product.pk for item in summary.items] if summary else []
    return _suggestions_context(context, product_ids, place)
