"""Product artwork for the demo shop, drawn with Pillow.

Every picture is drawn in a 1000 x 1000 design space onto a canvas twice the final size and
scaled down with LANCZOS, which anti-aliases the edges. A product is painted onto its own
transparent layer from shaded parts (a base colour with a gentle gradient, soft highlights and
folds clipped to the part), then dropped onto a pastel background with a soft shadow.

Nothing here is random: the same arguments always give the same pixels.

    >>> image = product_image("tshirt", "#3d6fb6")                  # a PIL image, 1200 x 1200
    >>> png = image_bytes(gallery_image("mug", "#e4572e", view=2))  # a detail view as PNG
"""

from __future__ import annotations

import colorsys
import functools
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from io import BytesIO

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZE = 1200
SUPERSAMPLE = 2

Colour = tuple[int, int, int]
Point = tuple[float, float]
ColourLike = str | Sequence[int]

WHITE: Colour = (255, 255, 255)
BLACK: Colour = (0, 0, 0)


# --- colours ---------------------------------------------------------------------------------


def rgb(colour: ColourLike) -> Colour:
    """``"#3d6fb6"``, ``"3d6fb6"``, ``"#36b"`` or an (r, g, b) sequence as an RGB tuple."""
    if isinstance(colour, str):
        value = colour.strip().lstrip("#")
        if len(value) == 3:
            value = "".join(c * 2 for c in value)
        if len(value) != 6:
            raise ValueError(f"Not a hex colour: {colour!r}")
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    r, g, b = (int(c) for c in list(colour)[:3])
    return (r, g, b)


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def lighten(colour: Colour, t: float) -> Colour:
    return mix(colour, WHITE, t)


def darken(colour: Colour, t: float) -> Colour:
    return mix(colour, BLACK, t)


def luminance(colour: Colour) -> float:
    r, g, b = colour
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255


def _hls(colour: Colour) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*(c / 255 for c in colour))


def _from_hls(h: float, lum: float, s: float) -> Colour:
    r, g, b = colorsys.hls_to_rgb(h % 1.0, min(max(lum, 0.0), 1.0), min(max(s, 0.0), 1.0))
    return (round(r * 255), round(g * 255), round(b * 255))


def auto_accent(colour: Colour) -> Colour:
    """A contrasting accent for ``colour``: its complement, kept readable against it."""
    h, lum, s = _hls(colour)
    if s < 0.12:  # greys, black and white get a warm coral accent
        return (232, 108, 82) if lum > 0.35 else (246, 196, 84)
    return _from_hls(h + 0.5, 0.78 if lum < 0.5 else 0.32, min(0.75, s + 0.15))


def pastel_background(colour: Colour, hue_shift: float = 0.0) -> tuple[Colour, Colour]:
    """A light top and a slightly deeper bottom colour for a studio-like backdrop."""
    h, _lum, s = _hls(colour)
    sat = min(0.45, s * 0.55 + 0.08)
    top = _from_hls(h + hue_shift, 0.95, sat)
    bottom = _from_hls(h + hue_shift, 0.86, sat)
    return top, bottom


