"""The customizer in a real browser: mouse and keyboard choices on the live canvas, saving
and sharing a design, buying it, the preference events the page sends, and the canvas
matching the server's Pillow render pixel for pixel."""

import base64
import io
import re
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError, connection
from django.utils import timezone
from PIL import Image, ImageChops, ImageFilter

from storefront.customizer.demo_art import tshirt_art
from storefront.customizer.models import (
    CustomizationTemplate,
    Design,
    Palette,
    Pattern,
    PreferenceDailyCount,
    PreferenceEvent,
    Swatch,
    Zone,
)
from storefront.customizer.selectors import template_with_zones
from storefront.customizer.services import design_render, design_resolve
from storefront.orders.models import CartLine, Order
from storefront.products.models import ProductPage
from tests.customizer.conftest import stored_image
from tests.factories import ShopTree, make_product, make_shop

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PRICE = Decimal("24.00")
TEXT_DELTA = Decimal("4.00")
STRIPES_DELTA = Decimal("1.00")
# name → (hex, price delta); the palette's order is this order (sort_order).
SWATCHES = {
    "White": ("#ffffff", "0"),
    "Navy": ("#1f2a44", "2.50"),
    "Red": ("#c0392b", "0"),
    "Forest": ("#2e6b3a", "1.00"),
    "Mustard": ("#d9a21b", "1.50"),
}


@dataclass
class Tee:
    shop: ShopTree
    product: ProductPage
    template: CustomizationTemplate
    swatches: dict[str, Swatch]
    stripes: Pattern
    points: dict[str, tuple[int, int]]  # zone key → a pixel well inside its mask
    base: Image.Image


