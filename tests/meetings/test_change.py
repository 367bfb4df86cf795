"""Changing and cancelling a called meeting (issue 16 §2): by its caller or chair only, until it is
held; those invited are told; someone added is given access as at the call, someone taken off loses
the access their invitation gave; a cancelled meeting ends every invitation's access, but never access
the invitee holds on another basis."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meetings import selectors, services
from meetings.models import MeetingInvitee
from portal import services as core
from portal.models import ChildAccessGrant, Notification, Role
from tests.factories import UserFactory
from tests.meetings.factories import call, hold, involved_child

MEETING = ChildAccessGrant.Basis.PROFESSIONALS_MEETING


def _details(meeting, **changes) -> services.MeetingChange:
    values = {
        "reason": meeting.reason,
        "meets_on": meeting.meets_on,
        "chair": meeting.chair,
        "invitees": [row.user for row in meeting.invitees.all()],
    }
    values.update(changes)
    return services.MeetingChange(**values)


def _grants(meeting, user=None, *, in_force=True):
    grants = (
        selectors.invitation_grants(meeting_ids=[meeting.pk])
        if in_force
        else ChildAccessGrant.objects.filter(basis=MEETING, source_id=meeting.pk)
    )
    return grants.filter(user=user) if user is not None else grants


@pytest.fixture
def colleague(setup):
    """A colleague of the health visitor: their agency is involved; they may not see the child."""
    return UserFactory(username="health.colleague", organisation=setup.health, roles=[Role.PRACTITIONER])


def test_changing_the_date_and_reason_tells_everyone_invited_with_a_history_reason(setup):
    meeting = call(setup)
    later = timezone.localdate() + timedelta(days=7)
    changed = services.meeting_change(
        actor=setup.north.cin_manager, meeting=meeting, details=_details(meeting, meets_on=later, reason="New reason")
    )
    assert changed.meets_on == later and changed.reason == "New reason"
    latest = changed.history.order_by("-history_id").first()
    assert latest.history_change_reason.startswith("Professionals meeting changed: the date")
    assert latest.history_user == setup.north.cin_manager
    told = Notification.objects.filter(event_key__startswith=f"meeting:{meeting.pk}:changed:")
    # Everyone but the one who changed it: the caller and the health visitor.
    assert {n.recipient_id for n in told} == {setup.north.social_worker.pk, setup.health_visitor.pk}


def test_nothing_changed_writes_nothing(setup):
    meeting = call(setup)
    versions = meeting.history.count()
    services.meeting_change(actor=setup.north.social_worker, meeting=meeting, details=_details(meeting))
    assert meeting.history.count() == versions


def test_someone_added_is_invited_and_someone_taken_off_loses_their_access(setup, colleague):
    meeting = call(setup)
    hv = setup.health_visitor
    assert _grants(meeting, hv).exists()
    services.meeting_change(
        actor=setup.north.social_worker,
        meeting=meeting,
        details=_details(meeting, invitees=[setup.north.cin_manager, colleague]),
    )
    # Added: on the list, told, and given the record through the ledger.
    assert meeting.invitees.filter(user=colleague).exists()
    assert _grants(meeting, colleague).exists() and selectors.sees_child(colleague, meeting.child)
    assert Notification.objects.filter(
        recipient=colleague, event_key__startswith=f"meeting:{meeting.pk}:invited"
    ).exists()
    # Taken off: gone from the list (the history says why), told, the invitation's access revoked with a reason.
    assert not meeting.invitees.filter(user=hv).exists()
    gone = MeetingInvitee.history.filter(meeting_id=meeting.pk, user_id=hv.pk, history_type="-").get()
    assert gone.history_change_reason == "Taken off the professionals meeting"
    revoked = _grants(meeting, hv, in_force=False).get()
    assert revoked.revoked_at is not None and revoked.revoke_reason == "Taken off the professionals meeting"
    assert Notification.objects.filter(recipient=hv, event_key__startswith=f"meeting:{meeting.pk}:removed:").exists()
    # The health visitor had seen only what was shared with her: she no longer sees the record.
    assert not selectors.sees_child(hv, meeting.child)


def test_the_caller_stays_invited_and_the_chair_must_be_invited(setup):
    meeting = call(setup)
    with pytest.raises(ValidationError) as refused:
        services.meeting_change(
            actor=setup.north.social_worker,
            meeting=meeting,
            details=_details(meeting, chair=setup.south.cin_manager, meets_on=timezone.localdate() - timedelta(days=1)),
        )
    assert set(refused.value.message_dict) == {"chair", "meets_on"}
    services.meeting_change(
        actor=setup.north.cin_manager, meeting=meeting, details=_details(meeting, invitees=[setup.health_visitor])
    )
    assert set(meeting.invitees.values_list("user_id", flat=True)) == {
        setup.north.social_worker.pk,
        setup.north.cin_manager.pk,
        setup.health_visitor.pk,
    }


def test_only_the_caller_or_the_chair_changes_or_cancels(setup):
    meeting = call(setup)
    with pytest.raises(PermissionDenied):
        services.meeting_change(actor=setup.health_visitor, meeting=meeting, details=_details(meeting))
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(actor=setup.health_visitor, meeting=meeting, details=services.MeetingCancel("x"))


def test_cancelling_needs_a_reason_tells_those_invited_and_ends_the_invitations_access(setup, colleague):
    meeting = call(setup, invitees=[setup.north.cin_manager, setup.health_visitor, colleague])
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=setup.north.social_worker, meeting=meeting, details=services.MeetingCancel(" "))
    meeting = services.meeting_cancel(
        actor=setup.north.social_worker, meeting=meeting, details=services.MeetingCancel("The family moved away")
    )
    assert meeting.is_cancelled and meeting.cancel_reason == "The family moved away"
    assert meeting.history.order_by("-history_id").first().history_change_reason == "Professionals meeting cancelled"
    assert not _grants(meeting).exists()
    assert set(_grants(meeting, in_force=False).values_list("revoke_reason", flat=True)) == {
        "The professionals meeting was cancelled"
    }
    assert not selectors.sees_child(colleague, meeting.child)
    told = Notification.objects.filter(event_key=f"meeting:{meeting.pk}:cancelled")
    assert {n.recipient_id for n in told} == {setup.north.cin_manager.pk, setup.health_visitor.pk, colleague.pk}
    # Cancelled: no more changes, no minutes, no second cancellation.
    with pytest.raises(services.InvalidTransition):
        services.meeting_change(actor=setup.north.social_worker, meeting=meeting, details=_details(meeting))
    with pytest.raises(services.InvalidTransition):
        services.meeting_cancel(actor=setup.north.social_worker, meeting=meeting, details=services.MeetingCancel("x"))
    with pytest.raises(services.InvalidTransition):
        hold(setup, meeting)


def test_a_held_meeting_is_neither_changed_nor_cancelled(setup):
    meeting = hold(setup, call(setup))
    with pytest.raises(services.InvalidTransition):
        services.meeting_cancel(actor=setup.north.social_worker, meeting=meeting, details=services.MeetingCancel("x"))


def test_ending_one_meeting_s_access_never_takes_access_held_on_another_basis(setup, colleague):
    child = involved_child(setup)
    first = call(setup, child, invitees=[setup.north.cin_manager, colleague])
    second = call(setup, child, invitees=[setup.north.cin_manager, colleague])
    # Invited twice: each meeting gives its own basis (the first may end before the second).
    assert _grants(first, colleague).exists() and _grants(second, colleague).exists()
    services.meeting_cancel(actor=setup.north.social_worker, meeting=first, details=services.MeetingCancel("Merged"))
    assert selectors.sees_child(colleague, child)
    # Access on a basis of its own (a recorded decision to share the record) outlives the meetings.
    core.child_access_grant(
        child=child, basis=ChildAccessGrant.Basis.SHARING_DECISION, level="view", user=colleague, granted_by=None
    )
    services.meeting_cancel(actor=setup.north.social_worker, meeting=second, details=services.MeetingCancel("Done"))
    assert not _grants(second).filter(user=colleague).exists()
    assert selectors.sees_child(colleague, child)


def test_someone_who_sees_the_child_on_another_basis_is_given_no_second_one(setup):
    meeting = call(setup)
    assert not _grants(meeting, setup.north.cin_manager).exists()  # the allocated team's manager
