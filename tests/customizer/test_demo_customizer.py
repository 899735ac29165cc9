"""The customizable products of the ``storefront_demo`` command, built from the customizer's
real demo art: templates, zones, swatches, palettes, patterns, galleries and designs."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from PIL import Image as PILImage
from PIL import ImageChops

from config.management.commands import storefront_demo
from storefront.customizer import demo_art as customizer_art
from storefront.customizer.models import (
    CustomizationTemplate,
    Design,
    Palette,
    Pattern,
    Swatch,
    SwatchTranslation,
    Zone,
)
from storefront.customizer.selectors import template_with_zones
from storefront.customizer.services import design_create, design_render, design_resolve
from storefront.products.models import ProductPage, StockRecord

ARABIC_SCRIPT = range(0x0600, 0x0700)


@pytest.fixture(scope="module")
def drawn_art() -> list[customizer_art.ProductArt]:
    """The customizer's demo art, drawn once for this module (about a second)."""
    return [draw() for draw in customizer_art.ALL_PRODUCTS]


@pytest.fixture
def demo_art_only_for_templates(monkeypatch, drawn_art):
    """Real customizer templates; plain pictures for the other products, whose drawing is
    tested in tests/products/test_demo_command.py."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 120), "#dfe6ee").save(buffer, "PNG")
    png = buffer.getvalue()
    monkeypatch.setattr(storefront_demo, "_render", lambda demo: [png] * demo.images)
    monkeypatch.setattr(customizer_art, "ALL_PRODUCTS", [lambda art=art: art for art in drawn_art])


def run_demo() -> str:
    out = io.StringIO()
    call_command("storefront_demo", stdout=out)
    return out.getvalue()


def customizable_products() -> list[ProductPage]:
    return list(
        ProductPage.objects.live()
        .filter(customization_template__isnull=False)
        .select_related("customization_template")
        .order_by("path")
    )


def decoded(image) -> PILImage.Image:
    with image.file.open("rb") as handle:
        picture = PILImage.open(handle)
        picture.load()
    return picture


def customizer_counts() -> dict[str, int]:
    return {
        "swatches": Swatch.objects.count(),
        "translations": SwatchTranslation.objects.count(),
        "palettes": Palette.objects.count(),
        "palette swatches": Palette.swatches.through.objects.count(),
        "patterns": Pattern.objects.count(),
        "templates": CustomizationTemplate.objects.count(),
        "zones": Zone.objects.count(),
        "zone patterns": Zone.patterns.through.objects.count(),
        "customizable": len(customizable_products()),
    }


@pytest.mark.django_db
def test_demo_makes_customizable_products_from_the_demo_art(demo_art_only_for_templates):
    output = run_demo()

    products = customizable_products()
    assert len(products) >= 3
    assert len(products) == len(storefront_demo.CUSTOM_PRODUCTS)
    art_by_key = {art.key: art for art in (draw() for draw in customizer_art.ALL_PRODUCTS)}
    for product in products:
        custom = next(c for c in storefront_demo.CUSTOM_PRODUCTS if c.sku == product.sku)
        art = art_by_key[custom.art]
        template = template_with_zones(template_id=product.customization_template_id)
        assert product.title in output
        assert "custom" in product.summary.lower() and "custom" in product.description.lower()

        base = decoded(template.base_image)
        assert base.size == art.base.size == (template.base_image.width, template.base_image.height)
        zones = list(template.zones.all())
        assert len(zones) >= 2, template.name
        assert [zone.key for zone in zones] == list(art.masks)
        for zone in zones:
            assert zone.label == art.zone_labels[zone.key]
            mask = decoded(zone.mask)
            assert mask.mode == "L" and mask.size == base.size, f"{template.name}.{zone.key}"
            assert (zone.mask.width, zone.mask.height) == base.size
            # the stored mask is the drawn one, pixel for pixel
            assert ImageChops.difference(mask, art.masks[zone.key]).getbbox() is None
            assert zone.default_swatch in zone.palette.swatches.all(), zone

        gallery = [item.image for item in product.gallery_images.order_by("sort_order")]
        assert len(gallery) >= 2
        assert len({image.file_hash for image in gallery}) == len(gallery)
        assert {(image.width, image.height) for image in gallery} == {base.size}
        # the first picture is the template's default design, as the customizer renders it
        default = design_render(design_resolve(template=template, choices={}))
        assert ImageChops.difference(decoded(gallery[0]).convert("RGB"), default).getbbox() is None

        variants = list(product.variants.all())
        assert variants
        stock = StockRecord.objects.filter(variant__in=variants)
        assert stock.count() == len(variants) and any(record.quantity for record in stock)


@pytest.mark.django_db
def test_demo_templates_text_and_patterns(demo_art_only_for_templates):
    run_demo()

    templates = {t.name: t for t in CustomizationTemplate.objects.all()}
    tee, mug, tote = templates["Custom T-shirt"], templates["Custom Mug"], templates["Custom Tote"]
    assert (tee.text_enabled, tee.text_max_length, tee.text_position) == (True, 3, "chest")
    assert "a" not in tee.text_allowed and {"A", "Z", "0", "9"} <= set(tee.text_allowed)
    assert (mug.text_max_length, tote.text_max_length) == (8, 12)  # a name fits on the mug
    for named in (mug, tote):
        assert named.text_enabled
        assert {"A", "z", "0"} <= set(named.text_allowed)
        assert named.text_price_delta > 0
    assert not templates["Custom Cap"].text_enabled
    for template in templates.values():
        template.full_clean()

    patterns = {pattern.key: pattern for pattern in Pattern.objects.all()}
    assert {"stripes", "dots", "checks"} <= set(patterns)
    for pattern in patterns.values():
        tile = decoded(pattern.tile)
        assert tile.mode == "L" and tile.size == (48, 48)
        assert tile.getextrema() == (0, 255)  # both colour and white ground
        assert pattern.price_delta > 0
    for template, key in ((tee, "body"), (mug, "body"), (tote, "bag")):
        zone = template.zones.get(key=key)
        assert set(zone.patterns.all()) == set(patterns.values()), f"{template.name}.{key}"


@pytest.mark.django_db
def test_demo_swatches_have_persian_names_and_palettes(demo_art_only_for_templates):
    run_demo()

    swatches = list(Swatch.objects.all())
    assert len(swatches) >= 12
    assert len({swatch.name for swatch in swatches}) == len(swatches)
    assert len({swatch.hex.lower() for swatch in swatches}) == len(swatches)
    for swatch in swatches:
        swatch.full_clean()
        persian = swatch.display_name("fa")
        assert persian != swatch.name
        assert any(ord(char) in ARABIC_SCRIPT for char in persian), swatch.name
        assert swatch.display_name("en") == swatch.name
    assert Swatch.objects.get(name="Midnight Navy").display_name("fa") == "سرمه‌ای"
    assert Swatch.objects.get(name="Gold").price_delta == Decimal("2.00")
    assert Swatch.objects.filter(price_delta=0).count() >= 12

    palettes = {palette.name: set(palette.swatches.all()) for palette in Palette.objects.all()}
    assert palettes["All colours"] == set(swatches)
    neutrals = {swatch.name for swatch in palettes["Neutrals"]}
    assert neutrals == {"Snow White", "Charcoal", "Midnight Navy", "Black", "Sand"}
    assert 2 < len(palettes["Laces & trims"]) < len(swatches)


@pytest.mark.django_db
def test_a_design_can_be_made_for_every_customizable_product(demo_art_only_for_templates):
    run_demo()

    products = customizable_products()
    gold = Swatch.objects.get(name="Gold")
    stripes = Pattern.objects.get(key="stripes")
    for product in products:
        template = template_with_zones(template_id=product.customization_template_id)
        design = design_create(product=product, choices={})
        assert design.price_delta == 0
        assert [line[0] for line in design.description] == [z.label for z in template.zones.all()]
        assert design.preview and design.template_id == template.pk

        # a premium colour, a pattern where one is offered and a text where one is taken
        zone = next((z for z in template.zones.all() if z.patterns.exists()), None)
        if zone is None:
            continue
        choices = {zone.key: {"swatch": gold.pk, "pattern": stripes.pk}}
        text = "AB1" if template.text_enabled else ""
        fancy = design_create(product=product, choices=choices, text=text)
        expected = gold.price_delta + stripes.price_delta
        if text:
            expected += template.text_price_delta
        assert fancy.price_delta == expected
    assert Design.objects.filter(product__in=products).count() >= len(products)


@pytest.mark.django_db
def test_a_second_run_adds_no_customizer_objects(demo_art_only_for_templates):
    run_demo()
    first = customizer_counts()
    tee = ProductPage.objects.get(sku="TEE-CUS-DIY")
    navy = Swatch.objects.get(name="Midnight Navy")
    navy.hex = "#202b45"  # an edit the next run must keep
    navy.save()

    output = run_demo()

    assert customizer_counts() == first
    assert "nothing new" in output
    assert Swatch.objects.get(name="Midnight Navy").hex == "#202b45"
    assert ProductPage.objects.get(sku="TEE-CUS-DIY").customization_template_id == (
        tee.customization_template_id
    )


@pytest.mark.django_db
def test_a_missing_product_is_rebuilt_on_its_existing_template(demo_art_only_for_templates):
    run_demo()
    mug = ProductPage.objects.get(sku="MUG-CUS-NAM")
    template_id = mug.customization_template_id
    mug.delete()

    output = run_demo()

    assert "Created 1 product (1 customizable;" in output
    again = ProductPage.objects.get(sku="MUG-CUS-NAM")
    assert again.customization_template_id == template_id
    assert CustomizationTemplate.objects.filter(name="Custom Mug").count() == 1
    assert again.gallery_images.count() == 2


@pytest.mark.django_db
def test_the_customizable_product_page_renders(client, demo_art_only_for_templates):
    run_demo()

    for product in customizable_products():
        response = client.get(product.url)
        assert response.status_code == 200, product.title
        assert product.title in response.content.decode()
