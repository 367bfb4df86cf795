"""Overdue actions remind their owner and escalate to the chair's team managers; done, the escalation
closes; the sweep is idempotent and its query count does not grow with the actions."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from meetings import clocks, services
from meetings.models import MeetingAction
from portal import services as core
from portal import sweeps
from portal.models import Escalation, Notification
from tests.meetings.factories import add_action, call, hold

KIND = Escalation.Kind.MEETING_ACTION_OVERDUE


def _escalations():
    return Escalation.objects.filter(kind=KIND, subject_type=ContentType.objects.get_for_model(MeetingAction))


def test_the_sweep_is_registered():
    assert sweeps.get("escalate_overdue_meeting_actions") is services.action_escalate_overdue


def test_overdue_reminds_the_owner_then_escalates_to_the_chair_s_manager_and_closes_when_done(setup):
    action = add_action(setup, hold(setup, call(setup)))
    due = action.due_on
    assert services.action_escalate_overdue(today=due) == {
        "overdue_actions_reminded": 0,
        "overdue_actions_escalated": 0,
    }

    next_day = due + timedelta(days=1)
    counts = services.action_escalate_overdue(today=next_day)
    assert counts["overdue_actions_reminded"] == 1
    assert Notification.objects.filter(
        recipient=setup.health_visitor, event_key=f"meeting-action:{action.pk}:overdue"
    ).exists()
    if clocks.escalates_on(due) > next_day:
        assert not _escalations().exists()

    later = clocks.escalates_on(due)
    counts = services.action_escalate_overdue(today=later)
    assert counts == {"overdue_actions_reminded": 0, "overdue_actions_escalated": 1}
    escalation = _escalations().get()
    # The chair is the CIN manager, whose team is CIN: its managers take it.
    assert set(escalation.assignees.all()) == {setup.north.cin_manager}
    assert escalation.child == action.meeting.child and not escalation.is_closed
    # Run again: nothing new.
    assert services.action_escalate_overdue(today=later) == {
        "overdue_actions_reminded": 0,
        "overdue_actions_escalated": 0,
    }

    services.action_done(actor=setup.health_visitor, action=action)
    escalation.refresh_from_db()
    assert escalation.is_closed
    # The core's lifecycle knows the kind: a finished action's escalation is finished.
    assert core.escalations_close_finished(today=later) is not None


def test_the_sweep_s_query_count_is_flat_and_a_repeat_run_is_cheap(setup):
    meeting = hold(setup, call(setup))
    today = timezone.localdate() + timedelta(days=30)

    def make(count: int) -> None:
        bulk_create_with_history(
            [
                MeetingAction(
                    meeting=meeting,
                    description=f"Action {n}",
                    owner=setup.health_visitor if n % 2 else setup.north.cin_manager,
                    due_on=timezone.localdate(),
                    added_by=setup.north.social_worker,
                )
                for n in range(count)
            ],
            MeetingAction,
        )

    def run() -> int:
        with CaptureQueriesContext(connection) as captured:
            services.action_escalate_overdue(today=today)
        return len(captured)

    make(10)
    few = run()
    repeat_few = run()
    make(490)
    many = run()
    repeat_many = run()
    assert _escalations().count() == 500
    assert many == few
    assert repeat_many == repeat_few