# --- geometry ---------------------------------------------------------------------------------


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 28) -> list[Point]:
    """Points along a cubic Bézier curve, both ends included."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        points.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return points


def path(*pieces: Point | Sequence[Point]) -> list[Point]:
    """Join points and point lists into one outline, dropping repeated joints."""
    out: list[Point] = []
    for piece in pieces:
        seq = [piece] if isinstance(piece[0], int | float) else piece
        for point in seq:
            point = (float(point[0]), float(point[1]))
            if not out or out[-1] != point:
                out.append(point)
    return out


def arc_points(
    cx: float, cy: float, rx: float, ry: float, start: float, end: float, steps: int = 40
) -> list[Point]:
    """Points on an ellipse from ``start`` to ``end`` degrees (0 = right, 90 = down)."""
    return [
        (
            cx + rx * math.cos(math.radians(start + (end - start) * i / steps)),
            cy + ry * math.sin(math.radians(start + (end - start) * i / steps)),
        )
        for i in range(steps + 1)
    ]


def offset_polyline(points: Sequence[Point], distance: float) -> list[Point]:
    """The polyline moved sideways by ``distance`` (positive = to the left of travel)."""
    out = []
    for i, (x, y) in enumerate(points):
        ax, ay = points[max(i - 1, 0)]
        bx, by = points[min(i + 1, len(points) - 1)]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        out.append((x + dy / length * distance, y - dx / length * distance))
    return out


# --- the canvas -------------------------------------------------------------------------------


def _gradient(size: tuple[int, int], fn: Callable[[float, float], float]) -> Image.Image:
    """An L image of ``size`` whose value at relative (u, v) is ``fn(u, v)`` in 0..1."""
    return _small_gradient(fn).resize(size, Image.Resampling.BILINEAR)


@functools.lru_cache(maxsize=16)
def _small_gradient(fn: Callable[[float, float], float], grid: int = 48) -> Image.Image:
    small = Image.new("L", (grid, grid))
    small.putdata(
        [
            round(255 * min(max(fn(x / (grid - 1), y / (grid - 1)), 0.0), 1.0))
            for y in range(grid)
            for x in range(grid)
        ]
    )
    return small


def _diagonal(u: float, v: float) -> float:
    return 1.0 - (0.55 * u + 0.45 * v)


def _cylinder(u: float, _v: float) -> float:
    # Lit from the left: bright band at a third of the width, falling off to both edges.
    return 0.5 + 0.5 * math.cos((u - 0.3) * math.pi * 1.25)


def _dome(u: float, v: float) -> float:
    return 1.0 - min(1.0, math.hypot(u - 0.35, v - 0.25) * 1.25)


def _vertical(_u: float, v: float) -> float:
    return 1.0 - v


SHADES: dict[str, Callable[[float, float], float]] = {
    "diagonal": _diagonal,
    "cylinder": _cylinder,
    "dome": _dome,
    "vertical": _vertical,
}


class Art:
    """A transparent product layer with a design-space transform (1000 units = the canvas)."""

    def __init__(self, *, zoom: float = 1.0, focus: Point = (500.0, 500.0)):
        self.px = SIZE * SUPERSAMPLE
        self.k = self.px / 1000 * zoom
        self.focus = focus
        self.layer = Image.new("RGBA", (self.px, self.px), (0, 0, 0, 0))
        self.ground: tuple[float, float, float, float] | None = None
        self._small: tuple[Image.Image, int, int] | None = None

    # transforms
    def pt(self, x: float, y: float) -> Point:
        return (
            (x - self.focus[0]) * self.k + self.px / 2,
            (y - self.focus[1]) * self.k + self.px / 2,
        )

    def pts(self, points: Iterable[Point]) -> list[Point]:
        return [self.pt(x, y) for x, y in points]

    def box(self, x0: float, y0: float, x1: float, y1: float) -> list[float]:
        a, b = self.pt(x0, y0), self.pt(x1, y1)
        return [a[0], a[1], b[0], b[1]]

    def u(self, length: float) -> float:
        return length * self.k

    # masks
    def mask(self) -> Image.Image:
        return Image.new("L", (self.px, self.px), 0)

    def poly(self, points: Sequence[Point], mask: Image.Image | None = None) -> Image.Image:
        mask = mask or self.mask()
        ImageDraw.Draw(mask).polygon(self.pts(points), fill=255)
        return mask

    def ellipse(
        self, x0: float, y0: float, x1: float, y1: float, mask: Image.Image | None = None
    ) -> Image.Image:
        mask = mask or self.mask()
        ImageDraw.Draw(mask).ellipse(self.box(x0, y0, x1, y1), fill=255)
        return mask

    def rounded(
        self, x0: float, y0: float, x1: float, y1: float, radius: float, mask=None
    ) -> Image.Image:
        mask = mask or self.mask()
        ImageDraw.Draw(mask).rounded_rectangle(
            self.box(x0, y0, x1, y1), radius=self.u(radius), fill=255
        )
        return mask

    def line_mask(self, points: Sequence[Point], width: float, *more: Sequence[Point]):
        """A mask of round-capped lines ``width`` wide along ``points`` (and ``more``)."""
        mask = self.mask()
        draw = ImageDraw.Draw(mask)
        w = max(1, round(self.u(width)))
        r = w / 2
        for line in (points, *more):
            pixels = self.pts(line)
            draw.line(pixels, fill=255, width=w, joint="curve")
            for x, y in (pixels[0], pixels[-1]):  # round caps
                draw.ellipse([x - r, y - r, x + r, y + r], fill=255)
        return mask

    def soft(self, mask: Image.Image, radius: float) -> Image.Image:
        """``mask`` blurred by ``radius`` design units (blurred small, then scaled back up)."""
        bbox = mask.getbbox()
        out = self.mask()
        if not bbox:
            return out
        pad = round(self.u(radius) * 3) + 8
        x0, y0 = max(0, bbox[0] - pad), max(0, bbox[1] - pad)
        x1, y1 = min(self.px, bbox[2] + pad), min(self.px, bbox[3] + pad)
        part = mask.crop((x0, y0, x1, y1))
        # Wide blurs can be done on a smaller copy without anyone seeing the difference.
        factor = 8 if self.u(radius) >= 48 else 4
        small = part.reduce(factor)
        small = small.filter(ImageFilter.GaussianBlur(self.u(radius) / factor))
        out.paste(small.resize(part.size, Image.Resampling.BILINEAR), (x0, y0))
        return out

    def clip(self, mask: Image.Image, clip: Image.Image) -> Image.Image:
        """The part of ``mask`` inside ``clip`` (their product), computed on the overlap only."""
        a, b = mask.getbbox(), clip.getbbox()
        out = self.mask()
        if not a or not b:
            return out
        box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
        if box[0] >= box[2] or box[1] >= box[3]:
            return out
        out.paste(ImageChops.multiply(mask.crop(box), clip.crop(box)), box[:2])
        return out

    def cut(self, mask: Image.Image, hole: Image.Image) -> Image.Image:
        """``mask`` with ``hole`` taken out."""
        return ImageChops.subtract(mask, hole)

    # painting
    def paint(
        self,
        mask: Image.Image,
        colour: Colour,
        shade: str | None = "diagonal",
        strength: float = 0.12,
        edge: float = 0.0,
    ) -> None:
        """Fill ``mask`` with ``colour``, shaded light-to-dark; ``edge`` darkens the rim."""
        bbox = mask.getbbox()
        if not bbox:
            return
        part = mask.crop(bbox)
        size = part.size
        if shade:
            # Each channel runs from the dark to the light shade along the gradient.
            light, dark = lighten(colour, strength), darken(colour, strength * 1.1)
            gradient = _gradient(size, SHADES[shade])
            bands = [
                gradient.point([round(d + (lt - d) * v / 255) for v in range(256)])
                for lt, d in zip(light, dark, strict=True)
            ]
        else:
            bands = [Image.new("L", size, c) for c in colour]
        self.layer.alpha_composite(Image.merge("RGBA", (*bands, part)), bbox[:2])
        if edge:
            self.rim(mask, radius=14, strength=edge)

    def overlay(self, alpha: Image.Image, colour: Colour, opacity: float = 1.0) -> None:
        """Composite ``colour`` through the ``alpha`` mask (already clipped) at ``opacity``."""
        bbox = alpha.getbbox()
        if not bbox:
            return
        part = alpha.crop(bbox)
        if opacity < 1.0:
            part = part.point(lambda v: round(v * opacity))
        fill = Image.new("RGB", part.size, colour)
        fill.putalpha(part)
        self.layer.alpha_composite(fill, bbox[:2])

    def glow(
        self,
        clip: Image.Image,
        shape: Image.Image,
        colour: Colour,
        opacity: float,
        blur: float,
    ) -> None:
        """A soft highlight or shadow (``shape`` blurred) inside ``clip``."""
        self.overlay(self.clip(self.soft(shape, blur), clip), colour, opacity)

    def rim(self, mask: Image.Image, radius: float = 14, strength: float = 0.3) -> None:
        """Darken the inside of a part along its outline, which gives it volume."""
        bbox = mask.getbbox()
        if not bbox:
            return
        inner = self.mask()
        inner.paste(ImageChops.subtract(mask.crop(bbox), self.soft(mask, radius).crop(bbox)), bbox)
        self.overlay(inner, BLACK, min(1.0, strength * 2))

    def stroke(
        self,
        points: Sequence[Point],
        colour: Colour,
        width: float,
        clip: Image.Image | None = None,
        opacity: float = 1.0,
        blur: float = 0.0,
        more: Sequence[Sequence[Point]] = (),
    ) -> None:
        """Lines along ``points`` and each of ``more`` in one go."""
        mask = self.line_mask(points, width, *more)
        if blur:
            mask = self.soft(mask, blur)
        if clip is not None:
            mask = self.clip(mask, clip)
        self.overlay(mask, colour, opacity)

    def stitch(
        self,
        points: Sequence[Point],
        colour: Colour,
        width: float = 3.0,
        dash: float = 12.0,
        gap: float = 8.0,
        clip: Image.Image | None = None,
        opacity: float = 0.55,
    ) -> None:
        """A dashed seam along ``points``."""
        mask = self.mask()
        draw = ImageDraw.Draw(mask)
        w = max(1, round(self.u(width)))
        on, carry = True, 0.0
        for (ax, ay), (bx, by) in itertools.pairwise(points):
            seg = math.hypot(bx - ax, by - ay)
            pos = 0.0
            while pos < seg:
                run = (dash if on else gap) - carry
                end = min(seg, pos + run)
                if on:
                    p = (ax + (bx - ax) * pos / seg, ay + (by - ay) * pos / seg)
                    q = (ax + (bx - ax) * end / seg, ay + (by - ay) * end / seg)
                    draw.line([self.pt(*p), self.pt(*q)], fill=255, width=w)
                if end - pos < run:
                    carry += end - pos
                    break
                carry = 0.0
                on = not on
                pos = end
        if clip is not None:
            mask = self.clip(mask, clip)
        self.overlay(mask, colour, opacity)

    # output
    def render(
        self,
        background: tuple[Colour, Colour],
        rotate: float = 0.0,
        scale: float = 1.0,
        shadow: float = 0.32,
        shadow_offset: Point = (10.0, 22.0),
    ) -> Image.Image:
        """The product on ``background`` (top and bottom colours) at the final size.

        ``scale`` shrinks or grows the product about the centre of the picture and ``rotate``
        turns it (degrees, counter-clockwise); the layer is left as it is, so one drawing
        can be rendered several times."""
        layer = self._final_layer(rotate, scale)
        top, bottom = background
        canvas = _backdrop(top, bottom).copy()
        shadow_colour = darken(mix(top, bottom, 0.5), 0.55)
        k = SIZE / self.px * scale  # final pixels per canvas pixel
        factor = 4  # shadows are blurred at a quarter of the size

        if self.ground is not None:
            small = Image.new("L", (SIZE // factor,) * 2, 0)
            x0, y0, x1, y1 = self.box(*self.ground)
            centre = self.px / 2
            ImageDraw.Draw(small).ellipse(
                [((v - centre) * k + SIZE / 2) / factor for v in (x0, y0, x1, y1)], fill=255
            )
            small = small.filter(ImageFilter.GaussianBlur(self.u(18) * k / factor))
            if rotate:
                small = small.rotate(rotate, resample=Image.Resampling.BILINEAR)
            contact = small.resize((SIZE, SIZE), Image.Resampling.BICUBIC)
            self._composite(canvas, contact, shadow_colour, 0.45)

        # The drop shadow: the layer's silhouette, moved and blurred.
        alpha = layer.getchannel("A").reduce(factor)
        moved = Image.new("L", alpha.size, 0)
        dx = round(self.u(shadow_offset[0]) * k / factor)
        dy = round(self.u(shadow_offset[1]) * k / factor)
        moved.paste(alpha, (dx, dy))
        moved = moved.filter(ImageFilter.GaussianBlur(self.u(16) * k / factor))
        self._composite(
            canvas, moved.resize((SIZE, SIZE), Image.Resampling.BICUBIC), shadow_colour, shadow
        )

        canvas.alpha_composite(layer)
        return canvas.convert("RGB")

    def _downscaled(self) -> tuple[Image.Image, int, int]:
        """The product's bounding box scaled to the final size, and where it goes.

        Scaling down from twice the size with LANCZOS is the anti-aliasing step; Pillow
        resizes RGBA with premultiplied alpha, so edges pick up no dark fringes."""
        if self._small is None:
            bbox = self.layer.getchannel("A").getbbox() or (0, 0, 2, 2)
            f = self.px // SIZE
            box = (
                bbox[0] - bbox[0] % f,
                bbox[1] - bbox[1] % f,
                min(self.px, bbox[2] + (-bbox[2]) % f),
                min(self.px, bbox[3] + (-bbox[3]) % f),
            )
            part = self.layer.crop(box).resize(
                ((box[2] - box[0]) // f, (box[3] - box[1]) // f), Image.Resampling.LANCZOS
            )
            self._small = (part, box[0] // f, box[1] // f)
        return self._small

    def _final_layer(self, rotate: float, scale: float) -> Image.Image:
        """The product at the final size, scaled and turned about the picture's centre."""
        part, x0, y0 = self._downscaled()
        layer = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
        cx, cy = x0 + part.width / 2 - SIZE / 2, y0 + part.height / 2 - SIZE / 2
        if scale != 1.0:
            part = part.resize(
                (max(1, round(part.width * scale)), max(1, round(part.height * scale))),
                Image.Resampling.LANCZOS,
            )
            cx, cy = cx * scale, cy * scale
        if rotate:
            part = part.rotate(rotate, resample=Image.Resampling.BICUBIC, expand=True)
            a = math.radians(rotate)
            cx, cy = cx * math.cos(a) + cy * math.sin(a), -cx * math.sin(a) + cy * math.cos(a)
        x = round(cx + SIZE / 2 - part.width / 2)
        y = round(cy + SIZE / 2 - part.height / 2)
        crop = (max(0, -x), max(0, -y), min(part.width, SIZE - x), min(part.height, SIZE - y))
        if crop[0] < crop[2] and crop[1] < crop[3]:
            layer.alpha_composite(part, (max(0, x), max(0, y)), crop)
        return layer

    @staticmethod
    def _composite(canvas: Image.Image, alpha: Image.Image, colour: Colour, opacity: float):
        alpha = alpha.point(lambda v: round(v * opacity))
        fill = Image.new("RGBA", canvas.size, colour)
        fill.putalpha(alpha)
        canvas.alpha_composite(fill)


