"""Sharing logs: a child's, the organisation's, and the register of what was shared without
consent; each filters, pages and exports as CSV."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal import policies
from portal import selectors as core_selectors
from portal.models import Child
from portal.pages import paginate, record_read, record_reads
from sharing import selectors
from sharing.exports import decisions_csv
from sharing.forms import DecisionFilter
from sharing.models import SharingDecision


def _log(
    request: HttpRequest,
    decisions: QuerySet[SharingDecision],
    *,
    template: str,
    context: dict[str, Any],
    filename: str,
) -> HttpResponse:
    filtered = DecisionFilter(request.GET or None, queryset=decisions)
    queryset = filtered.qs if filtered.is_bound and filtered.is_valid() else decisions
    if request.GET.get("format") == "csv":
        _record_reads(request, context, queryset, what="Sharing log (CSV export)")
        return decisions_csv(queryset, filename)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    page = paginate(request, queryset)
    _record_reads(request, context, page.object_list, what="Sharing log")
    context |= {"filter": filtered, "page": page, "query": query.urlencode()}
    return render(request, template, context)


def _record_reads(request: HttpRequest, context: dict[str, Any], decisions, *, what: str) -> None:
    """A child's log is one read of that child; an organisation's log (or its export) reads each
    child whose decisions it shows."""
    if "child" in context:
        record_read(request, context["child"], what=what)
        return
    # Each child once, their events written together (issue 14: an export of thousands of decisions
    # wrote thousands of events one at a time before its first byte).
    if isinstance(decisions, QuerySet) and not decisions.query.is_sliced:  # the whole log, exported
        ids: Any = decisions.order_by().values("child_id")
    else:  # one page of it
        ids = {decision.child_id for decision in decisions}
    children = Child.objects.filter(pk__in=ids).select_related("allocated_team")
    label = f"Organisation's {what[0].lower()}{what[1:]}"
    record_reads(request, [(child, label) for child in children])


def child_log(request: HttpRequest, pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=pk)
    return _log(
        request,
        selectors.decision_log_for_child(child=child),
        template="sharing/child_log.html",
        context={"child": child},
        filename=f"sharing-log-child-{child.pk}.csv",
    )


def _reviewer_log(
    request: HttpRequest,
    *,
    decisions_of: Callable[..., QuerySet[SharingDecision]],
    template: str,
    filename: str,
) -> HttpResponse:
    """A log of the reviewer's own organisation, for Caldicott Guardians and lead information officers."""
    if not policies.is_reviewer(request.user):
        raise PermissionDenied("Only Caldicott Guardians and lead information officers see this log.")
    organisation = request.user.organisation
    return _log(
        request,
        decisions_of(organisation=organisation),
        template=template,
        context={"organisation": organisation},
        filename=f"{filename}-{organisation.pk}.csv",
    )


def organisation_log(request: HttpRequest) -> HttpResponse:
    return _reviewer_log(
        request,
        decisions_of=selectors.decision_log_for_organisation,
        template="sharing/organisation_log.html",
        filename="sharing-log-organisation",
    )


def without_consent(request: HttpRequest) -> HttpResponse:
    return _reviewer_log(
        request,
        decisions_of=selectors.decisions_without_consent,
        template="sharing/without_consent.html",
        filename="shared-without-consent",
    )
