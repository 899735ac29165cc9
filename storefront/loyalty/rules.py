"""The program's arithmetic, without side effects: points earned, the value of points, what
may be redeemed, the tier a spend reaches. Services and quotes share it."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from storefront.core.models import display_money
from storefront.core.money import money
from storefront.loyalty.models import LoyaltySettings, LoyaltyTier, Rounding, SpendPeriod
from storefront.orders.adjusters import AdjustmentRefused

ROUNDINGS = {
    Rounding.DOWN: ROUND_FLOOR,
    Rounding.HALF_UP: ROUND_HALF_UP,
    Rounding.UP: ROUND_CEILING,
}


class RedemptionError(AdjustmentRefused):
    """The points asked for cannot be spent on this order; the message says what to change."""


def points_earned(program: LoyaltySettings, *, base: Decimal, multiplier: Decimal) -> int:
    """Points for spending ``base`` (goods after discounts) at a tier's ``multiplier``."""
    if base <= 0:
        return 0
    raw = Decimal(base) * program.points_per_unit * multiplier
    return int(raw.quantize(Decimal(1), rounding=ROUNDINGS[Rounding(program.rounding)]))


def points_value(program: LoyaltySettings, points: int) -> Decimal:
    """What ``points`` (a whole number of steps) take off an order."""
    return money(Decimal(points) / program.redeem_step_points * program.redeem_step_value)


def redeemable_points(program: LoyaltySettings, *, balance: int, goods_total: Decimal) -> int:
    """The most points this order may use: whole steps within the balance and the maximum
    share of the goods."""
    if goods_total <= 0 or program.redeem_step_value <= 0:
        return 0
    cap_value = goods_total * program.redeem_max_share / 100
    steps_by_value = int(cap_value / program.redeem_step_value)
    steps_by_balance = balance // program.redeem_step_points
    most = min(steps_by_value, steps_by_balance) * program.redeem_step_points
    return most if most >= program.redeem_minimum_points else 0


def redemption_check(
    program: LoyaltySettings, *, points: int, balance: int, goods_total: Decimal
) -> Decimal:
    """The discount for spending ``points`` on goods worth ``goods_total``; raises
    RedemptionError naming the rule that ``points`` breaks."""
    step = program.redeem_step_points
    if points < 0:
        raise RedemptionError(_("Points to spend cannot be negative."))
    if points % step:
        raise RedemptionError(
            _("Points are spent in steps of %(step)d; choose a multiple of %(step)d.")
            % {"step": step}
        )
    if points < program.redeem_minimum_points:
        raise RedemptionError(
            _("Spend at least %(minimum)d points at once.")
            % {"minimum": program.redeem_minimum_points}
        )
    if points > balance:
        raise RedemptionError(
            _("You have %(balance)d spendable points; you asked for %(points)d.")
            % {"balance": balance, "points": points}
        )
    value = points_value(program, points)
    cap = money(goods_total * program.redeem_max_share / 100)
    if value > cap:
        raise RedemptionError(
            _("Points may pay at most %(share)d%% of the goods (%(cap)s) on this order.")
            % {"share": program.redeem_max_share, "cap": display_money(cap)}
        )
    return value


@dataclass(frozen=True)
class TierStanding:
    tier: LoyaltyTier | None
    spend: Decimal
    next_tier: LoyaltyTier | None

    @property
    def multiplier(self) -> Decimal:
        return self.tier.multiplier if self.tier else Decimal(1)

    @property
    def to_next(self) -> Decimal | None:
        return money(self.next_tier.threshold - self.spend) if self.next_tier else None


def tier_standing(tiers: list[LoyaltyTier], spend: Decimal) -> TierStanding:
    """The highest tier ``spend`` reaches and the one after it (tiers in any order)."""
    ordered = sorted(tiers, key=lambda tier: tier.threshold)
    reached = [tier for tier in ordered if tier.threshold <= spend]
    ahead = [tier for tier in ordered if tier.threshold > spend]
    return TierStanding(
        tier=reached[-1] if reached else None, spend=spend, next_tier=ahead[0] if ahead else None
    )


def period_start(period: str, now: datetime) -> datetime | None:
    """Where the spend that counts for tiers begins (None: since ever)."""
    if period == SpendPeriod.CALENDAR_YEAR:
        return now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if period == SpendPeriod.ROLLING_YEAR:
        return now - timedelta(days=365)
    return None
