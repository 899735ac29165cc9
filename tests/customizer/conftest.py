import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from storefront.customizer.models import (
    CustomizationTemplate,
    Palette,
    Pattern,
    Swatch,
    SwatchTranslation,
    Zone,
)
from storefront.products.models import ProductPage

SIZE = (64, 64)


def stored_image(title: str, picture: PILImage.Image):
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title}.png")
    )


def shaded_base() -> PILImage.Image:
    """Light grey with a horizontal shading ramp, like a photographed white product."""
    base = PILImage.new("RGB", SIZE)
    for x in range(SIZE[0]):
        grey = 200 + x * 50 // SIZE[0]
        ImageDraw.Draw(base).line([(x, 0), (x, SIZE[1])], fill=(grey, grey, grey))
    return base


def mask(box) -> PILImage.Image:
    drawn = PILImage.new("L", SIZE, 0)
    ImageDraw.Draw(drawn).rectangle(box, fill=255)
    return drawn


def stripes() -> PILImage.Image:
    tile = PILImage.new("L", (8, 8), 0)
    ImageDraw.Draw(tile).rectangle((0, 0, 3, 7), fill=255)
    return tile


@dataclass
class Customizable:
    product: ProductPage
    template: CustomizationTemplate
    red: Swatch
    navy: Swatch
    white: Swatch
    gold: Swatch  # in no palette of this template
    stripes: Pattern


@pytest.fixture
def customizable(product_factory) -> Customizable:
    red = Swatch.objects.create(name="Red", hex="#c0392b", price_delta=Decimal("0"))
    navy = Swatch.objects.create(name="Navy", hex="#1f2a44", price_delta=Decimal("2.50"))
    white = Swatch.objects.create(name="White", hex="#ffffff")
    gold = Swatch.objects.create(name="Gold", hex="#d4af37", price_delta=Decimal("5"))
    SwatchTranslation.objects.create(swatch=navy, language="fa", name="سرمه‌ای")
    body_palette = Palette.objects.create(name="Body colours")
    body_palette.swatches.set([red, navy, white])
    body_palette.save()  # modelcluster writes parental many-to-many on save
    trim_palette = Palette.objects.create(name="Trim colours")
    trim_palette.swatches.set([white, navy])
    trim_palette.save()
    striped = Pattern.objects.create(
        name="Stripes",
        key="stripes",
        tile=stored_image("stripes", stripes()),
        price_delta=Decimal("1.00"),
    )
    template = CustomizationTemplate.objects.create(
        name="Tee",
        base_image=stored_image("base", shaded_base()),
        text_enabled=True,
        text_max_length=3,
        text_allowed="ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        text_price_delta=Decimal("4"),
    )
    body = Zone.objects.create(
        template=template,
        key="body",
        label="Body",
        mask=stored_image("body", mask((0, 0, 31, 63))),
        palette=body_palette,
        default_swatch=red,
        sort_order=1,
    )
    body.patterns.set([striped])
    body.save()
    Zone.objects.create(
        template=template,
        key="collar",
        label="Collar",
        mask=stored_image("collar", mask((32, 0, 63, 15))),
        palette=trim_palette,
        default_swatch=white,
        sort_order=2,
    )
    product = product_factory(title="Custom tee", price="20.00")
    ProductPage.objects.filter(pk=product.pk).update(customization_template=template)
    product.refresh_from_db()
    return Customizable(
        product=product,
        template=template,
        red=red,
        navy=navy,
        white=white,
        gold=gold,
        stripes=striped,
    )
