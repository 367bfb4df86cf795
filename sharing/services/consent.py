"""Consent: recorded given, refused or not sought (with the reason), and withdrawn.

Every workflow that asks about consent (MAST referrals, CIN transfers, EI moves, sharing itself)
ends here, so the rules of a valid consent record live in this one module.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from portal import services as core
from portal.access import require
from portal.history import save
from portal.models import Child, ChildAccessGrant, Organisation, Person, Relationship, User
from portal.services import InvalidTransition
from portal.text import date_text
from sharing import policies, rules, selectors, signals
from sharing.models import ConsentRecipient, ConsentRecord, SharingDecision
from sharing.rules import GILLICK_COMPETENT, ConsentAnswers, ConsentWording, capacity_of, consent_problems
from sharing.services.decisions import QUESTION_FIELDS


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
    capacity_reason: str = ""

    @property
    def answers(self) -> ConsentAnswers:
        return ConsentAnswers(
            status=self.status,
            given_by=self.given_by,
            given_by_person_id=self.given_by_person.pk if self.given_by_person is not None else None,
            method=self.method,
            decided_on=self.decided_on,
            not_sought_reason=self.not_sought_reason,
            explanation=self.explanation,
            capacity_reason=self.capacity_reason,
        )


def consent_errors(*, child: Child, details: ConsentDetails, wording: ConsentWording | None = None) -> dict[str, str]:
    """What is wrong with these details as a consent record for this child, by field: the shared
    rules of a consent answer (`sharing.rules.consent_problems`), and what only the record can tell."""
    wording = wording or ConsentWording()
    errors: dict[str, str] = {}
    if details.status == ConsentRecord.Status.WITHDRAWN:
        errors["status"] = "Consent is withdrawn from an existing record, not recorded as withdrawn"
    problems = consent_problems(
        details.answers, today=timezone.localdate(), wording=wording, child_born=child.date_of_birth
    )
    for name, message in problems.items():
        errors.setdefault(name, message)
    if (
        details.given_by == ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY
        and details.given_by_person is not None
        and not Relationship.objects.filter(
            child=child, person=details.given_by_person, has_parental_responsibility=True
        ).exists()
    ):
        errors["given_by_person"] = wording.given_by_person_on_record
    if details.status == ConsentRecord.Status.GIVEN and not details.recipients:
        errors["recipients"] = "Choose who the information may be shared with"
    return errors


def consent_draft_save(
    *, actor: User, child: Child, draft: ConsentRecord | None, answers: ConsentAnswers, purpose: str
) -> ConsentRecord:
    """Keep the consent answers of a workflow's draft (a MAST referral, a CIN transfer) on a draft
    consent record, answered or not yet: the workflow keeps a reference to it, and it becomes the
    record when the workflow is sent (`consent_record(draft=...)`). The workflow has checked that the
    actor may change its draft; a draft record is read by nobody else."""
    if draft is not None and not draft.is_draft:
        raise InvalidTransition("This consent has been recorded: it can no longer be changed.")
    answers = answers.tidy()
    record = draft or ConsentRecord(is_draft=True, recorded_by=actor)
    record.child = child
    record.purpose = purpose
    record.status = answers.status
    record.given_by = answers.given_by
    record.given_by_person_id = answers.given_by_person_id
    record.method = answers.method
    record.decided_on = answers.decided_on
    record.not_sought_reason = answers.not_sought_reason
    record.explanation = answers.explanation
    record.capacity_reason = answers.capacity_reason
    record.recorded_at = timezone.now()
    save(record, reason="Consent answers saved with a draft", by=actor)
    return record


def consent_record(
    *,
    actor: User,
    child: Child,
    details: ConsentDetails,
    caller_checked_access: bool = False,
    draft: ConsentRecord | None = None,
) -> ConsentRecord:
    """Record consent given, refused or not sought (with the reason).

    A workflow that has already decided the actor may act for this child without seeing its record
    (a MAST referral about a child held by another team) says so with `caller_checked_access`. A
    workflow whose draft kept its answers on a draft record (`consent_draft_save`) passes it as
    `draft`: that row becomes the record, so the workflow's reference to it stays.
    """
    require(actor.has_perm("sharing.add_consentrecord"), "You cannot record consent.")
    require(caller_checked_access or policies.may_work_on(actor, child), "You cannot record consent for this child.")
    errors = consent_errors(child=child, details=details)
    if errors:
        raise ValidationError(errors)
    if draft is not None and not draft.is_draft:
        raise InvalidTransition("This consent has already been recorded.")
    not_sought = details.status == ConsentRecord.Status.NOT_SOUGHT
    with transaction.atomic():
        record = draft or ConsentRecord()
        record.is_draft = False
        record.child = child
        record.given_by = details.given_by
        record.given_by_person = details.given_by_person if details.given_by != ConsentRecord.GivenBy.CHILD else None
        record.purpose = details.purpose
        record.purpose_detail = details.purpose_detail
        record.categories = list(details.categories)
        record.recipients_detail = details.recipients_detail
        record.status = details.status
        record.method = "" if not_sought else details.method
        record.decided_on = details.decided_on
        record.not_sought_reason = details.not_sought_reason if not_sought else ""
        record.explanation = details.explanation
        by_the_child = details.given_by == ConsentRecord.GivenBy.CHILD and details.answers.sought
        record.capacity = (
            capacity_of(child.date_of_birth, details.decided_on, details.capacity_reason) if by_the_child else ""
        )
        record.capacity_reason = details.capacity_reason.strip() if record.capacity == GILLICK_COMPETENT else ""
        record.recorded_by = actor
        record.recorded_at = timezone.now()
        save(record, reason=f"Consent recorded: {record.get_status_display().lower()}", by=actor)
        for organisation in details.recipients:
            save(ConsentRecipient(consent=record, organisation=organisation), reason="Recipient named", by=actor)
        if record.status == ConsentRecord.Status.REFUSED:
            _end_consent_refused_since(actor=actor, refusal=record, recipients=details.recipients)
    return record


def _end_consent_refused_since(*, actor: User, refusal: ConsentRecord, recipients: list[Organisation]) -> None:
    """The latest answer is the one in force: a refusal ends the consent given earlier for the same
    child and purpose (to the recipients it names; naming none, to all), as a withdrawal would, with
    the same consequences for the access it gave. Someone who may not withdraw that consent (a
    referrer who cannot see the child's record) leaves it to `selectors.consent_in_force`, which no
    longer finds it in force."""
    earlier = ConsentRecord.objects.filter(
        child=refusal.child,
        purpose=refusal.purpose,
        status=ConsentRecord.Status.GIVEN,
        decided_on__lte=refusal.decided_on,
    ).exclude(pk=refusal.pk)
    if recipients:
        earlier = earlier.filter(recipient_links__organisation__in=recipients).distinct()
    when = date_text(refusal.decided_on) if refusal.decided_on else "today"
    for consent in earlier:
        if policies.may_withdraw_consent(actor, consent):
            consent_withdraw(
                actor=actor,
                consent=consent,
                method=refusal.method or ConsentRecord.Method.VERBAL_IN_PERSON,
                note=f"Ended by a refusal recorded for {when}: the family refused consent after giving it.",
            )


def consent_withdraw(
    *, actor: User, consent: ConsentRecord, method: str, note: str, withdrawn_at: datetime | None = None
) -> ConsentRecord:
    """Withdraw consent. Access granted on the strength of it goes, unless the decision that granted
    it also recorded a lawful basis other than consent, and those who lose access are told."""
    require(policies.may_withdraw_consent(actor, consent), "You cannot withdraw consent for this child.")
    if not method:
        raise ValidationError({"method": "Choose how the withdrawal came"})
    lost_access: dict[int, User] = {}
    with transaction.atomic():
        consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
        if not can_proceed(consent.withdraw):
            raise InvalidTransition(f"This consent is {consent.get_status_display().lower()}: it cannot be withdrawn.")
        consent.withdraw(by=actor, at=withdrawn_at or timezone.now(), how=method, note=note.strip())
        save(consent, reason="Consent withdrawn", by=actor)
        _reopen_decisions_relying_on(consent, actor)
        for grant, decision in selectors.consent_access_grants(consent=consent):
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
                lost_access[grant.user.pk] = grant.user
        signals.consent_withdrawn.send(sender=ConsentRecord, consent=consent, actor=actor)
        for user in lost_access.values():
            core.notify(
                recipient=user,
                event_key=f"consent:{consent.pk}:withdrawn:{user.pk}",
                subject="Consent to share has been withdrawn",
                body="Consent you received information under has been withdrawn. "
                "Access you had on the strength of it has ended.",
                link="/",
            )
    return consent


def _reopen_decisions_relying_on(consent: ConsentRecord, actor: User) -> None:
    """Decisions still being made that answered "consent: yes" on this consent lose that answer
    (and the answers after it): they cannot complete "with consent" now. Taken under the consent's
    lock, as completing one is, so a decision completes either before the withdrawal (and its access
    is revoked with the rest) or after it (and is refused)."""
    pending = SharingDecision.objects.select_for_update().filter(
        consent_record=consent,
        status__in=[
            SharingDecision.Status.DRAFT,
            SharingDecision.Status.AWAITING_ADVICE,
            SharingDecision.Status.ADVICE_GIVEN,
        ],
    )
    for decision in pending.order_by("pk"):
        decision.consent_record = None
        for name in rules.QUESTIONS[rules.QUESTIONS.index("consent") :]:
            setattr(decision, QUESTION_FIELDS[name], "")
        decision.outcome = rules.outcome(decision.answers) or ""
        save(decision, reason="Consent withdrawn: the consent question must be answered again", by=actor)
