"""Every write in information governance. Keyword-only, atomic, permission-checked, with a history
change reason; notifications go out on commit through the core."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django_fsm import can_proceed

from portal import policies
from portal import services as core
from portal.access import has_object_permission
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, ChildAccessGrant, Escalation, Organisation, Person, Relationship, Role, User
from portal.services import InvalidTransition
from sharing import clocks, rules
from sharing.models import (
    AgreementParty,
    Answer,
    ConsentRecipient,
    ConsentRecord,
    InformationCategory,
    LawfulBasis,
    LegalGateway,
    PrivacyNotice,
    SharingAgreement,
    SharingDecision,
)

QUESTION_FIELDS = {
    "purpose": "purpose_answer",
    "consent": "consent_answer",
    "identifiable": "identifiable_answer",
    "lawful_without_consent": "lawful_without_consent_answer",
}


def _can_work_on(user: User, child: Child) -> bool:
    return has_object_permission(user, "change_child", child)


# --- Consent -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentDetails:
    given_by: str
    purpose: str
    status: str
    decided_on: date
    given_by_person: Person | None = None
    purpose_detail: str = ""
    categories: list[str] = field(default_factory=list)
    recipients: list[Organisation] = field(default_factory=list)
    recipients_detail: str = ""
    method: str = ""
    not_sought_reason: str = ""
    explanation: str = ""


def consent_record(
    *, actor: User, child: Child, details: ConsentDetails, caller_checked_access: bool = False
) -> ConsentRecord:
    """Record consent given, refused or not sought (with the reason).

    A workflow that has already decided the actor may act for this child without seeing its record
    (a MAST referral about a child held by another team) says so with `caller_checked_access`.
    """
    _require(actor.has_perm("sharing.add_consentrecord"), "You cannot record consent.")
    _require(caller_checked_access or _can_work_on(actor, child), "You cannot record consent for this child.")
    errors: dict[str, str] = {}
    if details.status == ConsentRecord.Status.WITHDRAWN:
        errors["status"] = "Consent is withdrawn from an existing record, not recorded as withdrawn"
    if details.status == ConsentRecord.Status.NOT_SOUGHT and not details.not_sought_reason:
        errors["not_sought_reason"] = "Choose why consent was not sought"
    if details.status == ConsentRecord.Status.NOT_SOUGHT and not details.explanation.strip():
        errors["explanation"] = "Explain why consent was not sought"
    if details.status in (ConsentRecord.Status.GIVEN, ConsentRecord.Status.REFUSED) and not details.method:
        errors["method"] = "Choose how the person told you"
    if details.given_by == ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY:
        if details.given_by_person is None:
            errors["given_by_person"] = "Choose the person with parental responsibility"
        elif not Relationship.objects.filter(
            child=child, person=details.given_by_person, has_parental_responsibility=True
        ).exists():
            errors["given_by_person"] = "Choose a person recorded as having parental responsibility for this child"
    if details.status == ConsentRecord.Status.GIVEN and not details.recipients:
        errors["recipients"] = "Choose who the information may be shared with"
    if details.decided_on > timezone.localdate():
        errors["decided_on"] = "The date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = ConsentRecord(
            child=child,
            given_by=details.given_by,
            given_by_person=details.given_by_person if details.given_by != ConsentRecord.GivenBy.CHILD else None,
            purpose=details.purpose,
            purpose_detail=details.purpose_detail,
            categories=list(details.categories),
            recipients_detail=details.recipients_detail,
            status=details.status,
            method=details.method if details.status != ConsentRecord.Status.NOT_SOUGHT else "",
            decided_on=details.decided_on,
            not_sought_reason=details.not_sought_reason if details.status == ConsentRecord.Status.NOT_SOUGHT else "",
            explanation=details.explanation,
            recorded_by=actor,
        )
        _save(record, reason=f"Consent recorded: {record.get_status_display().lower()}", by=actor)
        for organisation in details.recipients:
            _save(ConsentRecipient(consent=record, organisation=organisation), reason="Recipient named", by=actor)
    return record


def consent_withdraw(
    *, actor: User, consent: ConsentRecord, method: str, note: str, withdrawn_at: datetime | None = None
) -> ConsentRecord:
    """Withdraw consent. Access granted on the strength of it goes, unless the decision that granted
    it also recorded a lawful basis other than consent, and those who lose access are told."""
    _require(
        _can_work_on(actor, consent.child) or consent.recorded_by_id == actor.pk,
        "You cannot withdraw consent for this child.",
    )
    if not method:
        raise ValidationError({"method": "Choose how the withdrawal came"})
    lost_access: list[User] = []
    with transaction.atomic():
        consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
        if not can_proceed(consent.withdraw):
            raise InvalidTransition(f"This consent is {consent.get_status_display().lower()}: it cannot be withdrawn.")
        consent.withdraw(by=actor, at=withdrawn_at or timezone.now(), how=method, note=note.strip())
        _save(consent, reason="Consent withdrawn", by=actor)
        decisions = SharingDecision.objects.filter(consent_record=consent).select_related("article_6_basis")
        decision_ids = {d.pk: d for d in decisions}
        grants = ChildAccessGrant.objects.filter(
            child=consent.child,
            basis=ChildAccessGrant.Basis.CONSENT,
            revoked_at__isnull=True,
            source_type__app_label="sharing",
            source_type__model="sharingdecision",
            source_id__in=list(decision_ids),
        ).select_related("user", "team")
        for grant in grants:
            decision = decision_ids[grant.source_id]
            other_basis = decision.article_6_basis is not None and not decision.article_6_basis.is_consent
            if other_basis:
                # The decision also rests on another recorded lawful basis: access continues on that.
                core.child_access_grant(
                    child=consent.child,
                    basis=ChildAccessGrant.Basis.SHARING_DECISION,
                    level=grant.level,
                    user=grant.user,
                    team=grant.team,
                    source=decision,
                    granted_by=actor,
                )
            core.child_access_revoke(grant=grant, revoked_by=actor, reason="Consent withdrawn")
            if not other_basis and grant.user is not None:
                lost_access.append(grant.user)
    for user in {u.pk: u for u in lost_access}.values():
        core.notify(
            recipient=user,
            event_key=f"consent:{consent.pk}:withdrawn:{user.pk}",
            subject="Consent to share has been withdrawn",
            body="Consent you received information under has been withdrawn. "
            "Access you had on the strength of it has ended.",
            link="/",
        )
    return consent


# --- Sharing decisions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SharingRequest:
    requested_by: str
    purpose: str
    purpose_detail: str
    recipient_organisation: Organisation | None = None
    recipient_name: str = ""
    recipient_user: User | None = None


def sharing_decision_start(
    *,
    actor: User,
    child: Child,
    request: SharingRequest,
    context: models.Model | None = None,
    caller_checked_access: bool = False,
) -> SharingDecision:
    _require(actor.has_perm("sharing.add_sharingdecision"), "You cannot record sharing decisions.")
    _require(caller_checked_access or has_object_permission(actor, "view_child", child), "You cannot see this child.")
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
        from django.contrib.contenttypes.models import ContentType

        decision.context_type = ContentType.objects.get_for_model(context)
        decision.context_id = context.pk
    _save(decision, reason="Sharing decision started", by=actor)
    return decision


def _editable(decision: SharingDecision, actor: User) -> None:
    _require(decision.made_by_id == actor.pk, "Only the person making this decision can change it.")
    if decision.status not in (SharingDecision.Status.DRAFT, SharingDecision.Status.ADVICE_GIVEN):
        raise InvalidTransition(f"This decision is {decision.get_status_display().lower()}: it cannot be changed.")


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
        _editable(decision, actor)
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
        decision.outcome = rules.decide(**decision.answers) or ""
        _save(decision, reason=f"Answered: {question}", by=actor)
    return decision


def sharing_decision_request_advice(*, actor: User, decision: SharingDecision, question: str) -> SharingDecision:
    """'Seek advice': the organisation's Caldicott Guardians and lead information officers are asked."""
    if not question.strip():
        raise ValidationError({"advice_question": "Say what you need advice on"})
    with transaction.atomic():
        decision = SharingDecision.objects.select_for_update().get(pk=decision.pk)
        _editable(decision, actor)
        if decision.outcome != SharingDecision.Outcome.SEEK_ADVICE:
            raise InvalidTransition("Advice is requested only when the questions lead to 'seek advice'.")
        if decision.advice_escalation_id:
            raise InvalidTransition("Advice has already been requested on this decision.")
        decision.advice_question = question.strip()
        decision.request_advice()
        _save(decision, reason="Advice requested", by=actor)
        reviewers = core.escalation_reviewers(organisation=decision.organisation)
        escalation, _ = core.escalation_raise(
            subject=decision,
            kind=Escalation.Kind.SHARING_ADVICE_REQUESTED,
            level=Escalation.Level.SENIOR,
            organisation=decision.organisation,
            summary=f"{actor} asks for advice on whether to share information: {decision.advice_question}",
            assignees=reviewers,
            child=decision.child,
        )
        decision.advice_escalation = escalation
        _save(decision, reason="Advice request raised", by=actor)
    return decision


