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
from sharing import policies, selectors, signals
from sharing.models import ConsentRecipient, ConsentRecord


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


def consent_errors(*, child: Child, details: ConsentDetails) -> dict[str, str]:
    """What is wrong with these details as a consent record for this child, by field."""
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
    return errors


def consent_record(
    *, actor: User, child: Child, details: ConsentDetails, caller_checked_access: bool = False
) -> ConsentRecord:
    """Record consent given, refused or not sought (with the reason).

    A workflow that has already decided the actor may act for this child without seeing its record
    (a MAST referral about a child held by another team) says so with `caller_checked_access`.
    """
    require(actor.has_perm("sharing.add_consentrecord"), "You cannot record consent.")
    require(caller_checked_access or policies.may_work_on(actor, child), "You cannot record consent for this child.")
    errors = consent_errors(child=child, details=details)
    if errors:
        raise ValidationError(errors)
    not_sought = details.status == ConsentRecord.Status.NOT_SOUGHT
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
            method="" if not_sought else details.method,
            decided_on=details.decided_on,
            not_sought_reason=details.not_sought_reason if not_sought else "",
            explanation=details.explanation,
            recorded_by=actor,
        )
        save(record, reason=f"Consent recorded: {record.get_status_display().lower()}", by=actor)
        for organisation in details.recipients:
            save(ConsentRecipient(consent=record, organisation=organisation), reason="Recipient named", by=actor)
    return record


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
