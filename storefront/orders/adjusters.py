"""Checkout adjusters: how higher apps (loyalty points, later discounts) take part in a
checkout. Each adjuster can add one amount to the totals and act inside ``order_place``'s
transaction. Higher apps register theirs in ``AppConfig.ready()``."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms


@dataclass(frozen=True)
class Adjustment:
    code: str
    label: str
    amount: Decimal  # negative for a discount
    data: dict[str, Any] = field(default_factory=dict)


class AdjustmentRefused(ValueError):
    """An adjuster refuses the checkout's options (e.g. points no longer there); the message
    tells the shopper what to change."""


class CheckoutAdjuster:
    code = ""

    def form_fields(self, *, user, goods_total: Decimal) -> dict[str, forms.Field]:
        """Fields the checkout form shows for this adjuster (their values become options)."""
        return {}

    def quote(self, *, user, goods_total: Decimal, options: dict[str, Any]) -> Adjustment | None:
        """The adjustment this checkout would get; no side effects. Raises
        AdjustmentRefused when the options cannot be honoured."""
        return None

    def commit(self, *, order, adjustment: Adjustment) -> None:
        """Act inside order_place's transaction (e.g. debit points); raise AdjustmentRefused
        to refuse the order."""


_adjusters: list[CheckoutAdjuster] = []


def register(adjuster: CheckoutAdjuster) -> CheckoutAdjuster:
    if all(existing.code != adjuster.code for existing in _adjusters):
        _adjusters.append(adjuster)
    return adjuster


def registered() -> list[CheckoutAdjuster]:
    return list(_adjusters)