@functools.lru_cache(maxsize=8)
def _spotlight() -> Image.Image:
    spot = Image.radial_gradient("L").resize((SIZE, SIZE), Image.Resampling.BICUBIC)
    return spot.point(lambda v: round(max(0.0, 255 - v * 1.6) * 0.55))


@functools.lru_cache(maxsize=32)
def _backdrop(top: Colour, bottom: Colour) -> Image.Image:
    """A studio backdrop: a vertical gradient with a soft light behind the product."""
    canvas = Image.composite(
        Image.new("RGB", (SIZE, SIZE), bottom),
        Image.new("RGB", (SIZE, SIZE), top),
        Image.linear_gradient("L").resize((SIZE, SIZE), Image.Resampling.BICUBIC),
    )
    canvas = Image.composite(
        Image.new("RGB", (SIZE, SIZE), lighten(top, 0.5)), canvas, _spotlight()
    )
    return canvas.convert("RGBA")


# --- products ---------------------------------------------------------------------------------


def _print_badge(art: Art, cx: float, cy: float, r: float, colour: Colour, clip: Image.Image):
    """A little round chest print: a disc with a wave and a sun."""
    disc = art.ellipse(cx - r, cy - r, cx + r, cy + r)
    disc = art.clip(disc, clip)
    art.overlay(disc, colour, 0.95)
    wave = path(
        (cx - r, cy + r * 0.15),
        bezier(
            (cx - r, cy + r * 0.15),
            (cx - r * 0.4, cy - r * 0.25),
            (cx + r * 0.2, cy + r * 0.45),
            (cx + r, cy),
        ),
        (cx + r, cy + r),
        (cx - r, cy + r),
    )
    art.overlay(art.clip(art.poly(wave), disc), darken(colour, 0.35), 0.95)
    sun = art.ellipse(cx - r * 0.28, cy - r * 0.62, cx + r * 0.28, cy - r * 0.06)
    art.overlay(art.clip(sun, disc), lighten(colour, 0.75), 0.95)
    ring = art.cut(
        art.ellipse(cx - r, cy - r, cx + r, cy + r),
        art.ellipse(cx - r + 6, cy - r + 6, cx + r - 6, cy + r - 6),
    )
    art.overlay(art.clip(ring, clip), darken(colour, 0.35), 0.9)


