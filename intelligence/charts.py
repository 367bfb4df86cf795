"""The trends page's charts: the core's server-rendered SVG bars (portal.charts), each with its
figures as a table too (no map tiles, no script)."""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from portal.charts import Bar, bar_chart


@dataclass(frozen=True)
class TrendChart:
    title: str
    heading: str  # the table's first column
    svg: SafeString
    rows: list[tuple[str, int]]


def _chart(title: str, heading: str, rows: list[tuple[str, int]]) -> TrendChart:
    svg = bar_chart([Bar(label, value) for label, value in rows], title=title, axis_label="Submissions") if rows else ""
    return TrendChart(title=title, heading=heading, svg=svg, rows=rows)


def trend_charts(
    *, kinds: list[tuple[str, int]], districts: list[tuple[str, int]], months: list[tuple[str, int]]
) -> list[TrendChart]:
    return [
        _chart("Submissions by type of exploitation", "Type", kinds),
        _chart("Submissions by postcode district", "Postcode district", districts),
        _chart("Submissions by month seen or heard", "Month", months),
    ]