def sharing_decision_record_advice(*, actor: User, decision: SharingDecision, advice: str) -> SharingDecision:
    _require(
        actor.has_perm("sharing.record_advice") and policies.is_reviewer(actor, decision.organisation),
        "Only the organisation's Caldicott Guardian or lead information officer can record advice.",
    )
    if not advice.strip():
        raise ValidationError({"advice": "Enter your advice"})
    with transaction.atomic():
        decision = SharingDecision.objects.select_for_update().get(pk=decision.pk)
        if not can_proceed(decision.give_advice):
            raise InvalidTransition("This decision is not waiting for advice.")
        decision.give_advice(by=actor, at=timezone.now(), advice=advice.strip())
        _save(decision, reason="Advice recorded", by=actor)
        if decision.advice_escalation_id and decision.advice_escalation.status != Escalation.Status.RESOLVED:
            core.escalation_resolve(
                actor=actor, escalation=decision.advice_escalation, resolution="Advice given", rationale=advice.strip()
            )
    core.notify(
        recipient=decision.made_by,
        event_key=f"sharing-decision:{decision.pk}:advice",
        subject="Advice on your sharing decision is ready",
        body=f"{actor} has recorded advice. Finish the decision and record your reasons.",
        link=decision.get_absolute_url(),
    )
    return decision


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