def draw_tshirt(art: Art, colour: Colour, accent: Colour) -> None:
    neck_l, neck_r = (424.0, 212.0), (576.0, 212.0)
    back_neck = bezier(neck_r, (550, 232), (450, 232), neck_l)
    front_neck = bezier(neck_l, (436, 292), (564, 292), neck_r)
    left = path(
        neck_l,
        bezier(neck_l, (380, 225), (330, 232), (298, 246)),
        bezier((298, 246), (250, 270), (205, 310), (168, 352)),
        (236, 448),
        bezier((236, 448), (270, 420), (300, 400), (330, 392)),
        bezier((330, 392), (328, 520), (318, 690), (318, 818)),
        bezier((318, 818), (380, 826), (440, 829), (500, 829)),
    )
    right = [(1000 - x, y) for x, y in reversed(left)]
    body = art.poly(path(left, right[1:], back_neck))
    art.paint(body, colour, "diagonal", 0.10, edge=0.18)

    # Sleeve seams, hems and folds.
    for sign in (1, -1):

        def m(p, s=sign):
            return (p[0], p[1]) if s == 1 else (1000 - p[0], p[1])

        seam = [m(p) for p in bezier((298, 246), (318, 300), (330, 350), (330, 392))]
        art.stroke(seam, darken(colour, 0.25), 3, clip=body, opacity=0.45)
        cuff = [m((183, 370)), m((250, 462))]
        art.stitch(offset_polyline(cuff, -4 * sign), darken(colour, 0.35), clip=body)
        fold = [m((335, 420)), m((390, 520)), m((410, 640))]
        art.stroke(fold, darken(colour, 0.3), 26, clip=body, opacity=0.22, blur=16)
        shine = [m((380, 300)), m((420, 460)), m((430, 620))]
        art.stroke(shine, lighten(colour, 0.5), 40, clip=body, opacity=0.16, blur=28)
    hem = bezier((322, 790), (420, 802), (580, 802), (678, 790))
    art.stitch(hem, darken(colour, 0.35), clip=body)
    art.stroke([(470, 700), (520, 760), (600, 780)], darken(colour, 0.3), 22, body, 0.18, blur=14)

    # The inside of the back and the ribbed collar.
    inside = art.poly(path(back_neck[::-1], front_neck[::-1]))
    art.paint(inside, darken(colour, 0.32), "vertical", 0.12)
    art.glow(inside, art.line_mask(back_neck, 8), BLACK, 0.3, 10)
    collar = art.poly(path(front_neck, offset_polyline(front_neck, -24)[::-1]))
    art.paint(collar, darken(colour, 0.06), "vertical", 0.1)
    art.stroke(front_neck, darken(colour, 0.3), 3, opacity=0.5)
    art.stitch(offset_polyline(front_neck, -30), darken(colour, 0.35), clip=body, opacity=0.5)
    back_band = art.poly(path(back_neck, offset_polyline(back_neck, -12)[::-1]))
    art.paint(back_band, darken(colour, 0.2), "vertical", 0.08)

    _print_badge(art, 500, 430, 62, accent, body)


def draw_hoodie(art: Art, colour: Colour, accent: Colour) -> None:
    rib = darken(colour, 0.1)
    # Hood lying flat behind the shoulders.
    hood_outline = path(
        (396, 330),
        bezier((392, 268), (372, 150), (430, 112), (500, 112)),
        bezier((500, 112), (570, 112), (628, 150), (608, 268)),
        (604, 330),
    )
    hood = art.poly(hood_outline)
    art.paint(hood, darken(colour, 0.05), "dome", 0.12, edge=0.2)
    opening_edge = path(
        (432, 320),
        bezier((430, 282), (418, 190), (456, 160), (500, 160)),
        bezier((500, 160), (544, 160), (582, 190), (570, 282)),
        (568, 320),
    )
    opening = art.poly(opening_edge)
    art.paint(opening, darken(colour, 0.45), "vertical", 0.15)
    art.stroke(opening_edge[1:-1], lighten(colour, 0.12), 10, opacity=0.8)
    art.glow(
        opening,
        art.line_mask(bezier((430, 250), (430, 170), (570, 170), (570, 250)), 14),
        BLACK,
        0.35,
        16,
    )

    left = path(
        (432, 262),
        bezier((432, 262), (380, 262), (320, 266), (292, 282)),
        bezier((292, 282), (240, 330), (210, 480), (184, 702)),
        (262, 716),
        bezier((262, 716), (285, 600), (305, 490), (328, 428)),
        bezier((328, 428), (326, 560), (322, 680), (320, 782)),
        (680, 782),
    )
    right = [(1000 - x, y) for x, y in reversed(left)]
    body = art.poly(path(left, right[1:], (500, 300)))
    art.paint(body, colour, "diagonal", 0.10, edge=0.2)

    for sign in (1, -1):

        def m(p, s=sign):
            return (p[0], p[1]) if s == 1 else (1000 - p[0], p[1])

        seam = [m(p) for p in bezier((292, 282), (314, 330), (326, 380), (328, 428))]
        art.stroke(seam, darken(colour, 0.25), 3, clip=body, opacity=0.45)
        cuff = art.poly([m((184, 700)), m((262, 714)), m((258, 764)), m((180, 752))])
        art.paint(cuff, rib, "vertical", 0.08, edge=0.15)
        ribs = [
            [m((184 + 78 * i / 9, 700 + 14 * i / 9)), m((180 + 78 * i / 9, 752 + 12 * i / 9))]
            for i in range(1, 9)
        ]
        art.stroke(ribs[0], darken(colour, 0.25), 2.5, cuff, 0.35, more=ribs[1:])
        fold = [m((258, 420)), m((238, 560)), m((228, 660))]
        art.stroke(fold, darken(colour, 0.3), 20, clip=body, opacity=0.2, blur=12)
        shine = [m((372, 330)), m((402, 470))]
        art.stroke(shine, lighten(colour, 0.5), 44, clip=body, opacity=0.15, blur=30)

    band = art.poly([(322, 780), (678, 780), (672, 838), (328, 838)])
    art.paint(band, rib, "vertical", 0.08, edge=0.15)
    ribs = [[(x, 784), (x, 834)] for x in (328 + (672 - 328) * i / 30 for i in range(1, 30))]
    art.stroke(ribs[0], darken(colour, 0.25), 2.5, band, 0.3, more=ribs[1:])

    # Kangaroo pocket.
    pocket_pts = path(
        (378, 572),
        (622, 572),
        bezier((622, 572), (640, 630), (660, 680), (662, 752)),
        (338, 752),
        bezier((338, 752), (340, 680), (360, 630), (378, 572)),
    )
    pocket = art.poly(pocket_pts)
    art.paint(pocket, darken(colour, 0.02), "diagonal", 0.08)
    art.stroke(pocket_pts[:2], darken(colour, 0.3), 4, opacity=0.5)
    for side in (
        bezier((622, 572), (640, 630), (660, 680), (662, 752)),
        bezier((338, 752), (340, 680), (360, 630), (378, 572)),
    ):
        art.stroke(side[:-4], darken(colour, 0.45), 7, opacity=0.55)
    art.stitch([(342, 740), (658, 740)], darken(colour, 0.35), clip=pocket)
    art.stitch(offset_polyline([(380, 586), (620, 586)], 0), darken(colour, 0.35), clip=pocket)

    # Neckline and drawstrings.
    neckline = path((432, 262), (500, 300), (568, 262))
    art.stroke(neckline, darken(colour, 0.2), 6, opacity=0.6)
    string = lighten(accent, 0.55)
    for a, b in (((468, 292), (458, 452)), ((532, 292), (546, 440))):
        pts = bezier(a, (a[0] - 4, a[1] + 60), (b[0] + 4, b[1] - 60), b, 12)
        art.stroke(offset_polyline(pts, 4), BLACK, 10, opacity=0.15, blur=4)
        art.stroke(pts, string, 9)
        tip = art.line_mask([b, (b[0], b[1] + 26)], 12)
        art.paint(tip, accent, "cylinder", 0.2)
        art.overlay(art.ellipse(a[0] - 9, a[1] - 9, a[0] + 9, a[1] + 9), darken(colour, 0.4))


