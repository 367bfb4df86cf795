"""The sharing log as a CSV file, safe to open in a spreadsheet. Streamed (issue 14): rows are read
from the database a chunk at a time and written out as they come, so the first byte goes at once
and memory stays flat however long the log is."""

import csv
from collections.abc import Callable, Iterator
from itertools import batched
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from sharing.choices import Answer
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


# Each row is read as plain values (issue 14: a model instance per decision and per related record
# was most of a 25,000-row export's time); `_row` writes each cell as the models' `__str__` and
# `get_*_display` would (tests.sharing.test_exports_values compares the two).
_COLUMNS = (
    "pk",
    "child_id",
    "started_at",
    "completed_at",
    "child__first_name",
    "child__last_name",
    "made_by__first_name",
    "made_by__last_name",
    "made_by__username",
    "organisation__name",
    "status",
    "outcome",
    "consent_answer",
    "recipient_organisation",
    "recipient_organisation__name",
    "recipient_name",
    "purpose",
    "article_6_basis",
    "article_6_basis__code",
    "article_6_basis__name",
    "article_9_condition",
    "article_9_condition__code",
    "article_9_condition__name",
    "legal_gateway",
    "legal_gateway__name",
    "agreement",
    "agreement__title",
    "reasons",
)


def _labels(name: str) -> dict[str, str]:
    """A choice field's labels by code, as `get_<name>_display` finds them (an unknown code shows as itself)."""
    return {code: str(label) for code, label in SharingDecision._meta.get_field(name).flatchoices}


_STATUS, _OUTCOME, _PURPOSE = _labels("status"), _labels("outcome"), _labels("purpose")


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _lawful_basis(pk, code, name) -> str:
    return f"{code} — {name}" if pk is not None else ""  # LawfulBasis.__str__


def _row(d) -> list[Any]:
    return [
        d.pk,
        _local(d.started_at),
        _local(d.completed_at) if d.completed_at else "",
        f"{d.child__first_name} {d.child__last_name}",  # Child.full_name
        f"{d.made_by__first_name} {d.made_by__last_name}".strip() or d.made_by__username,  # User.__str__
        d.organisation__name,
        _STATUS.get(d.status, d.status),
        _OUTCOME.get(d.outcome, d.outcome) if d.outcome else "",
        "Yes" if d.consent_answer == Answer.YES else "No",  # SharingDecision.with_consent
        d.recipient_organisation__name if d.recipient_organisation is not None else "",
        d.recipient_name,
        _PURPOSE.get(d.purpose, d.purpose),
        _lawful_basis(d.article_6_basis, d.article_6_basis__code, d.article_6_basis__name),
        _lawful_basis(d.article_9_condition, d.article_9_condition__code, d.article_9_condition__name),
        d.legal_gateway__name if d.legal_gateway is not None else "",
        d.agreement__title if d.agreement is not None else "",
        d.reasons,
    ]


CHUNK_SIZE = 2000


class _Line:
    """What `csv.writer` writes to: hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def _lines(
    decisions: QuerySet[SharingDecision], before_chunk: Callable[[set[int]], None] | None = None
) -> Iterator[str]:
    """The header, then the rows a chunk at a time; `before_chunk(child_ids)` is called with each
    chunk's children before any of its rows is written (the export's access events: nothing is
    sent unlogged)."""
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    rows = decisions.values_list(*_COLUMNS, named=True).iterator(chunk_size=CHUNK_SIZE)
    for chunk in batched(rows, CHUNK_SIZE):
        if before_chunk is not None:
            before_chunk({row.child_id for row in chunk})
        for row in chunk:
            yield writer.writerow([csv_cell(value) for value in _row(row)])


def decisions_csv(
    decisions: QuerySet[SharingDecision],
    filename: str,
    *,
    before_chunk: Callable[[set[int]], None] | None = None,
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(decisions, before_chunk), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
