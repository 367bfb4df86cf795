"""Every write for Early Intervention plan moves (guidance 6.2). Keyword-only, typed, atomic, with the
row locked where two people can race, the permission checked, a history change reason, and people told
through the core (`portal.services.notify`, which emails on commit).

The lead professional records the move; the agencies on the plan (the teams that use the portal) may
see it and confirm their own part; the outcome follows `early_intervention.rules.decide`, and each outcome
starts its own next steps: the agreed transfer plan, the Early Intervention plan update, the
agencies' records checklist, or a MAST referral created from the move without retyping.
"""

import uuid
from dataclasses import dataclass, field, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_fsm import can_proceed
from guardian.shortcuts import assign_perm

from early_intervention import clocks, rules, selectors
from early_intervention.models import (
    AgencyRecordsCheck,
    AgreedPlanItem,
    EarlyInterventionAgency,
    EarlyInterventionMove,
    MeetingAttendance,
    MultiAgencyMeeting,
)
from early_intervention.selectors import AgencyOption
from portal import policies
from portal import services as core
from portal.access import has_object_permission
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, ChildAccessGrant, Escalation, Organisation, Person, Relationship, Team, Tier, User
from portal.services import ChildDetails, InvalidTransition
from referrals import services as referrals
from referrals.models import ConcernCategory, MastReferral
from sharing import services as sharing
from sharing.models import ConsentRecord, InformationCategory, LawfulBasis, LegalGateway, Purpose, SharingDecision

Move = EarlyInterventionMove
State = EarlyInterventionMove.State

# Each move's follow-up referral has a creation key derived from the move, so creating it twice (a
# retried request) finds the same draft.
REFERRAL_KEY_NAMESPACE = uuid.UUID("0b8f7f3e-6c1d-4a51-9d59-3e0f4c1e6a20")
# What a family's consent to transfer information for early help covers, and what a referral made
# from a move carries: the child's identity, the family, and the plan (social care history and plans).
CONSENT_CATEGORIES = [
    InformationCategory.IDENTITY,
    InformationCategory.FAMILY,
    InformationCategory.EDUCATION,
    InformationCategory.HEALTH,
    InformationCategory.SOCIAL_CARE,
]
REFERRAL_INFORMATION = [InformationCategory.IDENTITY, InformationCategory.FAMILY, InformationCategory.SOCIAL_CARE]
# Sharing on the strength of consent, for early help: consent and explicit consent (for health data),
# under the duty to co-operate to improve children's well-being.
ARTICLE_6_CONSENT = "6(1)(a)"
ARTICLE_9_EXPLICIT_CONSENT = "9(2)(a)"
LEGAL_GATEWAY = "Children Act 2004 s10"


def _locked(move: Move) -> Move:
    # `of=("self",)`: PostgreSQL cannot lock the nullable side of the outer joins.
    return (
        Move.objects.select_for_update(of=("self",))
        .select_related("child", "consent_record", "referral")
        .get(pk=move.pk)
    )


