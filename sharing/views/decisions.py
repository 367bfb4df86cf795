"""Sharing decision pages: start, the Appendix 1 questions one at a time, the outcome (share, do
not share, or ask for advice), the decision as recorded, and a correction."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from portal import selectors as core_selectors
from portal.pages import number_param, posted, record_read, submit
from sharing import law, policies, rules, selectors, services
from sharing.forms import (
    QUESTION_TEXT,
    AdviceRequestForm,
    AmendForm,
    DecisionStartForm,
    QuestionForm,
    ReasonsForm,
    ShareDetailsForm,
)
from sharing.models import Answer, InformationCategory, SharingDecision
from sharing.share_forms import WithholdForm

Outcome = SharingDecision.Outcome


def decision_start(request: HttpRequest, pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=pk)
    record_read(request, child, what="Start a sharing decision")
    if not request.user.has_perm("sharing.add_sharingdecision"):
        raise PermissionDenied("You cannot record sharing decisions.")
    # Back from the first question (`?decision=<pk>`): the request of the user's own open decision.
    draft = None
    draft_pk = number_param(request.GET.get("decision"))
    if draft_pk is not None:
        draft = _own_open_decision(request, draft_pk)
        if draft.child_id != child.pk:
            raise Http404("No such decision")
    initial = {name: getattr(draft, name) for name in REQUEST_FIELDS} if draft else None
    form = DecisionStartForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        asked = services.SharingRequest(**{name: data[name] for name in REQUEST_FIELDS})
        call = (
            partial(services.sharing_decision_request_change, actor=request.user, decision=draft, request=asked)
            if draft
            else partial(services.sharing_decision_start, actor=request.user, child=child, request=asked)
        )
        done = submit(
            request,
            call,
            form=form,
            then=lambda decision: reverse("sharing:decision_question", args=[decision.pk, "purpose"]),
        )
        if done:
            return done
    return render(request, "sharing/decision_start.html", {"form": form, "child": child})


REQUEST_FIELDS = ("requested_by", "purpose", "purpose_detail", "recipient_organisation", "recipient_name")


def _own_open_decision(request: HttpRequest, pk: int) -> SharingDecision:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    if decision.made_by_id != request.user.pk:
        raise PermissionDenied("Only the person making this decision can answer its questions.")
    record_read(request, decision.child, what="Sharing decision")
    return decision


def _previous_question(decision: SharingDecision, question: str) -> str | None:
    reached = rules.questions_reached(decision.answers)
    index = rules.QUESTIONS.index(question)
    earlier = [q for q in reached if rules.QUESTIONS.index(q) < index]
    return earlier[-1] if earlier else None


def _where_next(decision: SharingDecision) -> str:
    """The next question the flow asks, or the outcome once the answers reach one."""
    following = rules.next_question(decision.answers)
    if following:
        return reverse("sharing:decision_question", args=[decision.pk, following])
    return reverse("sharing:decision_outcome", args=[decision.pk])


def decision_question(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    decision = _own_open_decision(request, pk)
    if question not in QUESTION_TEXT:
        return redirect(decision)
    if decision.is_locked or decision.status == SharingDecision.Status.AWAITING_ADVICE:
        return redirect(decision)
    if question not in rules.questions_reached(decision.answers):
        # Questions are answered in order: go to the one the flow needs next, or to the outcome.
        return redirect(_where_next(decision))
    consent = None
    if question == "consent":
        consent = selectors.consent_in_force(
            subject=decision.child,
            recipient=decision.recipient_organisation,
            purpose=decision.purpose,
            at=timezone.now(),
        )
    current = decision.answers.get(question)
    initial = {"answer": current or ("yes" if consent is not None else None)}
    form = QuestionForm(posted(request), question=question, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            partial(
                services.sharing_decision_answer,
                actor=request.user,
                decision=decision,
                question=question,
                answer=form.cleaned_data["answer"],
                consent=consent,
            ),
            form=form,
            then=_where_next,
            refused_to=decision,
        )
        if done:
            return done
    previous = _previous_question(decision, question)
    back = (
        reverse("sharing:decision_question", args=[pk, previous])
        if previous
        else f"{reverse('sharing:decision_start', args=[decision.child_id])}?decision={decision.pk}"
    )
    context = {"form": form, "decision": decision, "question": question, "consent": consent, "back": back}
    return render(request, "sharing/decision_question.html", context)


def _shared_details(form: ShareDetailsForm) -> services.SharedDetails:
    data = form.cleaned_data
    items = form.shared_items()
    facts, opinion = rules.summaries_from_items(items)
    return services.SharedDetails(
        categories=data["categories"],
        summary_facts=facts,
        summary_opinion=opinion,
        items=tuple(items),
        identifier=form.identifier_answers(),
        method=data["method"],
        shared_on=data["shared_on"],
        article_6_basis=data["article_6_basis"],
        article_9_condition=data["article_9_condition"],
        schedule_1_condition=data["schedule_1_condition"],
        legal_gateway=data["legal_gateway"],
        agreement=data["agreement"],
        individual_told=data["individual_told"],
        not_told_reason=data["not_told_reason"] if data["individual_told"] is False else "",
        recipient_user=data["recipient_user"],
    )


def decision_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _own_open_decision(request, pk)
    if decision.is_locked or decision.status == SharingDecision.Status.AWAITING_ADVICE:
        return redirect(decision)
    if not decision.outcome:
        return redirect("sharing:decision_question", pk=pk, question=rules.next_question(decision.answers))
    if decision.outcome == Outcome.SEEK_ADVICE and decision.advice_escalation_id:
        # Advice has been given: the questions are answered again in its light.
        messages.info(request, "You have the advice: answer the questions again to reach a decision.")
        return redirect("sharing:decision_question", pk=pk, question=rules.QUESTIONS[0])
    if decision.outcome == Outcome.SHARE:
        form = ShareDetailsForm(posted(request), decision=decision, initial={"shared_on": timezone.localdate()})
    elif decision.outcome == Outcome.DO_NOT_SHARE:
        form = ReasonsForm(posted(request))
    else:
        form = AdviceRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if decision.outcome == Outcome.SEEK_ADVICE:
            call = partial(
                services.sharing_decision_request_advice,
                actor=request.user,
                decision=decision,
                question=data["advice_question"],
            )
            success = "Your request for advice has gone to your Caldicott Guardian"
        elif decision.outcome == Outcome.DO_NOT_SHARE:
            call = partial(
                services.sharing_decision_complete, actor=request.user, decision=decision, reasons=data["reasons"]
            )
            success = "Decision not to share recorded"
        else:
            call = partial(
                services.sharing_decision_complete,
                actor=request.user,
                decision=decision,
                reasons=data["reasons"],
                shared=_shared_details(form),
            )
            success = "Decision to share recorded"
        done = submit(request, call, form=form, success=success, then=decision)
        if done:
            return done
    last = rules.questions_reached(decision.answers)[-1]
    context = {
        "form": form,
        "decision": decision,
        "back": reverse("sharing:decision_question", args=[pk, last]),
        "may_withhold": rules.may_withhold_as_more_detrimental(outcome=decision.outcome, in_force=law.cwsa_in_force()),
    }
    return render(request, "sharing/decision_outcome.html", context)


def decision_withhold(request: HttpRequest, pk: int) -> HttpResponse:
    """Under the duty to share (s16LA): not shared, because sharing would be more detrimental to the
    child. The reasons are mandatory; a Caldicott Guardian reviews the decision."""
    decision = _own_open_decision(request, pk)
    if decision.is_locked or decision.status == SharingDecision.Status.AWAITING_ADVICE:
        return redirect(decision)
    if not rules.may_withhold_as_more_detrimental(outcome=decision.outcome, in_force=law.cwsa_in_force()):
        return redirect("sharing:decision_outcome", pk=pk)
    form = WithholdForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            partial(
                services.sharing_decision_complete,
                actor=request.user,
                decision=decision,
                reasons=form.cleaned_data["reasons"],
                withhold_as_more_detrimental=True,
            ),
            form=form,
            success="Recorded as not shared. Your Caldicott Guardian will review the decision",
            then=decision,
        )
        if done:
            return done
    back = reverse("sharing:decision_outcome", args=[pk])
    return render(request, "sharing/decision_withhold.html", {"form": form, "decision": decision, "back": back})


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    record_read(request, decision.child, what="Sharing decision")
    user = request.user
    # Someone may have made a decision for a child whose record they cannot see (a MAST referral about
    # a child held by another team): they see their decision, not the child's name or log.
    child_visible = core_selectors.child_list_for_user(user=user).filter(pk=decision.child_id).exists()
    can_continue = decision.made_by_id == user.pk and decision.status in (
        SharingDecision.Status.DRAFT,
        SharingDecision.Status.ADVICE_GIVEN,
    )
    context = {
        "decision": decision,
        "child_visible": child_visible,
        "answers": [
            (QUESTION_TEXT[q][0], Answer(decision.answers[q]).label if decision.answers.get(q) else None)
            for q in rules.questions_reached(decision.answers)
        ],
        "categories": [InformationCategory(c).label for c in decision.categories if c in InformationCategory.values],
        "amendments": selectors.decision_amendments(decision=decision),
        "can_continue": can_continue,
        "can_advise": decision.status == SharingDecision.Status.AWAITING_ADVICE and policies.may_advise(user, decision),
        "can_amend": decision.is_locked and policies.may_amend(user, decision),
        "history": decision.history.select_related("history_user").order_by("history_date"),
        "detriment_review": selectors.detriment_review(decision=decision)
        if decision.outcome == Outcome.NOT_SHARED_DETRIMENTAL
        else None,
    }
    if can_continue:
        if decision.status == SharingDecision.Status.ADVICE_GIVEN and decision.outcome == Outcome.SEEK_ADVICE:
            # With the advice in hand, the practitioner answers the questions again.
            context["continue_url"] = reverse("sharing:decision_question", args=[pk, rules.QUESTIONS[0]])
        else:
            context["continue_url"] = _where_next(decision)
    return render(request, "sharing/decision_detail.html", context)


def decision_amend(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    record_read(request, decision.child, what="Amend a sharing decision")
    if not policies.may_amend(request.user, decision):
        raise PermissionDenied("Only the person who made the decision, or a Caldicott Guardian, can amend it.")
    form = AmendForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            partial(
                services.sharing_decision_amend,
                actor=request.user,
                original=decision,
                reason=form.cleaned_data["reason"],
            ),
            form=form,
            then=lambda amendment: reverse("sharing:decision_question", args=[amendment.pk, "purpose"]),
            refused_to=decision,
        )
        if done:
            return done
    return render(request, "sharing/decision_amend.html", {"form": form, "decision": decision})