def diagonal_stripes(size: int = 16, scale: int = 4) -> Image.Image:
    """A seamless tile of diagonal stripes with soft (grey) edges, so the pattern's partial
    alpha is exercised too."""
    big = size * scale
    tile = Image.new("L", (big, big))
    tile.putdata([255 if (x + y) % big < big // 2 else 0 for y in range(big) for x in range(big)])
    return tile.resize((size, size), Image.Resampling.BOX)


def inside(mask: Image.Image, near: tuple[int, int], margin: int = 15) -> tuple[int, int]:
    """The pixel of ``mask`` nearest to ``near`` that is at least ``margin`` pixels inside."""
    solid = mask.point(lambda value: 255 if value == 255 else 0).filter(
        ImageFilter.MinFilter(2 * margin + 1)
    )
    x0, y0 = near
    for radius in range(0, 400, 2):
        for dx in range(-radius, radius + 1, 2):
            for dy in (-radius, radius) if abs(dx) != radius else range(-radius, radius + 1, 2):
                x, y = x0 + dx, y0 + dy
                if 0 <= x < mask.width and 0 <= y < mask.height and solid.getpixel((x, y)):
                    return x, y
    raise AssertionError(f"no pixel inside the mask near {near}")


def make_tee() -> Tee:
    shop = make_shop()
    art = tshirt_art()
    swatches = {
        name: Swatch.objects.create(
            name=name, hex=hex_value, price_delta=Decimal(delta), sort_order=order
        )
        for order, (name, (hex_value, delta)) in enumerate(SWATCHES.items(), start=1)
    }
    palette = Palette.objects.create(name="Tee colours")
    palette.swatches.set(swatches.values())
    palette.save()  # modelcluster writes parental many-to-many on save
    stripes = Pattern.objects.create(
        name="Stripes",
        key="stripes",
        tile=stored_image("tee-stripes", diagonal_stripes()),
        price_delta=STRIPES_DELTA,
    )
    template = CustomizationTemplate.objects.create(
        name="Crew tee",
        base_image=stored_image("tee-base", art.base),
        text_enabled=True,
        text_max_length=3,
        text_allowed="ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        text_price_delta=TEXT_DELTA,
    )
    for order, (key, default) in enumerate(
        (("body", "White"), ("sleeves", "White"), ("collar", "White")), start=1
    ):
        zone = Zone.objects.create(
            template=template,
            key=key,
            label=art.zone_labels[key],
            mask=stored_image(f"tee-{key}", art.masks[key]),
            palette=palette,
            default_swatch=swatches[default],
            sort_order=order,
        )
        if key == "body":
            zone.patterns.set([stripes])
            zone.save()
    product = make_product(index=shop.index, title="Crew tee", price=PRICE, stock=10)
    ProductPage.objects.filter(pk=product.pk).update(customization_template=template)
    product.refresh_from_db()
    points = {
        "body": inside(art.masks["body"], (420, 660)),
        "sleeves": inside(art.masks["sleeves"], (200, 340)),
    }
    return Tee(shop, product, template, swatches, stripes, points, art.base)


# ----------------------------------------------------------------------------- the page

RENDERED = "Number(document.querySelector('canvas[data-canvas]').dataset.rendered || 0)"
CHECKSUM = """() => {
  const canvas = document.querySelector('canvas[data-canvas]');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let hash = 2166136261;
  for (let i = 0; i < data.length; i++) { hash = Math.imul(hash ^ data[i], 16777619); }
  return hash >>> 0;
}"""
PIXEL = """([x, y]) => Array.from(document.querySelector('canvas[data-canvas]')
  .getContext('2d').getImageData(x, y, 1, 1).data)"""


def rendered(page) -> int:
    return page.evaluate(RENDERED)


def wait_for_draw(page, after: int) -> int:
    """Wait until the canvas was drawn more than ``after`` times; the new count."""
    page.wait_for_function(f"{RENDERED} > {after}")
    return rendered(page)


def pixel(page, point: tuple[int, int]) -> tuple[int, int, int]:
    red, green, blue, alpha = page.evaluate(PIXEL, list(point))
    assert alpha == 255
    return red, green, blue


def multiplied(tee: Tee, point: tuple[int, int], swatch: str) -> tuple[int, ...]:
    """The base at ``point`` multiplied by a swatch's colour, as both renderers do it."""
    colour = tee.swatches[swatch].rgb
    return tuple(round(b * c / 255) for b, c in zip(tee.base.getpixel(point), colour, strict=True))


def assert_close(actual, expected, tolerance: int = 2) -> None:
    assert max(abs(a - e) for a, e in zip(actual, expected, strict=True)) <= tolerance, (
        actual,
        expected,
    )


def shown_price(page) -> str:
    return page.locator("output[data-price]").inner_text()


def checked_value(page, name: str) -> str:
    return page.locator(f"input[name='{name}']:checked").get_attribute("value")


def canvas_png(page) -> Image.Image:
    data_url = page.evaluate(
        "() => document.querySelector('canvas[data-canvas]').toDataURL('image/png')"
    )
    return Image.open(io.BytesIO(base64.b64decode(data_url.partition(",")[2]))).convert("RGB")


def events_sent(response) -> bool:
    return response.url.endswith("/events") and response.request.method == "POST"


def settle_events(page, action, containing: str) -> None:
    """Run ``action`` (which queues events) and, on SQLite, wait for the page's 5 s flush
    to send the batch with ``containing`` in it.

    The test database on SQLite is a shared-cache in-memory database: two requests of the
    live server writing at once fail with "database table is locked" (SQLITE_LOCKED is not
    retried). A form submit sends the queued events alongside the form, so on SQLite the
    test lets the timer flush them first and the submit finds the queue empty. PostgreSQL
    takes concurrent writes, so there the flush on submit is exercised."""
    if connection.vendor != "sqlite":
        action()
        return

    def batch_sent(response) -> bool:
        return events_sent(response) and containing in (response.request.post_data or "")

    with page.expect_response(batch_sent, timeout=8_000) as sent:
        action()
    assert sent.value.status == 202, sent.value.text()


def wait_until(condition, timeout: float = 10.0, interval: float = 0.25):
    """Poll ``condition`` until it is true or ``timeout`` passes; its last result.

    On SQLite's shared-cache test database a read while the live server writes fails with
    "database table is locked" at once; that counts as not yet."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = condition()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            result = None
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


# ----------------------------------------------------------------------------- tests


def test_customize_with_mouse_and_keyboard_share_and_buy(live_server, page, screenshot):
    tee = make_tee()
    sw = tee.swatches
    page.goto(f"{live_server.url}{tee.product.url}")
    count = wait_for_draw(page, 0)
    before = page.evaluate(CHECKSUM)
    assert_close(pixel(page, tee.points["body"]), multiplied(tee, tee.points["body"], "White"))
    assert shown_price(page) == "$24.00"

    # The mouse: a body colour by its label, then the stripes pattern.
    body = page.locator("fieldset[data-zone='body']")
    body.locator("label", has_text="Forest").click()
    count = wait_for_draw(page, count)
    assert checked_value(page, "zone-body") == str(sw["Forest"].pk)
    assert_close(pixel(page, tee.points["body"]), multiplied(tee, tee.points["body"], "Forest"))
    assert shown_price(page) == "$25.00"
    after_colour = page.evaluate(CHECKSUM)
    assert after_colour != before

    body.locator("label", has_text="Stripes").click()
    count = wait_for_draw(page, count)
    after_pattern = page.evaluate(CHECKSUM)
    assert after_pattern != after_colour
    assert shown_price(page) == "$26.00"

    # The keyboard only: the sleeves' checked radio, then arrow keys along the group.
    sleeves_point = tee.points["sleeves"]
    page.locator("fieldset[data-zone='sleeves'] input:checked").focus()
    assert checked_value(page, "zone-sleeves") == str(sw["White"].pk)
    previous = after_pattern
    for key, swatch, price in (
        ("ArrowRight", "Navy", "$28.50"),
        ("ArrowRight", "Red", "$26.00"),
        ("ArrowLeft", "Navy", "$28.50"),
    ):
        page.keyboard.press(key)
        count = wait_for_draw(page, count)
        assert checked_value(page, "zone-sleeves") == str(sw[swatch].pk)
        assert page.evaluate("document.activeElement.id") == f"swatch-sleeves-{sw[swatch].pk}"
        assert_close(pixel(page, sleeves_point), multiplied(tee, sleeves_point, swatch))
        assert shown_price(page) == price
        now = page.evaluate(CHECKSUM)
        assert now != previous, f"{key} to {swatch} left the canvas as it was"
        previous = now

    monogram = page.get_by_label(re.compile(r"^Monogram"))
    monogram.press_sequentially("ADA")
    page.wait_for_function(f"{RENDERED} >= {count + 3}")  # one draw per letter
    # Leaving the field (by keyboard) fires its change event, which queues "text used".
    settle_events(page, lambda: monogram.press("Tab"), '"text_used":true')
    customized = page.evaluate(CHECKSUM)
    assert customized != previous
    assert shown_price(page) == "$32.50"  # 24 + Forest 1 + Stripes 1 + Navy 2.50 + text 4
    page.evaluate("window.scrollTo(0, 0)")  # the sticky header at the top of the shot
    screenshot("customizer-product")

    page.get_by_role("button", name="Save design").click()
    page.wait_for_url(re.compile(r"/designs/[^/]+/$"))
    design = Design.objects.get()
    assert design.saved
    assert design.choices == {
        "body": {"swatch": sw["Forest"].pk, "pattern": tee.stripes.pk},
        "sleeves": {"swatch": sw["Navy"].pk, "pattern": None},
        "collar": {"swatch": sw["White"].pk, "pattern": None},
    }
    assert design.text == "ADA"
    assert design.price_delta == Decimal("8.50")
    totals = page.locator(".totals").inner_text()
    assert "Forest, Stripes" in totals and "Navy" in totals and "ADA" in totals
    assert "$32.50" in page.locator(".price").inner_text()
    page.wait_for_function("document.querySelector('.gallery-main img').naturalWidth > 0")
    screenshot("customizer-share")
    share_link = page.get_by_label("Share link").input_value()
    assert design.share_token in share_link

    # Another visitor opens the link and buys the design.
    visitor = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        other = visitor.new_page()
        other.set_default_timeout(15_000)
        other.goto(share_link)
        settle_events(
            other, other.get_by_role("link", name="Open in the customizer").click, '"viewed"'
        )
        other.wait_for_url(re.compile(r"\?design="))
        wait_for_draw(other, 0)
        assert checked_value(other, "zone-body") == str(sw["Forest"].pk)
        assert checked_value(other, "pattern-body") == str(tee.stripes.pk)
        assert checked_value(other, "zone-sleeves") == str(sw["Navy"].pk)
        assert checked_value(other, "zone-collar") == str(sw["White"].pk)
        assert other.get_by_label(re.compile(r"^Monogram")).input_value() == "ADA"
        assert shown_price(other) == "$32.50"
        assert other.evaluate(CHECKSUM) == customized  # the very same picture

        other.get_by_role("button", name="Add to cart").click()
        other.wait_for_url(re.compile(r"/cart/$"))
        assert "$32.50" in other.locator(".totals").inner_text()
        other.get_by_role("link", name="Check out").click()
        other.get_by_label("E-mail").fill("guest@example.com")
        other.get_by_label("Full name").fill("Ada Guest")
        other.get_by_label(re.compile(r"^Address")).fill("1 Quay Street")
        other.get_by_label("Postal code").fill("10115")
        other.get_by_label("City").fill("Berlin")
        other.get_by_label("Country").select_option("DE")
        other.get_by_label("Express").check()
        other.get_by_label("Bank transfer").check()
        other.get_by_role("button", name="Review your order").click()
        other.wait_for_url(re.compile(r"/checkout/review/$"))
        assert "$45.40" in other.locator(".totals").first.inner_text()  # 32.50 + 12.90
        other.get_by_role("button", name=re.compile("Place order")).click()
        other.wait_for_url(re.compile(r"/checkout/thanks/"))
    finally:
        visitor.close()

    line = Order.objects.get().lines.get()
    assert line.unit_price == Decimal("32.50")
    assert line.design_choices == [
        ["Body", "Forest, Stripes"],
        ["Sleeves", "Navy"],
        ["Collar", "White"],
        ["Monogram", "ADA"],
    ]
    assert line.design_preview and default_storage.exists(line.design_preview)

    # Preference events: the browsers' (batched) and the server's.
    today = timezone.localdate()
    product_events = PreferenceEvent.objects.filter(product=tee.product)

    def browser_events_arrived():
        return (
            product_events.filter(kind="viewed").count() >= 2
            and product_events.filter(kind="selected").count() >= 6
        )

    assert wait_until(browser_events_arrived), list(product_events.values_list("kind", "zone_key"))
    viewed = product_events.filter(kind="viewed")
    assert viewed.count() == 2
    assert viewed.values("visitor_id").distinct().count() == 2  # two browsers, two visitors
    selected = Counter(
        product_events.filter(kind="selected").values_list(
            "zone_key", "swatch_id", "pattern_id", "text_used"
        )
    )
    assert selected == Counter(
        {
            ("body", sw["Forest"].pk, None, False): 1,
            ("body", sw["Forest"].pk, tee.stripes.pk, False): 1,
            ("sleeves", sw["Navy"].pk, None, False): 2,
            ("sleeves", sw["Red"].pk, None, False): 1,
            ("", None, None, True): 1,
        }
    )
    for kind in ("carted", "ordered"):
        assert Counter(
            product_events.filter(kind=kind).values_list(
                "zone_key", "swatch_id", "pattern_id", "text_used"
            )
        ) == Counter(
            {
                ("body", sw["Forest"].pk, tee.stripes.pk, False): 1,
                ("sleeves", sw["Navy"].pk, None, False): 1,
                ("collar", sw["White"].pk, None, False): 1,
                ("", None, None, True): 1,
            }
        ), kind

    raw = Counter(
        (event.product_id, event.zone_key, event.swatch_id, event.pattern_id, event.kind)
        for event in PreferenceEvent.objects.all()
        if timezone.localdate(event.created_at) == today
    )
    rollup = {
        (row.product_id, row.zone_key, row.swatch_id, row.pattern_id, row.kind): row.count
        for row in PreferenceDailyCount.objects.filter(day=today)
    }
    assert rollup == dict(raw)


FOCUSED = "document.activeElement"
# The focus ring of --focus: a 3px white halo inside a 5px brand ring, as box shadows.
FOCUS_RING = "0px 0px 0px 5px"


def tab_to(page, selector: str, *, key: str = "Tab", limit: int = 40) -> None:
    """Press Tab (or ``key``) until the focused element matches ``selector``."""
    for _press in range(limit):
        if page.evaluate(f"{FOCUSED}.matches({selector!r})"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{limit} × {key} never reached {selector}")


def focused_label_ring(page) -> str:
    """The box shadow of the label of the focused (visually hidden) radio."""
    return page.evaluate(
        f"getComputedStyle(document.querySelector(`label[for='${{{FOCUSED}.id}}']`)).boxShadow"
    )


def test_customize_with_the_keyboard_alone_and_hear_each_change(live_server, page, screenshot):
    tee = make_tee()
    sw = tee.swatches
    page.goto(f"{live_server.url}{tee.product.url}")
    count = wait_for_draw(page, 0)
    customizer = page.locator("[data-customizer]")
    announcer = customizer.locator("[data-announce]")
    # One live region for the whole customizer: the price is shown, not read out, itself.
    assert customizer.locator("[aria-live]:not([aria-live='off']), [role=status]").count() == 1
    assert announcer.get_attribute("role") == "status"
    assert page.locator("output[data-price]").get_attribute("aria-live") == "off"
    assert announcer.inner_text() == ""

    def heard() -> str:
        return announcer.text_content()

    # From the top of the page, Tab lands on the body's checked swatch; its label shows it.
    tab_to(page, "input[name='zone-body']")
    assert page.evaluate(f"{FOCUSED}.id") == f"swatch-body-{sw['White'].pk}"
    assert FOCUS_RING in focused_label_ring(page)
    unfocused = customizer.locator(f"label[for='swatch-body-{sw['Navy'].pk}']")
    assert FOCUS_RING not in unfocused.evaluate("label => getComputedStyle(label).boxShadow")

    for key, swatch, price in (
        ("ArrowRight", "Navy", "$26.50"),
        ("ArrowRight", "Red", "$24.00"),
        ("ArrowLeft", "Navy", "$26.50"),
    ):
        page.keyboard.press(key)
        count = wait_for_draw(page, count)
        assert checked_value(page, "zone-body") == str(sw[swatch].pk)
        assert page.evaluate(f"{FOCUSED}.id") == f"swatch-body-{sw[swatch].pk}"
        assert FOCUS_RING in focused_label_ring(page)
        assert shown_price(page) == price
        assert heard() == f"Body: {swatch}. Price: {price}"
    screenshot("customizer-keyboard-focus")  # the focused, checked swatch: ring and halo
    # Space on the checked radio keeps it, and nothing is said twice.
    page.keyboard.press("Space")
    assert checked_value(page, "zone-body") == str(sw["Navy"].pk)
    assert heard() == "Body: Navy. Price: $26.50"

    # Tab moves on to the body's patterns; the arrow keys choose one.
    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.id") == "pattern-body-none"
    assert FOCUS_RING in focused_label_ring(page)
    page.keyboard.press("ArrowRight")
    count = wait_for_draw(page, count)
    assert checked_value(page, "pattern-body") == str(tee.stripes.pk)
    assert shown_price(page) == "$27.50"
    assert heard() == "Pattern for Body: Stripes. Price: $27.50"

    # Shift+Tab goes back to the body's swatches, Tab twice on to the sleeves.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"{FOCUSED}.id") == f"swatch-body-{sw['Navy'].pk}"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.name") == "zone-sleeves"
    page.keyboard.press("ArrowRight")
    count = wait_for_draw(page, count)
    assert checked_value(page, "zone-sleeves") == str(sw["Navy"].pk)
    assert heard() == "Sleeves: Navy. Price: $30.00"

    # The monogram: typed, drawn letter by letter, and said once the shopper pauses.
    tab_to(page, "#customizer-text")
    page.keyboard.type("ADA")
    page.wait_for_function(f"{RENDERED} >= {count + 3}")
    assert shown_price(page) == "$34.00"  # 24 + Navy 2.50 + Stripes 1 + Navy 2.50 + text 4
    page.wait_for_function(
        "document.querySelector('[data-announce]').textContent.includes('ADA')", timeout=5_000
    )
    assert heard() == "Monogram: ADA. Price: $34.00"
    page.evaluate("window.scrollTo(0, 0)")
    screenshot("customizer-keyboard")
    # Leaving the field queues "text used"; on SQLite let the batch go before the submit.
    settle_events(page, lambda: page.keyboard.press("Tab"), '"text_used":true')
    assert heard() == "Monogram: ADA. Price: $34.00"

    tab_to(page, ".buy-row button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cart/$"))
    assert "$34.00" in page.locator(".totals").inner_text()
    words = page.locator(".design-words").inner_text()
    assert "Navy, Stripes" in words and "ADA" in words

    line = wait_until(lambda: CartLine.objects.select_related("design").get())
    assert line.design.choices == {
        "body": {"swatch": sw["Navy"].pk, "pattern": tee.stripes.pk},
        "sleeves": {"swatch": sw["Navy"].pk, "pattern": None},
        "collar": {"swatch": sw["White"].pk, "pattern": None},
    }
    assert line.design.text == "ADA"


def mean_difference(one: Image.Image, other: Image.Image) -> list[float]:
    """The mean absolute difference of two RGB pictures, channel by channel."""
    pixels = one.width * one.height
    return [
        sum(level * n for level, n in enumerate(band.histogram())) / pixels
        for band in ImageChops.difference(one, other).split()
    ]


def canvas_vs_pillow(canvas: Image.Image, server: Image.Image) -> tuple[list[float], float, int]:
    """How far the canvas is from the server's render: the mean absolute difference per
    channel, the share of pixels within 6 levels on every channel, the largest difference."""
    assert canvas.size == server.size == (1024, 1024)
    red, green, blue = ImageChops.difference(canvas, server).split()
    worst = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    within = sum(worst.histogram()[:7]) / (canvas.width * canvas.height)
    return mean_difference(canvas, server), within, worst.getextrema()[1]


def server_render(tee: Tee, choices: dict) -> Image.Image:
    template = template_with_zones(template_id=tee.template.pk)
    return design_render(design_resolve(template=template, choices=choices)).convert("RGB")


def test_the_canvas_draws_what_pillow_renders(live_server, page, screenshot):
    tee = make_tee()
    sw = tee.swatches
    first = {
        "body": {"swatch": sw["Forest"].pk, "pattern": tee.stripes.pk},
        "sleeves": {"swatch": sw["Mustard"].pk, "pattern": None},
        "collar": {"swatch": sw["Navy"].pk, "pattern": None},
    }
    second = {  # the page changes to it by clicks; the pattern stays on the body
        "body": {"swatch": sw["Mustard"].pk, "pattern": tee.stripes.pk},
        "sleeves": {"swatch": sw["Red"].pk, "pattern": None},
        "collar": {"swatch": sw["White"].pk, "pattern": None},
    }
    # Rendered before the page opens: on SQLite a read racing the page's event flush fails.
    expected = {"first": server_render(tee, first), "second": server_render(tee, second)}
    query = (
        f"zone-body={sw['Forest'].pk}&pattern-body={tee.stripes.pk}"
        f"&zone-sleeves={sw['Mustard'].pk}&zone-collar={sw['Navy'].pk}"
    )
    page.goto(f"{live_server.url}{tee.product.url}?{query}")
    count = wait_for_draw(page, 0)
    screenshot("customizer-canvas-vs-pillow")
    canvas = canvas_png(page)
    assert max(mean_difference(canvas, tee.base.convert("RGB"))) > 10  # it is coloured

    means, within, largest = canvas_vs_pillow(canvas, expected["first"])
    report = f"first draw: mean per channel {means}, within 6 levels {within:.4%}, max {largest}"
    print(report)
    assert max(means) < 2, report
    assert within >= 0.995, report

    for zone, name in (("body", "Mustard"), ("sleeves", "Red"), ("collar", "White")):
        page.locator(f"fieldset[data-zone='{zone}'] label", has_text=name).click()
        count = wait_for_draw(page, count)
    means, within, largest = canvas_vs_pillow(canvas_png(page), expected["second"])
    report = f"redraw: mean per channel {means}, within 6 levels {within:.4%}, max {largest}"
    print(report)
    assert max(means) < 2, report
    assert within >= 0.995, report

    # Let the page report its events (within 5 s) so that none is sent while the test's
    # teardown empties the database.
    events = PreferenceEvent.objects.filter(product=tee.product)
    assert wait_until(lambda: events.count() == 4), list(events.values_list("kind", "zone_key"))
