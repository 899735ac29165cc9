"""The server-side preview: the same picture the browser composes on its canvas.

For each zone, in order: a colour layer (the swatch's colour, or the pattern tile tinted
with it over white) multiplies the base image, so the base's shading survives; the result
is laid over the picture through the zone's greyscale mask. The browser does the same with
``globalCompositeOperation = "multiply"`` and the mask as alpha.
"""

import io
from dataclasses import dataclass
from functools import lru_cache

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageChops, ImageDraw, ImageFont

WHITE = (255, 255, 255)
RENDER_DIRECTORY = "customizer/renders"


@dataclass(frozen=True)
class ZoneLayer:
    mask: Image.Image  # "L", the size of the base
    colour: tuple[int, int, int]
    pattern: Image.Image | None = None  # "L" tile; white keeps the colour, black is white


@dataclass(frozen=True)
class TextLayer:
    text: str
    colour: tuple[int, int, int]
    centre: tuple[float, float]  # fractions of width and height
    size: float  # fraction of the height


TEXT_CENTRES = {"chest": (0.5, 0.36), "center": (0.5, 0.5), "bottom": (0.5, 0.72)}


def tiled(tile: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The tile repeated over ``size``, as the canvas's ``createPattern(tile, "repeat")``."""
    return _tiled(tile.tobytes(), tile.size, size)


@lru_cache(maxsize=32)
def _tiled(data: bytes, tile_size: tuple[int, int], size: tuple[int, int]) -> Image.Image:
    tile = Image.frombytes("L", tile_size, data)
    canvas = Image.new("L", size)
    width, height = tile_size
    for top in range(0, size[1], height):
        for left in range(0, size[0], width):
            canvas.paste(tile, (left, top))
    return canvas


def compose(
    base: Image.Image, zones: list[ZoneLayer], text: TextLayer | None = None
) -> Image.Image:
    """Colour ``base`` zone by zone; returns a new RGB image of the same size."""
    base = base.convert("RGB")
    picture = base.copy()
    for zone in zones:
        box = zone.mask.getbbox()  # work only where the zone is: zones are small
        if box is None:
            continue
        region = base.crop(box)
        colour = Image.new("RGB", region.size, zone.colour)
        if zone.pattern is not None:
            # Crop the pattern tiled over the whole picture, so tiles line up across zones
            # and with the canvas, which tiles from the picture's origin.
            colour = Image.composite(
                colour,
                Image.new("RGB", region.size, WHITE),
                tiled(zone.pattern, base.size).crop(box),
            )
        picture.paste(ImageChops.multiply(region, colour), box[:2], zone.mask.crop(box))
    if text is not None and text.text.strip():
        _draw_text(picture, text)
    return picture


def _draw_text(picture: Image.Image, layer: TextLayer) -> None:
    width, height = picture.size
    font = ImageFont.load_default(size=max(8, round(layer.size * height)))
    draw = ImageDraw.Draw(picture)
    centre = (layer.centre[0] * width, layer.centre[1] * height)
    draw.text(centre, layer.text, fill=layer.colour, font=font, anchor="mm")


def open_image(file) -> Image.Image:
    """A decoded copy of a stored image file, cached by its storage name."""
    return _open_image(file.name).copy()


@lru_cache(maxsize=64)
def _open_image(name: str) -> Image.Image:
    with default_storage.open(name) as handle:
        image = Image.open(handle)
        image.load()
    return image


def render_path(content_hash: str) -> str:
    return f"{RENDER_DIRECTORY}/{content_hash[:2]}/{content_hash}.png"


def store_render(content_hash: str, build) -> str:
    """The storage path of the render for ``content_hash``, calling ``build()`` only when it
    was never rendered: same choices, same file, rendered once."""
    path = render_path(content_hash)
    if not default_storage.exists(path):
        buffer = io.BytesIO()
        build().save(buffer, format="PNG", optimize=False, compress_level=3)
        default_storage.save(path, ContentFile(buffer.getvalue()))
    return path
