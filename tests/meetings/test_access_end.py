"""When the access an invitation gave ends on time (`meetings.clocks`): four weeks after the meeting,
once the invitee owns no open action from it, by a sweep that selects only the grants to end and whose
repeat run costs the same few queries however many meetings there are (issue 14)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from meetings import clocks, selectors, services
from meetings.models import ProfessionalsMeeting
from portal import sweeps
from portal.models import ChildAccessGrant
from tests.meetings.factories import add_action, call, hold, involved_child

MEETING = ChildAccessGrant.Basis.PROFESSIONALS_MEETING


def test_the_sweep_is_registered():
    assert sweeps.get("end_meeting_invitation_access") is services.invitation_access_end_due


def test_access_ends_four_weeks_after_the_meeting_unless_the_invitee_owns_an_open_action(setup):
    meeting = hold(setup, call(setup))
    hv, child = setup.health_visitor, meeting.child
    action = add_action(setup, meeting, owner=hv)
    ends = clocks.access_ends_on(meeting.meets_on)
    assert services.invitation_access_end_due(today=ends - timedelta(days=1)) == {"meeting_invitation_access_ended": 0}
    # Her action is open: she keeps the record to do it.
    assert services.invitation_access_end_due(today=ends) == {"meeting_invitation_access_ended": 0}
    assert selectors.sees_child(hv, child)
    services.action_done(actor=hv, action=action)
    assert services.invitation_access_end_due(today=ends) == {"meeting_invitation_access_ended": 1}
    grant = ChildAccessGrant.objects.get(basis=MEETING, source_id=meeting.pk, user=hv)
    assert grant.revoked_at is not None and grant.revoked_by is None
    assert grant.revoke_reason == "The professionals meeting is over: access from the invitation ended"
    assert not selectors.sees_child(hv, child)
    # Run again: nothing left to end.
    assert services.invitation_access_end_due(today=ends) == {"meeting_invitation_access_ended": 0}


def _past_meetings_with_grants(setup, child, users, count: int, *, days_ago: int) -> None:
    """`count` meetings `days_ago` days ago, each having given each of `users` access (as the
    ledger records it), in bulk."""
    meetings = bulk_create_with_history(
        [
            ProfessionalsMeeting(
                child=child,
                reason=f"Reason {n}",
                meets_on=timezone.localdate() - timedelta(days=days_ago),
                chair=setup.north.cin_manager,
                called_by=setup.north.social_worker,
            )
            for n in range(count)
        ],
        ProfessionalsMeeting,
    )
    source_type = ContentType.objects.get_for_model(ProfessionalsMeeting)
    ChildAccessGrant.objects.bulk_create(
        [
            ChildAccessGrant(
                child=child, user=user, basis=MEETING, level="view", source_type=source_type, source_id=m.pk
            )
            for m in meetings
            for user in users
        ]
    )


def test_the_sweep_selects_only_what_ends_and_a_repeat_run_costs_the_same_whatever_the_size(setup):
    child = involved_child(setup)
    users = [setup.health_visitor]
    today = timezone.localdate()

    def run() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            ended = services.invitation_access_end_due(today=today)["meeting_invitation_access_ended"]
        return ended, len(captured)

    _past_meetings_with_grants(setup, child, users, 10, days_ago=40)
    assert run()[0] == 10
    ended, repeat_few = run()
    assert ended == 0
    # Many grants not yet due (recent meetings) and many ended already: the repeat run costs the same.
    _past_meetings_with_grants(setup, child, users, 490, days_ago=3)
    assert run() == (0, repeat_few)
    _past_meetings_with_grants(setup, child, users, 490, days_ago=60)
    assert run()[0] == 490
    assert run() == (0, repeat_few)
    assert repeat_few <= 3
