"""Numbers and dates the way the active language writes them.

Django translates words and picks a language's date format, but Persian readers also expect
Persian digits (۱۲۳) with Persian separators and dates in the Solar Hijri calendar. Pages
apply ``local_digits_html`` to what they render (``{% localdigits %}`` in the base template),
so every number on a page is converted in one place; dates go through ``format_date``.
Other languages are left exactly as Django formats them.
"""

import re
from datetime import date, datetime

import jdatetime
from django.utils import timezone, translation
from django.utils.formats import date_format

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# What Intl.NumberFormat("fa") writes, so the customizer's live price matches the server's.
PERSIAN_THOUSANDS = "\u066c"
PERSIAN_DECIMAL = "\u066b"
_SEPARATOR_BETWEEN_DIGITS = re.compile(r"(?<=\d)([,.])(?=\d)")
# Codes that mix Latin letters and digits (order and RMA numbers, SKUs) stay as printed.
_LATIN_CODE = re.compile(r"[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*")
# Left as they are: tags (their attributes hold ids, URLs and values the server reads back),
# the content of script, style, textarea, pre and of elements marked translate="no" (codes
# such as SKUs), character references, URLs and e-mail addresses.
_KEEP = re.compile(
    r"<(script|style|textarea|pre)\b.*?</\1\s*>"
    r"|<(\w+)\b[^>]*\btranslate=\"no\"[^>]*>.*?</\2\s*>"
    r"|<!--.*?-->|<[^>]*>"
    r"|&#?\w+;"
    r"|https?://[^\s<>\"']+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE | re.DOTALL,
)

# Date styles: the Django format name used for most languages, and the Persian pattern.
DATE_STYLES = {
    "date": ("DATE_FORMAT", "{day} {month} {year}"),
    "datetime": ("DATETIME_FORMAT", "{day} {month} {year}، ساعت {hour}:{minute:02d}"),
    "short_datetime": ("SHORT_DATETIME_FORMAT", "{year}/{month_number}/{day}، {hour}:{minute:02d}"),
    "month_day": ("MONTH_DAY_FORMAT", "{day} {month}"),
    "month": ("YEAR_MONTH_FORMAT", "{month} {year}"),
}


def uses_persian_digits(language: str | None = None) -> bool:
    """Whether ``language`` (default: the active one) writes numbers in Persian digits."""
    language = language or translation.get_language() or ""
    return language.split("-")[0] == "fa"


def _persian_number_text(text: str) -> str:
    parts, position = [], 0
    for code in _LATIN_CODE.finditer(text):
        parts.append(_persian_numbers(text[position : code.start()]))
        parts.append(code.group(0))
        position = code.end()
    parts.append(_persian_numbers(text[position:]))
    return "".join(parts)


def _persian_numbers(text: str) -> str:
    text = _SEPARATOR_BETWEEN_DIGITS.sub(
        lambda match: PERSIAN_THOUSANDS if match.group(1) == "," else PERSIAN_DECIMAL, text
    )
    return text.translate(PERSIAN_DIGITS)


def local_digits(text: str, language: str | None = None) -> str:
    """Plain text (an e-mail subject, a message) with the language's digits and separators."""
    if not uses_persian_digits(language):
        return text
    return local_digits_html(str(text), language)


def local_digits_html(html: str, language: str | None = None) -> str:
    """Rendered HTML or text with the language's digits in its text, never inside tags,
    scripts, form fields, URLs or e-mail addresses."""
    if not uses_persian_digits(language):
        return html
    parts, position = [], 0
    for kept in _KEEP.finditer(html):
        parts.append(_persian_number_text(html[position : kept.start()]))
        parts.append(kept.group(0))
        position = kept.end()
    parts.append(_persian_number_text(html[position:]))
    return "".join(parts)


def format_date(value: date | datetime | None, style: str = "date") -> str:
    """A date or time in the active language: the Solar Hijri calendar in Persian, Django's
    format for the language otherwise. Aware datetimes are shown in the current time zone."""
    if value is None:
        return ""
    django_format, persian_pattern = DATE_STYLES[style]
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not uses_persian_digits():
        return date_format(value, django_format)
    if isinstance(value, datetime):
        solar = jdatetime.datetime.fromgregorian(datetime=value)
        hour, minute = value.hour, value.minute
    else:
        solar = jdatetime.date.fromgregorian(date=value)
        hour = minute = 0
    text = persian_pattern.format(
        day=solar.day,
        month=jdatetime.date.j_months_fa[solar.month - 1],
        month_number=solar.month,
        year=solar.year,
        hour=hour,
        minute=minute,
    )
    return text.translate(PERSIAN_DIGITS)
