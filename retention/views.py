"""The lead information officer's retention pages. Thin: selectors read, services write,
`portal.pages.submit` answers. A role without the review permission gets 403; an item, hold or
certificate of another organisation is not there (404)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portal import charts
from portal.forms import ReasonForm
from portal.pages import paginate, posted, submit
from retention import policies, selectors, services
from retention.forms import DISPOSE, BatchDecisionForm, HoldForm
from retention.models import LegalHold, ReviewItem


def _require_reviewer(request: HttpRequest) -> None:
    if not policies.may_review(request.user):
        raise PermissionDenied("Retention review is for lead information officers.")


def review(request: HttpRequest) -> HttpResponse:
    """The records due for review, a page at a time: tick some, then dispose of them or keep them longer."""
    _require_reviewer(request)
    today = timezone.localdate()
    page = paginate(request, selectors.items_due(user=request.user, today=today))
    items = list(page.object_list)
    form = BatchDecisionForm(posted(request), item_ids=[item.pk for item in items])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["action"] == DISPOSE:

            def call():
                return services.retention_dispose(actor=request.user, item_ids=data["items"], today=today)

            def success(certificates) -> str:
                return "Disposed of: " + ", ".join(f"{c.count} ({c.reference})" for c in certificates)

        else:

            def call():
                return services.retention_extend(
                    actor=request.user,
                    item_ids=data["items"],
                    new_due=data["new_due"],
                    reason=data["reason"],
                    today=today,
                )

            def success(count) -> str:
                return f"{count} record{'s' if count != 1 else ''} kept until {data['new_due']:%-d %B %Y}"

        done = submit(request, call, then=request.get_full_path(), success=success, form=form)
        if done is not None:
            return done
    context = {
        "page": page,
        "rows": [(item, holds) for item, holds in _with_holds(request, items)],
        "form": form,
        "selected": {str(pk) for pk in request.POST.getlist("items")} if request.method == "POST" else set(),
    }
    return render(request, "retention/review.html", context)


def _with_holds(request: HttpRequest, items):
    holds = selectors.holds_for_page(user=request.user, items=items)
    return [(item, holds.get(item.pk, [])) for item in items]


def hold_place(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    item = selectors.item_get(user=request.user, pk=pk)
    if item.status != ReviewItem.Status.DUE:
        raise PermissionDenied("This record has been disposed of: there is nothing left to hold.")
    form = HoldForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.legal_hold_place(
                actor=request.user, item=item, scope=data["scope"], kind=data["kind"], reason=data["reason"]
            ),
            then="retention:holds",
            success="Legal hold placed",
            form=form,
        )
        if done is not None:
            return done
    return render(request, "retention/hold_form.html", {"item": item, "form": form})


def hold_list(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    return render(request, "retention/holds.html", {"page": paginate(request, selectors.holds(user=request.user))})


def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    hold = selectors.hold_get(user=request.user, pk=pk)
    if hold.status != LegalHold.Status.ACTIVE:
        raise PermissionDenied("This hold has already been lifted.")
    form = ReasonForm(
        posted(request),
        label="Why is the hold lifted?",
        message="Explain why the hold is lifted",
        submit_label="Lift legal hold",
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.legal_hold_lift(actor=request.user, hold=hold, reason=form.cleaned_data["reason"]),
            then="retention:holds",
            success="Legal hold lifted",
            form=form,
        )
        if done is not None:
            return done
    return render(request, "retention/hold_lift.html", {"hold": hold, "form": form})


def reports(request: HttpRequest) -> HttpResponse:
    """Records past retention not yet reviewed, disposals by month, and the certificates."""
    _require_reviewer(request)
    today = timezone.localdate()
    by_month = selectors.disposals_by_month(user=request.user, today=today)
    rows = [(f"{month:%b %Y}", total) for month, total in by_month]
    context = {
        "overdue": selectors.past_retention_not_reviewed(user=request.user, today=today),
        "by_month": rows,
        "chart": charts.bar_chart(
            [charts.Bar(label, total) for label, total in rows],
            title="Records disposed of each month",
            axis_label="Records disposed of",
        ),
        "page": paginate(request, selectors.certificates(user=request.user)),
    }
    return render(request, "retention/reports.html", context)


def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    return render(request, "retention/certificate.html", {"certificate": certificate})
