"""Money is Decimal, rounded half-up to the shop currency's decimal places, here only."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import numberformat
from django.utils.formats import get_format

from storefront.core import conf

# Wide enough for 0-decimal currencies such as IRR (prices in the hundreds of millions).
MONEY_MAX_DIGITS = 16
MONEY_DECIMAL_PLACES = 2


def money(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as a Decimal rounded half-up to the currency's decimal places."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"Not an amount of money: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"Not an amount of money: {value!r}")
    return amount.quantize(conf.currency_quantum(), rounding=ROUND_HALF_UP)


def format_money(value: Decimal, *, symbol: str = "", symbol_after: bool = False) -> str:
    """Format an amount with grouping and the currency's decimal places for display."""
    decimals = int(conf.get("STOREFRONT_CURRENCY_DECIMALS"))
    amount = money(value)
    sign = "-" if amount < 0 else ""  # before the symbol: -$5.00, not $-5.00
    number = numberformat.format(
        abs(amount),
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        # Amounts are always grouped, also where the locale leaves grouping unset (Persian).
        grouping=get_format("NUMBER_GROUPING") or 3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    if not symbol:
        return f"{sign}{number} {conf.get('STOREFRONT_CURRENCY')}"
    return f"{sign}{number}\u00a0{symbol}" if symbol_after else f"{sign}{symbol}{number}"
