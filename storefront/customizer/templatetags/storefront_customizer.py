from django import template
from django.urls import reverse
from django.utils.http import urlencode

from storefront.core.models import shop_settings
from storefront.core.money import money
from storefront.customizer.forms import choices_from_data
from storefront.customizer.models import Design
from storefront.customizer.selectors import template_with_zones
from storefront.customizer.services import DesignError, design_resolve

register = template.Library()


@register.simple_tag(takes_context=True)
def customizer(context, product):
    """The customizer's fields for the product page's add-to-cart form, with the picture,
    the price with its deltas and the data the live preview needs. It starts from a shared
    design (``?design=<token>``), the choices in the query string, or the defaults."""
    request = context["request"]
    template = template_with_zones(template_id=product.customization_template_id)
    token = request.GET.get("design", "")
    design = Design.objects.filter(share_token=token, product=product).first() if token else None
    if design is not None:
        choices, text = design.choices, design.text
    else:
        choices, text = choices_from_data(template, request.GET)
    error = ""
    try:
        resolved = design_resolve(template=template, choices=choices, text=text)
    except DesignError as refused:
        error = str(refused)
        resolved = design_resolve(template=template, choices={})
    picked = {choice.zone.key: choice for choice in resolved.zones}
    query = {}
    for key, choice in picked.items():
        query[f"zone-{key}"] = choice.swatch.pk
        if choice.pattern is not None:
            query[f"pattern-{key}"] = choice.pattern.pk
    if resolved.text:
        query["text"] = resolved.text
    shop = shop_settings(request)
    config = {
        "productId": product.pk,
        "basePrice": str(product.price),
        "base": template.base_image.file.url,
        "width": template.base_image.width,
        "height": template.base_image.height,
        "eventsUrl": reverse("storefront_api:events_record"),
        "money": {
            "symbol": shop.currency_symbol,
            "after": shop.symbol_after_amount,
            "decimals": len(str(money(0)).partition(".")[2]),
        },
        "text": {
            "position": template.text_position,
            "colour": template.text_colour,
            "delta": str(template.text_price_delta),
        },
        "zones": [
            {
                "key": zone.key,
                "mask": zone.mask.file.url,
                "swatches": {
                    str(s.pk): {"hex": s.hex, "delta": str(s.price_delta)}
                    for s in zone.palette.swatches.all()
                },
                "patterns": {
                    str(p.pk): {"tile": p.tile.file.url, "delta": str(p.price_delta)}
                    for p in zone.patterns.all()
                },
            }
            for zone in template.zones.all()
        ],
    }
    return {
        "request": request,
        "product": product,
        "template": template,
        "picked": picked,
        "text": resolved.text,
        "price": money(product.price + resolved.price_delta),
        "error": error,
        "shared": design,
        "config": config,
        "preview_url": reverse("storefront:customizer_preview", args=[product.pk])
        + "?"
        + urlencode(query),
    }


@register.filter
def picked_swatch(picked, zone_key):
    choice = picked.get(zone_key)
    return choice.swatch.pk if choice else None


@register.filter
def picked_pattern(picked, zone_key):
    choice = picked.get(zone_key)
    return choice.pattern.pk if choice and choice.pattern else None
