"""The customizer's choices as plain form fields, so the page works without JavaScript:
``zone-<key>`` (a swatch id), ``pattern-<key>`` (a pattern id or empty) and ``text``."""

from typing import Any

from storefront.customizer.models import CustomizationTemplate


def choices_from_data(template: CustomizationTemplate, data) -> tuple[dict[str, Any], str]:
    """The choices a form or query string names, as ``design_resolve`` takes them. Values
    that are not numbers are passed on as they are, so validation names the field."""
    choices: dict[str, Any] = {}
    for zone in template.zones.all():
        picked: dict[str, Any] = {}
        swatch = data.get(f"zone-{zone.key}")
        if swatch not in (None, ""):
            picked["swatch"] = int(swatch) if str(swatch).isdigit() else swatch
        pattern = data.get(f"pattern-{zone.key}")
        if pattern not in (None, ""):
            picked["pattern"] = int(pattern) if str(pattern).isdigit() else pattern
        if picked:
            picked.setdefault("swatch", zone.default_swatch_id)
            choices[zone.key] = picked
    return choices, data.get("text", "") or ""


def design_from_data(product, data, *, owner=None, saved: bool = False):
    """Create the design a posted customizer form describes; raises DesignError."""
    from storefront.customizer.selectors import template_with_zones
    from storefront.customizer.services import design_create

    template = template_with_zones(template_id=product.customization_template_id)
    choices, text = choices_from_data(template, data)
    return design_create(product=product, choices=choices, text=text, owner=owner, saved=saved)
