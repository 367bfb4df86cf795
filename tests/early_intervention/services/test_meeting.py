"""The multi-agency meeting gates the outcome: it is needed, recorded once, with every answer, by
the lead professional's team, and by someone who can refer when the outcome is a referral."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from early_intervention import services
from early_intervention.models import EarlyInterventionMove
from portal.services import InvalidTransition
from referrals.models import MastReferral
from tests.early_intervention.factories import add_item, hold_meeting, meeting_details, record

Move = EarlyInterventionMove
State = Move.State


def test_an_unplanned_move_cannot_reach_an_outcome_without_the_meeting(setup):
    move = record(setup)
    assert move.state == State.AWAITING_MEETING
    assert not can_proceed(move.reach_outcome)
    with pytest.raises(TransitionNotAllowed):
        move.reach_outcome(at=timezone.now(), on=timezone.localdate())
    with pytest.raises(InvalidTransition):
        add_item(move)
    with pytest.raises(InvalidTransition):
        services.move_plan_update_confirm(
            actor=move.lead_professional, move=move, updated_on=timezone.localdate(), summary="x"
        )
    assert Move.objects.get(pk=move.pk).state == State.AWAITING_MEETING


def test_a_planned_move_without_consent_needs_the_meeting_too(setup):
    move = record(setup, planned=True, consent_status=Move.Consent.REFUSED)
    assert move.state == State.AWAITING_MEETING
    assert hold_meeting(setup, move).state == State.PLAN_UPDATED_CHECKLIST


def test_the_meeting_is_recorded_once_the_second_gets_a_clear_message(setup):
    move = record(setup)
    hold_meeting(setup, move)
    with pytest.raises(InvalidTransition, match="The multi-agency meeting was recorded by"):
        hold_meeting(setup, move)


def test_the_meeting_needs_every_answer(setup):
    move = record(setup)
    with pytest.raises(ValidationError) as error:
        services.move_meeting_record(
            actor=move.lead_professional,
            move=move,
            details=services.MeetingDetails(
                held_on=timezone.localdate() + timedelta(days=1),
                present=[],
                discussion_summary=" ",
                need_or_risk_increased=None,
                significant_harm=None,
                outcome_notes="",
            ),
        )
    assert set(error.value.message_dict) == {
        "held_on",
        "present",
        "discussion_summary",
        "need_or_risk_increased",
        "significant_harm",
        "outcome_notes",
    }
    other = record(setup)
    with pytest.raises(ValidationError) as error:
        hold_meeting(setup, move, present=[other.agencies.first()])
    assert "present" in error.value.message_dict
    assert Move.objects.get(pk=move.pk).state == State.AWAITING_MEETING


def test_only_the_lead_professionals_team_records_the_meeting(setup):
    from tests.early_intervention.factories import eh_manager

    move = record(setup)
    for outsider in [setup.health_visitor, setup.north.social_worker]:
        with pytest.raises(PermissionDenied):
            hold_meeting(setup, move, actor=outsider)
    # Their team manager may record it for them.
    assert hold_meeting(setup, move, actor=eh_manager(setup)).state == State.PLAN_UPDATED_SHARING


def test_a_meeting_recorded_by_someone_who_cannot_refer_is_refused_before_anything_is_written(setup):
    from tests.factories import UserFactory, join

    # A member of the lead team whose role cannot make referrals (an administrator-made role mix).
    assistant = join(UserFactory(organisation=setup.north.org, roles=[]), setup.north.early_help)
    move = record(setup)
    with pytest.raises(ValidationError, match="ask the lead professional"):
        services.move_meeting_record(
            actor=assistant, move=move, details=meeting_details(move, increased=True, harm=True)
        )
    assert Move.objects.get(pk=move.pk).recorded_meeting is None
    assert not MastReferral.objects.exists()
