"""Persian digits and the Solar Hijri calendar where Persian is active; other languages as
Django formats them."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation

from storefront.core.l10n import format_date, local_digits, local_digits_html
from storefront.core.money import format_money


def test_english_text_is_left_alone():
    with translation.override("en"):
        assert local_digits_html("<p>3 items: $1,250.50</p>") == "<p>3 items: $1,250.50</p>"
        assert local_digits("Order SF-2026-0012") == "Order SF-2026-0012"


def test_persian_text_gets_persian_digits_and_separators():
    with translation.override("fa"):
        assert local_digits("12,500,000 ریال") == "۱۲٬۵۰۰٬۰۰۰ ریال"
        assert local_digits("4.5 از 5") == "۴٫۵ از ۵"
        # A comma or full stop that does not sit between digits is punctuation.
        assert local_digits("3, 4.") == "۳, ۴."


def test_codes_with_latin_letters_keep_their_digits():
    with translation.override("fa"):
        assert local_digits("سفارش MBT66E-2611 و 2 کالا") == "سفارش MBT66E-2611 و ۲ کالا"
        assert local_digits("RMA-2026-11-0003, SKU-16") == "RMA-2026-11-0003, SKU-16"


def test_persian_html_keeps_tags_scripts_fields_urls_and_entities():
    html = (
        '<a href="/fa/orders/12/" data-id="7">سفارش 12</a>'
        '<input name="quantity" value="2">'
        '<script type="application/ld+json">{"price": "19.00"}</script>'
        "<textarea>line 1</textarea>"
        '<p>SKU <span translate="no">TS-001</span> 2</p>'
        "<p>It&#x27;s 3 &amp; 4 &#39;</p>"
        "<p>https://shop.example/r/AB12/ a1@example.com 5</p>"
    )
    with translation.override("fa"):
        result = local_digits_html(html)
    assert result == (
        '<a href="/fa/orders/12/" data-id="7">سفارش ۱۲</a>'
        '<input name="quantity" value="2">'
        '<script type="application/ld+json">{"price": "19.00"}</script>'
        "<textarea>line 1</textarea>"
        '<p>SKU <span translate="no">TS-001</span> ۲</p>'
        "<p>It&#x27;s ۳ &amp; ۴ &#39;</p>"
        "<p>https://shop.example/r/AB12/ a1@example.com ۵</p>"
    )


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("date", "۳ آذر ۱۴۰۵"),
        ("datetime", "۳ آذر ۱۴۰۵، ساعت ۱۴:۰۵"),
        ("short_datetime", "۱۴۰۵/۹/۳، ۱۴:۰۵"),
        ("month_day", "۳ آذر"),
        ("month", "آذر ۱۴۰۵"),
    ],
)
def test_persian_dates_are_solar_hijri(style, expected):
    moment = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
    with translation.override("fa"):
        assert format_date(moment, style) == expected


def test_persian_new_year_and_plain_dates():
    with translation.override("fa"):
        assert format_date(date(2026, 3, 21)) == "۱ فروردین ۱۴۰۵"
        assert format_date(date(2026, 3, 20)) == "۲۹ اسفند ۱۴۰۴"
        assert format_date(None) == ""


@override_settings(TIME_ZONE="Asia/Tehran")
def test_dates_are_shown_in_the_shop_time_zone():
    # 21:00 UTC is already the next day in Tehran (UTC+3:30).
    moment = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    with translation.override("fa"):
        assert format_date(moment) == "۴ آذر ۱۴۰۵"
    with translation.override("en"):
        assert format_date(moment) == "Nov. 25, 2026"


def test_english_dates_use_django_formats():
    with translation.override("en"):
        assert format_date(date(2026, 11, 24)) == "Nov. 24, 2026"
        assert format_date(date(2026, 11, 24), "month") == "November 2026"


@override_settings(STOREFRONT_CURRENCY="IRR", STOREFRONT_CURRENCY_DECIMALS=0)
def test_rials_have_no_decimals_and_read_in_persian_on_a_page():
    amount = format_money(Decimal("12500000.4"), symbol="ریال", symbol_after=True)
    assert amount == "12,500,000\u00a0ریال"
    with translation.override("fa"):
        assert local_digits(amount) == "۱۲٬۵۰۰٬۰۰۰\u00a0ریال"
