"""Artwork for the customizer's demo products, drawn with Pillow alone.

Each product comes as a neutral, light ``base`` picture (the shading of the product in
near-white material on a near-white floor) and one greyscale mask per colourable zone. The
renderer multiplies the base by a colour and lays the result over the picture through a
zone's mask, so the base carries all the light and shade and the masks carry only shape.

Geometry is described once, in design units on a 1024 × 1024 canvas, as small drawing
functions (see ``Pen``). The same functions draw the zone masks (at 2× and downscaled, for
anti-aliased edges), the silhouette of the base and the crisp details of its shading, so
masks and shading line up pixel for pixel. Zones are made disjoint by subtraction at 2×
before they are downscaled. Nothing here is random: the same code gives the same pictures.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageMath

SIZE = 1024  # the side of every picture and mask
SUPERSAMPLE = 2  # masks and crisp details are drawn this much larger, then downscaled
MATERIAL = 246  # the grey of fully lit product material
FLOOR_TOP, FLOOR_BOTTOM = 250, 244  # the backdrop, a faint vertical gradient

Point = tuple[float, float]
Geometry = Callable[["Pen"], None]


@dataclass(frozen=True)
class ProductArt:
    key: str
    title: str
    base: Image.Image  # "RGB", SIZE × SIZE
    masks: dict[str, Image.Image]  # zone key → "L", SIZE × SIZE, 255 inside the zone
    zone_labels: dict[str, str]  # zone key → human label


# --------------------------------------------------------------------------- curves


def cubic(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 24) -> list[Point]:
    """Points along a cubic Bézier curve, both ends included."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        points.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )
        )
    return points


def spline(points: Sequence[Point], closed: bool = False, steps: int = 12) -> list[Point]:
    """A smooth (Catmull-Rom) curve through ``points``; ``closed`` joins the last to the
    first."""
    pts = list(points)
    ring = [pts[-1], *pts, pts[0], pts[1]] if closed else [pts[0], *pts, pts[-1]]
    out: list[Point] = []
    for i in range(len(pts) if closed else len(pts) - 1):
        p0, p1, p2, p3 = ring[i : i + 4]
        for step in range(steps):
            t = step / steps
            out.append(
                (
                    _catmull_rom(p0[0], p1[0], p2[0], p3[0], t),
                    _catmull_rom(p0[1], p1[1], p2[1], p3[1], t),
                )
            )
    if not closed:
        out.append(pts[-1])
    return out


def _catmull_rom(a: float, b: float, c: float, d: float, t: float) -> float:
    return 0.5 * (
        2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t * t + (3 * b - a - 3 * c + d) * t**3
    )


def chain(*parts: Sequence[Point]) -> list[Point]:
    """Concatenated point runs, without repeating the point where two runs meet."""
    out: list[Point] = []
    for part in parts:
        for point in part:
            if not out or math.dist(out[-1], point) > 1e-6:
                out.append(point)
    return out


def mirror(points: Sequence[Point]) -> list[Point]:
    """The run reflected in the vertical centre line and reversed (for symmetric outlines)."""
    return [(SIZE - x, y) for x, y in reversed(points)]


def offset(points: Sequence[Point], distance: float) -> list[Point]:
    """The run moved sideways by ``distance`` (positive: to the left of its direction of
    travel as seen on screen)."""
    out = []
    last = len(points) - 1
    for i, (x, y) in enumerate(points):
        ax, ay = points[max(i - 1, 0)]
        bx, by = points[min(i + 1, last)]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        out.append((x + dy / length * distance, y - dx / length * distance))
    return out


def ribbon(centre: Sequence[Point], width: Callable[[float], float]) -> list[Point]:
    """An outline around ``centre`` whose width varies along it (``width(t)``, t in 0…1)."""
    count = len(centre) - 1
    left, right = [], []
    for side, out in ((1, left), (-1, right)):
        for i, point in enumerate(offset(centre, 1.0)):
            cx, cy = centre[i]
            w = width(i / count) / 2 * side
            out.append((cx + (point[0] - cx) * w, cy + (point[1] - cy) * w))
    return left + right[::-1]


def ellipse_points(
    centre: Point,
    rx: float,
    ry: float,
    start: float = 0,
    end: float = 360,
    rotation: float = 0,
    steps: int = 64,
) -> list[Point]:
    """Points along an (optionally rotated) elliptic arc, angles in degrees."""
    cos_r, sin_r = math.cos(math.radians(rotation)), math.sin(math.radians(rotation))
    out = []
    for i in range(steps + 1):
        a = math.radians(start + (end - start) * i / steps)
        x, y = rx * math.cos(a), ry * math.sin(a)
        out.append((centre[0] + x * cos_r - y * sin_r, centre[1] + x * sin_r + y * cos_r))
    return out


def resample(
    points: Sequence[Point], spacing: float, start: float = 0.0, end: float = math.inf
) -> list[Point]:
    """Points every ``spacing`` along a run, between the distances ``start`` and ``end``."""
    out: list[Point] = []
    travelled, target = 0.0, start
    for a, b in itertools.pairwise(points):
        length = math.dist(a, b)
        while target <= travelled + length and target <= end:
            out.append(along(a, b, (target - travelled) / length if length else 0.0))
            target += spacing
        travelled += length
    return out


