"""Checkout adjusters: how higher apps (loyalty points, later discounts) take part in a
checkout. Each adjuster can add one amount to the totals and act inside ``order_place``'s
transaction. Higher apps register theirs in ``AppConfig.ready()``."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Adjustment:
    code: str
    label: str
    amount: Decimal  # negative for a discount
    data: dict[str, Any] = field(default_factory=dict)


class CheckoutAdjuster:
    code = ""

    def quote(self, *, user, goods_total: Decimal, options: dict[str, Any]) -> Adjustment | None:
        """The adjustment this checkout would get; no side effects."""
        return None

    def commit(self, *, order, adjustment: Adjustment) -> None:
        """Act inside order_place's transaction (e.g. debit points); raise to refuse."""


_adjusters: list[CheckoutAdjuster] = []


def register(adjuster: CheckoutAdjuster) -> CheckoutAdjuster:
    if all(existing.code != adjuster.code for existing in _adjusters):
        _adjusters.append(adjuster)
    return adjuster


def registered() -> list[CheckoutAdjuster]:
    return list(_adjusters)
