"""``storefront_demo --language fa``: the same demo shop in Persian, priced in whole Iranian
rials; refused under other currency settings; and a second run adds nothing."""

import io
import os
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import clear_url_caches
from wagtail.models import Site

from config.demo_locale import demo_money
from config.management.commands import storefront_demo
from storefront.core.models import ShopSettings
from storefront.customizer.models import (
    CustomizationTemplate,
    Palette,
    Pattern,
    PreferenceEvent,
    Swatch,
    Zone,
)
from storefront.loyalty.models import LoyaltySettings, PointsEntry
from storefront.orders.models import Order, ShippingMethod
from storefront.products.models import Category, ProductPage, ProductVariant
from storefront.related.models import SuggestionClick
from storefront.returns.models import ReturnReason, ReturnRequest
from storefront.reviews.models import ProductReview
from tests.products.test_demo_command import counts, quick_artwork  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_artwork")]

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
RIALS = {"STOREFRONT_CURRENCY": "IRR", "STOREFRONT_CURRENCY_DECIMALS": 0}


@pytest.fixture
def rials():
    with override_settings(**RIALS):
        yield


def run_persian_demo() -> str:
    out = io.StringIO()
    call_command("storefront_demo", "--language", "fa", stdout=out)
    return out.getvalue()


def persian(text: str) -> bool:
    """Written in Persian letters, with no Latin ones."""
    return bool(ARABIC_SCRIPT.search(text)) and not LATIN_LETTER.search(text)


def whole_rials(amount: Decimal) -> bool:
    """A whole number of rials, priced as Iranian shops do: in steps of 10,000."""
    return amount == amount.to_integral_value() and amount % 10_000 == 0


def everything() -> dict[str, int]:
    return {
        **counts(),
        "reviews": ProductReview.objects.count(),
        "orders": Order.objects.count(),
        "points entries": PointsEntry.objects.count(),
        "preference events": PreferenceEvent.objects.count(),
        "return requests": ReturnRequest.objects.count(),
        "suggestion clicks": SuggestionClick.objects.count(),
    }


@pytest.mark.parametrize(
    "currency", [{}, {"STOREFRONT_CURRENCY": "IRR"}, {"STOREFRONT_CURRENCY_DECIMALS": 0}]
)
def test_the_persian_demo_refuses_other_currency_settings_and_writes_nothing(currency):
    before = everything()

    with override_settings(**currency), pytest.raises(CommandError) as refusal:
        run_persian_demo()

    message = str(refusal.value)
    assert "STOREFRONT_CURRENCY=IRR" in message
    assert "STOREFRONT_CURRENCY_DECIMALS=0" in message
    assert "./scripts/demo --language fa" in message
    assert everything() == before


def test_the_persian_demo_refuses_the_database_of_the_english_one(rials):
    Site.objects.update(site_name="Storefront Demo")  # as the English demo names it
    before = everything()

    with pytest.raises(CommandError, match="database of its own"):
        run_persian_demo()

    assert everything() == before


def test_demo_money_converts_dollars_to_rials_in_steps_of_10000(rials):
    assert demo_money("24.00", "fa") == Decimal(24_000_000)
    assert demo_money("4.90", "fa") == Decimal(4_900_000)
    assert demo_money("0.004", "fa") == 0  # 4,000 rials: under half a step
    assert demo_money("0.005", "fa") == Decimal(10_000)  # half a step rounds up
    with override_settings(STOREFRONT_CURRENCY="USD", STOREFRONT_CURRENCY_DECIMALS=2):
        assert demo_money("4.90", "en") == Decimal("4.90")


