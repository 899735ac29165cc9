from django import template

from storefront.products.models import ProductIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def shop_url(context) -> str:
    """The URL of the catalogue (the first live product index), once per request."""
    request = context.get("request")
    cached = getattr(request, "_storefront_shop_url", None)
    if cached is not None:
        return cached
    index = ProductIndexPage.objects.live().order_by("path").first()
    url = index.get_url(request) if index else "/"
    if request is not None:
        request._storefront_shop_url = url
    return url


@register.inclusion_tag("storefront/products/includes/price.html", takes_context=True)
def product_price(context, product, price=None):
    """A product's price, with the compare-at price struck through while on sale."""
    return {
        "request": context.get("request"),
        "price": price if price is not None else product.price,
        "compare_at": product.compare_at_price if product.on_sale else None,
    }
