"""Loyalty reads shared by the account page, the product page, the cart and the API."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from storefront.loyalty.models import (
    EntryState,
    ExpiryMode,
    LoyaltyAccount,
    LoyaltySettings,
    PointsEntry,
    loyalty_settings,
)
from storefront.loyalty.rules import (
    TierStanding,
    points_earned,
    points_value,
    redeemable_points,
    tier_standing,
)

EXPIRY_NOTICE_DAYS = 30


@dataclass(frozen=True)
class LoyaltyOverview:
    program: LoyaltySettings
    account: LoyaltyAccount | None
    standing: TierStanding
    expiring_soon: int
    expiring_by: datetime | None

    @property
    def balance_value(self) -> Decimal:
        balance = self.account.balance if self.account else 0
        steps = balance - balance % self.program.redeem_step_points
        return points_value(self.program, steps)


def account_of(user) -> LoyaltyAccount | None:
    if user is None or not user.is_authenticated:
        return None
    return LoyaltyAccount.objects.filter(user=user).first()


def loyalty_overview(user, *, now: datetime | None = None) -> LoyaltyOverview:
    """Balance, tier and progress, and the points expiring within a month."""
    now = now or timezone.now()
    program = loyalty_settings()
    account = account_of(user)
    tiers = list(program.tiers.all())
    standing = tier_standing(tiers, account.tier_spend if account else Decimal(0))
    expiring, by = 0, None
    if account is not None and program.expiry_mode != ExpiryMode.NEVER:
        by = now + timedelta(days=EXPIRY_NOTICE_DAYS)
        cutoff = by - timedelta(days=round(30.44 * program.expiry_months))
        expiring = points_due_to_expire(account, program, cutoff)
    return LoyaltyOverview(
        program=program, account=account, standing=standing, expiring_soon=expiring, expiring_by=by
    )


def ledger_of(account: LoyaltyAccount, *, limit: int | None = None) -> list[PointsEntry]:
    entries = PointsEntry.objects.filter(account=account).select_related("order")
    entries = entries.order_by("-created_at", "-pk")
    return list(entries[:limit] if limit else entries)


def points_for_purchase(*, user, amount: Decimal, program: LoyaltySettings | None = None) -> int:
    """Points a purchase of ``amount`` would earn this customer (a guest at the base rate)."""
    program = program or loyalty_settings()
    if not program.enabled:
        return 0
    account = account_of(user)
    standing = tier_standing(list(program.tiers.all()), account.tier_spend if account else 0)
    return points_earned(program, base=amount, multiplier=standing.multiplier)


def redeemable_for(*, user, goods_total: Decimal) -> int:
    account = account_of(user)
    return redeemable_points(
        loyalty_settings(), balance=account.balance if account else 0, goods_total=goods_total
    )


def points_due_to_expire(
    account: LoyaltyAccount, program: LoyaltySettings, cutoff: datetime
) -> int:
    """Points of the account due to expire at ``cutoff``. Spending uses the oldest points
    first, so what is left of the credits made before the cutoff is what all debits have not
    consumed."""
    if program.expiry_mode == ExpiryMode.AFTER_INACTIVITY:
        active = account.last_activity_at or account.created_at
        return account.balance if active < cutoff else 0
    available = PointsEntry.objects.filter(account=account, state=EntryState.AVAILABLE)
    old_credits = (
        available.filter(points__gt=0, created_at__lt=cutoff).aggregate(total=Sum("points"))[
            "total"
        ]
        or 0
    )
    debits = -(available.filter(points__lt=0).aggregate(total=Sum("points"))["total"] or 0)
    return min(max(old_credits - debits, 0), account.balance)
