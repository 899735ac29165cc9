"""The demo's shopping history for related products: orders whose baskets follow a few
themes (trail gear, city basics, a cosy home...), so that "Customers also bought" has
something true to say, and a few editor picks with their labels. Placed through the checkout
services like every other demo order, then counted by a rebuild."""

import random
from datetime import timedelta

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from config.demo_locale import ENGLISH, in_language
from config.demo_reviews import Restock, Reviewer, order_deliver, shoppers
from storefront.orders.models import Order
from storefront.products.models import ProductPage, ProductRelatedPick
from storefront.related.services import related_rebuild

ORDERS = 140
SEED = 7
# The demo's history is recognised by this address, so a second run adds nothing.
MARKER_EMAIL_DOMAIN = "history.example.com"
THEMES: list[list[str]] = [
    ["SNK-TRL-BLU", "BTL-TRL-SAG", "CAP-SIX-GRN", "BEAN-RIB-RED", "HOOD-WKD-MUS"],
    ["TEE-ORG-BLU", "SNK-CRT-WHT", "TOTE-MKT-NAT", "CAP-DNM-BLU", "TEE-HEA-GRY"],
    ["MUG-MRN-TER", "CSH-LIN-BLS", "PRT-DST-DWN", "HOOD-CLD-LAV", "BEAN-OAT-KNT"],
    ["MUG-SGE-STN", "MUG-ENM-NVY", "BTL-MID-STL", "CSH-STR-MUS"],
    ["TEE-SUN-COR", "TOTE-SUN-PCH", "PRT-BLU-HR", "CSH-OCN-BLU", "PRT-PIN-RDG"],
    ["TEE-CUS-DIY", "CAP-CUS-SIX", "TOTE-CUS-NAM", "MUG-CUS-NAM", "SNK-CUS-RUN"],
]
# product, picked product, label, label in Persian
PICKS: list[tuple[str, str, str, str]] = [
    ("TEE-ORG-BLU", "TOTE-MKT-NAT", "Goes well with", "با این ست می‌شود"),
    ("TEE-ORG-BLU", "CAP-DNM-BLU", "Goes well with", "با این ست می‌شود"),
    ("MUG-MRN-TER", "CSH-LIN-BLS", "Complete the set", "مجموعه را کامل کنید"),
    ("SNK-TRL-BLU", "BTL-TRL-SAG", "For the trail", "برای مسیر کوهستان"),
]


def demo_related_create(*, language: str = ENGLISH) -> int:
    """Place the demo's themed orders and editor picks (in ``language``) if they are not
    there yet, then rebuild the suggestions; returns how many orders were placed."""
    placed = 0
    dummy_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    with dummy_mail, transaction.atomic():
        _picks(language)
        if not Order.objects.filter(email__endswith=f"@{MARKER_EMAIL_DOMAIN}").exists():
            placed = _orders(language)
    related_rebuild()
    return placed


def _picks(language: str) -> None:
    """The editor's picks, published as an editor would (so page revisions keep them)."""
    products = {page.sku: page for page in ProductPage.objects.all()}
    changed = set()
    for sku, other_sku, label, label_fa in PICKS:
        page, other = products.get(sku), products.get(other_sku)
        if page is None or other is None:
            continue
        if not any(pick.product_id == other.pk for pick in page.related_picks.all()):
            label = in_language(language, label, label_fa)
            page.related_picks.add(ProductRelatedPick(product=other, label=label))
            changed.add(sku)
    for sku in changed:
        products[sku].save_revision().publish()


def _orders(language: str) -> int:
    rng = random.Random(SEED)
    products = {page.sku: page for page in ProductPage.objects.live()}
    themes = [[products[sku] for sku in theme if sku in products] for theme in THEMES]
    themes = [theme for theme in themes if len(theme) >= 2]
    everything = list(products.values())
    if not themes:
        return 0
    customers, guests, _customer = shoppers(language)
    buyers = [*customers.values(), *guests.values()]
    stock = Restock()
    now = timezone.now()
    for number in range(ORDERS):
        theme = rng.choice(themes)
        basket = rng.sample(theme, rng.randint(2, min(4, len(theme))))
        if rng.random() < 0.3:
            extra = rng.choice(everything)
            if extra not in basket:
                basket.append(extra)
        shopper = rng.choice(buyers)
        buyer = Reviewer(shopper=shopper, user=None)
        items = [(rng.choice(list(product.variants.all())), None) for product in basket]
        delivered = now - timedelta(days=200 - number * 190 // ORDERS, hours=number % 9)
        order_deliver(buyer, items, stock, None, delivered, email=_email(shopper, number))
    stock.restore()
    return ORDERS


def _email(shopper, number: int) -> str:
    """One of three addresses per demo shopper: customers who come back, for the customer
    and retention reports."""
    return f"{shopper.first_handle}.{number % 3}@{MARKER_EMAIL_DOMAIN}"
