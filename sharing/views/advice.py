"""The advice page: a Caldicott Guardian or lead information officer answers a request for advice."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from portal.forms import ReasonForm
from portal.pages import posted, record_read, submit
from sharing import policies, selectors, services
from sharing.forms import AdviceForm
from sharing.models import SharingDecision


def decision_advice(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    if not policies.may_advise(request.user, decision):
        raise PermissionDenied("Only the organisation's Caldicott Guardian or lead information officer can advise.")
    record_read(request, decision.child, what="Advice on a sharing decision")
    if decision.status != SharingDecision.Status.AWAITING_ADVICE:
        messages.error(request, "This decision is not waiting for advice.")
        return redirect(decision)
    form = AdviceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            partial(
                services.sharing_decision_record_advice,
                actor=request.user,
                decision=decision,
                advice=form.cleaned_data["advice"],
            ),
            form=form,
            success="Advice recorded. The practitioner has been told.",
            then=decision,
        )
        if done:
            return done
    return render(request, "sharing/decision_advice.html", {"form": form, "decision": decision})


def decision_advice_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The practitioner who asked for advice withdraws the request and goes on to decide."""
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    if decision.made_by_id != request.user.pk:
        raise PermissionDenied("Only the person who asked for advice can withdraw the request.")
    if decision.status != SharingDecision.Status.AWAITING_ADVICE:
        messages.error(request, "This decision is not waiting for advice.")
        return redirect(decision)
    form = ReasonForm(
        posted(request),
        label="Why do you no longer need advice?",
        message="Say why you no longer need advice",
        submit_label="Withdraw the request",
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            partial(
                services.sharing_decision_withdraw_advice_request,
                actor=request.user,
                decision=decision,
                reason=form.cleaned_data["reason"],
            ),
            form=form,
            success="Request for advice withdrawn. Answer the questions again to record your decision.",
            then=decision,
        )
        if done:
            return done
    return render(request, "sharing/advice_withdraw.html", {"form": form, "decision": decision})
