"""The loyalty app's part of a customer's data export and account deletion
(``storefront.core.privacy``): their points account and its ledger."""

from typing import Any

from storefront.core.privacy import PrivacySection
from storefront.loyalty.models import LoyaltyAccount, PointsEntry
from storefront.loyalty.services import loyalty_account_close


def points_export(user) -> dict[str, Any] | None:
    account = LoyaltyAccount.objects.filter(user=user).first()
    if account is None:
        return None
    entries = (
        PointsEntry.objects.filter(account=account)
        .select_related("order")
        .order_by("created_at", "pk")
    )
    return {
        "balance": account.balance,
        "pending": account.pending,
        "tier": account.tier_name,
        "tier_spend": account.tier_spend,
        "referral_code": account.referral_code,
        "referred_by_a_friend": account.referred_by_id is not None,
        "birthday": account.birthday,
        "opened_at": account.created_at,
        "ledger": [
            {
                "at": entry.created_at,
                "kind": entry.kind,
                "state": entry.state,
                "points": entry.points,
                "reason": entry.reason,
                "order": entry.order.number if entry.order else None,
                "available_at": entry.available_at,
            }
            for entry in entries
        ],
    }


def points_erase(user, *, reviews: str) -> None:
    loyalty_account_close(user=user)


SECTIONS = (PrivacySection("points", export=points_export, erase=points_erase),)
