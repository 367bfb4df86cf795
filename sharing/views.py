"""Information governance pages. Thin: selectors to read, services to write."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from portal import policies
from portal import selectors as core_selectors
from portal.pages import number_param, paginate, posted, show_errors
from portal.services import InvalidTransition
from sharing import picture, rules, selectors, services
from sharing.forms import (
    QUESTION_TEXT,
    AdviceForm,
    AdviceRequestForm,
    AgreementForm,
    AmendForm,
    ConsentForm,
    ConsentWithdrawForm,
    DecisionFilter,
    DecisionStartForm,
    ExemptForm,
    ProvidedForm,
    QuestionForm,
    ReasonsForm,
    ShareDetailsForm,
)
from sharing.models import Answer, ConsentRecord, InformationCategory, SharingDecision

Outcome = SharingDecision.Outcome


def _can_work_on(user, child) -> bool:
    return "change_child" in core_selectors.child_permissions_for_user(user=user, child=child)


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    reviewer = policies.is_reviewer(user)
    context = {
        "drafts": selectors.decision_drafts_for_user(user=user)[:20],
        "notices": selectors.privacy_notice_list_for_user(user=user).filter(status="pending")[:20],
        "awaiting_advice": (
            selectors.decision_log_for_organisation(organisation=user.organisation).filter(
                status=SharingDecision.Status.AWAITING_ADVICE
            )
            if reviewer
            else []
        ),
        "agreements_due": selectors.agreements_due_for_review(today=today)[:10],
        "is_reviewer": reviewer,
        "today": today,
    }
    return render(request, "sharing/home.html", context)


# --- Consent -------------------------------------------------------------------------------------


def child_consent(request: HttpRequest, pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=pk)
    context = {
        "child": child,
        "records": selectors.consent_list_for_child(child=child),
        "can_record": _can_work_on(request.user, child) and request.user.has_perm("sharing.add_consentrecord"),
    }
    return render(request, "sharing/child_consent.html", context)


def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=pk)
    if not (_can_work_on(request.user, child) and request.user.has_perm("sharing.add_consentrecord")):
        raise PermissionDenied("You cannot record consent for this child.")
    form = ConsentForm(posted(request), child=child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = services.ConsentDetails(
            given_by=data["given_by"],
            given_by_person=data["given_by_person"],
            purpose=data["purpose"],
            purpose_detail=data["purpose_detail"],
            categories=data["categories"],
            recipients=list(data["recipients"]),
            recipients_detail=data["recipients_detail"],
            status=data["status"],
            method=data["method"],
            decided_on=data["decided_on"],
            not_sought_reason=data["not_sought_reason"],
            explanation=data["explanation"],
        )
        try:
            record = services.consent_record(actor=request.user, child=child, details=details)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Consent record saved")
            return redirect(record)
    return render(request, "sharing/consent_form.html", {"form": form, "child": child})


def consent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.consent_get_for_user(user=request.user, pk=pk)
    context = {
        "record": record,
        "child": record.child,
        "recipients": [link.organisation for link in record.recipient_links.select_related("organisation")],
        "categories": [InformationCategory(c).label for c in record.categories if c in InformationCategory.values],
        "can_withdraw": record.status == ConsentRecord.Status.GIVEN
        and (_can_work_on(request.user, record.child) or record.recorded_by_id == request.user.pk),
        "history": record.history.select_related("history_user").order_by("history_date"),
        "decisions": record.sharing_decisions.select_related("recipient_organisation"),
    }
    return render(request, "sharing/consent_detail.html", context)


def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.consent_get_for_user(user=request.user, pk=pk)
    if not (_can_work_on(request.user, record.child) or record.recorded_by_id == request.user.pk):
        raise PermissionDenied("You cannot withdraw consent for this child.")
    form = ConsentWithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user, consent=record, method=form.cleaned_data["method"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            show_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect(record)
        else:
            messages.success(request, "Consent withdrawn. Access given on the strength of it has been removed.")
            return redirect(record)
    return render(request, "sharing/consent_withdraw.html", {"form": form, "record": record, "child": record.child})


# --- Sharing logs --------------------------------------------------------------------------------

CSV_COLUMNS = [
    "Decision",
    "Started",
    "Completed",
    "Child",
    "Made by",
    "Organisation",
    "Status",
    "Outcome",
    "With consent",
    "Shared with (organisation)",
    "Shared with (person)",
    "Purpose",
    "Article 6",
    "Article 9",
    "Legal gateway",
    "Agreement",
    "Reasons",
]


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a cell must never start a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _decisions_csv(decisions, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for d in decisions.select_related("article_9_condition", "agreement"):
        writer.writerow(
            [
                _csv_cell(v)
                for v in [
                    d.pk,
                    timezone.localtime(d.started_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(d.completed_at).strftime("%Y-%m-%d %H:%M") if d.completed_at else "",
                    d.child.full_name,
                    d.made_by,
                    d.organisation,
                    d.get_status_display(),
                    d.get_outcome_display() if d.outcome else "",
                    "Yes" if d.with_consent else "No",
                    d.recipient_organisation or "",
                    d.recipient_name,
                    d.get_purpose_display(),
                    d.article_6_basis or "",
                    d.article_9_condition or "",
                    d.legal_gateway or "",
                    d.agreement or "",
                    d.reasons,
                ]
            ]
        )
    return response


def _log(request: HttpRequest, decisions, *, template: str, context: dict, filename: str) -> HttpResponse:
    filtered = DecisionFilter(request.GET or None, queryset=decisions)
    queryset = filtered.qs if filtered.is_bound and filtered.is_valid() else decisions
    if request.GET.get("format") == "csv":
        return _decisions_csv(queryset, filename)
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


def _reviewer_log(request: HttpRequest, *, decisions_of, template: str, filename: str) -> HttpResponse:
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


# --- Sharing decisions ---------------------------------------------------------------------------


def decision_start(request: HttpRequest, pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("sharing.add_sharingdecision"):
        raise PermissionDenied("You cannot record sharing decisions.")
    form = DecisionStartForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = services.sharing_decision_start(
            actor=request.user,
            child=child,
            request=services.SharingRequest(
                requested_by=data["requested_by"],
                purpose=data["purpose"],
                purpose_detail=data["purpose_detail"],
                recipient_organisation=data["recipient_organisation"],
                recipient_name=data["recipient_name"],
            ),
        )
        return redirect("sharing:decision_question", pk=decision.pk, question="purpose")
    return render(request, "sharing/decision_start.html", {"form": form, "child": child})


def _own_open_decision(request: HttpRequest, pk: int) -> SharingDecision:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    if decision.made_by_id != request.user.pk:
        raise PermissionDenied("Only the person making this decision can answer its questions.")
    return decision


def _previous_question(decision: SharingDecision, question: str) -> str | None:
    reached = rules.questions_reached(decision.answers)
    index = rules.QUESTIONS.index(question)
    earlier = [q for q in reached if rules.QUESTIONS.index(q) < index]
    return earlier[-1] if earlier else None


def decision_question(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    decision = _own_open_decision(request, pk)
    if question not in QUESTION_TEXT:
        return redirect(decision)
    if decision.is_locked or decision.status == SharingDecision.Status.AWAITING_ADVICE:
        return redirect(decision)
    if question not in rules.questions_reached(decision.answers):
        # Questions are answered in order: go to the one the flow needs next, or to the outcome.
        following = rules.next_question(decision.answers)
        if following is None:
            return redirect("sharing:decision_outcome", pk=pk)
        return redirect("sharing:decision_question", pk=pk, question=following)
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
        try:
            decision = services.sharing_decision_answer(
                actor=request.user,
                decision=decision,
                question=question,
                answer=form.cleaned_data["answer"],
                consent=consent,
            )
        except ValidationError as error:
            show_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect(decision)
        else:
            following = rules.next_question(decision.answers)
            if following:
                return redirect("sharing:decision_question", pk=pk, question=following)
            return redirect("sharing:decision_outcome", pk=pk)
    previous = _previous_question(decision, question)
    back = (
        reverse("sharing:decision_question", args=[pk, previous])
        if previous
        else reverse("portal:child_detail", args=[decision.child_id])
    )
    context = {"form": form, "decision": decision, "question": question, "consent": consent, "back": back}
    return render(request, "sharing/decision_question.html", context)


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
        try:
            if decision.outcome == Outcome.SEEK_ADVICE:
                services.sharing_decision_request_advice(
                    actor=request.user, decision=decision, question=data["advice_question"]
                )
                messages.success(request, "Your request for advice has gone to your Caldicott Guardian")
            elif decision.outcome == Outcome.DO_NOT_SHARE:
                services.sharing_decision_complete(actor=request.user, decision=decision, reasons=data["reasons"])
                messages.success(request, "Decision not to share recorded")
            else:
                shared = services.SharedDetails(
                    categories=data["categories"],
                    summary_facts=data["summary_facts"],
                    summary_opinion=data["summary_opinion"],
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
                services.sharing_decision_complete(
                    actor=request.user, decision=decision, reasons=data["reasons"], shared=shared
                )
                messages.success(request, "Decision to share recorded")
        except ValidationError as error:
            show_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect(decision)
        else:
            return redirect(decision)
    last = rules.questions_reached(decision.answers)[-1]
    context = {
        "form": form,
        "decision": decision,
        "back": reverse("sharing:decision_question", args=[pk, last]),
    }
    return render(request, "sharing/decision_outcome.html", context)


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    user = request.user
    is_reviewer = policies.is_reviewer(user, decision.organisation)
    # Someone may have made a decision for a child whose record they cannot see (a MAST referral about
    # a child held by another team): they see their decision, not the child's name or log.
    child_visible = core_selectors.child_list_for_user(user=user).filter(pk=decision.child_id).exists()
    context = {
        "decision": decision,
        "child_visible": child_visible,
        "answers": [
            (QUESTION_TEXT[q][0], Answer(decision.answers[q]).label if decision.answers.get(q) else None)
            for q in rules.questions_reached(decision.answers)
        ],
        "categories": [InformationCategory(c).label for c in decision.categories if c in InformationCategory.values],
        "amendments": selectors.decision_amendments(decision=decision),
        "can_continue": decision.made_by_id == user.pk
        and decision.status in (SharingDecision.Status.DRAFT, SharingDecision.Status.ADVICE_GIVEN),
        "can_advise": decision.status == SharingDecision.Status.AWAITING_ADVICE
        and is_reviewer
        and user.has_perm("sharing.record_advice"),
        "can_amend": decision.is_locked and (decision.made_by_id == user.pk or is_reviewer),
        "history": decision.history.select_related("history_user").order_by("history_date"),
    }
    if context["can_continue"]:
        following = rules.next_question(decision.answers)
        if decision.status == SharingDecision.Status.ADVICE_GIVEN and decision.outcome == Outcome.SEEK_ADVICE:
            # With the advice in hand, the practitioner answers the questions again.
            following = rules.QUESTIONS[0]
        context["continue_url"] = (
            reverse("sharing:decision_question", args=[pk, following])
            if following
            else reverse("sharing:decision_outcome", args=[pk])
        )
    return render(request, "sharing/decision_detail.html", context)


def decision_advice(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    may_advise = request.user.has_perm("sharing.record_advice") and policies.is_reviewer(
        request.user, decision.organisation
    )
    if not may_advise:
        raise PermissionDenied("Only the organisation's Caldicott Guardian or lead information officer can advise.")
    if decision.status != SharingDecision.Status.AWAITING_ADVICE:
        messages.error(request, "This decision is not waiting for advice.")
        return redirect(decision)
    form = AdviceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.sharing_decision_record_advice(
                actor=request.user, decision=decision, advice=form.cleaned_data["advice"]
            )
        except InvalidTransition as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Advice recorded. The practitioner has been told.")
        return redirect(decision)
    return render(request, "sharing/decision_advice.html", {"form": form, "decision": decision})


def decision_amend(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    if not (decision.made_by_id == request.user.pk or policies.is_reviewer(request.user, decision.organisation)):
        raise PermissionDenied("Only the person who made the decision, or a Caldicott Guardian, can amend it.")
    form = AmendForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.sharing_decision_amend(
                actor=request.user, original=decision, reason=form.cleaned_data["reason"]
            )
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect(decision)
        return redirect("sharing:decision_question", pk=amendment.pk, question="purpose")
    return render(request, "sharing/decision_amend.html", {"form": form, "decision": decision})


# --- Agreements ----------------------------------------------------------------------------------


def agreement_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    due = request.GET.get("due") == "1"
    agreements = selectors.agreements_due_for_review(today=today) if due else selectors.agreement_list()
    context = {
        "page": paginate(request, agreements),
        "due": due,
        "today": today,
        "can_add": request.user.has_perm("sharing.add_sharingagreement"),
    }
    return render(request, "sharing/agreement_list.html", context)


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(selectors.agreement_list(), pk=pk)
    context = {
        "agreement": agreement,
        "can_edit": request.user.has_perm("sharing.change_sharingagreement"),
        "today": timezone.localdate(),
    }
    return render(request, "sharing/agreement_detail.html", context)


def _agreement_form(request: HttpRequest, agreement=None) -> HttpResponse:
    permission = "sharing.change_sharingagreement" if agreement else "sharing.add_sharingagreement"
    if not request.user.has_perm(permission):
        raise PermissionDenied("Only information governance leads can record agreements.")
    initial = {}
    if agreement:
        initial = {
            "tier": agreement.tier,
            "title": agreement.title,
            "purpose": agreement.purpose,
            "parties": [link.organisation_id for link in agreement.party_links.all()],
            "starts_on": agreement.starts_on,
            "review_on": agreement.review_on,
            "ends_on": agreement.ends_on,
        }
    form = AgreementForm(posted(request), request.FILES if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = services.AgreementDetails(
            tier=data["tier"],
            title=data["title"],
            purpose=data["purpose"],
            starts_on=data["starts_on"],
            review_on=data["review_on"],
            ends_on=data["ends_on"],
            parties=list(data["parties"]),
            document=data["document"],
        )
        try:
            saved = services.agreement_save(actor=request.user, details=details, agreement=agreement)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Agreement saved")
            return redirect(saved)
    return render(request, "sharing/agreement_form.html", {"form": form, "agreement": agreement})


def agreement_create(request: HttpRequest) -> HttpResponse:
    return _agreement_form(request)


def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _agreement_form(request, get_object_or_404(selectors.agreement_list(), pk=pk))


# --- Privacy notices -----------------------------------------------------------------------------


def privacy_notice_list(request: HttpRequest) -> HttpResponse:
    """The notices the user may see; from the dashboard, one team's pending notices that are
    overdue or due soon (the same query the dashboard counted)."""
    today = timezone.localdate()
    notices = selectors.privacy_notice_list_for_user(user=request.user)
    show = request.GET.get("show", "pending")
    if show != "all":
        notices = notices.filter(status="pending")
    team = request.GET.get("team", "")
    if number_param(team) is not None:
        notices = notices.filter(pk__in=picture.notices_for_teams(team_ids=[number_param(team)]).values("pk"))
    state = request.GET.get("state", "")
    if state in ("overdue", "due"):
        notices = picture.notices_in_state(notices, state=state, today=today)
    context = {"page": paginate(request, notices), "show": show, "today": today, "filtered": team or state}
    return render(request, "sharing/privacy_notice_list.html", context)


def privacy_notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.privacy_notice_get_for_user(user=request.user, pk=pk)
    can_update = notice.status == "pending" and (
        notice.responsible_id == request.user.pk or _can_work_on(request.user, notice.child)
    )
    action = request.POST.get("action")
    provided_form = ProvidedForm(
        request.POST if action == "provided" else None, initial={"provided_on": timezone.localdate()}
    )
    exempt_form = ExemptForm(request.POST if action == "exempt" else None)
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied("You cannot update this privacy notice.")
        form = provided_form if action == "provided" else exempt_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "provided":
                    services.privacy_notice_mark_provided(
                        actor=request.user, notice=notice, how=data["provided_how"], provided_on=data["provided_on"]
                    )
                else:
                    services.privacy_notice_mark_exempt(
                        actor=request.user,
                        notice=notice,
                        exemption=data["exemption"],
                        justification=data["justification"],
                    )
            except ValidationError as error:
                show_errors(form, error)
            except InvalidTransition as error:
                messages.error(request, str(error))
                return redirect(notice)
            else:
                messages.success(request, "Privacy notice updated")
                return redirect(notice)
    context = {
        "notice": notice,
        "can_update": can_update,
        "provided_form": provided_form,
        "exempt_form": exempt_form,
        "today": timezone.localdate(),
        "history": notice.history.select_related("history_user").order_by("history_date"),
    }
    return render(request, "sharing/privacy_notice_detail.html", context)
