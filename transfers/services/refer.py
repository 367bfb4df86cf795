"""Referring the case to the receiving authority: the 15-day clock starts, and the family's
agreement (as consent given or refused) and the decision to share are recorded (the seventh golden
rule: what was shared, with whom, why and on what basis)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from portal import services as core
from portal.access import has_object_permission
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Escalation, User
from portal.services import InvalidTransition
from portal.text import date_text
from sharing import law
from sharing import rules as sharing_rules
from sharing import selectors as sharing_selectors
from sharing import services as sharing
from sharing.models import ConsentRecord, InformationCategory, Purpose, SharingDecision
from transfers import clocks, selectors
from transfers.models import CinTransfer, TransferRequest
from transfers.services.common import grant, locked, tell

# The lawful basis a local authority relies on to refer a Child in Need case: its public task under the
# Children Act 1989 (s17), with consent or without it; special category data adds Article 9(2)(g) with
# the DPA 2018 Schedule 1 safeguarding condition. Recorded on every transfer's sharing decision.


def record_consent(*, actor: User, transfer: CinTransfer) -> ConsentRecord | None:
    """The family's answer as a consent record (given or refused): the transfer's draft consent
    record becomes the record. None when they were not asked."""
    agreement = CinTransfer.FamilyAgreement
    if transfer.family_agreement not in (agreement.AGREED, agreement.REFUSED):
        return None
    answers = transfer.agreement_answers
    if answers.decided_on is None:
        raise ValidationError("Record the date the family told you whether they agreed")
    draft = (
        transfer.consent_record if transfer.consent_record is not None and transfer.consent_record.is_draft else None
    )
    return sharing.consent_record(
        actor=actor,
        child=transfer.child,
        draft=draft,
        details=sharing.ConsentDetails(
            given_by=answers.given_by,
            given_by_person=transfer.agreement_person,
            purpose=Purpose.CIN_TRANSFER,
            purpose_detail=(
                f"Referral of the Child in Need case to {transfer.receiving_authority} ({transfer.reference})"
            ),
            status=(
                ConsentRecord.Status.GIVEN
                if transfer.family_agreement == agreement.AGREED
                else ConsentRecord.Status.REFUSED
            ),
            method=answers.method,
            decided_on=answers.decided_on,
            capacity_reason=answers.capacity_reason,
            categories=list(transfer.information_categories),
            recipients=[transfer.receiving_authority],
            explanation=transfer.proceed_reason,
        ),
    )


def _sharing_reasons(transfer: CinTransfer) -> str:
    agreement = CinTransfer.FamilyAgreement
    if transfer.family_agreement == agreement.AGREED:
        reason = (
            "The family agreed to the referral and to the Case Transfer Summary, CIN plans and minutes being "
            f"shared with {transfer.receiving_authority}."
        )
    elif transfer.family_agreement == agreement.REFUSED:
        advice_on = f", {date_text(transfer.advice_on)}" if transfer.advice_on else ""
        reason = (
            f"The family did not agree. There are {transfer.get_protection_concerns_display().lower()}: the "
            f"protection of the child is paramount and the referral must be made. {transfer.proceed_reason} "
            f"Advice from {transfer.get_advice_from_display().lower()} ({transfer.advice_by}{advice_on}): "
            f"{transfer.advice_summary}"
        )
    else:
        reason = f"The family's agreement was not sought: {transfer.proceed_reason}"
    return f"{transfer.sharing_reasons.strip()}\n\n{reason}"


def _record_sharing_decision(
    *, actor: User, transfer: CinTransfer, consent: ConsentRecord | None, shared_on: date
) -> SharingDecision:
    """The seventh golden rule: what was shared, with whom, why and on what basis."""
    agreed = transfer.family_agreement == CinTransfer.FamilyAgreement.AGREED
    answers = {"purpose": "yes", "consent": "yes" if agreed else "no"}
    if not agreed:
        answers |= {"identifiable": "yes", "lawful_without_consent": "yes"}
    categories = list(transfer.information_categories)
    special = bool(set(categories) & InformationCategory.special_category())
    documents = [
        f"{d.get_kind_display()} “{d.title}”" + (f" ({date_text(d.meeting_on)})" if d.meeting_on else "")
        for d in selectors.transfer_documents(transfer=transfer)
    ]
    request = transfer.request
    requested_by = (
        f"{request.requesting_team} (transfer request {request.reference})"
        if request is not None
        else "Nobody: the sending authority refers a Child in Need case when the child moves"
    )
    team = transfer.receiving_team
    return sharing.sharing_decision_record(
        actor=actor,
        child=transfer.child,
        request=sharing.SharingRequest(
            requested_by=requested_by[:200],
            purpose=Purpose.CIN_TRANSFER,
            purpose_detail=(
                f"Referral of a Child in Need case to {transfer.receiving_authority}, the authority the child "
                "moved to or is moving to, so that it can decide on the level of risk or need and take case "
                "responsibility."
            ),
            recipient_organisation=transfer.receiving_authority,
            recipient_name=(f"Manager of {team.name}" if team else "Team managers and MAST")[:200],
        ),
        answers=answers,
        reasons=_sharing_reasons(transfer),
        consent=consent if agreed else None,
        shared=sharing.SharedDetails(
            categories=categories,
            # What was shared, in the sending team's own words (the Case Transfer Summary), and the documents.
            summary_facts=(
                f"Reason for involvement: {transfer.reason_for_involvement.strip()}\n"
                f"Current plan: {transfer.current_plan.strip()}\n"
                f"Professionals involved: {transfer.professionals_involved.strip()}\n"
                f"Outstanding actions: {transfer.outstanding_actions.strip()}\n"
                "Documents: " + ("; ".join(documents) or "none") + "."
            ),
            summary_opinion=(
                f"Risks: {transfer.risks.strip()}\nStrengths: {transfer.strengths.strip()}\n"
                f"The family's views: {transfer.family_views.strip()}"
            ),
            method=SharingDecision.Method.SECURE_PORTAL,
            shared_on=shared_on,
            article_6_basis=sharing_selectors.lawful_basis_required(code=sharing_rules.ARTICLE_6_PUBLIC_TASK),
            article_9_condition=sharing_selectors.lawful_basis_required(
                code=sharing_rules.ARTICLE_9_SUBSTANTIAL_PUBLIC_INTEREST
            )
            if special
            else None,
            schedule_1_condition=sharing_selectors.lawful_basis_required(code=sharing_rules.SCHEDULE_1_SAFEGUARDING)
            if special
            else None,
            legal_gateway=sharing_selectors.legal_gateway(name=sharing_rules.CHILDREN_ACT_1989),
            individual_told=transfer.family_told,
            not_told_reason=transfer.family_not_told_reason,
            identifier=transfer.identifier,
        ),
        context=transfer,
    )


def transfer_refer(*, actor: User, transfer: CinTransfer, referred_on: date | None = None) -> CinTransfer:
    """Refer the case to the receiving authority: the clock starts. Records the family's agreement
    (as consent given or refused) and the sharing decision, opens the transfer to the receiving
    authority's team managers and MAST, and tells them. `referred_on` is for loading past cases;
    it defaults to today and is never in the future."""
    today = timezone.localdate()
    referred_on = referred_on or today
    if referred_on > today:
        raise ValueError("A referral cannot be dated in the future")
    due = clocks.decision_due(referred_on)
    with transaction.atomic():
        transfer = locked(transfer)
        _require(
            selectors.can_work_on(actor, transfer)
            and selectors.is_sending_side(actor, transfer)
            and has_object_permission(actor, "change_child", transfer.child),
            "Only the child's team can refer this transfer.",
        )
        if not can_proceed(transfer.refer):
            raise InvalidTransition(selectors.decided_message(transfer))
        problems = selectors.transfer_problems(transfer=transfer)
        if problems:
            raise ValidationError([problem.message for problem in problems])
        transfer.referred_on = referred_on
        # The consistent identifier (s16LC) the referral carries: the NHS number, or why not.
        law.identifier_apply(
            record=transfer,
            identifier=law.identifier_require(
                known_nhs_number=transfer.child.nhs_number,
                omitted_reason=transfer.identifier_omitted_reason,
                explanation=transfer.identifier_omitted_explanation,
            ),
        )
        consent = record_consent(actor=actor, transfer=transfer)
        decision = _record_sharing_decision(actor=actor, transfer=transfer, consent=consent, shared_on=referred_on)
        transfer.consent_record = consent
        transfer.sharing_decision = decision
        transfer.refer(by=actor, at=timezone.now(), on=referred_on, due=due)
        _save(transfer, reason="Referred to the receiving authority", by=actor)
        core.escalations_close_for(
            subject=transfer, kinds=[Escalation.Kind.TRANSFER_NOT_REFERRED], resolution="Transfer referred"
        )
        managers = list(selectors.receiving_managers(transfer=transfer))
        for manager in managers:
            grant(transfer, ["view_cintransfer"], manager)
        for team in selectors.receiving_mast_teams(transfer=transfer):
            grant(transfer, ["view_cintransfer"], team.group)
        request = None
        if transfer.request_id:
            request = TransferRequest.objects.select_for_update().get(pk=transfer.request_id)
            if can_proceed(request.mark_referred):
                request.mark_referred(by=actor, at=timezone.now())
                _save(request, reason=f"Answered by referral {transfer.reference}", by=actor)
        tell(
            [*managers, *selectors.receiving_mast_members(transfer=transfer)],
            transfer=transfer,
            event="referred",
            subject=f"Child in Need transfer referred to you: {transfer.reference}",
            body=(
                f"{transfer.sending_authority} has referred a Child in Need case to {transfer.receiving_authority}. "
                f"The decision on the level of risk or need is due by {date_text(due)}."
            ),
        )
        if request is not None and request.state == TransferRequest.State.REFERRED:
            core.notify(
                recipient=request.requested_by,
                event_key=f"transfer-request:{request.pk}:referred",
                subject=f"Your transfer request {request.reference} has been answered with a referral",
                body=f"{transfer.sending_authority} has referred the case ({transfer.reference}).",
                link=transfer.get_absolute_url(),
            )
    return transfer