def draw_mug(art: Art, colour: Colour, accent: Colour) -> None:
    cx, rx = 470.0, 150.0
    top, bottom = 330.0, 730.0
    ry = 30.0
    art.ground = (cx - rx - 30, bottom + ry - 22, cx + rx + 120, bottom + ry + 22)

    handle = ImageChops.subtract(art.ellipse(560, 412, 768, 656), art.ellipse(618, 466, 712, 600))
    art.paint(handle, colour, "dome", 0.2, edge=0.25)

    body_pts = path((cx - rx, top), (cx + rx, top), arc_points(cx, bottom, rx, ry, 0, 180))
    body = art.poly(body_pts)
    art.paint(body, colour, "cylinder", 0.18)
    art.rim(body, 10, 0.18)

    # A band of the accent colour that follows the curve of the mug.
    band = art.poly(path(arc_points(cx, 520, rx, ry, 0, 180), arc_points(cx, 590, rx, ry, 180, 0)))
    band = art.clip(band, body)
    art.paint(band, accent, "cylinder", 0.18)
    art.stroke(arc_points(cx, 540, rx, ry, 0, 180), lighten(accent, 0.5), 6, band, 0.6)

    # Highlights and the base.
    art.glow(
        body, art.line_mask([(cx - 95, top + 60), (cx - 95, bottom - 40)], 22), WHITE, 0.45, 10
    )
    art.glow(
        body, art.line_mask([(cx + 105, top + 60), (cx + 105, bottom - 40)], 10), WHITE, 0.18, 10
    )
    art.stroke(
        arc_points(cx, bottom - 12, rx - 2, ry, 10, 170),
        darken(colour, 0.35),
        5,
        clip=body,
        opacity=0.4,
        blur=3,
    )

    # Rim and the glazed inside.
    rim = art.ellipse(cx - rx, top - ry, cx + rx, top + ry)
    art.paint(rim, lighten(colour, 0.2), "vertical", 0.1)
    inside = art.ellipse(cx - rx + 12, top - ry + 7, cx + rx - 12, top + ry - 5)
    glaze = (246, 243, 238)
    art.paint(inside, glaze, "vertical", 0.06)
    back_wall = art.ellipse(cx - rx + 10, top - ry - 6, cx + rx - 10, top + ry - 26)
    art.glow(inside, back_wall, darken(colour, 0.5), 0.3, 10)


def draw_tote(art: Art, colour: Colour, accent: Colour) -> None:
    strap = darken(colour, 0.08)
    back_handle = bezier((410, 408), (400, 190), (620, 190), (610, 408))
    front_handle = bezier((380, 420), (370, 170), (630, 170), (620, 420))
    art.paint(
        art.line_mask([(x + 18, y - 8) for x, y in back_handle], 36),
        darken(strap, 0.25),
        "diagonal",
        0.08,
    )
    handle = art.line_mask(front_handle, 36)
    art.paint(handle, strap, "diagonal", 0.1, edge=0.12)
    art.stitch(offset_polyline(front_handle, 12), darken(colour, 0.4), 2.5, 9, 7, clip=handle)
    art.stitch(offset_polyline(front_handle, -12), darken(colour, 0.4), 2.5, 9, 7, clip=handle)

    outline = path(
        (300, 396),
        (700, 396),
        bezier((700, 396), (706, 560), (712, 720), (716, 846)),
        bezier((716, 846), (712, 858), (700, 860), (690, 860)),
        (310, 860),
        bezier((310, 860), (298, 860), (286, 858), (284, 846)),
        bezier((284, 846), (288, 720), (294, 560), (300, 396)),
    )
    bag = art.poly(outline)
    art.paint(bag, colour, "diagonal", 0.1, edge=0.15)
    art.stitch([(304, 434), (696, 434)], darken(colour, 0.35), clip=bag)
    art.stroke([(300, 450), (700, 450)], darken(colour, 0.3), 8, clip=bag, opacity=0.2, blur=6)

    # Straps sewn on with boxed crosses.
    for x in (380, 620):
        tab = art.rounded(x - 18, 396, x + 18, 470, 4)
        art.paint(tab, strap, "vertical", 0.08)
        art.stitch(
            [(x - 12, 402), (x + 12, 402), (x + 12, 462), (x - 12, 462), (x - 12, 402)],
            darken(colour, 0.4),
            2.5,
            7,
            5,
            clip=tab,
            opacity=0.6,
        )
        art.stitch(
            [(x - 12, 402), (x + 12, 462)], darken(colour, 0.4), 2.5, 7, 5, clip=tab, opacity=0.5
        )

    # Screen print: a setting sun over waves.
    sun = art.clip(art.ellipse(420, 520, 580, 680), bag)
    art.overlay(sun, accent, 0.92)
    for i, y in enumerate((640, 682, 724)):
        wave = bezier((380, y), (440, y - 22), (500, y + 22), (560, y))
        wave += bezier((560, y), (590, y - 11), (610, y - 11), (620, y))[1:]
        art.stroke(wave, darken(accent, 0.15 * i), 12, clip=bag, opacity=0.9)
    # Fabric creases.
    art.stroke([(340, 470), (360, 640), (350, 820)], darken(colour, 0.3), 26, bag, 0.14, 18)
    art.stroke([(660, 500), (640, 700)], lighten(colour, 0.5), 30, bag, 0.16, 20)


