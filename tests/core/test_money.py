"""Money: Decimal rounded half-up to the shop currency's places, formatted for display."""

from decimal import Decimal

import pytest
from django.utils import translation

from storefront.core.money import format_money, money


@pytest.fixture(autouse=True)
def _english():
    # Grouping and separators depend on the active language; these tests read in English.
    with translation.override("en"):
        yield


@pytest.fixture
def rial(settings):
    settings.STOREFRONT_CURRENCY = "IRR"
    settings.STOREFRONT_CURRENCY_DECIMALS = 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.005", Decimal("1.01")),
        ("1.004", Decimal("1.00")),
        ("2.675", Decimal("2.68")),
        (Decimal("0.125"), Decimal("0.13")),
        ("-1.005", Decimal("-1.01")),
        (3, Decimal("3.00")),
        ("19.9", Decimal("19.90")),
    ],
)
def test_amounts_round_half_up_to_two_places(value, expected):
    assert money(value) == expected
    assert money(value).as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("125000.40", Decimal("125000")),
        ("125000.50", Decimal("125001")),
        ("125000.49", Decimal("125000")),
        (Decimal("999999999.5"), Decimal("1000000000")),
    ],
)
def test_zero_decimal_currency_rounds_half_up_to_whole_units(rial, value, expected):
    assert money(value) == expected
    assert money(value).as_tuple().exponent == 0


@pytest.mark.parametrize("value", ["abc", "", "1,50", "12 USD", None, [1]])
def test_what_is_not_an_amount_raises_value_error(value):
    with pytest.raises(ValueError, match="Not an amount of money"):
        money(value)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_amounts_raise_value_error(value):
    with pytest.raises(ValueError):
        money(value)


def test_symbol_goes_before_the_amount_by_default():
    assert format_money(Decimal("1234567.5"), symbol="$") == "$1,234,567.50"


def test_symbol_may_go_after_the_amount_with_a_non_breaking_space():
    assert format_money(Decimal("1234.5"), symbol="€", symbol_after=True) == "1,234.50\u00a0€"


def test_without_a_symbol_the_currency_code_follows_the_amount():
    assert format_money(Decimal("1234.5")) == "1,234.50 USD"


def test_amounts_are_rounded_before_they_are_formatted():
    assert format_money(Decimal("999.995"), symbol="$") == "$1,000.00"
    assert format_money(Decimal("0"), symbol="$") == "$0.00"


def test_zero_decimal_currency_shows_whole_units_grouped(rial):
    assert format_money(Decimal("1250000.50")) == "1,250,001 IRR"
    assert format_money(Decimal("1250000.40"), symbol="﷼", symbol_after=True) == (
        "1,250,000\u00a0﷼"
    )


def test_negative_amounts_put_the_sign_before_the_symbol():
    assert format_money(Decimal("-5"), symbol="$") == "-$5.00"
    assert format_money(Decimal("-1234.5"), symbol="€", symbol_after=True) == "-1,234.50\u00a0€"
