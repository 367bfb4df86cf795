"""Notifications, escalations and the Caldicott Guardian's review queue. Thin: selectors to read,
services to write. 404 for what the user may not see, 403 for what they may see but not do."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portal import policies, queues, selectors, services
from portal.forms import BreakGlassReviewForm, EscalationResolveForm
from portal.models import AccessEvent, Escalation
from portal.pages import paginate, record_read, submit


def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.notification_list_for_user(user=request.user))
    return render(request, "portal/notification_list.html", {"page": page})


@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get_for_user(user=request.user, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    # Links are stored as paths inside the portal; anything else goes back to the inbox.
    if notification.link.startswith("/") and not notification.link.startswith("//"):
        return redirect(notification.link)
    return redirect("portal:notification_list")


def escalation_list(request: HttpRequest) -> HttpResponse:
    escalations = selectors.escalation_list_for_user(user=request.user)
    show = request.GET.get("show", "open")
    if show != "all":
        escalations = escalations.exclude(status="resolved")
    if request.GET.get("assigned") == "me":
        escalations = escalations.filter(assignments__user=request.user)
    page = paginate(request, queues.with_child_visibility(escalations, user=request.user))
    context = {"page": page, "rows": queues.escalation_rows(escalations=page.object_list), "show": show}
    return render(request, "portal/escalation_list.html", context)


def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = selectors.escalation_get_for_user(user=request.user, pk=pk)
    record_read(request, escalation.child, what="Escalation", through="an escalation")
    can_act = selectors.escalation_can_act(user=request.user, escalation=escalation)
    if escalation.kind == Escalation.Kind.EMERGENCY_ACCESS and isinstance(escalation.subject, AccessEvent):
        return _break_glass_review(request, escalation, can_act)
    form = EscalationResolveForm()
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied("You cannot act on this escalation.")
        if request.POST.get("action") == "acknowledge":
            return submit(
                request,
                lambda: services.escalation_acknowledge(actor=request.user, escalation=escalation),
                success="Escalation acknowledged",
                then=escalation,
            )
        form = EscalationResolveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            done = submit(
                request,
                lambda: services.escalation_resolve(
                    actor=request.user,
                    escalation=escalation,
                    resolution=data["resolution"],
                    rationale=data["rationale"],
                    actions=data["actions"],
                ),
                form=form,
                success="Escalation resolved",
                then=escalation,
            )
            if done:
                return done
    context = {
        "escalation": escalation,
        "can_act": can_act,
        "form": form,
        "history": selectors.escalation_history(escalation=escalation),
        "subject_summary": _subject_summary(escalation, user=request.user),
        "child": queues.escalation_child(user=request.user, escalation=escalation),
    }
    return render(request, "portal/escalation_detail.html", context)


def _break_glass_review(request: HttpRequest, escalation: Escalation, can_act: bool) -> HttpResponse:
    """An emergency access under review: what the user viewed while it was open, a finding
    (justified or not) with notes, and ending the access at once."""
    event = escalation.subject
    form = BreakGlassReviewForm()
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied("You cannot act on this escalation.")
        if request.POST.get("action") == "end_access":
            return submit(
                request,
                lambda: services.emergency_access_end(actor=request.user, escalation=escalation),
                success="Emergency access ended",
                then=escalation,
            )
        if request.POST.get("action") == "acknowledge":
            return submit(
                request,
                lambda: services.escalation_acknowledge(actor=request.user, escalation=escalation),
                success="Escalation acknowledged",
                then=escalation,
            )
        form = BreakGlassReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            done = submit(
                request,
                lambda: services.emergency_access_review(
                    actor=request.user,
                    escalation=escalation,
                    finding=data["finding"],
                    notes=data["notes"],
                    end_access=data["end_access"],
                ),
                form=form,
                success="Emergency access reviewed",
                then=escalation,
            )
            if done:
                return done
    context = {
        "escalation": escalation,
        "can_act": can_act,
        "form": form,
        "history": selectors.escalation_history(escalation=escalation),
        "subject_summary": _subject_summary(escalation, user=request.user),
        "child": queues.escalation_child(user=request.user, escalation=escalation),
        "break_glass": {
            "viewed": selectors.emergency_access_viewed(event=event),
            "in_force": selectors.emergency_access_in_force(event=event),
        },
    }
    return render(request, "portal/escalation_detail.html", context)


def _subject_summary(escalation, *, user=None) -> dict:
    """What the escalation is about: the subject's own summary if it has one, and a link to its
    page (which applies its own access rules)."""
    subject = escalation.subject
    if subject is None:
        return {}
    rows = subject.escalation_summary() if hasattr(subject, "escalation_summary") else []
    url = subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""
    # --- issue 16: a subject only some viewers may open (exploitation intelligence) links only for them ---
    if hasattr(subject, "escalation_url_for"):
        url = subject.escalation_url_for(user)
    return {"name": escalation.subject_type.name, "rows": rows, "url": url}


def review_queue(request: HttpRequest) -> HttpResponse:
    """The Caldicott Guardian's queue: every open escalation and advice request in the organisation."""
    if not policies.is_reviewer(request.user):
        raise PermissionDenied("The review queue is for Caldicott Guardians and lead information officers.")
    unassigned = selectors.review_queue_unassigned(user=request.user)
    nobody = request.GET.get("assigned") == "nobody"
    escalations = unassigned if nobody else selectors.review_queue_for_user(user=request.user)
    kind = request.GET.get("kind", "")
    if kind:
        escalations = escalations.filter(kind=kind)
    page = paginate(request, queues.with_child_visibility(escalations, user=request.user))
    context = {
        "page": page,
        "rows": queues.escalation_rows(escalations=page.object_list),
        "kind": kind,
        "kinds": Escalation.Kind.choices,
        "unassigned": unassigned.count(),
        "nobody": nobody,
    }
    return render(request, "portal/review_queue.html", context)
