"""Points at checkout: the field, the quote and the debit inside ``order_place``."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from storefront.loyalty.models import LoyaltyAccount, loyalty_settings
from storefront.loyalty.rules import points_value, redeemable_points, redemption_check
from storefront.orders.adjusters import Adjustment, CheckoutAdjuster

CODE = "points"


def _balance(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    account = LoyaltyAccount.objects.filter(user=user).only("balance").first()
    return account.balance if account else 0


class PointsAdjuster(CheckoutAdjuster):
    code = CODE

    def form_fields(self, *, user, goods_total: Decimal) -> dict[str, forms.Field]:
        if user is None or not user.is_authenticated:
            return {}  # guests have no points
        program = loyalty_settings()
        balance = _balance(user)
        most = redeemable_points(program, balance=balance, goods_total=goods_total)
        if not program.enabled or not most:
            return {}
        step = program.redeem_step_points
        start = max(program.redeem_minimum_points, step)
        choices = [(0, _("Don't use points"))] + [
            (
                points,
                _("%(points)d points: %(value)s off")
                % {"points": points, "value": points_value(program, points)},
            )
            for points in range(start - start % step or step, most + 1, step)
            if points >= program.redeem_minimum_points
        ]
        return {
            "points": forms.TypedChoiceField(
                label=gettext_lazy("Pay with points"),
                choices=choices,
                coerce=int,
                initial=0,
                required=False,
                empty_value=0,
                help_text=_("You have %(balance)d spendable points.") % {"balance": balance},
            )
        }

    def quote(self, *, user, goods_total: Decimal, options: dict[str, Any]) -> Adjustment | None:
        points = int(options.get("points") or 0)
        if not points:
            return None
        program = loyalty_settings()
        value = redemption_check(
            program, points=points, balance=_balance(user), goods_total=goods_total
        )
        return Adjustment(
            code=CODE,
            label=_("Paid with %(points)d points") % {"points": points},
            amount=-value,
            data={"points": points, "goods_total": str(goods_total)},
        )

    def commit(self, *, order, adjustment: Adjustment) -> None:
        from storefront.loyalty.services import points_redeem

        points_redeem(
            order=order,
            points=adjustment.data["points"],
            goods_total=Decimal(adjustment.data["goods_total"]),
        )