def _shared_details_errors(decision: SharingDecision, shared: SharedDetails | None) -> dict[str, str]:
    if shared is None:
        return {"categories": "Say what was shared"}
    errors: dict[str, str] = {}
    if not shared.categories:
        errors["categories"] = "Choose the categories of information shared"
    if not shared.summary_facts.strip():
        errors["summary_facts"] = "Summarise the facts you shared"
    if not shared.method:
        errors["method"] = "Choose how the information was shared"
    if shared.shared_on is None:
        errors["shared_on"] = "Enter the date it was shared"
    elif shared.shared_on > timezone.localdate():
        errors["shared_on"] = "The date must be today or in the past"
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


def sharing_decision_complete(
    *, actor: User, decision: SharingDecision, reasons: str, shared: SharedDetails | None = None
) -> SharingDecision:
    """Record the final decision and its reasons, and lock it."""
    with transaction.atomic():
        decision = SharingDecision.objects.select_for_update().get(pk=decision.pk)
        _editable(decision, actor)
        errors: dict[str, str] = {}
        if decision.outcome not in (SharingDecision.Outcome.SHARE, SharingDecision.Outcome.DO_NOT_SHARE):
            raise InvalidTransition("Answer the questions until they reach 'share' or 'do not share'.")
        if not reasons.strip():
            errors["reasons"] = "Record the reasons for your decision"
        if decision.outcome == SharingDecision.Outcome.SHARE:
            errors |= _shared_details_errors(decision, shared)
        if errors:
            raise ValidationError(errors)
        decision.reasons = reasons.strip()
        if decision.outcome == SharingDecision.Outcome.SHARE:
            for name, value in shared.__dict__.items():
                if name == "recipient_user" and value is None:
                    continue  # keep the person named when the decision was started, if any
                setattr(decision, name, value)
            decision.categories = list(shared.categories)
        decision.complete(at=timezone.now())
        _save(decision, reason=f"Decision recorded: {decision.get_outcome_display().lower()}", by=actor)
        if decision.outcome == SharingDecision.Outcome.SHARE and decision.recipient_user_id:
            core.child_access_grant(
                child=decision.child,
                basis=(
                    ChildAccessGrant.Basis.CONSENT if decision.with_consent else ChildAccessGrant.Basis.SHARING_DECISION
                ),
                level=ChildAccessGrant.Level.VIEW,
                user=decision.recipient_user,
                source=decision,
                granted_by=actor,
            )
        refused = _refusal_overridden(decision)
    if refused is not None:
        core.escalation_raise(
            subject=decision,
            kind=Escalation.Kind.CONSENT_OVERRIDDEN,
            level=Escalation.Level.SENIOR,
            organisation=decision.organisation,
            summary=f"{actor} shared information although consent had been refused, on a lawful basis without consent.",
            assignees=core.escalation_reviewers(organisation=decision.organisation),
            child=decision.child,
        )
    if decision.outcome == SharingDecision.Outcome.SHARE and decision.recipient_user_id:
        core.notify(
            recipient=decision.recipient_user,
            event_key=f"sharing-decision:{decision.pk}:shared",
            subject="Information has been shared with you",
            body=f"{actor} shared information about a child with you.",
            link=decision.child.get_absolute_url(),
        )
    return decision