def draw_cap(art: Art, colour: Colour, accent: Colour) -> None:
    """A baseball cap seen from the side, the peak pointing right."""
    art.ground = (230, 628, 880, 690)
    under = darken(colour, 0.35)
    # The peak: its underside shows as a thin darker sliver below the top face.
    peak_top = bezier((600, 590), (720, 560), (830, 580), (890, 640))
    peak_bottom = bezier((890, 640), (840, 632), (720, 630), (610, 640))
    art.paint(
        art.poly(
            path(peak_top, (892, 656), bezier((888, 656), (830, 652), (720, 650), (610, 652)))
        ),
        under,
        "vertical",
        0.1,
    )
    peak = art.poly(path(peak_top, peak_bottom))
    art.paint(peak, darken(colour, 0.03), "diagonal", 0.16, edge=0.15)
    for inset in (10, 20, 30):
        rows = offset_polyline(
            bezier((640, 600), (740, 576 + inset), (830, 596 + inset / 2), (872, 636)), -inset / 3
        )
        art.stitch(rows, darken(colour, 0.35), 2.5, 9, 6, clip=peak, opacity=0.45)

    crown_pts = path(
        bezier((230, 630), (200, 430), (330, 300), (480, 300)),
        bezier((480, 300), (640, 300), (730, 430), (712, 612)),
        bezier((712, 612), (560, 650), (380, 650), (230, 630)),
    )
    crown = art.poly(crown_pts)
    art.paint(crown, colour, "dome", 0.2, edge=0.22)
    # The strap opening at the back with its adjuster.
    opening = art.clip(art.ellipse(238, 560, 330, 680), crown)
    art.overlay(opening, darken(colour, 0.55))
    strap = art.clip(art.poly([(220, 598), (340, 604), (340, 620), (220, 616)]), opening)
    art.paint(strap, darken(accent, 0.1), "vertical", 0.12)
    # Panel seams from the button down, each with a row of stitches.
    for pts in (
        bezier((480, 304), (560, 340), (640, 460), (660, 620)),
        bezier((480, 304), (480, 380), (470, 520), (460, 640)),
        bezier((480, 304), (380, 330), (300, 440), (290, 620)),
    ):
        art.stroke(pts, darken(colour, 0.35), 4, clip=crown, opacity=0.45)
        art.stitch(offset_polyline(pts, -8), darken(colour, 0.3), 2, 6, 5, clip=crown, opacity=0.35)
    art.stitch(
        offset_polyline(bezier((236, 612), (380, 632), (560, 632), (706, 596)), 10),
        darken(colour, 0.35),
        3,
        10,
        6,
        clip=crown,
        opacity=0.5,
    )
    for x, y in ((395, 400), (585, 410)):
        art.overlay(art.ellipse(x - 9, y - 9, x + 9, y + 9), darken(colour, 0.45), 0.8)
    art.paint(art.ellipse(462, 286, 498, 310), colour, "dome", 0.25)
    art.glow(crown, art.ellipse(340, 330, 470, 470), WHITE, 0.25, 40)

    # Embroidered badge on the front panels.
    badge = art.poly(path(arc_points(585, 520, 58, 40, 0, 360, 48)))
    art.paint(badge, accent, "diagonal", 0.12)
    art.stroke([(550, 512), (620, 506)], lighten(accent, 0.7), 9, clip=badge)
    art.stroke([(562, 536), (608, 532)], lighten(accent, 0.5), 6, clip=badge)
    art.stitch(
        path(arc_points(585, 520, 50, 33, 0, 360, 48)),
        lighten(accent, 0.5),
        2,
        5,
        4,
        clip=badge,
        opacity=0.7,
    )


def draw_sneaker(art: Art, colour: Colour, accent: Colour) -> None:
    art.ground = (190, 700, 860, 745)
    sole_colour = (246, 244, 240)
    upper_pts = path(
        (214, 640),
        bezier((214, 640), (196, 560), (196, 480), (230, 420)),
        bezier((230, 420), (290, 450), (380, 460), (430, 420)),
        bezier((430, 420), (440, 380), (450, 360), (470, 352)),
        bezier((470, 352), (490, 350), (505, 360), (510, 372)),
        bezier((510, 372), (520, 420), (600, 500), (690, 538)),
        bezier((690, 538), (790, 570), (850, 600), (846, 650)),
    )
    upper = art.poly(upper_pts)
    art.paint(upper, colour, "diagonal", 0.14, edge=0.2)

    # Collar padding and the inside of the heel.
    inside = art.poly(
        path(
            bezier((236, 424), (290, 448), (380, 456), (428, 424)),
            bezier((428, 424), (380, 430), (290, 420), (236, 424)),
        )
    )
    art.overlay(inside, darken(colour, 0.55))
    art.stroke(
        bezier((230, 432), (290, 462), (380, 470), (432, 432)),
        lighten(colour, 0.25),
        14,
        clip=upper,
    )
    # Toe cap and accent stripe.
    toe = art.clip(
        art.poly(
            path(bezier((690, 538), (660, 580), (660, 640), (680, 660)), (860, 660), (860, 540))
        ),
        upper,
    )
    art.paint(toe, lighten(colour, 0.12), "diagonal", 0.1)
    art.stitch(
        bezier((690, 544), (664, 584), (664, 636), (682, 658)), darken(colour, 0.35), clip=upper
    )
    stripe = art.poly(
        path(
            bezier((262, 628), (420, 604), (560, 560), (660, 470)),
            bezier((660, 470), (600, 560), (460, 630), (262, 628)),
        )
    )
    stripe = art.clip(stripe, upper)
    art.paint(stripe, accent, "diagonal", 0.14)
    heel_tab = art.clip(art.poly([(190, 420), (250, 430), (240, 640), (190, 640)]), upper)
    art.paint(heel_tab, accent, "vertical", 0.12)
    art.stitch([(254, 440), (246, 630)], darken(colour, 0.35), clip=upper)

    # Tongue, eyestay and laces.
    eyestay = art.line_mask(bezier((478, 380), (520, 440), (600, 505), (690, 540)), 30)
    eyestay = art.clip(eyestay, upper)
    art.paint(eyestay, darken(colour, 0.15), "diagonal", 0.1)
    lace_pts = bezier((490, 392), (525, 445), (600, 505), (676, 536), 6)
    for i, (x, y) in enumerate(lace_pts[:-1]):
        art.overlay(art.ellipse(x - 6, y - 6, x + 6, y + 6), darken(colour, 0.6), 0.9)
        nx, ny = lace_pts[i + 1]
        art.stroke([(x - 2, y - 12), (nx + 6, ny - 20)], WHITE, 10)
        art.stroke([(x - 2, y - 12), (nx + 6, ny - 20)], darken(WHITE, 0.1), 3, opacity=0.5)

    # Midsole and outsole.
    sole_pts = path(
        bezier((204, 630), (190, 650), (192, 690), (210, 712)),
        (770, 716),
        bezier((770, 716), (830, 712), (862, 690), (858, 646)),
        bezier((858, 646), (700, 662), (420, 650), (204, 630)),
    )
    sole = art.poly(sole_pts)
    art.paint(sole, sole_colour, "vertical", 0.06, edge=0.12)
    art.stroke(
        bezier((204, 660), (420, 676), (700, 684), (860, 668)),
        darken(sole_colour, 0.2),
        3,
        clip=sole,
        opacity=0.6,
    )
    outsole = art.clip(art.poly([(180, 694), (880, 694), (880, 740), (180, 740)]), sole)
    art.paint(outsole, darken(accent, 0.35), "vertical", 0.08)
    tread = [[(x, 700), (x + 6, 716)] for x in range(220, 220 + 30 * 21, 21)]
    art.stroke(tread[0], darken(accent, 0.6), 4, outsole, 0.6, more=tread[1:])
    art.glow(
        upper,
        art.line_mask(bezier((300, 480), (420, 500), (560, 480), (640, 440)), 20),
        WHITE,
        0.25,
        18,
    )


