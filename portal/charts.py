"""Small server-rendered SVG charts for dashboards (no JavaScript; the Content Security Policy
allows no inline styles, so only SVG presentation attributes are used). Each chart carries a text
alternative, and the data is also given as a visually hidden table by the template."""

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


def bar_chart(
    bars: list[Bar],
    *,
    title: str,
    limit: float | None = None,
    limit_label: str = "",
    width: int = 480,
    height: int = 160,
) -> SafeString:
    """Vertical bars with an optional horizontal limit line (e.g. the 15-day decision limit)."""
    top = max([b.value for b in bars] + [limit or 0, 1])
    plot_height = height - 30
    gap = 4
    bar_width = max(4, (width - gap * (len(bars) + 1)) // max(len(bars), 1))
    parts = [
        f'<svg class="portal-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="0" y1="{plot_height}" x2="{width}" y2="{plot_height}" stroke="{GREY}" stroke-width="1"/>',
    ]
    for index, bar in enumerate(bars):
        h = 0 if top == 0 else round(plot_height * bar.value / top)
        x = gap + index * (bar_width + gap)
        parts.append(
            f'<rect x="{x}" y="{plot_height - h}" width="{bar_width}" height="{h}" fill="{escape(bar.colour)}">'
            f"<title>{escape(bar.label)}: {bar.value:g}</title></rect>"
        )
        if index % max(1, len(bars) // 6) == 0:
            parts.append(f'<text x="{x}" y="{height - 8}" font-size="11" fill="{GREY}">{escape(bar.label)}</text>')
    if limit is not None:
        y = plot_height - round(plot_height * limit / top)
        parts.append(
            f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="{RED}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        if limit_label:
            parts.append(
                f'<text x="{width - 4}" y="{y - 4}" font-size="11" text-anchor="end" fill="{RED}">'
                f"{escape(limit_label)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated value is escaped above
