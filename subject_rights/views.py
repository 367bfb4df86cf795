"""Data protection rights pages, for a lead information officer: thin, calling selectors and
services. Every page showing a child's information logs the read."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from portal.models import Child
from portal.pages import paginate, posted, record_read, submit
from subject_rights import clocks, policies, selectors, services
from subject_rights.forms import (
    ExtendForm,
    LiftForm,
    OpenForm,
    PartyForm,
    RectificationForm,
    RestrictForm,
    SearchForm,
    WithholdForm,
)
from subject_rights.models import Release, SubjectAccessRequest
from subject_rights.services.requests import released_items

THROUGH = "a subject access request they are answering"


def _require_officer(request: HttpRequest) -> None:
    if not policies.may_answer(request.user):
        raise PermissionDenied("Only a lead information officer answers subject access requests.")


def _request_to_answer(request: HttpRequest, pk: int) -> SubjectAccessRequest:
    """The request, for its officer: 404 to whoever may not see it, 403 to a Caldicott Guardian who
    may read it (from its escalation) but does not answer it."""
    sar = selectors.request_get_for_overseer(user=request.user, pk=pk)
    _require_officer(request)
    return sar


def _log_reads(request: HttpRequest, sar: SubjectAccessRequest, *, what: str) -> None:
    children = [sar.child] if sar.child_id else Child.objects.filter(relationships__person=sar.person).distinct()
    for child in children:
        record_read(request, child, what=what, through=THROUGH)


def request_list(request: HttpRequest) -> HttpResponse:
    _require_officer(request)
    today = timezone.localdate()
    requests = selectors.request_list_for_user(user=request.user)
    show = request.GET.get("show", "open")
    if show != "all":
        requests = requests.filter(status=SubjectAccessRequest.Status.OPEN)
    page = paginate(request, requests.order_by("due_on", "pk"))
    rows = [(r, clocks.rag(r.effective_due_on, today), (r.effective_due_on - today).days) for r in page]
    return render(request, "subject_rights/list.html", {"page": page, "rows": rows, "show": show, "today": today})


def reports(request: HttpRequest) -> HttpResponse:
    """Open requests by clock (overdue, due within a week, later) and requests answered late."""
    _require_officer(request)
    today = timezone.localdate()
    open_requests = selectors.request_list_for_user(user=request.user).filter(status=SubjectAccessRequest.Status.OPEN)
    by_clock = {"red": 0, "orange": 0, "green": 0}
    for due, extended in open_requests.values_list("due_on", "extended_due_on"):
        by_clock[clocks.rag(extended or due, today)] += 1
    late = paginate(request, selectors.requests_answered_late(user=request.user))
    context = {"by_clock": by_clock, "late": late, "today": today}
    return render(request, "subject_rights/reports.html", context)


def start(request: HttpRequest) -> HttpResponse:
    """Match the requester to the golden record: a child, or a parent, carer or significant other.
    Each child found is logged as read."""
    _require_officer(request)
    form = SearchForm(posted(request))  # a POST: names never go in a URL
    children, people = [], []
    if form.is_valid():
        children, people = selectors.subject_search(user=request.user, query=form.cleaned_data["q"])
        for child in children:
            record_read(request, child, what="Subject access search", through=THROUGH)
    context = {"form": form, "children": children, "people": people, "searched": form.is_bound}
    return render(request, "subject_rights/start.html", context)


def _open(request: HttpRequest, subject, *, kind: str) -> HttpResponse:
    form = OpenForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        details = services.SubjectAccessDetails(
            requester=data["requester"],
            received_on=data["received_on"],
            identity_evidence=data["identity_evidence"],
            identity_checked_on=data["identity_checked_on"],
            identity_notes=data["identity_notes"],
        )
        call = partial(services.subject_access_open, actor=request.user, subject=subject, details=details)
        done = submit(request, call, form=form, then=lambda sar: sar, success="Subject access request opened")
        if done:
            return done
    return render(request, "subject_rights/open.html", {"form": form, "subject": subject, "kind": kind})


def open_for_child(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for_officer(user=request.user, pk=pk)
    record_read(request, child, what="Subject access request: open", through=THROUGH)
    return _open(request, child, kind="child")


def open_for_person(request: HttpRequest, pk: int) -> HttpResponse:
    return _open(request, selectors.person_get_for_officer(user=request.user, pk=pk), kind="person")


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    sar = selectors.request_get_for_overseer(user=request.user, pk=pk)
    _log_reads(request, sar, what="Subject access request")
    can_answer = policies.may_answer(request.user)
    can_extend = can_answer and sar.status == SubjectAccessRequest.Status.OPEN and sar.extended_due_on is None
    form = ExtendForm(posted(request))
    if request.method == "POST":
        if not can_extend:
            raise PermissionDenied("This request cannot be extended.")
        if form.is_valid():
            data = form.cleaned_data
            call = partial(
                services.subject_access_extend,
                actor=request.user,
                request=sar,
                months=data["months"],
                reason=data["reason"],
                told_on=data["told_on"],
            )
            done = submit(request, call, form=form, then=sar, success="Deadline extended")
            if done:
                return done
    today = timezone.localdate()
    context = {
        "sar": sar,
        "form": form,
        "can_extend": can_extend,
        "can_answer": can_answer,
        "today": today,
        "rag": clocks.rag(sar.effective_due_on, today),
        "history": sar.history.select_related("history_user").order_by("history_date"),
    }
    return render(request, "subject_rights/detail.html", context)


def bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """Review the bundle: each item as it will be released, third parties marked, and the officer's
    decisions (withhold an item; redact or release a third party's details throughout)."""
    sar = _request_to_answer(request, pk)
    _log_reads(request, sar, what="Subject access bundle")
    is_open = sar.status == SubjectAccessRequest.Status.OPEN
    action = request.POST.get("action")
    withhold_form = WithholdForm(
        request.POST if action == "withhold" else None, initial={"item_key": request.GET.get("withhold", "")}
    )
    party_form = PartyForm(
        request.POST if action == "party" else None, initial={"party_key": request.GET.get("party", "")}
    )
    if request.method == "POST":
        if not is_open:
            raise PermissionDenied("This request has been answered.")
        here = reverse("subject_rights:bundle", args=[sar.pk]) + f"?page={request.GET.get('page', '1')}"
        call = None
        if action == "withhold" and withhold_form.is_valid():
            data = withhold_form.cleaned_data
            call = partial(
                services.subject_access_item_withhold,
                actor=request.user,
                request=sar,
                item_key=data["item_key"],
                exemption=data["exemption"],
                note=data["note"],
            )
            form = withhold_form
        elif action == "restore":
            key = request.POST.get("item_key", "")
            call = partial(services.subject_access_item_release, actor=request.user, request=sar, item_key=key)
            form = None
        elif action == "party" and party_form.is_valid():
            data = party_form.cleaned_data
            call = partial(
                services.subject_access_party_decide,
                actor=request.user,
                request=sar,
                party_key=data["party_key"],
                action=data["decision"],
                exemption=data["exemption"],
                reason=data["reason"],
            )
            form = party_form
        if call is not None:
            done = submit(
                request, call, form=form, then=here, success="Decision recorded", rename={"action": "decision"}
            )
            if done:
                return done
    items = released_items(request=sar, viewer=request.user)
    _, party_decisions = selectors.bundle_decisions(request=sar)
    parties = {p.key: p for i in items for p in i.item.third_parties}
    party_rows = [
        (party, party_decisions.get(key)) for key, party in sorted(parties.items(), key=lambda kv: kv[1].label)
    ]
    context = {
        "sar": sar,
        "page": paginate(request, items),
        "party_rows": party_rows,
        "is_open": is_open,
        "withhold_form": withhold_form,
        "party_form": party_form,
    }
    return render(request, "subject_rights/bundle.html", context)


def release(request: HttpRequest, pk: int) -> HttpResponse:
    sar = _request_to_answer(request, pk)
    _log_reads(request, sar, what="Subject access bundle: release")
    if request.method == "POST":
        call = partial(services.subject_access_release, actor=request.user, request=sar)
        done = submit(request, call, then=sar, success="Bundle released: the PDF is kept as released")
        if done:
            return done
    return render(request, "subject_rights/release.html", {"sar": sar})


def download(request: HttpRequest, pk: int) -> HttpResponse:
    sar = _request_to_answer(request, pk)
    released = get_object_or_404(Release, request=sar)
    _log_reads(request, sar, what="Subject access bundle: released PDF")
    response = HttpResponse(bytes(released.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{sar.pk}.pdf"'
    response["X-Content-SHA256"] = released.sha256
    return response


def child_rights(request: HttpRequest, pk: int) -> HttpResponse:
    """Rectification requests and restriction of a child's record."""
    child = selectors.child_get_for_officer(user=request.user, pk=pk)
    record_read(request, child, what="Data protection rights", through=THROUGH)
    restriction = selectors.restriction_in_force(child=child)
    action = request.POST.get("action")
    forms = {
        "rectify": RectificationForm(request.POST if action == "rectify" else None),
        "restrict": RestrictForm(request.POST if action == "restrict" else None),
        "lift": LiftForm(request.POST if action == "lift" else None),
    }
    form = forms.get(action or "")
    if form is not None and form.is_valid():
        data = form.cleaned_data
        if action == "rectify":
            call = partial(services.rectification_record, actor=request.user, child=child, **data)
        elif action == "restrict":
            call = partial(services.restriction_place, actor=request.user, child=child, reason=data["reason"])
        elif restriction is None:
            raise Http404("This record is not restricted.")
        else:
            call = partial(
                services.restriction_lift, actor=request.user, restriction=restriction, reason=data["lift_reason"]
            )
        here = reverse("subject_rights:child_rights", args=[child.pk])
        done = submit(request, call, form=form, then=here, success="Recorded")
        if done:
            return done
    context = {
        "child": child,
        "restriction": restriction,
        "rectifications": selectors.rectifications_of(child=child),
        "forms": forms,
    }
    return render(request, "subject_rights/child_rights.html", context)
