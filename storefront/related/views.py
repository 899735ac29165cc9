"""The link every suggestion carries: count the click, then go to the product."""

from django.core import signing
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from storefront.core.ratelimit import rate_limit_exceeded
from storefront.products.models import ProductPage
from storefront.related.selectors import click_read
from storefront.related.services import suggestion_click_record


@require_GET
def related_click(request, token: str):
    try:
        from_product_id, product_id, source, place = click_read(token)
    except (signing.BadSignature, ValueError, TypeError):
        return HttpResponseBadRequest(
            _("This suggestion link is broken. Please go back and choose the product again."),
            content_type="text/plain; charset=utf-8",
        )
    product = ProductPage.objects.live().filter(pk=product_id).first()
    if product is None:
        raise Http404(_("This product is no longer for sale."))
    # Over the limit the shopper still reaches the product; the click just is not counted.
    if not rate_limit_exceeded(
        request, group="related_click", setting="STOREFRONT_RATE_RELATED_CLICK"
    ):
        suggestion_click_record(
            source=source,
            place=place,
            product=product,
            from_product_id=from_product_id,
            user=request.user,
            session_key=request.session.session_key or "",
        )
    return HttpResponseRedirect(product.get_url(request))
