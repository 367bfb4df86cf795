"""Recording a move out of area: the plan, the agencies on it, where and when the child is moving,
and the family's consent to their information being transferred; and each agency's named contact.
A planned move with consent reaches its outcome at once; any other waits for the multi-agency
meeting."""

from dataclasses import dataclass, field, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import can_proceed
from guardian.shortcuts import assign_perm

from early_intervention import selectors
from early_intervention.models import EarlyInterventionAgency
from early_intervention.selectors import AgencyOption
from early_intervention.services.common import CONSENT_CATEGORIES, Move, State, locked
from early_intervention.services.follow_up import start_follow_up
from portal import services as core
from portal.access import has_object_permission
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, ChildAccessGrant, Organisation, Person, Team, Tier, User
from portal.services import ChildDetails, InvalidTransition
from sharing import law
from sharing import services as sharing
from sharing.models import ConsentRecord, Purpose
from sharing.rules import ConsentWording, ConsistentIdentifier


@dataclass(frozen=True)
class MoveConsent:
    """Parental consent for transferring information: given (a consent record in force, or recorded
    now), refused (recorded now), or not obtained (with why)."""

    status: str
    existing: ConsentRecord | None = None
    given_by: str = ""
    person: Person | None = None
    method: str = ""
    decided_on: date | None = None
    explanation: str = ""
    capacity_reason: str = ""


@dataclass(frozen=True)
class MoveRecord:
    plan_reference: str
    tier: int | None
    lead_team: Team | None
    kind: str
    whereabouts_known: bool
    destination_authority: Organisation | None
    move_date: date | None
    consent: MoveConsent
    agencies: list[AgencyOption] = field(default_factory=list)
    new_address: str = ""
    # The consistent identifier (s16LC): why the move goes without the NHS number, if it does.
    identifier: ConsistentIdentifier = ConsistentIdentifier()


def _consent_errors(consent: MoveConsent, child: Child) -> dict[str, str]:
    errors: dict[str, str] = {}
    if consent.status not in Move.Consent.values:
        return {"consent": "Say whether the family consented to their information being transferred"}
    if consent.status == Move.Consent.NOT_OBTAINED:
        if not consent.explanation.strip():
            errors["consent_explanation"] = "Explain why the family's consent could not be obtained"
        return errors
    if consent.status == Move.Consent.GIVEN and consent.existing is not None:
        if not selectors.consents_in_force(child=child).filter(pk=consent.existing.pk).exists():
            errors["existing_consent"] = "Choose a consent for early help that is given and not withdrawn"
        return errors
    # Given or refused now: the one validator of consent answers, in this page's words.
    verb = "consented" if consent.status == Move.Consent.GIVEN else "refused"
    wording = ConsentWording(
        given_by=f"Say who {verb}",
        given_by_person="Choose a person recorded as having parental responsibility for the child",
        given_by_person_on_record="Choose a person recorded as having parental responsibility for the child",
        method=f"Say how they {verb}",
        decided_on=f"Enter the date they {verb}",
    )
    details = sharing.ConsentDetails(
        given_by=consent.given_by if consent.given_by in ConsentRecord.GivenBy.values else "",
        given_by_person=consent.person,
        purpose=Purpose.EARLY_HELP,
        status=ConsentRecord.Status.GIVEN if consent.status == Move.Consent.GIVEN else ConsentRecord.Status.REFUSED,
        decided_on=consent.decided_on,  # type: ignore[arg-type]  # checked as an answer
        method=consent.method if consent.method in ConsentRecord.Method.values else "",
        capacity_reason=consent.capacity_reason,
        explanation=consent.explanation,
    )
    field_of = {
        "explanation": "consent_refused_reasons",  # a refusal, with the practitioner's own reasons
        "capacity_reason": "consent_capacity_reason",
        "given_by": "consent_from",
        "given_by_person": "consent_from",
        "method": "consent_method",
        "decided_on": "consent_decided_on",
    }
    for name, message in sharing.consent_errors(child=child, details=details, wording=wording).items():
        if name in field_of:
            errors.setdefault(field_of[name], message)
    return errors