def draw_cushion(art: Art, colour: Colour, accent: Colour) -> None:
    corners = [(222, 230), (778, 218), (788, 786), (214, 778)]
    outline: list[Point] = []
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy)
        nx, ny = -dy / length, dx / length  # inward for this clockwise outline
        pull = 30
        # Each side is pulled in by the filling; the corners stay pointed but soft.
        side = bezier(
            (a[0] + dx * 0.02, a[1] + dy * 0.02),
            (a[0] + dx * 0.3 + nx * pull, a[1] + dy * 0.3 + ny * pull),
            (a[0] + dx * 0.7 + nx * pull, a[1] + dy * 0.7 + ny * pull),
            (a[0] + dx * 0.98, a[1] + dy * 0.98),
        )
        outline += side
    cushion = art.poly(outline)
    art.paint(cushion, colour, "dome", 0.2)

    # A woven band of the accent colour with thin stripes either side.
    band = art.clip(art.poly([(150, 434), (850, 424), (850, 566), (150, 576)]), cushion)
    art.paint(band, accent, "dome", 0.14)
    for y0 in (404, 596):
        line = art.poly([(150, y0), (850, y0 - 10), (850, y0 - 2), (150, y0 + 8)])
        art.overlay(art.clip(line, cushion), accent, 0.9)
    art.rim(cushion, 120, 0.12)
    art.rim(cushion, 30, 0.1)
    # Creases pulling towards the tufted button, and the light on the fullest part.
    creases = [[(500, 500), end] for end in ((250, 262), (748, 252), (755, 752), (250, 745))]
    art.stroke(creases[0], darken(colour, 0.4), 18, cushion, 0.16, blur=18, more=creases[1:])
    creases = [[(500, 500), end] for end in ((500, 240), (770, 500), (500, 770), (232, 500))]
    art.stroke(creases[0], darken(colour, 0.4), 12, cushion, 0.08, blur=20, more=creases[1:])
    art.glow(cushion, art.ellipse(290, 280, 500, 420), WHITE, 0.32, 60)
    button = art.ellipse(480, 480, 520, 520)
    art.overlay(art.soft(art.ellipse(474, 478, 528, 532), 6), BLACK, 0.35)
    art.paint(button, darken(accent, 0.2), "dome", 0.25)
    # Piping along the seam.
    art.stroke(outline + outline[:1], darken(colour, 0.22), 9, opacity=0.9)


def draw_bottle(art: Art, colour: Colour, accent: Colour) -> None:
    art.ground = (370, 812, 640, 848)
    body_pts = path(
        (448, 262),
        bezier((448, 262), (450, 300), (392, 300), (388, 350)),
        (388, 790),
        bezier((388, 790), (388, 822), (400, 832), (430, 832)),
        (570, 832),
        bezier((570, 832), (600, 832), (612, 822), (612, 790)),
        (612, 350),
        bezier((612, 350), (608, 300), (550, 300), (552, 262)),
    )
    body = art.poly(body_pts)
    art.paint(body, colour, "cylinder", 0.2)
    art.rim(body, 8, 0.15)
    label = art.clip(art.poly([(380, 540), (620, 540), (620, 650), (380, 650)]), body)
    art.paint(label, accent, "cylinder", 0.15)
    art.stroke([(450, 580), (550, 580)], lighten(accent, 0.7), 10, clip=label)
    art.stroke([(465, 612), (535, 612)], lighten(accent, 0.5), 6, clip=label)
    art.glow(body, art.line_mask([(438, 350), (438, 800)], 20), WHITE, 0.55, 8)
    art.glow(body, art.line_mask([(590, 360), (590, 790)], 8), WHITE, 0.2, 8)
    art.stroke(
        bezier((390, 790), (420, 812), (580, 812), (610, 790)),
        darken(colour, 0.3),
        4,
        clip=body,
        opacity=0.4,
        blur=3,
    )

    # Cap with a carry loop and grip ridges.
    cap_colour = darken(accent, 0.05) if luminance(accent) < 0.8 else (60, 60, 66)
    loop = ImageChops.subtract(art.ellipse(456, 112, 544, 196), art.ellipse(474, 130, 526, 178))
    loop = art.clip(loop, art.poly([(400, 100), (600, 100), (600, 170), (400, 170)]))
    art.paint(loop, cap_colour, "dome", 0.2)
    cap = art.rounded(436, 160, 564, 270, 14)
    art.paint(cap, cap_colour, "cylinder", 0.22)
    ridges = [[(x, 196), (x, 262)] for x in (436 + 128 * i / 14 for i in range(1, 14))]
    art.stroke(ridges[0], darken(cap_colour, 0.35), 3, cap, 0.45, more=ridges[1:])
    art.stroke([(440, 186), (560, 186)], darken(cap_colour, 0.4), 3, clip=cap, opacity=0.5)


def draw_poster(art: Art, colour: Colour, accent: Colour) -> None:
    frame_colour = (48, 44, 42) if luminance(accent) > 0.3 else (196, 160, 120)
    frame = art.rounded(254, 160, 746, 840, 4)
    art.paint(frame, frame_colour, "diagonal", 0.12)
    inner = art.poly([(280, 186), (720, 186), (720, 814), (280, 814)])
    art.overlay(inner, darken(frame_colour, 0.3))
    mat = art.poly([(286, 192), (714, 192), (714, 808), (286, 808)])
    art.paint(mat, (250, 248, 244), "diagonal", 0.03)
    art.glow(mat, art.line_mask([(286, 196), (714, 196)], 10), BLACK, 0.25, 12)

    # The print: a sun over layered hills.
    x0, y0, x1, y1 = 334, 244, 666, 756
    sky = art.poly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    art.paint(sky, lighten(colour, 0.55), "vertical", 0.12)
    art.overlay(art.clip(art.ellipse(430, 330, 570, 470), sky), accent, 0.95)
    for i, (base, amp, phase) in enumerate(((560, 40, 0.0), (620, 50, 1.7), (690, 36, 3.1))):
        ridge = [
            (x, base - amp * math.sin(phase + (x - x0) / 60) - (i * 4))
            for x in range(x0, x1 + 1, 6)
        ]
        hill = art.poly(path(ridge, (x1, y1), (x0, y1)))
        art.overlay(art.clip(hill, sky), darken(colour, 0.1 + 0.18 * i))
    art.rim(sky, 4, 0.08)


