"""Charts drawn on the server as SVG: accessible (a title and a description naming the
figures; the report's table holds every number) and styled by the admin's own colours."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 720
BAR_HEIGHT = 22
GAP = 8
CHAR_WIDTH = 7.5  # about a character of the 13px label font
DEFAULT_COLOUR = "#2e7d8c"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str = DEFAULT_COLOUR


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass(frozen=True)
class Chart:
    """The SVG and the figures it draws, which the page also lists as a table: ``rows`` of
    a label and its figures, under ``headings`` when there are several figures a row."""

    title: str
    svg: SafeString
    rows: list[tuple[str, ...]]
    headings: tuple[str, ...] = ()


def _svg(*, chart_id: str, height: float, title: str, description: str, body: SafeString):
    """The chart's frame: its size, its title and description for screen readers, the font."""
    return format_html(
        '<svg class="insight-chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        "<style>.chart-label,.chart-value{{font:13px system-ui,sans-serif;fill:#1d2433}}"
        "</style>{}</svg>",
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )


def bar_chart(*, title: str, bars: list[Bar], unit: str = "", chart_id: str) -> Chart | None:
    """Horizontal bars in the order given; None when there is nothing to draw."""
    if not bars:
        return None
    largest = max(bar.value for bar in bars) or 1
    # Room for the longest label (up to half the width; a longer one is cut at the left).
    label_width = round(min(WIDTH / 2, max(120, CHAR_WIDTH * max(len(b.label) for b in bars) + 16)))
    space = WIDTH - label_width - 70
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    description = "; ".join(f"{bar.label}: {_number(bar.value)}{unit}" for bar in bars)
    rows = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="{}" y="{}" text-anchor="end" '
        'class="chart-label">{}</text><rect x="{}" y="0" width="{}" height="{}" rx="3" '
        'fill="{}" stroke="#1d2433" stroke-opacity=".25"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}{}</text></g>',
        (
            (
                GAP + index * (BAR_HEIGHT + GAP),
                label_width - 8,
                BAR_HEIGHT * 0.7,
                bar.label,
                label_width,
                max(1.0, round(space * bar.value / largest, 1)),
                BAR_HEIGHT,
                bar.colour,
                label_width + max(1.0, space * bar.value / largest) + 6,
                BAR_HEIGHT * 0.7,
                _number(bar.value),
                unit,
            )
            for index, bar in enumerate(bars)
        ),
    )
    svg = _svg(chart_id=chart_id, height=height, title=title, description=description, body=rows)
    return Chart(
        title=title, svg=svg, rows=[(bar.label, f"{_number(bar.value)}{unit}") for bar in bars]
    )


@dataclass(frozen=True)
class Line:
    label: str
    values: list[float]  # one per point of the chart's axis
    colour: str = DEFAULT_COLOUR


LINE_HEIGHT = 260
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 48, 150, 12, 36


def line_chart(
    *, title: str, axis: list[str], lines: list[Line], chart_id: str, axis_heading: str
) -> Chart | None:
    """Lines over the points of ``axis`` (days, weeks, months), each drawn in its own colour
    with a dark edge so that pale colours show on white; None when there is nothing to draw."""
    if not lines or not axis:
        return None
    largest = max(max(line.values) for line in lines) or 1
    width = WIDTH - PLOT_LEFT - PLOT_RIGHT
    height = LINE_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    step = width / max(1, len(axis) - 1)

    def x(index: int) -> float:
        return round(PLOT_LEFT + index * step, 1)

    def y(value: float) -> float:
        return round(PLOT_TOP + height - height * value / largest, 1)

    every = -(-len(axis) // 7)  # at most seven labels under the axis
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
        (
            (x(index), LINE_HEIGHT - 12, label)
            for index, label in enumerate(axis)
            if not index % every
        ),
    )
    scale = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1d2433" stroke-opacity=".3"></line>'
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">0</text>',
        PLOT_LEFT,
        PLOT_TOP + height,
        PLOT_LEFT + width,
        PLOT_TOP + height,
        PLOT_LEFT - 6,
        PLOT_TOP + 10,
        _number(largest),
        PLOT_LEFT - 6,
        PLOT_TOP + height,
    )
    # Each line's name at its end, moved apart where two ends are close.
    label_y: dict[int, float] = {}
    for index in sorted(range(len(lines)), key=lambda index: y(lines[index].values[-1])):
        lowest = max(label_y.values(), default=0)
        label_y[index] = max(y(lines[index].values[-1]) + 4, lowest + 14)
    paths = format_html_join(
        "",
        '<g class="chart-line"><polyline points="{}" fill="none" stroke="#1d2433" '
        'stroke-opacity=".55" stroke-width="4.5" stroke-linejoin="round"></polyline>'
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" '
        'stroke-linejoin="round"></polyline>'
        '<text x="{}" y="{}" class="chart-label">{}</text></g>',
        (
            (
                points,
                points,
                line.colour,
                x(len(axis) - 1) + 8,
                label_y[index],
                line.label,
            )
            for index, line in enumerate(lines)
            for points in [" ".join(f"{x(i)},{y(v)}" for i, v in enumerate(line.values))]
        ),
    )
    description = "; ".join(
        f"{line.label}: " + ", ".join(_number(value) for value in line.values) for line in lines
    )
    svg = _svg(
        chart_id=chart_id,
        height=LINE_HEIGHT,
        title=title,
        description=f"{description} ({axis_heading}: {axis[0]} to {axis[-1]})",
        body=scale + ticks + paths,
    )
    rows = [
        (label, *(_number(line.values[index]) for line in lines))
        for index, label in enumerate(axis)
    ]
    return Chart(
        title=title,
        svg=svg,
        rows=rows,
        headings=(axis_heading, *(line.label for line in lines)),
    )
