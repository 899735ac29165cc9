"""Related products in the JSON API: for a product, and for the shopper's cart."""

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from storefront.orders.selectors import cart_for_request, cart_summary
from storefront.products.api import ProductCard, card_out
from storefront.products.models import ProductPage
from storefront.related.models import Place
from storefront.related.selectors import Suggestion, related_for

router = Router(tags=["related products"])


class SuggestionOut(Schema):
    source: str
    label: str
    click_url: str
    product: ProductCard


def _out(suggestions: list[Suggestion]) -> list[dict]:
    return [
        {
            "source": suggestion.source,
            "label": suggestion.label,
            "click_url": suggestion.click_url,
            "product": card_out(suggestion.product),
        }
        for suggestion in suggestions
    ]


@router.get(
    "/products/{product_id}/related",
    response=list[SuggestionOut],
    summary="Related products for a product",
)
def product_related(request, product_id: int):
    if not ProductPage.objects.live().filter(pk=product_id).exists():
        raise HttpError(404, _("No product with id %(id)s.") % {"id": product_id})
    return _out(related_for(product_ids=[product_id], place=Place.PRODUCT))


@router.get("/cart/related", response=list[SuggestionOut], summary="Suggestions for the cart")
def cart_related(request):
    summary = cart_summary(cart_for_request(request))
    product_ids = [item.product.pk for item in summary.items]
    return _out(related_for(product_ids=product_ids, place=Place.CART))
