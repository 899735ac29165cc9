"""The main shopper path in English and in Persian: listing → product → customizer → cart →
checkout → order, with a screenshot of each step in each language (test-artifacts/)."""

import re
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from storefront.core.l10n import local_digits
from storefront.customizer.models import SwatchTranslation
from storefront.orders.models import Order
from tests.browser.test_customizer import make_tee, settle_events

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NAVY_IN_PERSIAN = "سرمه‌ای"


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_shopper_path_in_each_language(live_server, page, screenshot, language):
    tee = make_tee()
    SwatchTranslation.objects.create(swatch=tee.swatches["Navy"], language="fa", name="سرمه‌ای")
    prefix = "" if language == "en" else f"/{language}"
    navy = NAVY_IN_PERSIAN if language == "fa" else "Navy"

    def t(message: str) -> str:
        with translation.override(language):
            return gettext(message)

    def shot(step: str) -> None:
        page.evaluate("window.scrollTo(0, 0)")  # the sticky header at the top of the shot
        screenshot(f"path-{language}-{step}")

    def shown(amount: str) -> str:
        """An amount as the page writes it in this language ($26.50 → $۲۶٫۵۰)."""
        return local_digits(amount, language)

    page.goto(f"{live_server.url}{prefix}/")
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "fa" else "ltr")

    page.goto(f"{live_server.url}{prefix}{tee.shop.index.url}")
    page.get_by_role("link", name="Crew tee").first.click()
    page.wait_for_url(re.compile(rf"{prefix}/shop/{tee.product.slug}/"))
    assert page.locator("output[data-price]").inner_text() == shown("$24.00")
    shot("product")

    body = page.locator("fieldset[data-zone='body']")
    # On SQLite the page's batch of preference events must land before the cart's write.
    settle_events(page, body.locator("label", has_text=navy).click, '"selected"')
    page.wait_for_function(
        "expected => document.querySelector('output[data-price]').textContent === expected",
        arg=shown("$26.50"),
    )
    shot("customizer")

    page.get_by_role("button", name=t("Add to cart")).click()
    page.wait_for_url(re.compile(rf"{prefix}/cart/$"))
    totals = page.locator(".totals").inner_text()
    assert shown("$26.50") in totals
    assert navy in page.locator("main").inner_text()
    shot("cart")

    page.get_by_role("link", name=t("Check out")).click()
    page.locator("[name=email]").fill("sara@example.com")
    page.locator("[name=full_name]").fill("سارا رضایی" if language == "fa" else "Sara Rezaei")
    page.locator("[name=address_line1]").fill("خیابان ولیعصر ۱۲" if language == "fa" else "12 Vali")
    page.locator("[name=postal_code]").fill("1415913471")
    page.locator("[name=city]").fill("تهران" if language == "fa" else "Tehran")
    page.locator("[name=country]").select_option("DE")
    page.get_by_label("Express").check()
    page.get_by_label(t("Bank transfer")).check()
    shot("checkout")
    page.get_by_role("button", name=t("Review your order")).click()

    page.wait_for_url(re.compile(rf"{prefix}/checkout/review/$"))
    assert shown("$39.40") in page.locator(".totals").first.inner_text()  # 26.50 + 12.90
    shot("review")
    page.get_by_role("button", name=re.compile(re.escape(t("Place order")))).click()

    page.wait_for_url(re.compile(rf"{prefix}/checkout/thanks/"))
    order = Order.objects.get()
    assert order.language == language
    assert order.total == Decimal("39.40")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert local_digits(order.number, language) in heading
    shot("confirmation")
