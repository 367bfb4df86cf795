"""Sharing decisions: the Appendix 1 questions answered one at a time (or all at once by a
workflow), the decision completed with its reasons and what was shared, and amendments."""

from dataclasses import dataclass, fields
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from portal import extensions
from portal import services as core
from portal.access import has_object_permission, require
from portal.history import save
from portal.models import Child, ChildAccessGrant, Escalation, Organisation, User
from portal.services import InvalidTransition
from sharing import law, policies, rules, selectors
from sharing.models import (
    Answer,
    ConsentRecord,
    InformationCategory,
    LawfulBasis,
    LegalGateway,
    SharingAgreement,
    SharingDecision,
)
from sharing.services._guards import require_open_decision

QUESTION_FIELDS = {
    "purpose": "purpose_answer",
    "consent": "consent_answer",
    "identifiable": "identifiable_answer",
    "lawful_without_consent": "lawful_without_consent_answer",
}


@dataclass(frozen=True)
class SharingRequest:
    requested_by: str
    purpose: str
    purpose_detail: str
    recipient_organisation: Organisation | None = None
    recipient_name: str = ""
    recipient_user: User | None = None


@dataclass(frozen=True)
class SharedDetails:
    """What was shared, with whom, how and on what basis."""

    categories: list[str]
    summary_facts: str
    summary_opinion: str
    method: str
    shared_on: date
    article_6_basis: LawfulBasis | None
    individual_told: bool | None
    article_9_condition: LawfulBasis | None = None
    schedule_1_condition: LawfulBasis | None = None
    legal_gateway: LegalGateway | None = None
    agreement: SharingAgreement | None = None
    not_told_reason: str = ""
    # The named person, if they use the portal: sharing gives them read access to the child.
    recipient_user: User | None = None
    # Each item of what was shared, marked fact or opinion; none: the summaries are the items.
    items: tuple[rules.SharedItem, ...] = ()
    # The consistent identifier (s16LC) the share carries; None: the child's NHS number as recorded.
    identifier: rules.ConsistentIdentifier | None = None


def sharing_decision_start(
    *,
    actor: User,
    child: Child,
    request: SharingRequest,
    context: models.Model | None = None,
    caller_checked_access: bool = False,
) -> SharingDecision:
    require(actor.has_perm("sharing.add_sharingdecision"), "You cannot record sharing decisions.")
    require(caller_checked_access or has_object_permission(actor, "view_child", child), "You cannot see this child.")
    if actor.organisation_id is None:
        raise PermissionDenied("Your account has no organisation: ask an administrator.")
    decision = SharingDecision(
        child=child,
        made_by=actor,
        organisation=actor.organisation,
        requested_by=request.requested_by,
        purpose=request.purpose,
        purpose_detail=request.purpose_detail,
        recipient_organisation=request.recipient_organisation,
        recipient_name=request.recipient_name,
        recipient_user=request.recipient_user,
    )
    if context is not None:
        decision.context_type = ContentType.objects.get_for_model(context)
        decision.context_id = context.pk
    save(decision, reason="Sharing decision started", by=actor)
    return decision