def _record_errors(actor: User, child: Child, details: MoveRecord) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not details.plan_reference.strip():
        errors["plan_reference"] = "Enter the Early Intervention plan reference"
    if details.tier not in Move.PlanTier.values:
        errors["tier"] = "Choose Tier 2 or Tier 3"
    if details.lead_team is None or not details.lead_team.memberships.filter(user=actor).exists():
        errors["lead_team"] = "Choose your team: the lead professional's team"
    valid = {option.value for option in selectors.agency_options(child=child)}
    chosen = [option for option in details.agencies if details.lead_team is None or option.team != details.lead_team]
    if any(option.value not in valid for option in chosen):
        errors["agencies"] = "Choose agencies that work in the child's area"
    elif details.tier == Tier.EARLY_INTERVENTION and not chosen:
        errors["agencies"] = "A Tier 3 plan is multi-agency: choose the other agencies on it"
    if details.kind not in Move.Kind.values:
        errors["kind"] = "Say whether the move was planned"
    if details.whereabouts_known:
        destination = details.destination_authority
        if destination is None or not destination.is_local_authority:
            errors["destination"] = (
                "Choose the local authority the child is moving to, or say the whereabouts are unknown"
            )
        elif destination.pk == child.local_authority_id:
            errors["destination"] = "Choose another local authority: a move within the area is not a move out of area"
    elif details.kind == Move.Kind.PLANNED:
        errors["destination"] = "A planned move has a destination: choose the local authority the child is moving to"
    if details.move_date is None:
        errors["move_date"] = "Enter the date the child moved, or is planned to move"
    elif details.kind == Move.Kind.UNPLANNED and details.move_date > today:
        errors["move_date"] = "An unplanned move has happened: the date must be today or in the past"
    errors |= _consent_errors(details.consent, child)
    try:
        law.identifier_require(
            known_nhs_number=child.nhs_number,
            omitted_reason=details.identifier.omitted_reason,
            explanation=details.identifier.explanation,
        )
    except ValidationError as problems:
        errors |= {name: messages[0] for name, messages in problems.message_dict.items()}
    return errors


def _consent_record(*, actor: User, child: Child, details: MoveRecord) -> ConsentRecord | None:
    consent = details.consent
    if consent.status == Move.Consent.NOT_OBTAINED:
        return None
    if consent.status == Move.Consent.GIVEN and consent.existing is not None:
        return consent.existing
    decided_on = consent.decided_on
    if decided_on is None:  # checked with the other answers: consent recorded now is dated
        raise ValidationError({"consent_decided_on": "Enter the date of the family's decision"})
    destination = details.destination_authority
    where = (
        f"the equivalent agencies in {destination}" if destination else "the equivalent agencies where they now live"
    )
    recipients = (
        [destination] if destination else list({o.organisation.pk: o.organisation for o in details.agencies}.values())
    )
    return sharing.consent_record(
        actor=actor,
        child=child,
        details=sharing.ConsentDetails(
            given_by=consent.given_by,
            given_by_person=consent.person
            if consent.given_by == ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY
            else None,
            purpose=Purpose.EARLY_HELP,
            purpose_detail=(
                "Transferring information from the agencies on Early Intervention plan "
                f"{details.plan_reference.strip()} to {where}, so that they can continue to support the family."
            ),
            status=ConsentRecord.Status.GIVEN if consent.status == Move.Consent.GIVEN else ConsentRecord.Status.REFUSED,
            method=consent.method,
            decided_on=decided_on,
            capacity_reason=consent.capacity_reason,
            explanation=consent.explanation.strip() if consent.status == Move.Consent.REFUSED else "",
            categories=list(CONSENT_CATEGORIES),
            recipients=recipients,
            recipients_detail=f"The agencies on the plan, and {where}",
        ),
    )


def _open_to_agencies(*, move: Move, agencies: list[EarlyInterventionAgency], actor: User) -> None:
    """The lead professional and their team may see and work on the move; the teams of the other
    agencies on the plan may see it, and the child's record (basis: Early Intervention plan)."""
    for codename in ("view_earlyinterventionmove", "change_earlyinterventionmove"):
        assign_perm(f"early_intervention.{codename}", move.lead_professional, move)
        assign_perm(f"early_intervention.{codename}", move.lead_team.group, move)
    for agency in agencies:
        team = agency.team
        if team is None or team.pk == move.lead_team_id:
            continue
        assign_perm("early_intervention.view_earlyinterventionmove", team.group, move)
        core.child_access_grant(
            child=move.child,
            basis=ChildAccessGrant.Basis.EARLY_INTERVENTION,
            level=ChildAccessGrant.Level.VIEW,
            team=team,
            source=move,
            granted_by=actor,
        )


def _mark_whereabouts_unknown(*, actor: User, child: Child) -> None:
    details = {f.name: getattr(child, f.name) for f in fields(ChildDetails)}
    details["whereabouts_known"] = False
    core.child_update(actor=actor, child=child, details=ChildDetails(**details))


