"""The customizer's part of a customer's data export and account deletion
(``storefront.core.privacy``): their designs and the choices they made (preference events)."""

from typing import Any

from django.db.models import F

from storefront.core.privacy import PrivacySection, pseudonym
from storefront.customizer.models import Design, PreferenceEvent


def designs_export(user) -> list[dict[str, Any]]:
    designs = Design.objects.filter(owner=user).select_related("product").order_by("created_at")
    return [
        {
            "product": design.product.title,
            "choices": design.description,
            "text": design.text,
            "saved": design.saved,
            "share_token": design.share_token,
            "created_at": design.created_at,
        }
        for design in designs
    ]


def _designs_in_use(design_ids: list[int]) -> set[int]:
    """The designs that other records point to (order and cart lines of any customer, found
    through the relations to Design, since this app may not import the orders app)."""
    used: set[int] = set()
    for relation in Design._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.is_relation and not relation.concrete):
            continue
        field = relation.field
        used.update(
            relation.related_model._base_manager.filter(
                **{f"{field.name}__in": design_ids}
            ).values_list(field.attname, flat=True)
        )
    return used


def designs_erase(user, *, reviews: str) -> None:
    """Designs that an order or a cart holds stay, without their owner; the rest go."""
    owned = Design.objects.filter(owner=user)
    in_use = _designs_in_use(list(owned.values_list("pk", flat=True)))
    owned.filter(pk__in=in_use).update(owner=None)
    owned.exclude(pk__in=in_use).delete()


def preference_events_export(user) -> list[dict[str, Any]]:
    return list(
        PreferenceEvent.objects.filter(user=user)
        .order_by("created_at", "pk")
        .values(
            "kind",
            "text_used",
            at=F("created_at"),
            product_title=F("product__title"),
            zone=F("zone_key"),
            swatch_name=F("swatch__name"),
            pattern_name=F("pattern__name"),
        )
    )


def preference_events_erase(user, *, reviews: str) -> None:
    """The events stay for the reports under one fresh pseudonym, linked to nobody."""
    PreferenceEvent.objects.filter(user=user).update(user=None, visitor_id=pseudonym())


SECTIONS = (
    PrivacySection("designs", export=designs_export, erase=designs_erase),
    PrivacySection(
        "preference_events", export=preference_events_export, erase=preference_events_erase
    ),
)
