"""Designs are checked against their template, priced on the server and rendered once."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image

from storefront.customizer.models import Design
from storefront.customizer.rendering import render_path
from storefront.customizer.selectors import template_with_zones
from storefront.customizer.services import (
    DesignError,
    design_create,
    design_render,
    design_resolve,
)


def resolve(customizable, choices, text=""):
    template = template_with_zones(template_id=customizable.template.pk)
    return design_resolve(template=template, choices=choices, text=text)


def test_zones_left_out_take_their_default_swatch(customizable):
    resolved = resolve(customizable, {"body": {"swatch": customizable.navy.pk}})

    assert resolved.choices == {
        "body": {"swatch": customizable.navy.pk, "pattern": None},
        "collar": {"swatch": customizable.white.pk, "pattern": None},
    }


def test_price_delta_adds_swatches_patterns_and_text(customizable):
    resolved = resolve(
        customizable,
        {
            "body": {"swatch": customizable.navy.pk, "pattern": customizable.stripes.pk},
            "collar": {"swatch": customizable.navy.pk},
        },
        text="ABC",
    )

    assert resolved.price_delta == Decimal("2.50") + Decimal("1.00") + Decimal("2.50") + 4


def test_choices_are_described_in_words_in_the_active_language(customizable):
    resolved = resolve(
        customizable,
        {"body": {"swatch": customizable.navy.pk, "pattern": customizable.stripes.pk}},
        text="AB",
    )

    assert resolved.describe() == [
        ("Body", "Navy, Stripes"),
        ("Collar", "White"),
        ("Monogram", "AB"),
    ]
    with translation.override("fa"):
        assert resolved.describe()[0] == ("Body", "سرمه‌ای, Stripes")


@pytest.mark.parametrize(
    ("choices", "text", "field"),
    [
        ({"sleeves": {"swatch": 1}}, "", "zones.sleeves"),
        ({"body": {"swatch": "red"}}, "", "zones.body.swatch"),
        ({"body": {"swatch": True}}, "", "zones.body.swatch"),
        ({"body": {"swatch": 1, "price": "0.01"}}, "", "zones.body.price"),
        ({"body": "red"}, "", "zones.body"),
        ([], "", "zones"),
        ({}, "ABCD", "text"),
        ({}, "ab", "text"),
        ({}, "A!", "text"),
        ({}, 12, "text"),
    ],
)
def test_bad_choices_name_the_field_to_change(customizable, choices, text, field):
    with pytest.raises(DesignError) as refused:
        resolve(customizable, choices, text)

    assert refused.value.field == field


def test_a_swatch_of_another_palette_is_refused(customizable):
    with pytest.raises(DesignError, match="not offered for Collar") as refused:
        resolve(customizable, {"collar": {"swatch": customizable.red.pk}})
    assert refused.value.field == "zones.collar.swatch"


def test_an_inactive_swatch_is_refused(customizable):
    customizable.navy.active = False
    customizable.navy.save()

    with pytest.raises(DesignError):
        resolve(customizable, {"body": {"swatch": customizable.navy.pk}})


def test_a_pattern_the_zone_does_not_offer_is_refused(customizable):
    with pytest.raises(DesignError) as refused:
        resolve(
            customizable,
            {"collar": {"swatch": customizable.white.pk, "pattern": customizable.stripes.pk}},
        )
    assert refused.value.field == "zones.collar.pattern"


def test_a_refused_design_stores_nothing(customizable):
    with pytest.raises(DesignError):
        design_create(product=customizable.product, choices={"body": {"swatch": 999999}})

    assert Design.objects.count() == 0


def test_a_product_without_template_cannot_be_customized(product_factory):
    with pytest.raises(DesignError) as refused:
        design_create(product=product_factory(), choices={})
    assert refused.value.field == "product"


def test_render_multiplies_the_colour_into_the_shading_inside_the_mask(customizable):
    resolved = resolve(customizable, {"body": {"swatch": customizable.red.pk}})

    picture = design_render(resolved)

    base = Image.open(customizable.template.base_image.file).convert("RGB")
    x, y = 10, 40  # inside the body mask
    grey = base.getpixel((x, y))[0]
    expected = [grey * c / 255 for c in (0xC0, 0x39, 0x2B)]
    assert all(
        abs(got - want) <= 1 for got, want in zip(picture.getpixel((x, y)), expected, strict=True)
    )
    assert picture.getpixel((50, 40)) == base.getpixel((50, 40))  # outside every zone


def test_a_pattern_keeps_the_colour_where_the_tile_is_white(customizable):
    resolved = resolve(
        customizable,
        {"body": {"swatch": customizable.navy.pk, "pattern": customizable.stripes.pk}},
    )

    picture = design_render(resolved)
    base = Image.open(customizable.template.base_image.file).convert("RGB")

    assert picture.getpixel((1, 30)) != base.getpixel((1, 30))  # stripe: navy
    assert picture.getpixel((5, 30)) == base.getpixel((5, 30))  # gap: white × base


def test_same_choices_render_once_to_the_same_file(customizable, monkeypatch):
    choices = {"body": {"swatch": customizable.navy.pk}}
    first = design_create(product=customizable.product, choices=choices)
    assert first.preview == render_path(first.content_hash)
    assert default_storage.exists(first.preview)

    def must_not_render(*args, **kwargs):
        raise AssertionError("rendered twice")

    monkeypatch.setattr("storefront.customizer.services.design_render", must_not_render)
    second = design_create(product=customizable.product, choices=choices)

    assert second.content_hash == first.content_hash
    assert second.share_token != first.share_token
    assert second.preview == first.preview
