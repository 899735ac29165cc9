"""Loyalty parts for pages of lower apps: the points a product or a cart earns, and the
points tile of the account page. The program, its tiers and the shopper's account are read
once per request, in at most three queries, however many tags a page uses."""

from dataclasses import dataclass, field
from decimal import Decimal

from django import template

from storefront.loyalty.models import LoyaltyAccount, LoyaltySettings, LoyaltyTier
from storefront.loyalty.models import loyalty_settings as default_program
from storefront.loyalty.rules import TierStanding, points_earned, tier_standing

register = template.Library()

REQUEST_ATTRIBUTE = "_storefront_loyalty"


@dataclass(frozen=True)
class ShopperPoints:
    """The program (None when it is off), its tiers and the shopper's account."""

    program: LoyaltySettings | None
    tiers: list[LoyaltyTier] = field(default_factory=list)
    account: LoyaltyAccount | None = None
    member: bool = False

    @property
    def standing(self) -> TierStanding:
        spend = self.account.tier_spend if self.account else Decimal(0)
        return tier_standing(self.tiers, spend)

    def points_for(self, amount: Decimal) -> int:
        if self.program is None:
            return 0
        return points_earned(self.program, base=amount, multiplier=self.standing.multiplier)


def shopper_points(request) -> ShopperPoints:
    """The loyalty figures of the request's shopper, looked up once per request."""
    cached = getattr(request, REQUEST_ATTRIBUTE, None)
    if cached is not None:
        return cached
    # Points are per shop (the default site's program), as the services count them.
    program = LoyaltySettings.objects.filter(site__is_default_site=True).first()
    if program is None:
        program = default_program()  # no default site marked, or no program saved yet
    user = getattr(request, "user", None)
    member = bool(user is not None and user.is_authenticated)
    if not program.enabled:
        found = ShopperPoints(program=None, member=member)
    else:
        found = ShopperPoints(
            program=program,
            tiers=list(program.tiers.all()) if program.pk else [],
            account=LoyaltyAccount.objects.filter(user=user).first() if member else None,
            member=member,
        )
    if request is not None:
        setattr(request, REQUEST_ATTRIBUTE, found)
    return found


def _earn_context(context, amount: Decimal, *, where: str) -> dict:
    request = context.get("request")
    found = shopper_points(request)
    standing = found.standing
    return {
        "request": request,
        "where": where,
        "points": found.points_for(amount) if amount else 0,
        "member": found.member,
        "tier": standing.tier if standing.tier and standing.multiplier != 1 else None,
        "pending_days": found.program.pending_days if found.program else 0,
    }


@register.inclusion_tag("storefront/loyalty/includes/points_to_earn.html", takes_context=True)
def points_for_product(context, product, price=None):
    """ "Earn 25 points" for a product at the shopper's tier (nothing when the program is
    off); guests see the base rate with an invitation to sign up."""
    amount = price if price is not None else product.price
    return _earn_context(context, Decimal(amount or 0), where="product")


@register.inclusion_tag("storefront/loyalty/includes/points_to_earn.html", takes_context=True)
def points_for_cart(context, summary):
    """The points a cart (``CartSummary``) or a checkout ``Quote`` earns: on the goods after
    discounts, the points spent included, as the order will."""
    if not summary:
        amount = Decimal(0)
    else:
        amount = summary.goods_total + min(getattr(summary, "adjustments_total", 0), 0)
    return _earn_context(context, max(Decimal(amount), Decimal(0)), where="cart")


@register.inclusion_tag("storefront/loyalty/includes/points_tile.html", takes_context=True)
def points_tile(context):
    """The account page's tile: the spendable and pending points."""
    found = shopper_points(context.get("request"))
    return {"request": context.get("request"), "found": found, "account": found.account}
