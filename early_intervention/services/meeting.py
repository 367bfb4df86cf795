"""The multi-agency meeting after an unplanned move (or a planned one without consent): the move
reaches the outcome the guidance gives (`early_intervention.rules.decide`) and its next steps start;
and the lead professional confirming the Early Intervention plan was updated after it."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from early_intervention import rules, selectors
from early_intervention.models import EarlyInterventionAgency, MeetingAttendance, MultiAgencyMeeting
from early_intervention.services.common import Move, State, complete_if_done, locked
from early_intervention.services.follow_up import start_follow_up
from portal import services as core
from portal.access import require as _require
from portal.history import save as _save
from portal.models import User
from portal.services import InvalidTransition
from portal.text import date_text
from referrals import services as referrals
from referrals.models import ConcernCategory


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
    held_on, increased, harm = details.held_on, details.need_or_risk_increased, details.significant_harm
    if errors or held_on is None or increased is None or harm is None:
        raise ValidationError(errors)
    decision = rules.decide(
        planned=move.is_planned,
        consent=move.has_consent,
        whereabouts_known=move.whereabouts_known,
        meeting_held=True,
        need_or_risk_increased=increased,
        significant_harm=harm,
    )
    referral_outcome = decision is not None and decision.outcome in rules.REFERRALS
    if referral_outcome and not referrals.can_refer_about(actor, move.child):
        raise ValidationError(
            "The meeting's outcome is a referral, which is made by someone who works on the child's record: "
            "ask the lead professional to record the meeting"
        )
    now = timezone.now()
    with transaction.atomic():
        move = locked(move)
        if move.state != State.AWAITING_MEETING:
            raise InvalidTransition(selectors.meeting_refused_message(move=move))
        meeting = MultiAgencyMeeting(
            move=move,
            held_on=held_on,
            others_present=details.others_present.strip(),
            discussion_summary=details.discussion_summary.strip(),
            need_or_risk_increased=increased,
            significant_harm=harm,
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
        start_follow_up(actor=actor, move=move)
        core.notify_each(
            [*selectors.agency_team_members(move=move), move.lead_professional],
            event_key=f"ei-move:{move.pk}:outcome",
            subject=f"Early Intervention move {move.reference}: {move.get_state_display()}",
            body=f"{actor} recorded the multi-agency meeting of {date_text(held_on)}. {move.outcome_reason}",
            link=move.get_absolute_url(),
            exclude=actor,
        )
    return move


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
        move = locked(move)
        if move.state not in Move.PLAN_UPDATES:
            raise InvalidTransition(f"This move is {move.get_state_display().lower()}: the plan update is not due.")
        if move.plan_updated_on is not None:
            raise InvalidTransition(f"The plan update was confirmed by {move.plan_updated_by}. Nothing was changed.")
        move.plan_updated_on = updated_on
        move.plan_update_summary = summary.strip()
        move.plan_updated_by = actor
        _save(move, reason="Early Intervention plan updated", by=actor)
        move = complete_if_done(actor=actor, move=move)
    return move
