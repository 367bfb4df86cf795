"""Small server-rendered SVG charts for dashboards (no JavaScript; the Content Security Policy
allows no inline styles, so only SVG presentation attributes are used). Each chart carries a text
alternative, and the data is also given as a table, behind a "Show the figures" toggle."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BLUE = "#1d70b8"
RED = "#d4351c"
GREY = "#505a5f"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str = BLUE


FONT_SIZE = 16  # px at the chart's own width: GOV.UK body text, never smaller
TEXT = "#0b0c0c"


def bar_chart(
    bars: list[Bar],
    *,
    title: str,
    axis_label: str,
    limit: float | None = None,
    limit_label: str = "",
    width: int = 640,
) -> SafeString:
    """Horizontal bars, each labelled with its category and its value, along a labelled axis with a
    scale; an optional limit (e.g. the 15-day decision limit) is a labelled dashed line. Drawn at its
    own width in pixels (the page may shrink it on a small screen), so text is 16 px."""
    top = max([b.value for b in bars] + [limit or 0, 1])
    label_width, value_width, row = 140, 60, 32
    plot_width = width - label_width - value_width
    plot_top = 10 + (FONT_SIZE + 10 if limit is not None and limit_label else 0)
    axis_y = plot_top + row * len(bars)
    height = axis_y + 2 * FONT_SIZE + 30

    def x_of(value: float) -> float:
        return label_width + round(plot_width * value / top, 1)

    parts = [
        f'<svg class="portal-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" font-family="inherit" '
        f'font-size="{FONT_SIZE}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, bar in enumerate(bars):
        y = plot_top + index * row
        middle = y + row / 2 + FONT_SIZE / 3
        end = x_of(bar.value)
        parts.append(
            f'<text x="{label_width - 8}" y="{middle}" text-anchor="end" fill="{TEXT}">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{end - label_width}" height="{row - 8}" '
            f'fill="{escape(bar.colour)}"><title>{escape(bar.label)}: {bar.value:g}</title></rect>'
            f'<text x="{end + 6}" y="{middle}" fill="{TEXT}" font-weight="bold">{bar.value:g}</text>'
        )
    parts.append(
        f'<line x1="{label_width}" y1="{plot_top}" x2="{label_width}" y2="{axis_y}" stroke="{GREY}" stroke-width="1"/>'
        f'<line x1="{label_width}" y1="{axis_y}" x2="{label_width + plot_width}" y2="{axis_y}" stroke="{GREY}" '
        'stroke-width="1"/>'
    )
    for tick in sorted({0, round(top / 2) if top >= 4 else 0, top}):
        x = x_of(tick)
        parts.append(
            f'<line x1="{x}" y1="{axis_y}" x2="{x}" y2="{axis_y + 5}" stroke="{GREY}" stroke-width="1"/>'
            f'<text x="{x}" y="{axis_y + 8 + FONT_SIZE}" text-anchor="middle" fill="{TEXT}">{tick:g}</text>'
        )
    parts.append(
        f'<text x="{label_width + plot_width / 2}" y="{axis_y + 16 + 2 * FONT_SIZE}" text-anchor="middle" '
        f'fill="{TEXT}">{escape(axis_label)}</text>'
    )
    if limit is not None:
        x = x_of(limit)
        parts.append(
            f'<line x1="{x}" y1="{plot_top - 4}" x2="{x}" y2="{axis_y}" stroke="{RED}" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
        )
        if limit_label:
            parts.append(
                f'<text x="{x}" y="{plot_top - 8}" text-anchor="middle" fill="{RED}" font-weight="bold">'
                f"{escape(limit_label)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated value is escaped above