def move_record(*, actor: User, child: Child, details: MoveRecord) -> Move:
    """The lead professional records a move out of area. A planned move with consent reaches its
    outcome (the agreed transfer plan) at once; any other move waits for the multi-agency meeting."""
    _require(
        actor.has_perm("early_intervention.add_earlyinterventionmove"), "You cannot record Early Intervention moves."
    )
    _require(
        has_object_permission(actor, "change_child", child),
        "Only the lead professional, who works on the child's record, records a move.",
    )
    if child.tier >= Tier.CHILD_IN_NEED:
        raise ValidationError(
            "This child is at Tier 4 or above: a Child in Need who moves is referred to the new area as a transfer"
        )
    errors = _record_errors(actor, child, details)
    lead_team, tier, move_date = details.lead_team, details.tier, details.move_date
    if errors or lead_team is None or tier is None or move_date is None:
        raise ValidationError(errors)
    if selectors.children_with_open_moves(children=[child]).exists():
        raise ValidationError("This child already has an Early Intervention move in progress")
    now = timezone.now()
    try:
        with transaction.atomic():
            consent_record = _consent_record(actor=actor, child=child, details=details)
            move = Move(
                child=child,
                plan_reference=details.plan_reference.strip(),
                tier=tier,
                lead_professional=actor,
                lead_team=lead_team,
                kind=details.kind,
                whereabouts_known=details.whereabouts_known,
                destination_authority=details.destination_authority if details.whereabouts_known else None,
                new_address=details.new_address.strip() if details.whereabouts_known else "",
                move_date=move_date,
                consent=details.consent.status,
                consent_record=consent_record,
                consent_explanation=(
                    details.consent.explanation.strip()
                    if details.consent.status in (Move.Consent.NOT_OBTAINED, Move.Consent.REFUSED)
                    else ""
                ),
                created_by=actor,
                created_at=now,
            )
            law.identifier_apply(
                record=move,
                identifier=law.identifier_require(
                    known_nhs_number=child.nhs_number,
                    omitted_reason=details.identifier.omitted_reason,
                    explanation=details.identifier.explanation,
                    at=now,
                ),
            )
            _save(move, reason="Early Intervention move recorded", by=actor)
            lead = EarlyInterventionAgency(
                move=move,
                organisation=lead_team.organisation,
                team=lead_team,
                is_lead=True,
                contact_name=str(actor),
                contact_email=actor.email,
                contact_phone=actor.phone,
                added_by=actor,
            )
            _save(lead, reason="Lead agency on the plan", by=actor)
            agencies = [lead]
            for option in {o.value: o for o in details.agencies}.values():
                if option.team is not None and option.team.pk == lead_team.pk:
                    continue
                agency = EarlyInterventionAgency(
                    move=move, organisation=option.organisation, team=option.team, added_by=actor
                )
                _save(agency, reason="Agency on the plan", by=actor)
                agencies.append(agency)
            _open_to_agencies(move=move, agencies=agencies, actor=actor)
            if not details.whereabouts_known and child.whereabouts_known:
                _mark_whereabouts_unknown(actor=actor, child=child)
            if can_proceed(move.await_meeting):
                move.await_meeting()
                _save(move, reason="Waiting for the multi-agency meeting", by=actor)
            else:
                move.reach_outcome(at=now, on=timezone.localdate(now))
                _save(move, reason=f"Outcome: {move.get_state_display()}"[:100], by=actor)
                start_follow_up(actor=actor, move=move)
            what = (
                "The agencies now agree the transfer plan."
                if move.state == State.AGREED_PLAN
                else "The agencies hold a multi-agency meeting to consider whether need or risk has increased."
            )
            core.notify_each(
                selectors.agency_team_members(move=move),
                event_key=f"ei-move:{move.pk}:recorded",
                subject=f"Early Intervention move {move.reference}: {move.get_kind_display().lower()} move out of area",
                body=f"{actor} recorded a move of a child on an Early Intervention plan your team is part of. {what}",
                link=move.get_absolute_url(),
                exclude=actor,
            )
    except IntegrityError as error:
        raise ValidationError("This child already has an Early Intervention move in progress") from error
    return move


def agency_contact_update(
    *, actor: User, move: Move, agency: EarlyInterventionAgency, name: str, email: str = "", phone: str = ""
) -> EarlyInterventionAgency:
    """Name an agency's contact for the move: the lead professional's team, or the agency itself."""
    _require(
        agency.move_id == move.pk and selectors.acts_for_agency(actor, move, agency),
        "Only the lead professional's team, or the agency itself, names its contact.",
    )
    with transaction.atomic():
        move = locked(move)
        if not move.is_open:
            raise InvalidTransition(f"This move is {move.get_state_display().lower()}: nothing can be changed.")
        agency = EarlyInterventionAgency.objects.select_for_update().get(pk=agency.pk)
        agency.contact_name = name.strip()
        agency.contact_email = email.strip()
        agency.contact_phone = phone.strip()
        _save(agency, reason="Named contact recorded", by=actor)
    return agency
