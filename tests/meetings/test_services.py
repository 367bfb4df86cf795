"""The professionals meeting services: calling (invitees told and given access through the ledger),
minutes, sharing them as decisions to share, actions (a due date not in the past), ticking off."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meetings import selectors, services
from portal import selectors as core_selectors
from portal.models import ChildAccessGrant, Notification, Role
from sharing.models import SharingDecision
from tests.factories import UserFactory, make_child
from tests.meetings.factories import add_action, call, hold, involved_child, share_details


def test_the_child_s_involved_agencies_are_offered_and_preselected(setup):
    child = involved_child(setup)
    candidates, preselected = selectors.invitee_candidates(user=setup.north.social_worker, child=child)
    ids = {user.pk for user in candidates}
    assert setup.health_visitor.pk in ids and setup.north.cin_manager.pk in ids
    # The health visitor is named on the "who is involved" list; the CIN team is the allocated team.
    assert {setup.health_visitor.pk, setup.north.cin_manager.pk, setup.north.social_worker.pk} <= preselected
    # Another authority is not involved.
    assert setup.south.social_worker.pk not in ids


def test_calling_a_meeting_tells_each_invitee_and_grants_access_through_the_ledger(setup):
    child = involved_child(setup)
    # A colleague of the health visitor: their agency is involved, they may not see the child yet.
    colleague = UserFactory(username="health.colleague", organisation=setup.health, roles=[Role.PRACTITIONER])
    candidates, _ = selectors.invitee_candidates(user=setup.north.social_worker, child=child)
    assert colleague in candidates
    assert not selectors.sees_child(colleague, child)
    meeting = call(setup, child, invitees=[setup.north.cin_manager, setup.health_visitor, colleague])
    grants = ChildAccessGrant.objects.filter(basis=ChildAccessGrant.Basis.PROFESSIONALS_MEETING, child=child)
    # Only those who could not see the child's record are given access: the colleague, and the health
    # visitor, who saw only what was shared with her (issue 13); the manager keeps the basis they have.
    assert sorted((g.user_id, g.source.pk) for g in grants) == sorted(
        [(colleague.pk, meeting.pk), (setup.health_visitor.pk, meeting.pk)]
    )
    assert selectors.sees_child(colleague, child)
    told = Notification.objects.filter(event_key=f"meeting:{meeting.pk}:invited")
    assert {n.recipient_id for n in told} == {setup.north.cin_manager.pk, setup.health_visitor.pk, colleague.pk}
    assert meeting.chair_team == setup.north.cin
    assert selectors.meeting_get_for_user(user=setup.health_visitor, pk=meeting.pk) == meeting


def test_only_someone_who_may_see_the_child_calls_a_meeting(setup):
    child = involved_child(setup)
    with pytest.raises(PermissionDenied):
        services.meeting_call(
            actor=setup.south.social_worker,
            child=child,
            details=services.MeetingCall(
                reason="x", meets_on=timezone.localdate(), chair=setup.south.social_worker, invitees=[]
            ),
        )


def test_calling_refuses_a_past_date_no_invitees_and_an_uninvolved_invitee(setup):
    child = involved_child(setup)
    with pytest.raises(ValidationError) as refused:
        services.meeting_call(
            actor=setup.north.social_worker,
            child=child,
            details=services.MeetingCall(
                reason="",
                meets_on=timezone.localdate() - timedelta(days=1),
                chair=setup.south.cin_manager,
                invitees=[setup.south.cin_manager],
            ),
        )
    assert set(refused.value.message_dict) == {"reason", "meets_on", "invitees", "chair"}


def test_minutes_keep_fact_and_opinion_apart_and_record_attendance(setup):
    meeting = hold(setup, call(setup))
    assert meeting.is_held
    assert "60%" in meeting.minutes_facts and "feels judged" in meeting.minutes_opinion
    attendance = {row.user_id: row.attended for row in meeting.invitees.all()}
    assert attendance[setup.health_visitor.pk] is True and attendance[setup.north.cin_manager.pk] is False


def test_only_the_caller_or_chair_minutes_a_meeting(setup):
    meeting = call(setup)
    with pytest.raises(PermissionDenied):
        services.meeting_minutes_record(
            actor=setup.health_visitor,
            meeting=meeting,
            details=services.MinutesDetails(attended={setup.health_visitor.pk}, facts="f", opinion="", decisions="d"),
        )


def test_a_future_meeting_cannot_be_minuted_yet(setup):
    meeting = call(setup, meets_on=timezone.localdate() + timedelta(days=5))
    with pytest.raises(ValidationError) as refused:
        hold(setup, meeting)
    assert "attended" in refused.value.message_dict


def test_an_action_s_due_date_may_not_be_in_the_past(setup):
    meeting = hold(setup, call(setup))
    with pytest.raises(ValidationError) as refused:
        add_action(setup, meeting, due_on=timezone.localdate() - timedelta(days=1))
    assert refused.value.message_dict["due_on"] == ["The due date must be today or in the future"]


def test_an_action_s_owner_must_be_invited_and_is_told(setup):
    meeting = hold(setup, call(setup))
    with pytest.raises(ValidationError) as refused:
        add_action(setup, meeting, owner=setup.south.social_worker)
    assert "owner" in refused.value.message_dict
    action = add_action(setup, meeting)
    assert Notification.objects.filter(
        recipient=setup.health_visitor, event_key=f"meeting-action:{action.pk}:assigned"
    ).exists()


def test_actions_come_after_the_minutes(setup):
    meeting = call(setup)
    with pytest.raises(services.InvalidTransition):
        add_action(setup, meeting)


def test_sharing_the_minutes_records_a_decision_to_share_with_each_other_attendee(setup):
    meeting = hold(setup, call(setup))
    meeting = services.minutes_share(actor=setup.north.social_worker, meeting=meeting, details=share_details())
    decisions = SharingDecision.objects.filter(context_id=meeting.pk, child=meeting.child)
    assert decisions.count() == 1  # the health visitor: the social worker shared, the manager did not attend
    decision = decisions.get()
    assert decision.recipient_user == setup.health_visitor
    assert decision.outcome == SharingDecision.Outcome.SHARE
    assert decision.article_6_basis.code == "6(1)(e)"
    assert "60%" in decision.summary_facts and "feels judged" in decision.summary_opinion
    assert meeting.invitees.get(user=setup.health_visitor).sharing_decision == decision
    with pytest.raises(services.InvalidTransition):
        services.minutes_share(actor=setup.north.social_worker, meeting=meeting, details=share_details())


def test_sharing_the_minutes_needs_a_lawful_basis(setup):
    meeting = hold(setup, call(setup))
    with pytest.raises(ValidationError) as refused:
        services.minutes_share(
            actor=setup.north.social_worker, meeting=meeting, details=share_details(article_6_basis=None)
        )
    assert "article_6_basis" in refused.value.message_dict
    meeting.refresh_from_db()
    assert meeting.minutes_shared_at is None


def test_ticking_off_an_action_by_its_owner(setup):
    action = add_action(setup, hold(setup, call(setup)))
    with pytest.raises(PermissionDenied):
        services.action_done(actor=setup.south.social_worker, action=action)
    action = services.action_done(actor=setup.health_visitor, action=action)
    assert action.is_done
    with pytest.raises(services.InvalidTransition):
        services.action_done(actor=setup.health_visitor, action=action)


def test_who_sees_a_meeting(setup):
    meeting = call(setup)
    for user in [setup.north.social_worker, setup.north.cin_manager, setup.health_visitor]:
        assert selectors.meeting_list_for_user(user=user).filter(pk=meeting.pk).exists()
    # Someone who may see the child (a recipient of a share) but is not one of the meeting's people
    # and does not hold the record does not see the meeting.
    other = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    assert not selectors.meeting_list_for_user(user=setup.south.social_worker).exists()
    assert core_selectors.child_list_for_user(user=setup.north.early_help_worker).filter(pk=other.pk).count() == 0
    assert not selectors.meeting_list_for_user(user=setup.north.early_help_worker).exists()