def _refusal_overridden(decision: SharingDecision) -> ConsentRecord | None:
    """The refusal a 'share without consent' decision overrides, if one is recorded."""
    if decision.outcome != SharingDecision.Outcome.SHARE or decision.with_consent:
        return None
    return (
        ConsentRecord.objects.filter(
            child=decision.child, purpose=decision.purpose, status=ConsentRecord.Status.REFUSED
        )
        .order_by("-decided_on")
        .first()
    )


def sharing_decision_amend(*, actor: User, original: SharingDecision, reason: str) -> SharingDecision:
    """Start a correction. The original stays locked and visible; the amendment is a new decision."""
    _require(
        original.made_by_id == actor.pk or policies.is_reviewer(actor, original.organisation),
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
    _save(amendment, reason="Amendment started", by=actor)
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


# --- Agreements ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementDetails:
    tier: str
    title: str
    purpose: str
    starts_on: date
    review_on: date
    parties: list[Organisation]
    ends_on: date | None = None
    document: object | None = None


def agreement_save(
    *, actor: User, details: AgreementDetails, agreement: SharingAgreement | None = None
) -> SharingAgreement:
    permission = "sharing.change_sharingagreement" if agreement else "sharing.add_sharingagreement"
    _require(actor.has_perm(permission), "Only information governance leads can record agreements.")
    if details.review_on < details.starts_on:
        raise ValidationError({"review_on": "The review date must be after the start date"})
    if details.ends_on and details.ends_on < details.starts_on:
        raise ValidationError({"ends_on": "The end date must be after the start date"})
    if not details.parties:
        raise ValidationError({"parties": "Choose the organisations that are party to the agreement"})
    with transaction.atomic():
        record = agreement or SharingAgreement(recorded_by=actor)
        for name in ("tier", "title", "purpose", "starts_on", "review_on", "ends_on"):
            setattr(record, name, getattr(details, name))
        if details.document:
            record.document = details.document
        _save(record, reason="Agreement updated" if agreement else "Agreement recorded", by=actor)
        wanted = {o.pk for o in details.parties}
        for link in record.party_links.all():
            if link.organisation_id not in wanted:
                link.delete()
        existing = set(record.party_links.values_list("organisation_id", flat=True))
        for organisation in details.parties:
            if organisation.pk not in existing:
                _save(AgreementParty(agreement=record, organisation=organisation), reason="Party added", by=actor)
    return record


# --- Privacy notices -----------------------------------------------------------------------------


def privacy_notice_create_for_relationship(*, relationship: Relationship, responsible: User) -> PrivacyNotice | None:
    """A person whose details came from a third party is owed privacy information within a month."""
    if relationship.source != Relationship.Source.THIRD_PARTY:
        return None
    notice = PrivacyNotice(
        person=relationship.person,
        relationship=relationship,
        child=relationship.child,
        responsible=responsible,
        obtained_on=relationship.obtained_on,
        due_on=clocks.privacy_notice_due(relationship.obtained_on),
    )
    _save(notice, reason="Privacy information owed (details obtained from a third party)", by=responsible)
    return notice


def _can_close_notice(actor: User, notice: PrivacyNotice) -> bool:
    return notice.responsible_id == actor.pk or _can_work_on(actor, notice.child)


def privacy_notice_mark_provided(*, actor: User, notice: PrivacyNotice, how: str, provided_on: date) -> PrivacyNotice:
    _require(_can_close_notice(actor, notice), "You cannot update this privacy notice.")
    if not how:
        raise ValidationError({"provided_how": "Choose how the privacy information was provided"})
    if provided_on > timezone.localdate():
        raise ValidationError({"provided_on": "The date must be today or in the past"})
    with transaction.atomic():
        notice = PrivacyNotice.objects.select_for_update().get(pk=notice.pk)
        if not can_proceed(notice.mark_provided):
            raise InvalidTransition(f"This privacy notice is already {notice.get_status_display().lower()}.")
        notice.mark_provided(by=actor, at=timezone.now(), how=how, on=provided_on)
        _save(notice, reason="Privacy information provided", by=actor)
    return notice


def privacy_notice_mark_exempt(
    *, actor: User, notice: PrivacyNotice, exemption: str, justification: str
) -> PrivacyNotice:
    _require(_can_close_notice(actor, notice), "You cannot update this privacy notice.")
    errors = {}
    if not exemption:
        errors["exemption"] = "Choose the exemption that applies"
    if not justification.strip():
        errors["justification"] = "Justify why the exemption applies"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        notice = PrivacyNotice.objects.select_for_update().get(pk=notice.pk)
        if not can_proceed(notice.mark_exempt):
            raise InvalidTransition(f"This privacy notice is already {notice.get_status_display().lower()}.")
        notice.mark_exempt(by=actor, at=timezone.now(), exemption=exemption, justification=justification.strip())
        _save(notice, reason="Exemption recorded", by=actor)
    return notice


def _pending_notices():
    return PrivacyNotice.objects.filter(status=PrivacyNotice.Status.PENDING).select_related(
        "responsible__organisation", "child__allocated_team", "person"
    )


def privacy_notice_send_reminders(*, today: date) -> dict[str, int]:
    """Sweep: remind the responsible practitioner 7 days before the due date and on it. A reminder
    missed while the worker was down goes out when it is back; none goes twice (event keys)."""
    sent = 0
    for notice in _pending_notices().filter(due_on__lte=today + timedelta(days=clocks.PRIVACY_NOTICE_REMINDER_DAYS)):
        due_text = f"{notice.due_on:%-d %B %Y}"
        reminders = []
        if today >= clocks.privacy_notice_reminder_on(notice.due_on) and today < notice.due_on:
            reminders.append(("7-days", f"Privacy information due by {due_text}"))
        if today >= notice.due_on:
            when = f"due today ({due_text})" if today == notice.due_on else f"was due on {due_text}"
            reminders.append(("due", f"Privacy information {when}"))
        for key, subject in reminders:
            _, created = core.notify(
                recipient=notice.responsible,
                event_key=f"privacy-notice:{notice.pk}:reminder:{key}",
                subject=subject,
                body="Someone whose details we obtained from a third party is owed privacy information, "
                "or a recorded exemption.",
                link=notice.get_absolute_url(),
            )
            sent += int(created)
    return {"reminders_sent": sent}


def privacy_notice_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep: once overdue, escalate to the team manager and the lead information officer."""
    raised = 0
    for notice in _pending_notices().filter(due_on__lt=today):
        organisation = notice.responsible.organisation or notice.child.local_authority
        managers = list(policies.managers_of(teams=notice.responsible.memberships.values("team")))
        info_leads = list(
            User.objects.filter(
                organisation=organisation, groups__name=Role.LEAD_INFORMATION_OFFICER, is_active=True
            ).distinct()
        )
        _, created = core.escalation_raise(
            subject=notice,
            kind=Escalation.Kind.PRIVACY_NOTICE_OVERDUE,
            level=Escalation.Level.TEAM_MANAGER,
            organisation=organisation,
            summary=(
                f"Privacy information was due on {notice.due_on:%-d %B %Y} and has not been recorded "
                "as provided or exempt."
            ),
            assignees=managers + info_leads,
            child=notice.child,
        )
        raised += int(created)
    return {"escalations_raised": raised}