def draw_beanie(art: Art, colour: Colour, accent: Colour) -> None:
    art.ground = (330, 770, 670, 812)
    dome_pts = path(
        bezier((300, 660), (280, 420), (370, 300), (500, 300)),
        bezier((500, 300), (630, 300), (720, 420), (700, 660)),
    )
    dome = art.poly(dome_pts)
    art.paint(dome, colour, "dome", 0.16, edge=0.2)
    ribs = [
        bezier(
            (500 + i * 6, 320), (500 + i * 18, 380), (500 + i * 30, 520), (500 + i * 30, 680), 16
        )
        for i in range(-6, 7)
    ]
    art.stroke(ribs[0], darken(colour, 0.3), 5, dome, 0.35, more=ribs[1:])
    cuff = art.rounded(288, 610, 712, 790, 40)
    art.paint(cuff, darken(colour, 0.05), "vertical", 0.12, edge=0.2)
    ribs = [[(x, 618), (x, 782)] for x in (288 + 424 * i / 28 for i in range(1, 28))]
    art.stroke(ribs[0], darken(colour, 0.3), 4, cuff, 0.35, more=ribs[1:])
    patch = art.rounded(450, 660, 550, 740, 8)
    art.paint(patch, accent, "diagonal", 0.12)
    art.stitch(
        [(458, 668), (542, 668), (542, 732), (458, 732), (458, 668)],
        lighten(accent, 0.6),
        2.5,
        6,
        5,
        clip=patch,
        opacity=0.8,
    )
    # Pom-pom.
    pom = art.ellipse(430, 200, 570, 330)
    art.paint(pom, lighten(accent, 0.1), "dome", 0.2)
    for angle in range(0, 360, 24):
        a = math.radians(angle)
        art.stroke(
            [
                (500 + 40 * math.cos(a), 265 + 38 * math.sin(a)),
                (500 + 66 * math.cos(a), 265 + 62 * math.sin(a)),
            ],
            darken(accent, 0.25),
            4,
            clip=pom,
            opacity=0.45,
        )


DRAWINGS: dict[str, Callable[[Art, Colour, Colour], None]] = {
    "tshirt": draw_tshirt,
    "hoodie": draw_hoodie,
    "mug": draw_mug,
    "tote": draw_tote,
    "cap": draw_cap,
    "sneaker": draw_sneaker,
    "cushion": draw_cushion,
    "bottle": draw_bottle,
    "poster": draw_poster,
    "beanie": draw_beanie,
}
KINDS = tuple(DRAWINGS)

# Where the detail view zooms in for each kind, and how far.
DETAILS: dict[str, tuple[Point, float]] = {
    "tshirt": ((500, 330), 2.2),
    "hoodie": ((500, 330), 2.0),
    "mug": ((560, 420), 1.9),
    "tote": ((500, 520), 1.9),
    "cap": ((600, 520), 1.9),
    "sneaker": ((560, 520), 2.0),
    "cushion": ((690, 320), 2.0),
    "bottle": ((500, 260), 2.2),
    "poster": ((500, 460), 1.8),
    "beanie": ((500, 620), 2.0),
}


def _resolve(kind: str, colour: ColourLike, accent: ColourLike | None):
    if kind not in DRAWINGS:
        raise ValueError(f"Unknown product kind {kind!r}; choose from {', '.join(KINDS)}")
    main = rgb(colour)
    return DRAWINGS[kind], main, rgb(accent) if accent is not None else auto_accent(main)


def _alt_backdrop(main: Colour, accent: Colour) -> tuple[Colour, Colour]:
    if luminance(main) > 0.82:  # white goods: a darker, warmer backdrop so they stand out
        return (214, 206, 196), (184, 174, 162)
    return pastel_background(accent)


def product_image(
    kind: str,
    colour: ColourLike,
    accent: ColourLike | None = None,
    background: tuple[ColourLike, ColourLike] | None = None,
) -> Image.Image:
    """The main 1200 x 1200 picture of a product of ``kind`` (see ``KINDS``)."""
    draw, main, second = _resolve(kind, colour, accent)
    art = Art(zoom=0.98)
    draw(art, main, second)
    bg = (rgb(background[0]), rgb(background[1])) if background else pastel_background(main)
    return art.render(bg)


def _alt_view(art: Art, main: Colour, second: Colour) -> Image.Image:
    return art.render(
        _alt_backdrop(main, second), rotate=-7, scale=0.88, shadow=0.38, shadow_offset=(16, 30)
    )


def _detail_view(kind: str, main: Colour, second: Colour) -> Image.Image:
    focus, zoom = DETAILS[kind]
    art = Art(zoom=zoom, focus=focus)
    DRAWINGS[kind](art, main, second)
    return art.render(pastel_background(main, hue_shift=0.04), shadow=0.28)


def gallery_image(
    kind: str, colour: ColourLike, accent: ColourLike | None = None, view: int = 1
) -> Image.Image:
    """One gallery picture: ``view=0`` the main picture, ``view=1`` the product smaller and
    turned a little on a backdrop of its accent colour, ``view=2`` a close-up of a detail."""
    draw, main, second = _resolve(kind, colour, accent)
    if view == 0:
        return product_image(kind, main, second)
    if view == 1:
        art = Art(zoom=0.98)
        draw(art, main, second)
        return _alt_view(art, main, second)
    if view == 2:
        return _detail_view(kind, main, second)
    raise ValueError("view must be 0, 1 or 2")


def product_images(
    kind: str, colour: ColourLike, accent: ColourLike | None = None, count: int = 3
) -> list[Image.Image]:
    """``count`` (1-3) gallery pictures, as ``gallery_image`` views 0, 1 and 2.

    The first two share one drawing, which makes this quicker than three separate calls."""
    draw, main, second = _resolve(kind, colour, accent)
    art = Art(zoom=0.98)
    draw(art, main, second)
    images = [art.render(pastel_background(main))]
    if count >= 2:
        images.append(_alt_view(art, main, second))
    if count >= 3:
        images.append(_detail_view(kind, main, second))
    return images


def image_bytes(image: Image.Image, fmt: str = "PNG", quality: int = 88) -> bytes:
    """Encode ``image`` as PNG (default) or JPEG."""
    buffer = BytesIO()
    if fmt.upper() in {"JPEG", "JPG"}:
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    else:
        image.save(buffer, "PNG", compress_level=4)
    return buffer.getvalue()


def product_png(kind: str, colour: ColourLike, accent: ColourLike | None = None) -> bytes:
    """The main picture of a product as PNG bytes."""
    return image_bytes(product_image(kind, colour, accent))
