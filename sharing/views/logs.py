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
from portal.pages import paginate
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
        return decisions_csv(queryset, filename)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context |= {"filter": filtered, "page": paginate(request, queryset), "query": query.urlencode()}
    return render(request, template, context)


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
