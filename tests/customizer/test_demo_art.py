"""The customizer's demo artwork: a light base and disjoint zone masks per product.

Pure Pillow; none of these tests touches the database."""

import pytest
from PIL import Image, ImageMath, ImageStat

from storefront.customizer import demo_art

SIZE = (demo_art.SIZE, demo_art.SIZE)
# Zones are cut apart before they are downscaled; two anti-aliased edges that meet may
# round to a hair over 255 together, a real overlap would add up to far more.
OVERLAP_TOLERANCE = 2


@pytest.fixture(scope="module", params=demo_art.ALL_PRODUCTS, ids=lambda fn: fn.__name__)
def art(request) -> demo_art.ProductArt:
    return request.param()


def inside(mask: Image.Image) -> Image.Image:
    """The pixels clearly inside a zone, leaving out its anti-aliased edge."""
    return mask.point(lambda v: 255 if v >= 128 else 0)


def test_base_is_an_rgb_square(art):
    assert art.base.mode == "RGB"
    assert art.base.size == SIZE


def test_every_zone_has_a_label_and_a_full_size_non_empty_mask(art):
    assert art.masks
    assert set(art.masks) == set(art.zone_labels)
    for zone, mask in art.masks.items():
        assert mask.mode == "L", zone
        assert mask.size == SIZE, zone
        assert mask.getbbox() is not None, f"{art.key}.{zone} is empty"
        assert mask.getextrema() == (0, 255), f"{art.key}.{zone} is never fully inside"


def test_zones_do_not_overlap(art):
    total = ImageMath.lambda_eval(
        lambda args: sum(args[zone] for zone in art.masks),
        **{zone: mask.convert("I") for zone, mask in art.masks.items()},
    )
    assert total.getextrema()[1] <= 255 + OVERLAP_TOLERANCE


def test_zones_are_light_enough_to_take_colour(art):
    grey = art.base.convert("L")
    for zone, mask in art.masks.items():
        mean = ImageStat.Stat(grey, mask=inside(mask)).mean[0]
        assert mean > 150, f"{art.key}.{zone} is too dark to colour: {mean:.0f}"


def test_the_backdrop_is_near_white(art):
    grey = art.base.convert("L")
    outside = Image.new("L", SIZE, 255)
    for mask in art.masks.values():
        outside.paste(0, mask=inside(mask))
    corners = [grey.getpixel(point) for point in ((4, 4), (1019, 4), (4, 1019), (1019, 1019))]
    assert min(corners) >= 235
    assert ImageStat.Stat(grey, mask=outside).mean[0] > 230


def test_preview_colours_each_zone_and_keeps_the_rest():
    art = demo_art.mug_art()
    colours = {"body": (200, 30, 40), "handle": (20, 40, 90), "rim": (250, 200, 60)}
    picture = demo_art.preview(art, colours)
    assert picture.mode == "RGB"
    assert picture.size == SIZE
    for zone, colour in colours.items():
        region = inside(art.masks[zone])
        red, green, blue = ImageStat.Stat(picture, mask=region).mean
        base = ImageStat.Stat(art.base.convert("L"), mask=region).mean[0]
        # multiplied: the colour, darkened by the base's own shade
        for got, want in zip((red, green, blue), colour, strict=True):
            assert got == pytest.approx(want * base / 255, abs=4)
    assert picture.getpixel((4, 4)) == art.base.getpixel((4, 4))


def test_the_artwork_is_deterministic():
    first, second = demo_art.cap_art(), demo_art.cap_art()
    assert first.base.tobytes() == second.base.tobytes()
    for zone in first.masks:
        assert first.masks[zone].tobytes() == second.masks[zone].tobytes()
