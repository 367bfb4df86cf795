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
from portal.pages import paginate, record_read, record_reads, record_reads_of
from portal.viewer import per_request_cache
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
        if "child" in context:
            _record_reads(request, context, queryset, what="Sharing log (CSV export)")
            return decisions_csv(queryset, filename)
        return decisions_csv(queryset, filename, before_chunk=_export_reads(request))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    page = paginate(request, queryset)
    _record_reads(request, context, page.object_list, what="Sharing log")
    context |= {"filter": filtered, "page": page, "query": query.urlencode()}
    return render(request, template, context)


def _record_reads(request: HttpRequest, context: dict[str, Any], decisions, *, what: str) -> None:
    """A child's log is one read of that child; a page of an organisation's log reads each child
    whose decisions it shows, their events written together."""
    if "child" in context:
        record_read(request, context["child"], what=what)
        return
    ids = {decision.child_id for decision in decisions}
    children = Child.objects.filter(pk__in=ids).select_related("allocated_team")
    label = f"Organisation's {what[0].lower()}{what[1:]}"
    record_reads(request, [(child, label) for child in children])


def _export_reads(request: HttpRequest) -> Callable[[set[int]], None]:
    """An organisation's export reads each child in it: one access event per child, written in bulk
    a chunk at a time as the file streams, each chunk's before any of its rows is sent.

    Decided for issue 14 (an export of ~25,000 children had written every event, one basis worked
    out per child, before its first byte): per-child events rather than one event for the export.
    A Caldicott Guardian asking "who has seen this child's information" reads the child's own access
    log, as for every other read — the export is there under the child, with who, when and on what
    basis — and a subject access request finds it the same way; one event for the export would
    have needed the child's log to find every export whose filter once matched them, which the
    decisions as they stand today cannot answer. Written in bulk per chunk (three statements per
    chunk of `sharing.exports.CHUNK_SIZE` rows, each child once), the cost no longer grows per child,
    and a download abandoned part-way logs only the children whose rows were sent. The children are
    known only by id and their events written by one statement (`record_reads_of`): a model instance
    per child, and per event and history row, was most of a large export's time."""
    seen: set[int] = set()
    label = "Organisation's sharing log (CSV export)"

    def record(child_ids: set[int]) -> None:
        new = child_ids - seen
        if not new:
            return
        seen.update(new)
        # The view has returned: the viewer's facts are cached again for this chunk (read once, not per child).
        with per_request_cache():
            record_reads_of(request, new, what=label)

    return record


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