def sharing_decision_request_change(
    *, actor: User, decision: SharingDecision, request: SharingRequest
) -> SharingDecision:
    """Change what was asked, while the decision is still open (the first question's back link)."""
    errors = {
        name: message
        for name, message in [
            ("requested_by", "Say who asked for the information"),
            ("purpose", "Choose what the information is needed for"),
            ("purpose_detail", "Say what the information is needed for"),
        ]
        if not str(getattr(request, name)).strip()
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = SharingDecision.objects.select_for_update().get(pk=decision.pk)
        require_open_decision(decision, actor)
        decision.requested_by = request.requested_by
        decision.purpose = request.purpose
        decision.purpose_detail = request.purpose_detail
        decision.recipient_organisation = request.recipient_organisation
        decision.recipient_name = request.recipient_name
        save(decision, reason="The request changed", by=actor)
    return decision


def sharing_decision_answer(
    *,
    actor: User,
    decision: SharingDecision,
    question: str,
    answer: str,
    consent: ConsentRecord | None = None,
) -> SharingDecision:
    """Answer one Appendix 1 question. Later answers are cleared: the flow may now go elsewhere."""
    if question not in QUESTION_FIELDS:
        raise ValueError(f"Unknown question {question!r}")
    if answer not in Answer.values:
        raise ValidationError({"answer": "Choose yes, no or not sure"})
    with transaction.atomic():
        decision = SharingDecision.objects.select_for_update().get(pk=decision.pk)
        require_open_decision(decision, actor)
        if question == "consent":
            if answer == Answer.YES and (consent is None or consent.child_id != decision.child_id):
                raise ValidationError({"answer": "Record the consent first: there is no consent in force to rely on"})
            decision.consent_record = consent if answer == Answer.YES else None
        setattr(decision, QUESTION_FIELDS[question], answer)
        later = rules.QUESTIONS[rules.QUESTIONS.index(question) + 1 :]
        for name in later:
            setattr(decision, QUESTION_FIELDS[name], "")
        if "consent" in later:
            decision.consent_record = None
        decision.outcome = rules.outcome(decision.answers) or ""
        save(decision, reason=f"Answered: {question}", by=actor)
    return decision


def _shared_details_errors(decision: SharingDecision, shared: SharedDetails | None) -> dict[str, str]:
    if shared is None:
        return {"categories": "Say what was shared"}
    errors: dict[str, str] = {}
    if not shared.categories:
        errors["categories"] = "Choose the categories of information shared"
    if shared.items:
        errors |= {f"item_{n + 1}": problem for n, problem in rules.shared_items_problems(list(shared.items)).items()}
    elif not shared.summary_facts.strip():
        errors["summary_facts"] = "Summarise the facts you shared"
    if not shared.method:
        errors["method"] = "Choose how the information was shared"
    if shared.shared_on is None:
        errors["shared_on"] = "Enter the date it was shared"
    elif shared.shared_on > timezone.localdate():
        errors["shared_on"] = "The date must be today or in the past"
    outside = rules.outside_consent(shared.categories, decision.consent_record) if decision.with_consent else []
    if outside:
        labels = ", ".join(InformationCategory(c).label for c in outside)
        errors["categories"] = (
            f"{labels}: not covered by the consent. Share only what the consent covers, or go back, answer 'No' "
            "to 'Do you have consent to share?' and give a lawful reason to share without consent, or seek advice"
        )
    if shared.article_6_basis is None:
        errors["article_6_basis"] = "Choose the Article 6 lawful basis"
    elif shared.article_6_basis.is_consent and not decision.with_consent:
        errors["article_6_basis"] = "Consent is not a lawful basis here: you are sharing without consent"
    if set(shared.categories) & InformationCategory.special_category() and shared.article_9_condition is None:
        errors["article_9_condition"] = "Choose the Article 9 condition: special category information is shared"
    if shared.individual_told is None:
        errors["individual_told"] = "Say whether the individual was told"
    elif shared.individual_told is False and not shared.not_told_reason:
        errors["not_told_reason"] = "Say why the individual was not told"
    if decision.recipient_organisation_id is None:
        errors["recipient_organisation"] = "Name the organisation the information went to"
    elif (
        shared.recipient_user is not None
        and shared.recipient_user.organisation_id != decision.recipient_organisation_id
    ):
        errors["recipient_user"] = "Choose someone who works for the organisation the information went to"
    if not decision.recipient_name.strip():
        errors["recipient_name"] = "Name the person the information went to"
    return errors


def _identifier_of(decision: SharingDecision, shared: SharedDetails | None) -> rules.ConsistentIdentifier:
    """The consistent identifier (s16LC) the share carries: as given, or the child's NHS number."""
    given = shared.identifier if shared is not None and shared.identifier is not None else None
    return law.identifier_require(
        known_nhs_number=(given.nhs_number if given is not None else "") or decision.child.nhs_number,
        omitted_reason=given.omitted_reason if given is not None else "",
        explanation=given.explanation if given is not None else "",
    )


def _record_what_was_shared(decision: SharingDecision, shared: SharedDetails) -> None:
    for name in (f.name for f in fields(shared)):
        if name in ("items", "identifier"):
            continue
        value = getattr(shared, name)
        if name == "recipient_user" and value is None:
            continue  # keep the person named when the decision was started, if any
        setattr(decision, name, value)
    decision.categories = list(shared.categories)
    items = list(shared.items) or rules.items_from_summaries(shared.summary_facts, shared.summary_opinion)
    if shared.items:
        decision.summary_facts, decision.summary_opinion = rules.summaries_from_items(items)
    decision.shared_items = [{"text": item.text.strip(), "nature": item.nature} for item in items]


def sharing_decision_complete(
    *,
    actor: User,
    decision: SharingDecision,
    reasons: str,
    shared: SharedDetails | None = None,
    withhold_as_more_detrimental: bool = False,
) -> SharingDecision:
    """Record the final decision and its reasons, and lock it.

    Once the duty to share (Children Act 2004 s16LA) has commenced, a decision the flow says to
    share may instead be recorded as not shared because sharing would be more detrimental to the
    child (`withhold_as_more_detrimental`), with mandatory reasons; a Caldicott Guardian reviews it.
    A share carries the consistent identifier (s16LC): the child's NHS number, or the reason
    (`SharedDetails.identifier`) it is left out.

    A decision that relies on consent is completed under a lock on that consent (taken before the
    decision's, the order withdrawal takes them in), and only while the consent is still given: a
    withdrawal either comes first and the decision cannot complete "with consent", or waits and then
    takes away the access the decision gave."""
    with transaction.atomic():
        relied_on = SharingDecision.objects.filter(pk=decision.pk).values_list("consent_record_id", flat=True).first()
        consent = ConsentRecord.objects.select_for_update().filter(pk=relied_on).first() if relied_on else None
        decision = SharingDecision.objects.select_for_update().get(pk=decision.pk)
        require_open_decision(decision, actor)
        if decision.consent_record_id != relied_on:
            raise InvalidTransition("The consent this decision relies on changed while you were completing it.")
        if decision.with_consent and (consent is None or consent.status != ConsentRecord.Status.GIVEN):
            raise InvalidTransition(
                "The consent this decision relied on has been withdrawn: answer the consent question again."
            )
        errors: dict[str, str] = {}
        if decision.outcome not in (SharingDecision.Outcome.SHARE, SharingDecision.Outcome.DO_NOT_SHARE):
            raise InvalidTransition("Answer the questions until they reach 'share' or 'do not share'.")
        now = timezone.now()
        in_force = law.cwsa_in_force(at=now)
        if withhold_as_more_detrimental:
            if not rules.may_withhold_as_more_detrimental(outcome=decision.outcome, in_force=in_force):
                raise InvalidTransition(
                    "Only a decision the questions say to share, made under the duty to share, can be recorded "
                    "as not shared because sharing would be more detrimental to the child."
                )
            if not reasons.strip():
                raise ValidationError({"reasons": "Say why sharing would be more detrimental to the child"})
            decision.outcome = SharingDecision.Outcome.NOT_SHARED_DETRIMENTAL
        if not reasons.strip():
            errors["reasons"] = "Record the reasons for your decision"
        identifier = None
        if decision.outcome == SharingDecision.Outcome.SHARE:
            errors |= _shared_details_errors(decision, shared)
            try:
                identifier = _identifier_of(decision, shared)
            except ValidationError as problems:
                errors |= {field: messages[0] for field, messages in problems.message_dict.items()}
            # Subject rights (issue 17): a restricted record can be viewed but not shared.
            refusals = extensions.sharing_refusals(child=decision.child)
            if refusals:
                errors["__all__"] = " ".join(refusals)
        if errors:
            raise ValidationError(errors)
        decision.reasons = reasons.strip()
        decision.statutory_duty = rules.statutory_duty(
            outcome=decision.outcome, purpose=decision.purpose, in_force=in_force
        )
        if decision.outcome == SharingDecision.Outcome.SHARE and shared is not None and identifier is not None:
            _record_what_was_shared(decision, shared)
            law.identifier_apply(record=decision, identifier=identifier)
        decision.complete(at=now)
        save(decision, reason=f"Decision recorded: {decision.get_outcome_display().lower()}", by=actor)
        shared_with = decision.recipient_user if decision.outcome == SharingDecision.Outcome.SHARE else None
        if shared_with is not None:
            # Proportionate: the recipient sees what was shared with them (the disclosure), not the
            # child's record, for as long as this decision stands.
            core.child_access_grant(
                child=decision.child,
                basis=(
                    ChildAccessGrant.Basis.CONSENT if decision.with_consent else ChildAccessGrant.Basis.SHARING_DECISION
                ),
                level=ChildAccessGrant.Level.SHARED,
                user=shared_with,
                source=decision,
                granted_by=actor,
            )
        if decision.amends_id is not None:
            _end_disclosures_of(original_pk=decision.amends_id, amendment=decision, actor=actor)
        if decision.outcome == SharingDecision.Outcome.NOT_SHARED_DETRIMENTAL:
            core.escalation_raise(
                subject=decision,
                kind=Escalation.Kind.NOT_SHARED_DETRIMENTAL,
                level=Escalation.Level.SENIOR,
                organisation=decision.organisation,
                summary=(
                    f"{actor} did not share, under the duty to share, because sharing would be more detrimental "
                    "to the child. Review the reasons."
                ),
                assignees=core.escalation_reviewers(organisation=decision.organisation),
                child=decision.child,
            )
        refused = selectors.consent_refusal_overridden_by(decision=decision)
        if refused is not None:
            core.escalation_raise(
                subject=decision,
                kind=Escalation.Kind.CONSENT_OVERRIDDEN,
                level=Escalation.Level.SENIOR,
                organisation=decision.organisation,
                summary=(
                    f"{actor} shared information although consent had been refused, on a lawful basis without consent."
                ),
                assignees=core.escalation_reviewers(organisation=decision.organisation),
                child=decision.child,
            )
        if shared_with is not None:
            core.notify(
                recipient=shared_with,
                event_key=f"sharing-decision:{decision.pk}:shared",
                subject="Information has been shared with you",
                body=f"{actor} shared information about a child with you.",
                link=reverse("sharing:disclosure_detail", args=[decision.pk]),
            )
    return decision


def _end_disclosures_of(*, original_pk: int, amendment: SharingDecision, actor: User) -> None:
    """A completed amendment replaces the decision it corrects: the access the original gave its
    recipient ends (the amendment gives its own, if it still shares with them), and they are told."""
    for grant in selectors.disclosure_grants_of(decision_pk=original_pk):
        core.child_access_revoke(grant=grant, revoked_by=actor, reason="The decision to share was amended")
        if grant.user is None:
            continue
        still_shared = (
            amendment.outcome == SharingDecision.Outcome.SHARE and amendment.recipient_user_id == grant.user_id
        )
        core.notify(
            recipient=grant.user,
            event_key=f"sharing-decision:{original_pk}:amended:{grant.user_id}",
            subject="A decision to share information with you has been corrected",
            body=(
                "What was shared with you has been corrected: read the corrected version."
                if still_shared
                else "The decision to share information with you has been corrected. "
                "You no longer have access to what was shared."
            ),
            link=reverse("sharing:disclosure_detail", args=[amendment.pk]) if still_shared else "/",
        )


def sharing_decision_amend(*, actor: User, original: SharingDecision, reason: str) -> SharingDecision:
    """Start a correction. The original stays locked and visible; the amendment is a new decision."""
    require(
        policies.may_amend(actor, original),
        "Only the person who made the decision, or a Caldicott Guardian, can amend it.",
    )
    if not original.is_locked:
        raise InvalidTransition("Only a completed decision is amended; a draft can still be changed.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the decision needs correcting"})
    amendment = sharing_decision_start(
        actor=actor,
        child=original.child,
        request=SharingRequest(
            requested_by=original.requested_by,
            purpose=original.purpose,
            purpose_detail=original.purpose_detail,
            recipient_organisation=original.recipient_organisation,
            recipient_name=original.recipient_name,
            recipient_user=original.recipient_user,
        ),
    )
    amendment.amends = original
    amendment.amendment_reason = reason.strip()
    amendment.context_type_id, amendment.context_id = original.context_type_id, original.context_id
    save(amendment, reason="Amendment started", by=actor)
    return amendment


def sharing_decision_record(
    *,
    actor: User,
    child: Child,
    request: SharingRequest,
    answers: dict[str, str],
    reasons: str,
    consent: ConsentRecord | None = None,
    shared: SharedDetails | None = None,
    context: models.Model | None = None,
    caller_checked_access: bool = False,
) -> SharingDecision:
    """Record a whole decision at once, for workflows that have already asked the questions
    (a MAST referral, a transfer). The same rules and checks apply as for the step-by-step form."""
    with transaction.atomic():
        decision = sharing_decision_start(
            actor=actor, child=child, request=request, context=context, caller_checked_access=caller_checked_access
        )
        for question in rules.questions_reached(answers):
            if answers.get(question) is None:
                break
            decision = sharing_decision_answer(
                actor=actor, decision=decision, question=question, answer=answers[question], consent=consent
            )
        return sharing_decision_complete(actor=actor, decision=decision, reasons=reasons, shared=shared)
