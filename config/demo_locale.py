"""The demo shop in English (prices in US dollars) or in Persian (prices in Iranian rials).

Every demo figure is written once, in dollars; ``demo_money`` turns it into the shop's
currency for the language being built. Every text is written in both languages next to each
other (``title`` and the ``fa`` copy of a product, ``title`` and ``title_fa`` of a review...),
and ``in_language`` picks one.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.management.base import CommandError
from django.utils.text import slugify

from storefront.core import conf
from storefront.core.money import money

ENGLISH, PERSIAN = "en", "fa"
LANGUAGES = (ENGLISH, PERSIAN)
# The currency each language's demo prices in: (STOREFRONT_CURRENCY, its decimals).
CURRENCIES = {ENGLISH: ("USD", 2), PERSIAN: ("IRR", 0)}

# A fixed demo rate, not a live one: 1 US dollar = 1,000,000 rials (100,000 tomans), about
# the open-market rate of 2025, so a 24-dollar tee costs 24,000,000 rials (2.4 million tomans)
# and Iranian shoppers see the price sizes they know.
IRR_PER_USD = Decimal(1_000_000)
# Iranian shops price in whole thousands of tomans: multiples of 10,000 rials.
IRR_STEP = Decimal(10_000)

PERSIAN_DIGITS = str.maketrans("0123456789,", "۰۱۲۳۴۵۶۷۸۹٬")  # and the thousands separator


def demo_language_check(language: str) -> None:
    """Raise CommandError, saying what to set, when the shop's currency settings do not fit
    the demo in ``language``."""
    if language not in LANGUAGES:
        raise CommandError(f"No demo in {language!r}; choose one of: {', '.join(LANGUAGES)}.")
    currency, decimals = CURRENCIES[language]
    current = (conf.get("STOREFRONT_CURRENCY"), int(conf.get("STOREFRONT_CURRENCY_DECIMALS")))
    if language == ENGLISH or current == (currency, decimals):
        return
    raise CommandError(
        f"The Persian demo shop prices in Iranian rials without decimals, but this site is "
        f"set to {current[0]} with {current[1]} decimals. Set the environment variables "
        f"STOREFRONT_CURRENCY={currency} and STOREFRONT_CURRENCY_DECIMALS={decimals} (and "
        f"LANGUAGE_CODE=fa), on a database of its own, not the English demo's; or run "
        f"`./scripts/demo --language fa`, which does all of that."
    )


def demo_money(usd: str | Decimal, language: str) -> Decimal:
    """A demo amount written in dollars, in the currency of the demo in ``language``: as it
    is for English; for Persian at IRR_PER_USD, rounded half-up to a multiple of IRR_STEP."""
    amount = Decimal(usd)
    if language == ENGLISH:
        return amount
    steps = (amount * IRR_PER_USD / IRR_STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return money(steps * IRR_STEP)


def demo_money_text(usd: str | Decimal, language: str) -> str:
    """``demo_money`` as the demo's copy writes it: $60 or ۶۰٬۰۰۰٬۰۰۰ ریال."""
    amount = demo_money(usd, language)
    if language == ENGLISH:
        return f"${amount:,.2f}".removesuffix(".00")
    return persian_digits(f"{int(amount):,}") + " ریال"


def persian_digits(text: str) -> str:
    """``text`` with Persian digits (and thousands separators) for the Latin ones."""
    return text.translate(PERSIAN_DIGITS)


def in_language(language: str, english: str, persian: str) -> str:
    """``persian`` in the Persian demo (``english`` where it has none), else ``english``."""
    return persian if language == PERSIAN and persian else english


def page_slug(title: str, language: str) -> str:
    """A page slug from a title: ASCII in English, Persian letters in Persian (Wagtail takes
    Unicode slugs), where the zero-width non-joiner of words such as تی‌شرت becomes a hyphen."""
    if language == ENGLISH:
        return slugify(title)
    return slugify(title.replace("\u200c", "-"), allow_unicode=True)


def variant_sku(product_sku: str, option: str) -> str:
    """A variant's SKU from its product's SKU and its option's English name, the same in
    every language of the demo."""
    return f"{product_sku}-{slugify(option).upper()}"
