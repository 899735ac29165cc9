"""Loyalty endpoints of the JSON API: the customer's balance and a points quote for the cart."""

from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from storefront.loyalty.rules import RedemptionError, points_value, redemption_check
from storefront.loyalty.selectors import (
    loyalty_overview,
    points_for_purchase,
    redeemable_for,
)
from storefront.orders.selectors import cart_for_request, cart_summary

router = Router(tags=["loyalty"])


class BalanceOut(Schema):
    balance: int
    pending: int
    balance_value: Decimal
    tier: str
    tier_spend: Decimal
    next_tier: str | None
    spend_to_next_tier: Decimal | None
    expiring_soon: int
    expiring_by: datetime | None
    referral_code: str


class QuoteIn(Schema):
    points: int = Field(0, ge=0, description="Points the customer wants to spend")


class QuoteOut(Schema):
    goods_total: Decimal
    points_earned: int
    balance: int
    most_points: int
    points: int
    discount: Decimal
    step_points: int
    step_value: Decimal


def _customer(request):
    if not request.user.is_authenticated:
        raise HttpError(401, _("Log in to see your points."))
    return request.user


@router.get("/loyalty/balance", response=BalanceOut, summary="The customer's points")
def balance(request):
    user = _customer(request)
    overview = loyalty_overview(user)
    account, standing = overview.account, overview.standing
    return {
        "balance": account.balance if account else 0,
        "pending": account.pending if account else 0,
        "balance_value": overview.balance_value,
        "tier": standing.tier.name if standing.tier else "",
        "tier_spend": standing.spend,
        "next_tier": standing.next_tier.name if standing.next_tier else None,
        "spend_to_next_tier": standing.to_next,
        "expiring_soon": overview.expiring_soon,
        "expiring_by": overview.expiring_by,
        "referral_code": account.referral_code if account else "",
    }


@router.get("/loyalty/quote", response=QuoteOut, summary="Points for the cart")
def quote(request, query: Query[QuoteIn]):
    """What the cart earns, the most points it may use, and the discount ``points`` give."""
    user = _customer(request)
    goods = cart_summary(cart_for_request(request)).goods_total
    overview = loyalty_overview(user)
    program = overview.program
    balance = overview.account.balance if overview.account else 0
    discount = Decimal(0)
    if query.points:
        try:
            discount = redemption_check(
                program, points=query.points, balance=balance, goods_total=goods
            )
        except RedemptionError as refusal:
            raise HttpError(400, str(refusal)) from None
    return {
        "goods_total": goods,
        "points_earned": points_for_purchase(user=user, amount=goods, program=program),
        "balance": balance,
        "most_points": redeemable_for(user=user, goods_total=goods),
        "points": query.points,
        "discount": discount,
        "step_points": program.redeem_step_points,
        "step_value": points_value(program, program.redeem_step_points),
    }
