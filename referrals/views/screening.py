"""MAST's screening queue and screening a referral: start, record checks with other agencies, and
record the outcome (the referrer is told)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.pages import number_param, paginate, posted, record_read, submit
from referrals import policies, selectors, services
from referrals.forms import ScreeningCheckForm, ScreeningOutcomeForm
from referrals.models import MastReferral
from referrals.views.common import require_perm


def queue(request: HttpRequest) -> HttpResponse:
    """The screening queue, optionally narrowed to one authority and to overdue or due-today
    referrals (the dashboard's numbers link here)."""
    require_perm(request, "referrals.screen_mastreferral")
    today = timezone.localdate()
    state = request.GET.get("state", "")
    referrals = selectors.filter_queue(
        selectors.screening_queue_for_user(user=request.user, today=today),
        today=today,
        authority_id=number_param(request.GET.get("authority")),
        state=state,
    )
    context = {
        "state": state,
        "page": paginate(request, referrals, size=50),
        "alerts": selectors.open_alerts_for_mast(user=request.user)[:50],
        "recent": selectors.recently_screened_for_user(user=request.user),
        "today": today,
    }
    context["rows"] = selectors.queue_rows(referrals=context["page"].object_list, today=today)
    return render(request, "referrals/queue.html", context)


def _screenable(request: HttpRequest, pk: int) -> MastReferral:
    referral = selectors.referral_get_for_user(user=request.user, pk=pk)
    if referral.is_draft or not policies.can_screen(request.user, referral):
        raise PermissionDenied("Only MAST of the authority screening this referral can do that.")
    record_read(request, referral.child, what="Screening", through=f"referral {referral.reference}")
    return referral


@require_POST
def screen_start(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _screenable(request, pk)
    return submit(
        request,
        lambda: services.screening_start(actor=request.user, referral=referral),
        success="Screening started",
        then=referral,
    )


def screen_check(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _screenable(request, pk)
    if referral.status != MastReferral.Status.IN_SCREENING:
        messages.error(request, "Start screening the referral before recording checks.")
        return redirect(referral)
    form = ScreeningCheckForm(posted(request), initial={"checked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.screening_check_record(
                actor=request.user,
                referral=referral,
                details=services.CheckDetails(
                    agency=data["agency"],
                    contact=data["contact"],
                    checked_on=data["checked_on"],
                    information=data["information"],
                ),
            ),
            form=form,
            success="Check recorded",
            then=referral,
        )
        if done:
            return done
    return render(request, "referrals/screen_check.html", {"referral": referral, "form": form})


def screen_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _screenable(request, pk)
    if referral.status != MastReferral.Status.IN_SCREENING:
        messages.error(request, "Start screening the referral before recording an outcome.")
        return redirect(referral)
    authorities = selectors.local_authorities().exclude(pk=referral.authority_id)
    form = ScreeningOutcomeForm(posted(request), authorities=authorities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.screening_outcome_record(
                actor=request.user,
                referral=referral,
                outcome=data["outcome"],
                reasons=data["reasons"],
                passed_to=data["passed_to"],
            ),
            form=form,
            success="Outcome recorded. The referrer has been told.",
            then=referral,
        )
        if done:
            return done
    return render(request, "referrals/screen_outcome.html", {"referral": referral, "form": form})
