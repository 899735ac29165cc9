"""Charts drawn on the server as SVG: accessible (a title and a description naming the
figures; the report's table holds every number) and styled by the admin's own colours."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 720
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 190
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
    """The SVG and the figures it draws, which the page also lists as a table."""

    title: str
    svg: SafeString
    bars: list[Bar]
    unit: str = ""


def bar_chart(*, title: str, bars: list[Bar], unit: str = "", chart_id: str) -> Chart | None:
    """Horizontal bars in the order given; None when there is nothing to draw."""
    if not bars:
        return None
    largest = max(bar.value for bar in bars) or 1
    space = WIDTH - LABEL_WIDTH - 70
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
                LABEL_WIDTH - 8,
                BAR_HEIGHT * 0.7,
                bar.label,
                LABEL_WIDTH,
                max(1.0, round(space * bar.value / largest, 1)),
                BAR_HEIGHT,
                bar.colour,
                LABEL_WIDTH + max(1.0, space * bar.value / largest) + 6,
                BAR_HEIGHT * 0.7,
                _number(bar.value),
                unit,
            )
            for index, bar in enumerate(bars)
        ),
    )
    svg = format_html(
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
        rows,
    )
    return Chart(title=title, svg=svg, bars=bars, unit=unit)