def test_the_persian_demo_builds_the_whole_shop_in_persian_and_whole_rials(rials):
    output = run_persian_demo()

    products = ProductPage.objects.live()
    assert products.count() == len(storefront_demo.PRODUCTS) + len(storefront_demo.CUSTOM_PRODUCTS)
    assert "Customizable:    5 (" in output
    for product in products:
        assert persian(product.title), product.title
        assert ARABIC_SCRIPT.search(product.summary) and ARABIC_SCRIPT.search(product.description)
        assert persian(product.variant_label), product.sku
        assert 5_000_000 <= product.price <= 500_000_000 and whole_rials(product.price)
        if product.compare_at_price is not None:
            assert product.compare_at_price > product.price
            assert whole_rials(product.compare_at_price)
    assert products.filter(compare_at_price__isnull=False).exists()
    for variant in ProductVariant.objects.all():
        assert variant.sku.isascii(), variant.sku  # the same SKUs as the English shop's
        if variant.price_override is not None:
            assert whole_rials(variant.price_override)
    mug = ProductPage.objects.get(sku="MUG-MRN-TER")
    assert [v.name for v in mug.variants.order_by("sort_order", "pk")] == [
        "۳۰۰ میلی‌لیتر",
        "۴۵۰ میلی‌لیتر",
    ]
    assert all(persian(category.name) for category in Category.objects.all())

    # The customizer: the swatches' own names are Persian, their English a translation.
    navy = Swatch.objects.get(name="سرمه‌ای")
    assert navy.display_name("en") == "Midnight Navy"
    assert all(persian(swatch.name) for swatch in Swatch.objects.all())
    assert Swatch.objects.get(name="طلایی").price_delta == Decimal(2_000_000)
    for model in (Palette, Pattern, CustomizationTemplate):
        assert all(persian(item.name) for item in model.objects.all()), model
    assert all(persian(zone.label) for zone in Zone.objects.all())
    deltas = [
        *Swatch.objects.values_list("price_delta", flat=True),
        *Pattern.objects.values_list("price_delta", flat=True),
        *CustomizationTemplate.objects.values_list("text_price_delta", flat=True),
    ]
    assert all(whole_rials(delta) and delta <= 10_000_000 for delta in deltas)

    shipping = list(ShippingMethod.objects.order_by("sort_order"))
    assert len(shipping) == 3 and all(persian(method.name) for method in shipping)
    standard = shipping[0]
    assert (standard.price, standard.free_over) == (Decimal(4_900_000), Decimal(60_000_000))

    program = LoyaltySettings.objects.get()
    assert program.redeem_step_value == Decimal(5_000_000)
    tiers = list(program.tiers.order_by("threshold"))
    assert [tier.name for tier in tiers] == ["عضو", "نقره‌ای", "طلایی"]
    assert [tier.threshold for tier in tiers] == [0, 500_000_000, 2_000_000_000]

    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    assert (shop.currency_symbol, shop.symbol_after_amount) == ("ریال", True)
    assert persian(shop.name) and "تهران" in shop.address
    assert all(persian(reason.label) for reason in ReturnReason.objects.all())

    customer = get_user_model().objects.get(username="customer")
    assert persian(customer.first_name) and persian(customer.last_name)
    reviews = ProductReview.objects.filter(is_shop_reply=False)
    assert reviews.count() >= 60
    assert all(ARABIC_SCRIPT.search(review.title) for review in reviews)
    assert all(ARABIC_SCRIPT.search(review.comment) for review in reviews)
    assert all(persian(review.name) for review in reviews)
    orders = Order.objects.all()
    assert orders.count() >= 150 and set(orders.values_list("country", flat=True)) == {"IR"}
    assert "تهران" in set(orders.values_list("city", flat=True))
    assert all(whole_rials(total) for total in orders.values_list("total", flat=True))
    assert ReturnRequest.objects.count() >= 10 and PreferenceEvent.objects.count() >= 2000


def test_the_persian_shop_renders_right_to_left_with_prices_in_rials(rials, client):
    run_persian_demo()

    # Django caches reversed URL prefixes per language; a default language changed by
    # override_settings needs them rebuilt (a real site never changes it while running).
    clear_url_caches()
    try:
        with override_settings(LANGUAGE_CODE="fa"):
            home = client.get("/")
            catalogue = ProductPage.objects.get(sku="TEE-ORG-BLU").get_parent().specific
            listing = client.get(catalogue.url)
            tee = client.get(ProductPage.objects.get(sku="TEE-CUS-DIY").url)
    finally:
        clear_url_caches()

    for response in (home, listing, tee):
        assert response.status_code == 200
        html = response.content.decode()
        assert re.search(r'<html[^>]*\bdir="rtl"', html)
        assert re.search(r"\d[\d٬,]*\s?ریال", html)  # e.g. ۲۴٬۰۰۰٬۰۰۰ ریال
    assert "تی‌شرت ارگانیک روزمره" in listing.content.decode()
    assert "تی‌شرت با طرح خودتان" in tee.content.decode()


def test_the_loyalty_program_earns_and_spends_sensible_points_in_rials(rials, client):
    run_persian_demo()
    customer = get_user_model().objects.get(username="customer")
    tee = ProductVariant.objects.get(sku="TEE-ORG-BLU-M")
    mug = ProductVariant.objects.get(sku="MUG-MRN-TER-300-ML")

    client.force_login(customer)
    for variant in (tee, mug):
        client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})
    quote = client.get("/api/storefront/loyalty/quote?points=100").json()

    assert Decimal(quote["goods_total"]) == Decimal(40_000_000)  # 24,000,000 + 16,000,000
    assert 10 <= quote["points_earned"] <= 10_000
    assert quote["points_earned"] == 40  # one point per dollar's worth, as in English
    assert Decimal(quote["discount"]) == Decimal(5_000_000)  # 100 points
    assert quote["most_points"] >= 100  # the customer's bonuses pay for part of it


def test_a_second_persian_run_adds_nothing(rials):
    run_persian_demo()
    first = everything()

    output = run_persian_demo()

    assert everything() == first
    assert "nothing new" in output


def test_the_site_language_comes_from_the_environment():
    def settings_in(language: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", "import config.settings.base as s; print(s.LANGUAGE_CODE)"],
            cwd=settings.BASE_DIR,
            env={**os.environ, "LANGUAGE_CODE": language},
            capture_output=True,
            text=True,
            check=False,
        )

    assert settings_in("fa").stdout.strip() == "fa"
    refused = settings_in("de")
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "en, fa" in refused.stderr
