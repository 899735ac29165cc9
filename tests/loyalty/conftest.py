"""Loyalty fixtures: a shop with a program, customers, and helpers to buy and deliver."""

from decimal import Decimal

import pytest

from storefront.loyalty.models import LoyaltySettings, LoyaltyTier
from tests.factories import deliver, make_order  # noqa: F401 - deliver is re-exported


@pytest.fixture
def program(shop):
    """The default site's program: 1 point per 1.00, 100 points = 5.00, at most 50%."""
    settings = LoyaltySettings.for_site(shop.site)
    settings.points_per_unit = Decimal("1")
    settings.redeem_step_points = 100
    settings.redeem_step_value = Decimal("5.00")
    settings.redeem_max_share = 50
    settings.pending_days = 30
    settings.save()
    return settings


def set_tiers(program, *tiers: tuple[str, str, str]) -> None:
    """(name, threshold, multiplier) triples replace the program's tiers."""
    LoyaltyTier.objects.filter(program=program).delete()
    for order, (name, threshold, multiplier) in enumerate(tiers):
        LoyaltyTier.objects.create(
            program=program,
            name=name,
            threshold=Decimal(threshold),
            multiplier=Decimal(multiplier),
            sort_order=order,
        )


def buy(shop, user, variant, quantity=1, **kwargs):
    return make_order(shop=shop, items=[(variant, quantity)], user=user, **kwargs)
