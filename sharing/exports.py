"""The sharing log as a CSV file, safe to open in a spreadsheet."""

import csv
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
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


def decisions_csv(decisions: QuerySet[SharingDecision], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for decision in decisions.select_related("article_9_condition", "agreement"):
        writer.writerow([csv_cell(value) for value in _row(decision)])
    return response
