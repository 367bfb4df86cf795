"""The demo seeder: a meeting with minutes shared, one action done and one overdue and escalated, and
a follow-up meeting called and changed once; running it twice changes nothing."""

from meetings import demo
from meetings.models import MeetingAction, ProfessionalsMeeting
from portal.models import Escalation
from tests.helpers import demo_world


def test_a_meeting_with_minutes_and_actions_one_escalated_and_running_twice_changes_nothing(db):
    the_world = demo_world()
    summary = demo.seed(the_world)
    assert summary.startswith("Professionals meetings: 2 demo meeting(s) made")
    meeting = ProfessionalsMeeting.objects.get(state=ProfessionalsMeeting.State.HELD)
    follow_up = ProfessionalsMeeting.objects.get(state=ProfessionalsMeeting.State.CALLED)
    assert follow_up.meets_on > meeting.meets_on
    assert follow_up.history.filter(
        history_change_reason__startswith="Professionals meeting changed: the date"
    ).exists()
    assert meeting.is_held and meeting.minutes_facts and meeting.minutes_opinion and meeting.minutes_shared_at
    assert meeting.invitees.filter(sharing_decision__isnull=False).exists()
    assert MeetingAction.objects.filter(done_at__isnull=False).count() == 1
    overdue = MeetingAction.objects.get(done_at__isnull=True)
    escalation = Escalation.objects.get(kind=Escalation.Kind.MEETING_ACTION_OVERDUE)
    assert escalation.subject == overdue
    assert the_world.users["north.cinmanager"] in escalation.assignees.all()

    counts = (ProfessionalsMeeting.objects.count(), MeetingAction.objects.count(), Escalation.objects.count())
    assert demo.seed(the_world).startswith("Professionals meetings: 0 demo meeting(s) made")
    assert (ProfessionalsMeeting.objects.count(), MeetingAction.objects.count(), Escalation.objects.count()) == counts
