"""The plugin's settings, each with a default, so a host site sets only what it changes."""

from decimal import Decimal
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "STOREFRONT_CURRENCY": "USD",
    "STOREFRONT_CURRENCY_DECIMALS": 2,
    "STOREFRONT_PRODUCTS_PER_PAGE": 12,
    "STOREFRONT_MAX_LINE_QUANTITY": 99,
    "STOREFRONT_MAX_CART_LINES": 50,
    # How long a checkout token (issued on the review step) stays valid, in seconds.
    "STOREFRONT_CHECKOUT_TOKEN_MAX_AGE": 60 * 60,
    # How long the signed order link in confirmation e-mails stays valid, in seconds.
    "STOREFRONT_ORDER_LINK_MAX_AGE": 60 * 60 * 24 * 365,
    # How many proxies (load balancers) stand in front of the app servers: the client's
    # address is read from X-Forwarded-For past that many hops (storefront.core.proxies).
    "STOREFRONT_TRUSTED_PROXIES": 0,
    # django-ratelimit rates for public writes.
    "STOREFRONT_RATE_CART": "60/m",
    "STOREFRONT_RATE_CHECKOUT": "20/m",
    "STOREFRONT_RATE_LOGIN": "10/m",
    "STOREFRONT_RATE_SIGNUP": "5/m",
    "STOREFRONT_RATE_PASSWORD_RESET": "5/m",
    # Downloads of a customer's data (a large JSON file), per customer.
    "STOREFRONT_RATE_DATA_EXPORT": "10/h",
    "STOREFRONT_RATE_EVENTS": "120/m",
    "STOREFRONT_RATE_PREVIEW": "60/m",
    # How long guests may be served a cached catalogue page (0 turns the cache off).
    "STOREFRONT_PAGE_CACHE_SECONDS": 60,
    "STOREFRONT_RATE_REVIEW": "5/h",
    "STOREFRONT_RATE_REVIEW_VOTE": "60/h",
    "STOREFRONT_RATE_REVIEW_FLAG": "20/h",
    "STOREFRONT_RATE_RETURN": "10/h",
    "STOREFRONT_REVIEWS_PER_PAGE": 20,
    # How long the per-product links of a review request e-mail stay valid, in seconds.
    "STOREFRONT_REVIEW_LINK_MAX_AGE": 60 * 60 * 24 * 90,
    # Related products: partners kept per product and source, the baskets (orders, or
    # shoppers for co-preference) a pair needs before it counts, and how many are shown.
    "STOREFRONT_RELATED_TOP_K": 12,
    "STOREFRONT_RELATED_MIN_SUPPORT": 2,
    "STOREFRONT_RELATED_SHOWN": 4,
    "STOREFRONT_RATE_RELATED_CLICK": "120/m",
    # The database alias the insight reports read (a read replica, when there is one).
    "STOREFRONT_REPORTS_DATABASE": "default",
    # A click on a suggestion counts as leading to an order placed within this many days.
    "STOREFRONT_RELATED_ATTRIBUTION_DAYS": 30,
}


def get(name: str) -> Any:
    """Return the setting ``name`` from Django settings, or its default."""
    return getattr(settings, name, DEFAULTS[name])


def currency_quantum() -> Decimal:
    return Decimal(1).scaleb(-int(get("STOREFRONT_CURRENCY_DECIMALS")))