def _date_text(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _tell(users, *, event: str, subject: str, body: str, link: str, exclude: User | None = None) -> None:
    for user in {u.pk: u for u in users}.values():
        if exclude is not None and user.pk == exclude.pk:
            continue
        core.notify(recipient=user, event_key=event, subject=subject, body=body, link=link)


def agency_team_members(*, move: Move, include_lead: bool = False) -> list[User]:
    agencies = move.agencies.filter(team__isnull=False)
    if not include_lead:
        agencies = agencies.exclude(team_id=move.lead_team_id)
    return list(User.objects.filter(is_active=True, memberships__team_id__in=agencies.values("team_id")).distinct())


def lead_team_managers(*, move: Move) -> list[User]:
    return list(policies.managers_of(teams=[move.lead_team_id]))


# --- Recording a move ----------------------------------------------------------------------------


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
    verb = "consented" if consent.status == Move.Consent.GIVEN else "refused"
    if consent.given_by not in ConsentRecord.GivenBy.values:
        errors["consent_from"] = f"Say who {verb}"
    elif consent.given_by == ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY and (
        consent.person is None
        or not Relationship.objects.filter(
            child=child, person=consent.person, has_parental_responsibility=True
        ).exists()
    ):
        errors["consent_from"] = "Choose a person recorded as having parental responsibility for the child"
    if consent.method not in ConsentRecord.Method.values:
        errors["consent_method"] = f"Say how they {verb}"
    if consent.decided_on is None:
        errors["consent_decided_on"] = f"Enter the date they {verb}"
    elif consent.decided_on > timezone.localdate():
        errors["consent_decided_on"] = "The date must be today or in the past"
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
    return errors


def _consent_record(*, actor: User, child: Child, details: MoveRecord) -> ConsentRecord | None:
    consent = details.consent
    if consent.status == Move.Consent.NOT_OBTAINED:
        return None
    if consent.status == Move.Consent.GIVEN and consent.existing is not None:
        return consent.existing
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
            decided_on=consent.decided_on,
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
        if agency.team_id is None or agency.team_id == move.lead_team_id:
            continue
        assign_perm("early_intervention.view_earlyinterventionmove", agency.team.group, move)
        core.child_access_grant(
            child=move.child,
            basis=ChildAccessGrant.Basis.EARLY_INTERVENTION,
            level=ChildAccessGrant.Level.VIEW,
            team=agency.team,
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
    if errors:
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
                tier=details.tier,
                lead_professional=actor,
                lead_team=details.lead_team,
                kind=details.kind,
                whereabouts_known=details.whereabouts_known,
                destination_authority=details.destination_authority if details.whereabouts_known else None,
                new_address=details.new_address.strip() if details.whereabouts_known else "",
                move_date=details.move_date,
                consent=details.consent.status,
                consent_record=consent_record,
                consent_explanation=(
                    details.consent.explanation.strip() if details.consent.status == Move.Consent.NOT_OBTAINED else ""
                ),
                created_by=actor,
                created_at=now,
            )
            _save(move, reason="Early Intervention move recorded", by=actor)
            lead = EarlyInterventionAgency(
                move=move,
                organisation=details.lead_team.organisation,
                team=details.lead_team,
                is_lead=True,
                contact_name=str(actor),
                contact_email=actor.email,
                contact_phone=actor.phone,
                added_by=actor,
            )
            _save(lead, reason="Lead agency on the plan", by=actor)
            agencies = [lead]
            for option in {o.value: o for o in details.agencies}.values():
                if option.team is not None and option.team.pk == details.lead_team.pk:
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
                _start_follow_up(actor=actor, move=move)
    except IntegrityError as error:
        raise ValidationError("This child already has an Early Intervention move in progress") from error
    what = (
        "The agencies now agree the transfer plan."
        if move.state == State.AGREED_PLAN
        else "The agencies hold a multi-agency meeting to consider whether need or risk has increased."
    )
    _tell(
        agency_team_members(move=move),
        event=f"ei-move:{move.pk}:recorded",
        subject=f"Early Intervention move {move.reference}: {move.get_kind_display().lower()} move out of area",
        body=f"{actor} recorded a move of a child on an Early Intervention plan your team is part of. {what}",
        link=move.get_absolute_url(),
        exclude=actor,
    )
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
        move = _locked(move)
        if not move.is_open:
            raise InvalidTransition(f"This move is {move.get_state_display().lower()}: nothing can be changed.")
        agency = EarlyInterventionAgency.objects.select_for_update().get(pk=agency.pk)
        agency.contact_name = name.strip()
        agency.contact_email = email.strip()
        agency.contact_phone = phone.strip()
        _save(agency, reason="Named contact recorded", by=actor)
    return agency


# --- The multi-agency meeting and the outcome ------------------------------------------------------


@dataclass(frozen=True)
class MeetingDetails:
    held_on: date | None
    present: list[EarlyInterventionAgency]
    discussion_summary: str
    need_or_risk_increased: bool | None
    significant_harm: bool | None
    outcome_notes: str
    others_present: str = ""
    harm_concerns: list[str] = field(default_factory=list)


def _meeting_errors(move: Move, details: MeetingDetails, recorded_on: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.held_on is None:
        errors["held_on"] = "Enter the date of the meeting"
    elif details.held_on > recorded_on:
        errors["held_on"] = "The meeting must have been held: the date must be today or in the past"
    agency_ids = set(move.agencies.values_list("pk", flat=True))
    if not details.present:
        errors["present"] = "Choose the agencies that were at the meeting"
    elif any(agency.pk not in agency_ids for agency in details.present):
        errors["present"] = "Choose agencies on this child's plan; name anyone else under others present"
    if not details.discussion_summary.strip():
        errors["discussion_summary"] = "Summarise the discussion"
    if details.need_or_risk_increased is None:
        errors["need_or_risk_increased"] = "Say whether the needs of or the risks to the child have increased"
    if details.significant_harm is None:
        errors["significant_harm"] = "Say whether the child may be at risk of or suffering significant harm"
    if set(details.harm_concerns) - set(ConcernCategory.values):
        errors["harm_concerns"] = "Choose from the kinds of harm listed"
    if not details.outcome_notes.strip():
        errors["outcome_notes"] = "Record what the meeting agreed"
    return errors


def meeting_refusal(move: Move) -> str:
    """What to tell someone recording a meeting the move no longer waits for."""
    if move.recorded_meeting is not None:
        return (
            f"The multi-agency meeting was recorded by {move.meeting.recorded_by}: the outcome is "
            f"{move.get_state_display().lower()}. Nothing was changed."
        )
    return f"This move is {move.get_state_display().lower()}: no meeting is recorded now. Nothing was changed."


def move_meeting_record(*, actor: User, move: Move, details: MeetingDetails, recorded_on: date | None = None) -> Move:
    """Record the multi-agency meeting: the move reaches the outcome the guidance gives and its next
    steps start (a referral draft, addressed to the right MAST, for the referral outcomes).
    `recorded_on` is for loading past cases; it defaults to today and is never in the future."""
    today = timezone.localdate()
    recorded_on = recorded_on or today
    if recorded_on > today:
        raise ValueError("An outcome cannot be dated in the future")
    _require(selectors.can_work_on(actor, move), "Only the lead professional's team records the multi-agency meeting.")
    errors = _meeting_errors(move, details, recorded_on)
    if errors:
        raise ValidationError(errors)
    decision = rules.decide(
        planned=move.is_planned,
        consent=move.has_consent,
        whereabouts_known=move.whereabouts_known,
        meeting_held=True,
        need_or_risk_increased=details.need_or_risk_increased,
        significant_harm=details.significant_harm,
    )
    if decision.outcome in rules.REFERRALS and not referrals.can_refer_about(actor, move.child):
        raise ValidationError(
            "The meeting's outcome is a referral, which is made by someone who works on the child's record: "
            "ask the lead professional to record the meeting"
        )
    now = timezone.now()
    with transaction.atomic():
        move = _locked(move)
        if move.state != State.AWAITING_MEETING:
            raise InvalidTransition(meeting_refusal(move))
        meeting = MultiAgencyMeeting(
            move=move,
            held_on=details.held_on,
            others_present=details.others_present.strip(),
            discussion_summary=details.discussion_summary.strip(),
            need_or_risk_increased=details.need_or_risk_increased,
            significant_harm=details.significant_harm,
            harm_concerns=list(dict.fromkeys(details.harm_concerns)),
            outcome_notes=details.outcome_notes.strip(),
            recorded_by=actor,
        )
        _save(meeting, reason="Multi-agency meeting recorded", by=actor)
        for agency in {a.pk: a for a in details.present}.values():
            _save(MeetingAttendance(meeting=meeting, agency=agency), reason="Present at the meeting", by=actor)
        if not can_proceed(move.reach_outcome):
            raise InvalidTransition("The guidance gives no outcome for what was recorded. Nothing was changed.")
        move.reach_outcome(at=now, on=recorded_on)
        _save(move, reason=f"Outcome: {move.get_state_display()}"[:100], by=actor)
        _start_follow_up(actor=actor, move=move)
    _tell(
        [*agency_team_members(move=move), move.lead_professional],
        event=f"ei-move:{move.pk}:outcome",
        subject=f"Early Intervention move {move.reference}: {move.get_state_display()}",
        body=f"{actor} recorded the multi-agency meeting of {_date_text(details.held_on)}. {move.outcome_reason}",
        link=move.get_absolute_url(),
        exclude=actor,
    )
    return move


def _start_follow_up(*, actor: User, move: Move) -> None:
    """Each outcome's own next steps."""
    if move.state in Move.REFERRALS:
        move.follow_up_due_on = clocks.referral_due(move.outcome_on)
        move.referral = _draft_referral(actor=actor, move=move)
        _save(
            move, reason=f"Referral drafted from the move, to be sent by {_date_text(move.follow_up_due_on)}", by=actor
        )
    elif move.state == State.PLAN_UPDATED_CHECKLIST:
        for agency in move.agencies.all():
            _save(AgencyRecordsCheck(move=move, agency=agency), reason="Records to confirm and forward", by=actor)


def referral_authority(move: Move) -> Organisation:
    """Where the follow-up referral goes: children's social care (MAST) in the receiving authority; or,
    with the whereabouts unknown, MAST of the child's own (current) authority."""
    if move.outcome == State.REFERRAL_RECEIVING_CSC:
        return move.destination_authority
    return move.child.local_authority


def referral_concern(move: Move) -> dict:
    """The referral's concern, from what the move and its meeting already record: nobody retypes it."""
    meeting = move.meeting
    child = move.child
    present = [a.agency.name for a in meeting.attendance.select_related("agency__organisation", "agency__team")]
    tense = "moved" if move.move_date <= timezone.localdate() else "is moving"
    where = f"to {move.destination_authority}" if move.whereabouts_known else "and the family's whereabouts are unknown"
    facts = [
        f"{child.full_name} is supported by an Early Intervention plan ({move.plan_reference}, "
        f"{move.get_tier_display()}). The family {tense} out of {child.local_authority} on "
        f"{_date_text(move.move_date)} {where}. The move was {move.get_kind_display().lower()} "
        f"(Early Intervention move {move.reference}).",
    ]
    if move.new_address:
        facts.append(f"New address: {move.new_address}")
    attended = "; ".join(present)
    if meeting.others_present:
        attended += f"; also {meeting.others_present}"
    facts.append(f"Multi-agency meeting on {_date_text(meeting.held_on)}, attended by {attended}.")
    facts.append(f"The discussion: {meeting.discussion_summary}")
    increase = (
        "the needs of or the risks to the child have increased"
        if meeting.need_or_risk_increased
        else "the child's needs and the risks to them have not increased"
    )
    opinion = (
        f"The multi-agency meeting concluded that {increase}, and that the child may be at risk of, or suffering, "
        f"significant harm. What the meeting agreed: {meeting.outcome_notes}"
    )
    concerns = list(meeting.harm_concerns)
    if not move.whereabouts_known and ConcernCategory.MISSING not in concerns:
        concerns.append(ConcernCategory.MISSING.value)
    return {
        "concern_categories": concerns,
        "what_happened": "\n\n".join(facts),
        "referrer_view": opinion,
        "information_categories": [c.value for c in REFERRAL_INFORMATION],
        "advice_from": f"The multi-agency meeting on {_date_text(meeting.held_on)}"[:200],
    }


def _draft_referral(*, actor: User, move: Move) -> MastReferral:
    """A MAST referral draft for the child, addressed to the right authority, with the concern filled
    in from the move and the meeting. The referrer adds how urgent it is, the child's and family's
    views and the family's agreement, checks it and sends it."""
    key = uuid.uuid5(REFERRAL_KEY_NAMESPACE, f"early-intervention-move:{move.pk}")
    referral, _ = referrals.referral_start(
        actor=actor, creation_key=key, child=move.child, authority=referral_authority(move)
    )
    return referrals.referral_update(actor=actor, referral=referral, section="concern", changes=referral_concern(move))


def _complete_if_done(*, actor: User | None, move: Move) -> Move:
    move = Move.objects.select_related("referral").get(pk=move.pk)
    if can_proceed(move.complete):
        move.complete(at=timezone.now())
        _save(move, reason="Every next step done: move completed", by=actor)
        if actor is None or actor.pk != move.lead_professional_id:
            core.notify(
                recipient=move.lead_professional,
                event_key=f"ei-move:{move.pk}:completed",
                subject=f"Early Intervention move {move.reference} completed",
                body="Every next step of the move's outcome is done.",
                link=move.get_absolute_url(),
            )
    return move


# --- The Early Intervention plan updated -----------------------------------------------------------


def move_plan_update_confirm(*, actor: User, move: Move, updated_on: date | None, summary: str) -> Move:
    """The lead professional confirms the Early Intervention plan has been updated after the meeting."""
    _require(selectors.can_work_on(actor, move), "Only the lead professional's team updates the plan.")
    errors: dict[str, str] = {}
    if updated_on is None:
        errors["updated_on"] = "Enter the date the plan was updated"
    elif updated_on > timezone.localdate():
        errors["updated_on"] = "The date must be today or in the past"
    if not summary.strip():
        errors["summary"] = "Say what changed in the plan"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        move = _locked(move)
        if move.state not in Move.PLAN_UPDATES:
            raise InvalidTransition(f"This move is {move.get_state_display().lower()}: the plan update is not due.")
        if move.plan_updated_on is not None:
            raise InvalidTransition(f"The plan update was confirmed by {move.plan_updated_by}. Nothing was changed.")
        move.plan_updated_on = updated_on
        move.plan_update_summary = summary.strip()
        move.plan_updated_by = actor
        _save(move, reason="Early Intervention plan updated", by=actor)
        move = _complete_if_done(actor=actor, move=move)
    return move


# --- The agreed transfer plan --------------------------------------------------------------------


@dataclass(frozen=True)
class PlanItemDetails:
    sending_agency: EarlyInterventionAgency | None
    information: str
    receiving_agency: str
    due_on: date | None
    expectations: str


def plan_item_add(*, actor: User, move: Move, details: PlanItemDetails) -> AgreedPlanItem:
    """Add a line to the agreed transfer plan."""
    _require(selectors.can_work_on(actor, move), "Only the lead professional's team writes the transfer plan.")
    errors: dict[str, str] = {}
    if details.sending_agency is None or details.sending_agency.move_id != move.pk:
        errors["sending_agency"] = "Choose the agency on the plan that sends the information"
    if not details.information.strip():
        errors["information"] = "Say what information is sent"
    if not details.receiving_agency.strip():
        errors["receiving_agency"] = "Name the equivalent agency in the receiving authority"
    if details.due_on is None:
        errors["due_on"] = "Enter the date it is to be sent by"
    if not details.expectations.strip():
        errors["expectations"] = "Say what is expected of the receiving agency"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        move = _locked(move)
        if move.state not in Move.WITH_PLAN_ITEMS:
            raise InvalidTransition(f"This move is {move.get_state_display().lower()}: the plan cannot be changed.")
        item = AgreedPlanItem(
            move=move,
            sending_agency=details.sending_agency,
            information=details.information.strip(),
            receiving_agency=details.receiving_agency.strip(),
            due_on=details.due_on,
            expectations=details.expectations.strip(),
            added_by=actor,
        )
        _save(item, reason="Added to the agreed transfer plan", by=actor)
    team = details.sending_agency.team
    if team is not None and team.pk != move.lead_team_id:
        _tell(
            User.objects.filter(is_active=True, memberships__team=team),
            event=f"ei-item:{item.pk}:added",
            subject=f"Early Intervention move {move.reference}: information for your team to send",
            body=f"The agreed transfer plan asks {team.name} to send information by {_date_text(item.due_on)}.",
            link=item.get_absolute_url(),
            exclude=actor,
        )
    return item


def _basis(code: str) -> LawfulBasis:
    basis = LawfulBasis.objects.filter(code=code, is_active=True).first()
    if basis is None:
        raise ValidationError(f"The lawful basis {code} is not available: ask an administrator to restore it")
    return basis


def _record_sharing(*, actor: User, move: Move, item: AgreedPlanItem) -> SharingDecision:
    """The seventh golden rule: what was shared, with whom, why and on what basis."""
    consent = move.consent_record
    categories = list(consent.categories) or [c.value for c in CONSENT_CATEGORIES]
    special = bool(set(categories) & InformationCategory.special_category())
    return sharing.sharing_decision_record(
        actor=actor,
        child=move.child,
        request=sharing.SharingRequest(
            requested_by=f"The agreed transfer plan of Early Intervention move {move.reference}"[:200],
            purpose=Purpose.EARLY_HELP,
            purpose_detail=(
                f"So that {item.receiving_agency} in {move.destination_authority} can continue to support the family "
                f"after their move. What is expected of them: {item.expectations}"
            ),
            recipient_organisation=move.destination_authority,
            recipient_name=item.receiving_agency[:200],
        ),
        answers={"purpose": "yes", "consent": "yes"},
        consent=consent,
        reasons=(
            f"The family moved out of area and consented to the agencies on the Early Intervention plan transferring "
            f"their information to the equivalent agencies in {move.destination_authority}, as agreed in the "
            "transfer plan."
        ),
        shared=sharing.SharedDetails(
            categories=categories,
            summary_facts=item.information,
            summary_opinion="",
            method=item.done_method,
            shared_on=item.done_on,
            article_6_basis=_basis(ARTICLE_6_CONSENT),
            article_9_condition=_basis(ARTICLE_9_EXPLICIT_CONSENT) if special else None,
            legal_gateway=LegalGateway.objects.filter(name=LEGAL_GATEWAY, is_active=True).first(),
            individual_told=True,
        ),
        context=move,
    )


def plan_item_done(*, actor: User, item: AgreedPlanItem, sent_on: date | None, method: str) -> AgreedPlanItem:
    """Tick off a plan item: the information was sent. Recorded as a decision to share, with consent."""
    move = item.move
    _require(
        selectors.acts_for_agency(actor, move, item.sending_agency),
        "Only the sending agency, or the lead professional's team, ticks this off.",
    )
    errors: dict[str, str] = {}
    if sent_on is None:
        errors["sent_on"] = "Enter the date the information was sent"
    elif sent_on > timezone.localdate():
        errors["sent_on"] = "The date must be today or in the past"
    if method not in SharingDecision.Method.values:
        errors["method"] = "Say how the information was sent"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        move = _locked(move)
        item = AgreedPlanItem.objects.select_for_update().get(pk=item.pk)
        if move.state not in Move.WITH_PLAN_ITEMS:
            raise InvalidTransition(f"This move is {move.get_state_display().lower()}: nothing is ticked off now.")
        if item.is_done:
            raise InvalidTransition(f"This item was ticked off by {item.done_by} already. Nothing was changed.")
        if not move.has_consent:
            raise InvalidTransition(
                "The family's consent to transfer their information has been withdrawn: the information is not sent "
                "under this plan. Talk to the lead professional about what happens next."
            )
        item.done_on = sent_on
        item.done_method = method
        item.done_by = actor
        item.done_at = timezone.now()
        item.sharing_decision = _record_sharing(actor=actor, move=move, item=item)
        _save(item, reason="Sent: ticked off the agreed transfer plan", by=actor)
        _complete_if_done(actor=actor, move=move)
    return item


# --- The agencies' records checklist -------------------------------------------------------------


def _checkable(actor: User, row: AgencyRecordsCheck) -> tuple[Move, AgencyRecordsCheck]:
    _require(
        selectors.acts_for_agency(actor, row.move, row.agency),
        "Only the agency itself, or the lead professional's team, confirms its records.",
    )
    move = _locked(row.move)
    row = AgencyRecordsCheck.objects.select_for_update().get(pk=row.pk)
    if move.state != State.PLAN_UPDATED_CHECKLIST:
        raise InvalidTransition(f"This move is {move.get_state_display().lower()}: nothing is confirmed now.")
    return move, row


def _who_when_errors(day: date | None, who: str, *, day_message: str, who_message: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if day is None:
        errors["on"] = day_message
    elif day > timezone.localdate():
        errors["on"] = "The date must be today or in the past"
    if not who.strip():
        errors["by_name"] = who_message
    return errors


def checklist_confirm_records(
    *, actor: User, row: AgencyRecordsCheck, confirmed_on: date | None, confirmed_by_name: str
) -> AgencyRecordsCheck:
    """An agency's records are up to date and accurately reflect its involvement with the family."""
    errors = _who_when_errors(
        confirmed_on,
        confirmed_by_name,
        day_message="Enter the date the records were brought up to date",
        who_message="Name who confirmed the records are up to date",
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        move, row = _checkable(actor, row)
        if row.records_confirmed:
            raise InvalidTransition(f"{row.agency} has confirmed its records already. Nothing was changed.")
        row.records_confirmed_on = confirmed_on
        row.records_confirmed_by_name = confirmed_by_name.strip()
        row.records_recorded_by = actor
        _save(row, reason="Records up to date", by=actor)
        _complete_if_done(actor=actor, move=move)
    return row


def checklist_confirm_forwarded(
    *, actor: User, row: AgencyRecordsCheck, forwarded_on: date | None, forwarded_by_name: str, forwarded_to: str
) -> AgencyRecordsCheck:
    """An agency has forwarded its records to the receiving authority under its own procedures."""
    errors = _who_when_errors(
        forwarded_on,
        forwarded_by_name,
        day_message="Enter the date the records were forwarded",
        who_message="Name who forwarded the records",
    )
    if not forwarded_to.strip():
        errors["forwarded_to"] = "Say who in the receiving authority the records went to"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        move, row = _checkable(actor, row)
        if not row.records_confirmed:
            raise InvalidTransition("Confirm the records are up to date before they are forwarded.")
        if row.forwarded:
            raise InvalidTransition(f"{row.agency} has confirmed its records were forwarded already.")
        row.forwarded_on = forwarded_on
        row.forwarded_by_name = forwarded_by_name.strip()
        row.forwarded_to = forwarded_to.strip()
        row.forwarded_recorded_by = actor
        _save(row, reason="Records forwarded to the receiving authority", by=actor)
        _complete_if_done(actor=actor, move=move)
    return row


# --- The follow-up referral ----------------------------------------------------------------------


def move_referral_sent(*, referral: MastReferral) -> int:
    """The follow-up referral of a move has been sent: the move is complete. Called when a referral is
    saved (`early_intervention.receivers`) and by the sweep; idempotent. Returns how many moves it closed."""
    if referral.is_draft:
        return 0
    closed = 0
    with transaction.atomic():
        moves = Move.objects.select_for_update(of=("self",)).select_related("referral")
        for move in moves.filter(referral_id=referral.pk, state__in=Move.REFERRALS):
            if can_proceed(move.complete):
                move.complete(at=timezone.now())
                _save(move, reason=f"Referral {referral.reference} sent: move completed"[:100], by=referral.referrer)
                closed += 1
    return closed


# --- Withdrawing ---------------------------------------------------------------------------------


def move_withdraw(*, actor: User, move: Move, reason: str) -> Move:
    """The move did not happen, or was recorded in error. Not once the outcome is a referral: that
    concern stands. The agencies' access to the child on the strength of the move ends."""
    _require(selectors.can_work_on(actor, move), "Only the lead professional's team withdraws a move.")
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the move is withdrawn"})
    with transaction.atomic():
        move = _locked(move)
        if not can_proceed(move.withdraw):
            raise InvalidTransition(
                f"This move is {move.get_state_display().lower()}: it cannot be withdrawn. Nothing was changed."
            )
        move.withdraw(by=actor, at=timezone.now(), reason=reason.strip())
        _save(move, reason="Withdrawn", by=actor)
        grants = ChildAccessGrant.objects.filter(
            child=move.child,
            basis=ChildAccessGrant.Basis.EARLY_INTERVENTION,
            revoked_at__isnull=True,
            source_type__app_label="early_intervention",
            source_type__model="earlyinterventionmove",
            source_id=move.pk,
        ).select_related("team__group", "child")
        for grant in grants:
            core.child_access_revoke(grant=grant, revoked_by=actor, reason="Early Intervention move withdrawn")
    _tell(
        agency_team_members(move=move),
        event=f"ei-move:{move.pk}:withdrawn",
        subject=f"Early Intervention move {move.reference} withdrawn",
        body=f"{actor} withdrew the move.",
        link=move.get_absolute_url(),
        exclude=actor,
    )
    return move


# --- The clocks ----------------------------------------------------------------------------------


def _raise(*, subject, move: Move, summary: str) -> bool:
    _, created = core.escalation_raise(
        subject=subject,
        kind=Escalation.Kind.EARLY_INTERVENTION_ACTION_OVERDUE,
        level=Escalation.Level.TEAM_MANAGER,
        organisation=move.lead_team.organisation,
        summary=summary,
        assignees=lead_team_managers(move=move),
        child=move.child,
    )
    return created


def move_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep (DESIGN §7): a referral the meeting decided on that is still not sent the working day
    after the outcome, and an agreed plan item past its date, go to the lead professional's team
    managers. Idempotent: each (move or item, kind, level) is raised once however often it runs. A move
    whose referral was sent is completed here too, should the moment it was sent have been missed."""
    referral_overdue = selectors.with_referral_overdue(Move.objects.all(), today=today).select_related(
        "child", "lead_team__organisation", "lead_professional", "referral"
    )
    referrals_raised = 0
    for move in referral_overdue.order_by("follow_up_due_on", "pk"):
        where = (
            f"children's social care in {move.destination_authority}"
            if move.state == State.REFERRAL_RECEIVING_CSC
            else f"MAST in {move.child.local_authority} (the family's whereabouts are unknown)"
        )
        referrals_raised += _raise(
            subject=move,
            move=move,
            summary=(
                f"The multi-agency meeting for Early Intervention move {move.reference} decided on a referral to "
                f"{where}, to be made without delay. It was due to be sent by {_date_text(move.follow_up_due_on)} "
                f"and has not been. Lead professional: {move.lead_professional}. The move: {move.get_absolute_url()}"
            ),
        )
    items = (
        AgreedPlanItem.objects.filter(done_at__isnull=True, due_on__lt=today, move__state__in=Move.WITH_PLAN_ITEMS)
        .select_related(
            "move__child", "move__lead_team__organisation", "sending_agency__organisation", "sending_agency__team"
        )
        .order_by("due_on", "pk")
    )
    items_raised = 0
    for item in items:
        items_raised += _raise(
            subject=item,
            move=item.move,
            summary=(
                f"An item of the agreed transfer plan of Early Intervention move {item.move.reference} is overdue: "
                f"{item.sending_agency} was to send information to {item.receiving_agency} by "
                f"{_date_text(item.due_on)}. The move: {item.move.get_absolute_url()}"
            ),
        )
    sent = MastReferral.objects.filter(
        pk__in=Move.objects.filter(state__in=Move.REFERRALS, referral__isnull=False).values("referral_id")
    ).filter(~Q(status=MastReferral.Status.DRAFT))
    completed = sum(move_referral_sent(referral=referral) for referral in sent)
    return {
        "unsent_referrals_raised": referrals_raised,
        "overdue_items_raised": items_raised,
        "moves_completed": completed,
    }
