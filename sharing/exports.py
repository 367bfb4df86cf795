"""The sharing log as a CSV file, safe to open in a spreadsheet. Streamed (issue 14): rows are read
from the database a chunk at a time and written out as they come, so the first byte goes at once
and memory stays flat however long the log is."""

import csv
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from sharing.models import SharingDecision

CSV_COLUMNS = [
    "Decision",
    "Started",
    "Completed",
    "Child",
    "Made by",
    "Organisation",
    "Status",
    "Outcome",
    "With consent",
    "Shared with (organisation)",
    "Shared with (person)",
    "Purpose",
    "Article 6",
    "Article 9",
    "Legal gateway",
    "Agreement",
    "Reasons",
]


def csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a cell must never start a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(d: SharingDecision) -> list[Any]:
    return [
        d.pk,
        timezone.localtime(d.started_at).strftime("%Y-%m-%d %H:%M"),
        timezone.localtime(d.completed_at).strftime("%Y-%m-%d %H:%M") if d.completed_at else "",
        d.child.full_name,
        d.made_by,
        d.organisation,
        d.get_status_display(),
        d.get_outcome_display() if d.outcome else "",
        "Yes" if d.with_consent else "No",
        d.recipient_organisation or "",
        d.recipient_name,
        d.get_purpose_display(),
        d.article_6_basis or "",
        d.article_9_condition or "",
        d.legal_gateway or "",
        d.agreement or "",
        d.reasons,
    ]


CHUNK_SIZE = 2000


class _Line:
    """What `csv.writer` writes to: hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def _lines(
    decisions: QuerySet[SharingDecision], before_chunk: Callable[[list[SharingDecision]], None] | None = None
) -> Iterator[str]:
    """The header, then the rows a chunk at a time; `before_chunk(decisions)` is called for each chunk
    before any of its rows is written (the export's access events: nothing is sent unlogged)."""
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    rows = decisions.select_related("article_9_condition", "agreement").iterator(chunk_size=CHUNK_SIZE)
    chunk: list[SharingDecision] = []
    for decision in rows:
        chunk.append(decision)
        if len(chunk) == CHUNK_SIZE:
            yield from _chunk_lines(writer, chunk, before_chunk)
            chunk = []
    if chunk:
        yield from _chunk_lines(writer, chunk, before_chunk)


def _chunk_lines(writer, chunk: list[SharingDecision], before_chunk) -> Iterator[str]:
    if before_chunk is not None:
        before_chunk(chunk)
    for decision in chunk:
        yield writer.writerow([csv_cell(value) for value in _row(decision)])


def decisions_csv(
    decisions: QuerySet[SharingDecision],
    filename: str,
    *,
    before_chunk: Callable[[list[SharingDecision]], None] | None = None,
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(decisions, before_chunk), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
