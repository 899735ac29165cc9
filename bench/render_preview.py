"""Server-side preview render: 1024×1024, five zones (one patterned), a monogram.

Budget (DESIGN.md §5, issue 3): under 50 ms per render on this machine. The machine is shared
and noisy, so the run also times a baseline of fixed Pillow work (one full-size multiply)
and prints the render as a multiple of it.

    .venv/bin/python bench/render_preview.py [--repeat 30]
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storefront.customizer.rendering import TextLayer, ZoneLayer, compose

SIZE = (1024, 1024)


def shaded_base() -> Image.Image:
    base = Image.new("L", SIZE, 235)
    draw = ImageDraw.Draw(base)
    for i in range(0, 1024, 64):
        draw.ellipse((i, i // 2, i + 400, i // 2 + 300), fill=200 + (i % 40))
    return base.filter(ImageFilter.GaussianBlur(12)).convert("RGB")


def zone_masks(count: int) -> list[Image.Image]:
    masks = []
    band = SIZE[1] // count
    for index in range(count):
        mask = Image.new("L", SIZE, 0)
        ImageDraw.Draw(mask).rounded_rectangle(
            (40, index * band + 4, SIZE[0] - 40, (index + 1) * band - 4), radius=30, fill=255
        )
        masks.append(mask.filter(ImageFilter.GaussianBlur(1.5)))
    return masks


def stripes() -> Image.Image:
    tile = Image.new("L", (32, 32), 0)
    ImageDraw.Draw(tile).rectangle((0, 0, 15, 31), fill=255)
    return tile


def timed(function, repeat: int) -> list[float]:
    function()  # warm-up: caches, tiled pattern
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    base = shaded_base()
    masks = zone_masks(5)
    colours = [(192, 57, 43), (31, 42, 68), (255, 255, 255), (46, 134, 93), (212, 175, 55)]
    layers = [
        ZoneLayer(mask=mask, colour=colour, pattern=stripes() if index == 0 else None)
        for index, (mask, colour) in enumerate(zip(masks, colours, strict=True))
    ]
    text = TextLayer(text="ABC", colour=(255, 255, 255), centre=(0.5, 0.36), size=0.06)
    solid = Image.new("RGB", SIZE, colours[0])

    render = timed(lambda: compose(base, layers, text), args.repeat)
    baseline = timed(lambda: ImageChops.multiply(base, solid), args.repeat)

    picture = compose(base, layers, text)

    def encode():
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG", compress_level=3)

    encoding = timed(encode, max(5, args.repeat // 3))

    render_ms = statistics.median(render)
    baseline_ms = statistics.median(baseline)
    print(
        f"render 1024x1024, 5 zones (1 patterned) + text: median {render_ms:.1f} ms, "
        f"p90 {sorted(render)[int(len(render) * 0.9) - 1]:.1f} ms over {args.repeat} runs"
    )
    print(f"baseline (one full-size multiply): median {baseline_ms:.1f} ms")
    print(f"render / baseline: {render_ms / baseline_ms:.1f}x")
    print(f"budget 50 ms: {'met' if render_ms < 50 else 'NOT met'}")
    print(
        f"PNG encoding of the result for the cache (once per design): "
        f"median {statistics.median(encoding):.1f} ms"
    )


if __name__ == "__main__":
    main()
