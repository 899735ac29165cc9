"""Reads of customization templates shared by the product page, the API and the renderer."""

from django.db.models import Prefetch

from storefront.customizer.models import CustomizationTemplate, Design, Swatch, Zone


def template_with_zones(*, template_id: int) -> CustomizationTemplate:
    """A template with its zones, their masks, palettes, swatches (with translations) and
    patterns loaded in a fixed number of queries; raises CustomizationTemplate.DoesNotExist."""
    swatches = Swatch.objects.filter(active=True).prefetch_related("translations")
    zones = (
        Zone.objects.select_related("mask", "palette", "default_swatch")
        .prefetch_related(
            Prefetch("palette__swatches", queryset=swatches),
            "patterns__tile",
            "default_swatch__translations",
        )
        .order_by("sort_order", "pk")
    )
    return (
        CustomizationTemplate.objects.select_related("base_image")
        .prefetch_related(Prefetch("zones", queryset=zones))
        .get(pk=template_id)
    )


def design_by_token(*, share_token: str) -> Design:
    """A design by its share token, with its product and template; raises Design.DoesNotExist."""
    return Design.objects.select_related("product", "template").get(share_token=share_token)


def designs_of_user(user) -> list[Design]:
    return list(
        Design.objects.filter(owner=user, saved=True)
        .select_related("product", "template")
        .order_by("-created_at")
    )
