"""The consistent identifier report (Children Act 2004 s16LC): records shared without the NHS
number, by reason, by organisation, for Caldicott Guardians and lead information officers; as a
page or a CSV file. Counts only: it reads no child's information."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal import policies
from portal.pages import paginate
from sharing import law, selectors
from sharing.exports import csv_cell

COLUMNS = ["Organisation", "Workflow", "Reason the NHS number was left out", "Records"]


def identifier_report(request: HttpRequest) -> HttpResponse:
    if not policies.is_reviewer(request.user):
        raise PermissionDenied("Only Caldicott Guardians and lead information officers see this report.")
    rows = selectors.shared_without_identifier(user=request.user)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="shared-without-identifier.csv"'
        writer = csv.writer(response)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([csv_cell(row[key]) for key in ("organisation", "workflow", "reason", "records")])
        return response
    context = {
        "page": paginate(request, rows),
        "total": sum(row["records"] for row in rows),
        "commencement": law.commencement(),
    }
    return render(request, "sharing/identifier_report.html", context)
