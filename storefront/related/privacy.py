"""The related app's part of a customer's data export and account deletion
(``storefront.core.privacy``): the suggestions they followed, kept for the reports without
the customer or their session."""

from typing import Any

from django.db.models import F

from storefront.core.privacy import PrivacySection
from storefront.related.models import SuggestionClick


def suggestion_clicks_export(user) -> list[dict[str, Any]]:
    return list(
        SuggestionClick.objects.filter(user=user)
        .order_by("created_at", "pk")
        .values(
            "source",
            "place",
            at=F("created_at"),
            product_title=F("product__title"),
            from_product_title=F("from_product__title"),
            order_number=F("order__number"),
        )
    )


def suggestion_clicks_erase(user, *, reviews: str) -> None:
    SuggestionClick.objects.filter(user=user).update(user=None, session_key="")


SECTIONS = (
    PrivacySection(
        "suggestion_clicks", export=suggestion_clicks_export, erase=suggestion_clicks_erase
    ),
)