def along(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def keyframes(*pairs: tuple[float, float]) -> Callable[[float], float]:
    """A piecewise-linear function through ``(t, value)`` pairs, flat beyond the ends."""

    def value(t: float) -> float:
        if t <= pairs[0][0]:
            return pairs[0][1]
        for (t0, v0), (t1, v1) in itertools.pairwise(pairs):
            if t <= t1:
                return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
        return pairs[-1][1]

    return value


# --------------------------------------------------------------------------- drawing


class Pen:
    """Draws design-unit geometry onto an "L" image at ``scale``."""

    def __init__(self, image: Image.Image, scale: float) -> None:
        self.draw = ImageDraw.Draw(image)
        self.scale = scale

    def _xy(self, points: Sequence[Point]) -> list[Point]:
        return [(x * self.scale, y * self.scale) for x, y in points]

    def fill(self, points: Sequence[Point], value: int = 255) -> None:
        self.draw.polygon(self._xy(points), fill=value)

    def oval(self, centre: Point, rx: float, ry: float, value: int = 255) -> None:
        (x, y), s = centre, self.scale
        self.draw.ellipse([(x - rx) * s, (y - ry) * s, (x + rx) * s, (y + ry) * s], fill=value)

    def stroke(
        self, points: Sequence[Point], width: float, value: int = 255, caps: bool = True
    ) -> None:
        """A line ``width`` wide with round bends (and round ends, with ``caps``)."""
        xy, w = self._xy(points), width * self.scale
        if w <= 3:
            self.draw.line(xy, fill=value, width=max(1, round(w)))
            return
        # Pillow's wide lines have uneven joints: lay a dense run of discs over a slightly
        # narrower line, so the edges follow the curve smoothly.
        self.draw.line(xy, fill=value, width=round(w) - 2, joint="curve")
        r = w / 2
        total = sum(math.dist(a, b) for a, b in itertools.pairwise(xy))
        lo_end, hi_end = (0.0, total) if caps else (r, total - r)
        for x, y in resample(xy, max(1.0, w / 8), lo_end, hi_end):
            self.draw.ellipse([x - r, y - r, x + r, y + r], fill=value)

    def dashes(
        self, points: Sequence[Point], width: float, dash: float, gap: float, value: int = 255
    ) -> None:
        """A dashed line, as a stitched seam."""
        run: list[Point] = [points[0]]
        drawing, left = True, dash
        for a, b in itertools.pairwise(points):
            length = math.dist(a, b)
            pos = 0.0
            while length - pos > left:
                pos += left
                point = along(a, b, pos / length)
                if drawing:
                    self.stroke([*run, point], width, value, caps=False)
                run = [point]
                drawing = not drawing
                left = dash if drawing else gap
            left -= length - pos
            run.append(b)
        if drawing and len(run) > 1:
            self.stroke(run, width, value, caps=False)


def polygon(points: Sequence[Point]) -> Geometry:
    return lambda pen: pen.fill(points)


def oval(centre: Point, rx: float, ry: float) -> Geometry:
    return lambda pen: pen.oval(centre, rx, ry)


def stroke(points: Sequence[Point], width: float, caps: bool = True) -> Geometry:
    return lambda pen: pen.stroke(points, width, caps=caps)


def stitches(
    points: Sequence[Point], width: float = 2.2, dash: float = 7, gap: float = 4
) -> Geometry:
    return lambda pen: pen.dashes(points, width, dash, gap)


def group(*geometries: Geometry) -> Geometry:
    def draw(pen: Pen) -> None:
        for geometry in geometries:
            geometry(pen)

    return draw


def hi(geometry: Geometry) -> Image.Image:
    """``geometry`` drawn at 2×: the working resolution of masks."""
    image = Image.new("L", (SIZE * SUPERSAMPLE,) * 2, 0)
    geometry(Pen(image, SUPERSAMPLE))
    return image


def lo(image: Image.Image) -> Image.Image:
    """A 2× image brought down to the picture size, anti-aliased (only the part that has
    something drawn on it is resampled, which is the same and much faster)."""
    out = Image.new("L", (SIZE, SIZE), 0)
    box = _padded_box(image, 8, step=SUPERSAMPLE)
    if box:
        left, top, right, bottom = box
        size = ((right - left) // SUPERSAMPLE, (bottom - top) // SUPERSAMPLE)
        out.paste(
            image.resize(size, Image.Resampling.LANCZOS, box=box),
            (left // SUPERSAMPLE, top // SUPERSAMPLE),
        )
    return out


def blurred(image: Image.Image, radius: float) -> Image.Image:
    """A Gaussian blur of ``image``, computed only round what is drawn on it."""
    box = _padded_box(image, math.ceil(radius * 3) + 2)
    if not box or not radius:
        return image.copy()
    out = Image.new("L", image.size, 0)
    out.paste(image.crop(box).filter(ImageFilter.GaussianBlur(radius)), box[:2])
    return out


def _padded_box(image: Image.Image, margin: int, step: int = 1) -> tuple[int, ...] | None:
    """The bounding box of the non-zero pixels, grown by ``margin``, on a ``step`` grid."""
    box = image.getbbox()
    if box is None:
        return None
    width, height = image.size
    left, top = (max(0, v - margin) // step * step for v in box[:2])
    right = min(width, -(-(box[2] + margin) // step) * step)
    bottom = min(height, -(-(box[3] + margin) // step) * step)
    return left, top, right, bottom


def crisp(geometry: Geometry) -> Image.Image:
    """A fine, anti-aliased detail at picture size (seams, stitches, holes)."""
    return lo(hi(geometry))


def soft(geometry: Geometry, blur: float) -> Image.Image:
    """A blurred shape at picture size (folds, glows, shadows)."""
    image = Image.new("L", (SIZE, SIZE), 0)
    geometry(Pen(image, 1))
    return blurred(image, blur)


def union(*images: Image.Image) -> Image.Image:
    out = images[0]
    for image in images[1:]:
        out = ImageChops.lighter(out, image)
    return out


def minus(image: Image.Image, *others: Image.Image) -> Image.Image:
    for other in others:
        image = ImageChops.subtract(image, other)
    return image


def shifted(image: Image.Image, dx: float, dy: float) -> Image.Image:
    """``image`` moved by (dx, dy) pixels, without wrapping round."""
    out = Image.new(image.mode, image.size, 0)
    out.paste(image, (round(dx), round(dy)))
    return out


@cache
def _coordinates() -> tuple[Image.Image, Image.Image]:
    row = Image.new("F", (SIZE, 1))
    row.putdata([i + 0.5 for i in range(SIZE)])
    xs = row.resize((SIZE, SIZE), Image.Resampling.NEAREST)
    return xs, xs.transpose(Image.Transpose.TRANSPOSE)


def ramp(start: Point, end: Point) -> Image.Image:
    """0 at ``start`` rising to 255 at ``end``, along the line between them, clamped."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    k = 255 / (dx * dx + dy * dy)
    xs, ys = _coordinates()
    field = ImageMath.lambda_eval(
        lambda a: (a["x"] - x0) * (dx * k) + (a["y"] - y0) * (dy * k), x=xs, y=ys
    )
    return field.convert("L")


def radial(centre: Point, rx: float, ry: float) -> Image.Image:
    """0 at ``centre`` rising to 255 on the ellipse of radii ``rx``, ``ry`` and beyond."""
    cx, cy = centre
    xs, ys = _coordinates()
    field = ImageMath.lambda_eval(
        lambda a: (((a["x"] - cx) / rx) ** 2 + ((a["y"] - cy) / ry) ** 2) ** 0.5 * 255,
        x=xs,
        y=ys,
    )
    return field.convert("L")


def curve(image: Image.Image, fn: Callable[[float], float]) -> Image.Image:
    """Each value v mapped to 255 · fn(v / 255), clamped."""
    return image.point([round(255 * min(1.0, max(0.0, fn(i / 255)))) for i in range(256)])


# --------------------------------------------------------------------------- shading


class Shader:
    """Accumulates the light and shade of a product in two "L" layers: ``shade`` multiplies
    the material (255 keeps it), ``glow`` screens over it (0 keeps it)."""

    def __init__(self) -> None:
        self.shade = Image.new("L", (SIZE, SIZE), 255)
        self.glow = Image.new("L", (SIZE, SIZE), 0)

    @staticmethod
    def _scaled(layer: Image.Image, amount: float, within: Image.Image | None) -> Image.Image:
        if within is not None:
            layer = ImageChops.multiply(layer, within)
        return layer.point([round(min(255, v * amount)) for v in range(256)])

    def darken(
        self, layer: Image.Image, amount: float, within: Image.Image | None = None
    ) -> Shader:
        """Darken by up to ``amount`` (0…1) where ``layer`` is white."""
        self.shade = ImageChops.multiply(
            self.shade, ImageChops.invert(self._scaled(layer, amount, within))
        )
        return self

    def lighten(
        self, layer: Image.Image, amount: float, within: Image.Image | None = None
    ) -> Shader:
        """Lighten towards white by up to ``amount`` (0…1) where ``layer`` is white."""
        self.glow = ImageChops.screen(self.glow, self._scaled(layer, amount, within))
        return self

    def gradient(
        self, start: Point, end: Point, fn: Callable[[float], float], within: Image.Image
    ) -> Shader:
        """Shade along the line start → end: ``fn(t)`` > 0 darkens, < 0 lightens."""
        position = ramp(start, end)
        self.darken(curve(position, lambda t: max(0.0, fn(t))), 1.0, within)
        self.lighten(curve(position, lambda t: max(0.0, -fn(t))), 1.0, within)
        return self

    def spot(
        self, centre: Point, rx: float, ry: float, amount: float, within: Image.Image
    ) -> Shader:
        """A soft round highlight (amount > 0) or shadow (amount < 0)."""
        layer = curve(radial(centre, rx, ry), lambda t: (1 - t) ** 2)
        if amount > 0:
            return self.lighten(layer, amount, within)
        return self.darken(layer, -amount, within)

    def rim(self, mask: Image.Image, radius: float, amount: float, power: float = 1.6) -> Shader:
        """Darken towards the edges of ``mask``, as a soft rounded volume turning away."""
        layer = curve(blurred(mask, radius), lambda v: (min(1.0, 2 * (1 - v))) ** power)
        return self.darken(layer, amount, mask)

    def crease(
        self,
        points: Sequence[Point],
        within: Image.Image,
        depth: float = 0.14,
        width: float = 10,
        blur: float = 8,
        light: float = 0.5,
        side: float = 1.0,
    ) -> Shader:
        """A soft fold: a shadowed valley with a lit ridge beside it (``side`` picks which
        side of the line the ridge is on, and how far in widths)."""
        self.darken(soft(stroke(points, width), blur), depth, within)
        if light:
            ridge = offset(points, side * width * 1.2)
            self.lighten(soft(stroke(ridge, width * 0.8), blur * 1.1), depth * light, within)
        return self

    def seam(
        self,
        points: Sequence[Point],
        within: Image.Image,
        depth: float = 0.3,
        width: float = 2.5,
        light: float = 0.25,
        side: float = 1.0,
    ) -> Shader:
        """A sewn seam: a crisp dark line with a soft puffed edge beside it."""
        self.darken(crisp(stroke(points, width)), depth, within)
        self.darken(soft(stroke(points, width * 3), 3), depth * 0.35, within)
        if light:
            ridge = offset(points, side * width * 2.5)
            self.lighten(soft(stroke(ridge, width * 2), 3), light, within)
        return self

    def stitch(
        self, points: Sequence[Point], within: Image.Image, depth: float = 0.28, **kw
    ) -> Shader:
        """A row of stitches."""
        return self.darken(crisp(stitches(points, **kw)), depth, within)

    def render(self, silhouette: Image.Image, backdrop: Image.Image) -> Image.Image:
        product = self.shade.point([round(v * MATERIAL / 255) for v in range(256)])
        product = ImageChops.screen(product, self.glow)
        return Image.composite(product, backdrop, silhouette).convert("RGB")


class Stage:
    """The backdrop: a plain, very light floor the product's shadows fall on."""

    def __init__(self) -> None:
        column = Image.new("L", (1, SIZE))
        column.putdata(
            [round(FLOOR_TOP + (FLOOR_BOTTOM - FLOOR_TOP) * y / (SIZE - 1)) for y in range(SIZE)]
        )
        self.image = column.resize((SIZE, SIZE), Image.Resampling.NEAREST)

    def _darken(self, layer: Image.Image, strength: float) -> None:
        self.image = ImageChops.subtract(
            self.image, layer.point([round(v * strength) for v in range(256)])
        )

    def cast(
        self, silhouette: Image.Image, dx: float, dy: float, blur: float, strength: float
    ) -> Stage:
        """A drop shadow of the silhouette, moved away from the light and softened."""
        self._darken(blurred(shifted(silhouette, dx, dy), blur), strength)
        return self

    def pool(self, centre: Point, rx: float, ry: float, blur: float, strength: float) -> Stage:
        """A soft elliptic shadow on the floor, where a standing product touches it."""
        self._darken(soft(oval(centre, rx, ry), blur), strength)
        return self


def finish(
    key: str,
    title: str,
    zones: dict[str, Image.Image],
    labels: dict[str, str],
    shader: Shader,
    stage: Stage,
    silhouette: Image.Image,
) -> ProductArt:
    """The product: its base picture and its zones brought down to picture size.

    The zones are disjoint at 2×; after the downscale, Lanczos ringing can still make two
    of them add up to a little over 255 where they meet at a corner of the silhouette, so
    each zone is trimmed to what the ones before it left over."""
    masks, taken = {}, Image.new("L", (SIZE, SIZE), 0)
    for name, zone in zones.items():
        mask = ImageChops.darker(lo(zone), ImageChops.invert(taken))
        taken = ImageChops.add(taken, mask)
        masks[name] = mask
    return ProductArt(
        key=key,
        title=title,
        base=shader.render(silhouette, stage.image),
        masks=masks,
        zone_labels=labels,
    )


class Parts(dict):
    """Named 2× shapes of one product, with their picture-size versions on demand."""

    def __init__(self) -> None:
        super().__init__()
        self._small: dict[str, Image.Image] = {}

    def small(self, name: str) -> Image.Image:
        if name not in self._small:
            self._small[name] = lo(self[name])
        return self._small[name]


# --------------------------------------------------------------------------- T-shirt


def tshirt_art() -> ProductArt:
    """A crew-neck T-shirt laid flat, seen from the front."""
    back_neck = cubic((512, 146), (479, 146), (449, 152), (420, 172))  # centre → left
    shoulder = cubic((420, 172), (380, 186), (320, 206), (272, 226))
    armhole = cubic((272, 226), (286, 290), (298, 350), (292, 402))
    side = cubic((292, 402), (300, 520), (304, 700), (298, 862))
    hem = cubic((298, 862), (370, 868), (440, 872), (512, 872))
    left = chain(back_neck, shoulder, armhole, side, hem)
    body_outline = chain(left, mirror(left))

    sleeve_top = cubic((272, 226), (220, 262), (150, 318), (106, 372))
    cuff = cubic((106, 372), (134, 400), (166, 428), (196, 454))
    underarm = cubic((196, 454), (232, 436), (264, 418), (292, 402))
    sleeve_outline = chain(sleeve_top, cuff, underarm, [(340, 400), (330, 240)])

    front_neck = cubic((420, 172), (440, 226), (474, 262), (512, 262))
    neck_outer = chain(front_neck, mirror(front_neck), mirror(back_neck), back_neck)
    neck_inner = spline(
        [(442, 182), (462, 222), (512, 240), (562, 222), (582, 182), (560, 164), (512, 158)],
        closed=True,
    )
    front_rib = neck_inner[: 4 * 12 + 1]  # the front run, left → right

    parts = Parts()
    parts["outline"] = hi(polygon(body_outline))
    parts["neck"] = hi(polygon(neck_outer))
    parts["inside"] = hi(polygon(neck_inner))
    parts["collar"] = minus(parts["neck"], parts["inside"])
    parts["front"] = minus(parts["outline"], parts["neck"])
    for name, outline in (("sleeve_l", sleeve_outline), ("sleeve_r", mirror(sleeve_outline))):
        parts[name] = minus(hi(polygon(outline)), parts["outline"])

    zones = {
        "body": minus(parts["outline"], parts["collar"]),
        "sleeves": union(parts["sleeve_l"], parts["sleeve_r"]),
        "collar": parts["collar"],
    }
    silhouette = lo(union(*zones.values()))

    front, inside, collar = parts.small("front"), parts.small("inside"), parts.small("collar")
    sleeves = [parts.small("sleeve_l"), parts.small("sleeve_r")]
    shader = Shader()
    shader.gradient((250, 150), (800, 900), keyframes((0, -0.04), (1, 0.1)), silhouette)
    shader.rim(front, 26, 0.16)
    for sleeve in sleeves:
        shader.rim(sleeve, 20, 0.18)
    shader.rim(collar, 5, 0.14)
    shader.gradient((512, 160), (512, 240), keyframes((0, 0.16), (0.7, 0.28), (1, 0.4)), inside)
    shader.rim(inside, 8, 0.15)
    shader.spot((430, 430), 220, 190, 0.16, front)

    # the neck rib: fine ribbing across the band, and the cover stitch below it
    ribs = []
    outer = chain(front_neck, mirror(front_neck))
    for t in range(2, 60):
        inner_point = front_rib[round(t / 60 * (len(front_rib) - 1))]
        outer_point = outer[round(t / 60 * (len(outer) - 1))]
        ribs.append(stroke([inner_point, outer_point], 1.4))
    shader.darken(crisp(group(*ribs)), 0.07, collar)
    shader.seam(chain(front_neck, mirror(front_neck)), front, depth=0.22, side=-1)
    shader.stitch(offset(chain(front_neck, mirror(front_neck)), -9), front, depth=0.22)

    sleeve_area, cloth = union(*sleeves), union(front, *sleeves)
    for run, side in ((lambda points: points, -1), (mirror, 1)):
        shader.seam(run(shoulder), cloth, depth=0.22, side=-1)
        shader.seam(run(armhole), cloth, depth=0.3, side=side)
        shader.stitch(offset(run(cuff), 14), sleeve_area)
    # drag folds from the armpits, bends in the sleeves, soft waves in the body (not
    # mirrored: real cloth never lies symmetrically)
    for points, depth, width, blur, side in (
        ([(296, 426), (352, 478), (432, 508)], 0.15, 14, 9, 1),
        ([(728, 430), (680, 466), (612, 486)], 0.12, 14, 9, -1),
        ([(724, 520), (694, 600), (680, 690)], 0.08, 16, 12, 1),
        ([(304, 484), (340, 556), (356, 620)], 0.07, 16, 12, -1),
        ([(360, 566), (480, 616), (596, 700), (672, 800)], 0.07, 24, 18, 1),
        ([(318, 650), (400, 670), (470, 660)], 0.07, 20, 14, 1),
        ([(372, 862), (382, 800), (404, 744)], 0.1, 14, 11, 1),
        ([(622, 866), (628, 816), (614, 764)], 0.08, 14, 11, -1),
    ):
        shader.crease(points, front, depth, width, blur, side=side)
    for points, depth, side in (
        ([(244, 262), (196, 320), (160, 372)], 0.1, 1),
        ([(254, 424), (232, 384), (228, 350)], 0.1, 1),
        ([(790, 270), (836, 320), (862, 360)], 0.08, -1),
        ([(772, 428), (790, 380)], 0.09, -1),
    ):
        shader.crease(points, sleeve_area, depth, 13, 9, side=side)
    shader.stitch(offset(hem + mirror(hem), 18), front)
    shader.stitch(offset(hem + mirror(hem), 24), front)
    shader.crease([(340, 730), (450, 690), (560, 712)], front, 0.07, 22, 16)

    stage = Stage().cast(silhouette, 6, 12, 12, 0.2).cast(silhouette, 14, 26, 40, 0.12)
    return finish(
        "tshirt",
        "T-shirt",
        zones,
        {"body": "Body", "sleeves": "Sleeves", "collar": "Collar"},
        shader,
        stage,
        silhouette,
    )


# --------------------------------------------------------------------------- sneaker


def sneaker_art() -> ProductArt:
    """A low-top sneaker seen from its outer side, toe to the left."""
    sole_top = spline(
        [(904, 604), (820, 606), (700, 614), (560, 626), (420, 632), (300, 628), (206, 616)]
    )
    toe = cubic((206, 616), (150, 606), (122, 618), (124, 640))
    toe_bottom = cubic((124, 640), (128, 672), (200, 704), (300, 712))
    sole_outline = chain(
        sole_top,
        toe,
        toe_bottom,
        [(600, 716), (850, 716)],
        cubic((850, 716), (890, 716), (910, 690), (910, 650)),
        cubic((910, 650), (910, 628), (908, 614), (904, 604)),
    )
    throat = [(410, 478), (596, 392)]  # where the laces cross the top of the foot
    tongue = spline([throat[1], (590, 356), (602, 334), (640, 326), (676, 336), (690, 372)])
    collar_line = spline([(690, 372), (738, 402), (800, 410), (848, 396), (878, 378)])
    upper_outline = chain(
        spline([(176, 640), (136, 614), (138, 578), (172, 550), (246, 524), (330, 500), throat[0]]),
        tongue,
        collar_line,
        spline([(878, 378), (898, 396), (906, 440), (916, 520), (912, 600), (906, 626)]),
        [(880, 650), (500, 652), (176, 640)],
    )
    collar_pad = chain(collar_line, offset(collar_line[::-1], 30))
    # the lining of the far side, seen over the near side's collar
    far_collar = spline([(690, 372), (744, 386), (806, 390), (856, 380), (878, 378)])

    eyelets = [along(*offset(throat, -24), t) for t in (0.04, 0.23, 0.42, 0.61, 0.8, 0.97)]
    lace_bars = [
        stroke([eyelet, along(*offset(throat, 3), t - 0.07)], 15)
        for eyelet, t in zip(eyelets, (0.04, 0.23, 0.42, 0.61, 0.8, 0.97), strict=True)
    ]
    sweep = spline([(340, 598), (470, 586), (610, 558), (734, 510), (842, 452)])
    sweep_width = keyframes((0, 6), (0.3, 26), (0.8, 40), (1, 42))

    parts = Parts()
    parts["sole"] = hi(polygon(sole_outline))
    parts["outsole"] = minus(parts["sole"], shifted(parts["sole"], 0, -24 * SUPERSAMPLE))
    parts["laces"] = minus(hi(group(*lace_bars)), parts["sole"])
    parts["logo"] = minus(
        hi(group(polygon(ribbon(sweep, sweep_width)), oval(sweep[-1], 22, 22))),
        parts["sole"],
        parts["laces"],
    )
    parts["lining"] = minus(hi(polygon(chain(collar_line, far_collar[::-1]))), parts["laces"])
    parts["upper"] = minus(
        hi(polygon(upper_outline)), parts["sole"], parts["laces"], parts["logo"], parts["lining"]
    )
    parts["collar"] = ImageChops.multiply(hi(polygon(collar_pad)), parts["upper"])
    parts["tongue"] = ImageChops.multiply(hi(polygon(tongue)), parts["upper"])
    zones = {
        "upper": union(parts["upper"], parts["lining"]),
        **{name: parts[name] for name in ("sole", "laces", "logo")},
    }
    silhouette = lo(union(*zones.values()))

    upper, sole, lining = parts.small("upper"), parts.small("sole"), parts.small("lining")
    laces, logo = parts.small("laces"), parts.small("logo")
    outsole, collar = parts.small("outsole"), parts.small("collar")
    shader = Shader()
    # the upper: rounded, lit from above, the toe box catching the light
    shader.gradient((512, 300), (512, 660), keyframes((0, -0.05), (0.6, 0.06), (1, 0.2)), upper)
    shader.rim(upper, 20, 0.2)
    shader.rim(collar, 9, 0.22)
    shader.rim(parts.small("tongue"), 8, 0.12)
    shader.gradient((0, 380), (0, 410), keyframes((0, 0.28), (1, 0.45)), lining)
    shader.spot((236, 540), 110, 40, 0.35, upper)
    shader.spot((770, 470), 120, 60, 0.18, upper)
    toe_cap = spline([(330, 636), (324, 580), (300, 528), (268, 506)])
    heel_counter = spline([(752, 640), (758, 580), (790, 500), (838, 434)])
    eyestay = spline([(352, 540), (420, 520), (520, 474), (612, 432), (668, 416)])
    for line, side in ((toe_cap, 1), (heel_counter, -1)):
        shader.seam(line, upper, depth=0.26, side=side)
        shader.stitch(offset(line, side * 9), upper, depth=0.25)
    shader.seam(eyestay, upper, depth=0.24)
    shader.stitch(offset(eyestay, -8), upper, depth=0.22)
    shader.seam(collar_line[6:-2], upper, depth=0.15, light=0)
    shader.seam(offset(collar_line[::-1], 34), upper, depth=0.2)
    shader.seam(tongue[2:-4], upper, depth=0.16, light=0)
    holes = group(
        *(
            oval((x, y), 2.4, 2.4)
            for x in range(170, 300, 16)
            for y in range(548, 620, 14)
            if (x - 236) ** 2 / 70**2 + (y - 584) ** 2 / 34**2 < 1
        )
    )
    shader.darken(crisp(holes), 0.35, upper)
    for x, y in eyelets:
        shader.darken(crisp(stroke(ellipse_points((x, y), 8, 8), 3.2)), 0.4, upper)
        shader.darken(soft(oval((x + 1, y + 2), 6, 6), 2), 0.5, upper)
    for creases in ([(352, 488), (340, 530), (350, 570)], [(384, 484), (374, 520)]):
        shader.crease(creases, upper, 0.14, 8, 5, side=-1)
    shader.crease([(600, 640), (700, 630), (800, 628)], upper, 0.08, 14, 8)
    # laces: round cords, each bar shaded towards its ends
    shader.rim(laces, 3, 0.3)
    shader.gradient((512, 330), (512, 540), keyframes((0, -0.05), (1, 0.15)), laces)
    # the logo patch: a slightly raised overlay with a stitched edge
    shader.rim(logo, 4, 0.18)
    shader.stitch(ribbon(sweep[2:-2], lambda t: sweep_width(0.1 + 0.8 * t) - 10), logo, 0.2)
    shader.gradient((512, 400), (512, 620), keyframes((0, -0.04), (1, 0.08)), logo)
    # the sole: a foam midsole with a groove, a darker treaded outsole
    shader.gradient((512, 600), (512, 716), keyframes((0, -0.08), (0.5, 0.02), (1, 0.12)), sole)
    shader.rim(sole, 6, 0.16)
    shader.seam(offset(sole_top[1:], -2), sole, depth=0.2, light=0.3, side=-1)
    shader.crease([(180, 656), (400, 668), (700, 666), (896, 654)], sole, 0.12, 4, 2, light=0.8)
    shader.darken(outsole, 0.14)
    shader.darken(
        crisp(stroke(offset([*toe_bottom[6:], (600, 716), (850, 716)], -24), 2)), 0.2, sole
    )
    tread = group(*(stroke([(x, 704), (x - 4, 720)], 5) for x in range(250, 880, 18)))
    shader.darken(soft(tread, 1.5), 0.1, outsole)

    stage = Stage().pool((520, 714), 400, 16, 10, 0.4).pool((540, 716), 460, 40, 34, 0.2)
    return finish(
        "sneaker",
        "Sneaker",
        zones,
        {"upper": "Upper", "sole": "Sole", "laces": "Laces", "logo": "Side stripe"},
        shader,
        stage,
        silhouette,
    )


# --------------------------------------------------------------------------- mug


def mug_art() -> ProductArt:
    """A ceramic mug seen a little from above, handle to the right."""
    cx, top, bottom, rx, ry = 470, 300, 780, 190, 46
    left, right = cx - rx, cx + rx
    handle_path = chain(
        cubic((right - 24, 410), (right + 90, 380), (right + 140, 440), (right + 136, 536)),
        cubic((right + 136, 536), (right + 132, 640), (right + 84, 684), (right - 24, 668)),
    )

    parts = Parts()
    parts["outline"] = hi(
        group(
            polygon([(left, top), (right, top), (right, bottom), (left, bottom)]),
            oval((cx, top), rx, ry),
            oval((cx, bottom), rx, ry),
        )
    )
    parts["inside"] = hi(oval((cx, top + 3), rx - 13, ry - 6))
    parts["lip"] = minus(hi(oval((cx, top), rx, ry)), parts["inside"])
    parts["body"] = minus(parts["outline"], parts["inside"])
    parts["handle"] = minus(hi(stroke(handle_path, 44)), parts["outline"])
    zones = {"body": parts["body"], "handle": parts["handle"], "rim": parts["inside"]}
    silhouette = lo(union(*zones.values()))

    body, handle, inside = parts.small("body"), parts.small("handle"), parts.small("inside")
    lip = parts.small("lip")
    shader = Shader()
    # the wall: a lit cylinder with a bright glaze highlight and a darker turning edge
    wall = keyframes(
        (0, 0.24), (0.08, 0.1), (0.25, -0.02), (0.5, 0.03), (0.78, 0.14), (0.95, 0.26), (1, 0.2)
    )
    shader.gradient((left, 0), (right, 0), wall, body)
    shader.gradient((0, bottom - 120), (0, bottom + ry), keyframes((0, 0), (1, 0.16)), body)
    shader.lighten(soft(polygon([(346, 340), (370, 336), (372, 740), (348, 748)]), 9), 0.6, body)
    shader.lighten(soft(polygon([(316, 350), (330, 348), (330, 720), (318, 728)]), 6), 0.25, body)
    shader.lighten(soft(polygon([(600, 360), (606, 360), (606, 700), (600, 700)]), 5), 0.12, body)
    shader.darken(crisp(stroke(ellipse_points((cx, top), rx, ry, 5, 175), 2)), 0.18, body)
    shader.lighten(lip, 0.35)
    shader.lighten(
        crisp(stroke(ellipse_points((cx, top + 1), rx - 6, ry - 3, 200, 340), 2)), 0.5, lip
    )
    # the inside: the back wall lit, falling into shadow under the near rim
    shader.gradient(
        (0, top - ry), (0, top + ry), keyframes((0, 0.05), (0.6, 0.25), (1, 0.42)), inside
    )
    shader.gradient((left, 0), (right, 0), keyframes((0, 0.18), (0.6, 0.0), (1, 0.06)), inside)
    shader.rim(inside, 8, 0.2)
    # the handle: a rounded loop, lit on its upper left
    shader.rim(handle, 10, 0.32)
    shader.gradient((right, 0), (right + 160, 0), keyframes((0, 0.16), (1, 0.04)), handle)
    shader.lighten(soft(stroke(offset(handle_path, 8)[4:-4], 8), 4), 0.45, handle)
    shader.darken(soft(oval((right + 2, 540), 18, 140), 10), 0.15, body)  # the handle's shade

    stage = (
        Stage()
        .pool((cx + 10, bottom + 8), rx + 6, ry - 6, 12, 0.45)
        .pool((cx + 70, bottom + 20), rx + 80, ry + 16, 36, 0.22)
    )
    return finish(
        "mug",
        "Mug",
        zones,
        {"body": "Mug", "handle": "Handle", "rim": "Inside"},
        shader,
        stage,
        silhouette,
    )


# --------------------------------------------------------------------------- cap


def cap_art() -> ProductArt:
    """A six-panel baseball cap in three-quarter view, the brim towards the lower left."""
    button = (512, 246)
    crown_outline = spline(
        [
            (318, 610),
            (288, 520),
            (294, 420),
            (338, 330),
            (418, 270),
            button,
            (612, 254),
            (704, 294),
            (776, 362),
            (820, 450),
            (832, 530),
            (816, 590),
            (764, 624),
            (660, 652),
            (540, 664),
            (420, 648),
        ],
        closed=True,
    )
    sweatband = spline([(600, 656), (700, 642), (780, 616), (818, 584)])
    brim_attach = spline([(292, 548), (340, 604), (440, 640), (560, 654), (644, 644)])
    brim_edge = spline(
        [
            (644, 644),
            (604, 702),
            (500, 746),
            (370, 762),
            (240, 744),
            (150, 700),
            (116, 640),
            (148, 588),
            (218, 560),
            (292, 548),
        ]
    )
    front_seam = spline([button, (446, 280), (388, 370), (370, 500), (410, 642)])
    side_seam = spline([button, (590, 290), (648, 400), (672, 520), (664, 656)])
    back_seam = spline([button, (664, 284), (752, 360), (800, 460), (814, 590)])

    parts = Parts()
    parts["brim"] = hi(polygon(chain(brim_attach, brim_edge)))
    parts["button"] = hi(oval((button[0], button[1] - 3), 26, 13))
    parts["crown"] = minus(hi(polygon(crown_outline)), parts["brim"], parts["button"])
    zones = {name: parts[name] for name in ("crown", "brim", "button")}
    silhouette = lo(union(*zones.values()))

    crown, brim, top = parts.small("crown"), parts.small("brim"), parts.small("button")
    shader = Shader()
    # the crown: a dome lit from the upper left, each panel turned a little further away
    shader.gradient((300, 260), (840, 660), keyframes((0, -0.06), (0.5, 0.04), (1, 0.16)), crown)
    shader.rim(crown, 30, 0.2)
    shader.spot((420, 370), 180, 160, 0.3, crown)
    beyond = [(900, 700), (900, 150)]  # closes a panel round the outside of the crown
    for first, second, depth in ((front_seam, side_seam, 0.03), (side_seam, back_seam, 0.09)):
        shader.darken(soft(polygon(chain(first, second[::-1])), 3), depth, crown)
    shader.darken(soft(polygon(chain(back_seam, beyond)), 3), 0.16, crown)
    for seam in (front_seam, side_seam, back_seam):
        shader.seam(seam[3:], crown, depth=0.3, light=0.2)
        for side in (-8, 8):
            shader.stitch(offset(seam[5:], side), crown, depth=0.2, dash=6, gap=4)
    for centre in ((430, 356), (636, 350), (746, 440)):
        shader.darken(crisp(stroke(ellipse_points(centre, 7, 5), 3)), 0.35, crown)
        shader.darken(crisp(oval(centre, 3.5, 2.5)), 0.5, crown)
    shader.seam(sweatband, crown, depth=0.2, light=0.15)
    shader.stitch(offset(sweatband, 10), crown, depth=0.2)
    # the brim: a curved visor, its edge rolled under, rows of stitching round it
    shader.gradient((200, 600), (600, 760), keyframes((0, -0.04), (0.6, 0.08), (1, 0.2)), brim)
    shader.rim(brim, 12, 0.22)
    shader.lighten(soft(stroke(spline([(180, 640), (320, 684), (480, 694)]), 36), 24), 0.3, brim)
    shader.darken(soft(stroke(offset(brim_edge[:60], 4), 10), 4), 0.22, brim)
    for inset in (12, 21, 30, 39, 48):
        shader.stitch(offset(brim_edge[4:-8], -inset), brim, depth=0.2, dash=6, gap=3)
    shader.seam(brim_attach, brim, depth=0.3, light=0.2, side=-1)
    shader.darken(soft(stroke(offset(brim_attach, 10), 16), 8), 0.12, brim)
    # the button: a small covered dome
    shader.rim(top, 5, 0.3)
    shader.spot((button[0] - 8, button[1] - 9), 14, 8, 0.5, top)

    stage = Stage().pool((520, 700), 340, 60, 30, 0.24).pool((560, 670), 260, 22, 14, 0.22)
    return finish(
        "cap",
        "Baseball cap",
        zones,
        {"crown": "Crown", "brim": "Brim", "button": "Button"},
        shader,
        stage,
        silhouette,
    )


# --------------------------------------------------------------------------- tote


def tote_art() -> ProductArt:
    """A canvas tote bag standing, seen from the front, both handles up."""
    top_edge = spline([(290, 412), (400, 420), (512, 424), (624, 420), (734, 412)])
    bag_outline = chain(
        top_edge,
        spline([(734, 412), (740, 640), (744, 870)]),
        cubic((744, 870), (744, 892), (730, 898), (700, 898)),
        [(324, 898)],
        cubic((324, 898), (294, 898), (280, 892), (280, 870)),
        spline([(280, 870), (284, 640), (290, 412)]),
    )

    def strap(dx: float, dy: float, drop: float) -> list[Point]:
        return chain(
            [(392 + dx, drop + dy), (392 + dx, 420 + dy)],
            cubic(
                (392 + dx, 420 + dy),
                (392 + dx, 250 + dy),
                (440 + dx, 168 + dy),
                (512 + dx, 168 + dy),
            ),
            cubic(
                (512 + dx, 168 + dy),
                (584 + dx, 168 + dy),
                (632 + dx, 250 + dy),
                (632 + dx, 420 + dy),
            ),
            [(632 + dx, drop + dy)],
        )

    front_strap, back_strap = strap(0, 0, 540), strap(20, -16, 480)

    parts = Parts()
    parts["bag"] = hi(polygon(bag_outline))
    parts["front_handle"] = hi(stroke(front_strap, 34, caps=False))
    parts["back_handle"] = minus(
        hi(stroke(back_strap, 34, caps=False)), parts["bag"], parts["front_handle"]
    )
    zones = {
        "bag": minus(parts["bag"], parts["front_handle"]),
        "handles": union(parts["front_handle"], parts["back_handle"]),
    }
    silhouette = lo(union(*zones.values()))

    bag, front, back = lo(zones["bag"]), parts.small("front_handle"), parts.small("back_handle")
    shader = Shader()
    # the bag: canvas, softly bulging, sagging between the handles, darker near the floor
    shader.gradient((512, 400), (512, 900), keyframes((0, 0.02), (0.7, 0.0), (1, 0.14)), bag)
    shader.gradient(
        (280, 0), (744, 0), keyframes((0, 0.1), (0.3, -0.03), (0.7, 0.0), (1, 0.14)), bag
    )
    shader.rim(bag, 24, 0.16)
    shader.spot((512, 438), 90, 34, -0.12, bag)
    folds = (
        ([(372, 560), (352, 640), (340, 740)], 1),
        ([(420, 556), (448, 630), (462, 720)], -1),
        ([(606, 556), (584, 640), (576, 730)], 1),
        ([(652, 560), (676, 650), (684, 760)], -1),
        ([(512, 470), (506, 600), (516, 820)], 1),
        ([(330, 470), (322, 640), (336, 860)], 1),
        ([(694, 480), (702, 660), (692, 860)], -1),
    )
    for points, side in folds:
        shader.crease(points, bag, 0.07, 16, 12, light=0.8, side=side)
    shader.crease([(300, 836), (420, 852), (560, 846), (724, 834)], bag, 0.06, 18, 12)
    hem = offset(top_edge, -40)
    shader.seam(hem, bag, depth=0.18, light=0.3, side=-1)
    shader.stitch(offset(top_edge, -32), bag, depth=0.22)
    shader.stitch(offset(top_edge, -10), bag, depth=0.16)
    # the handles: flat webbing, stitched along both edges, boxed where sewn on
    shader.rim(front, 5, 0.25)
    shader.rim(back, 5, 0.25)
    shader.darken(back, 0.18)
    shader.gradient((512, 160), (512, 560), keyframes((0, -0.05), (1, 0.08)), front)
    for side in (-11, 11):
        shader.stitch(offset(front_strap, side), front, depth=0.2, dash=6, gap=4)
    for x in (392, 632):
        box = [(x - 10, 456), (x + 10, 456), (x + 10, 522), (x - 10, 522), (x - 10, 456)]
        shader.stitch([*box, (x + 10, 522)], front, depth=0.25, dash=5, gap=3)
        shader.stitch([(x + 10, 456), (x - 10, 522)], front, depth=0.25, dash=5, gap=3)
        shader.darken(
            soft(polygon([(x - 17, 540), (x + 17, 540), (x + 19, 552), (x - 15, 552)]), 5),
            0.22,
            bag,
        )

    stage = Stage().pool((512, 898), 250, 14, 9, 0.45).pool((530, 900), 300, 36, 30, 0.18)
    return finish(
        "tote",
        "Tote bag",
        zones,
        {"bag": "Bag", "handles": "Handles"},
        shader,
        stage,
        silhouette,
    )


ALL_PRODUCTS: list[Callable[[], ProductArt]] = [tshirt_art, sneaker_art, mug_art, cap_art, tote_art]


def preview(art: ProductArt, colours: dict[str, tuple[int, int, int]]) -> Image.Image:
    """The base coloured zone by zone, as the customizer's renderer does it."""
    result = art.base.copy()
    for zone, colour in colours.items():
        tinted = ImageChops.multiply(art.base, Image.new("RGB", art.base.size, colour))
        result = Image.composite(tinted, result, art.masks[zone])
    return result
