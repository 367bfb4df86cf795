"""The professionals meetings' sweep (DESIGN §7), run by the core's scheduler: overdue actions remind
their owner (from the day after the due date) and escalate to the managers of the chair's team (from
the second working day after it: `meetings.clocks`). Idempotent, in bulk, a batch per transaction."""

from datetime import date

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat

from meetings import selectors
from meetings.models import MeetingAction
from portal import services as core
from portal.models import Escalation, Notification
from portal.text import date_text

KIND = Escalation.Kind.MEETING_ACTION_OVERDUE


def reminder_key(action_pk: int) -> str:
    return f"meeting-action:{action_pk}:overdue"


def _not_reminded(actions):
    key = Concat(
        Value("meeting-action:"), Cast(OuterRef("pk"), CharField()), Value(":overdue"), output_field=CharField()
    )
    return actions.filter(~Exists(Notification.objects.filter(recipient_id=OuterRef("owner_id"), event_key=key)))


def _reminder(action: MeetingAction) -> core.NotificationDue:
    return core.NotificationDue(
        recipient=action.owner,
        event_key=reminder_key(action.pk),
        subject=f"Your action from a professionals meeting was due by {date_text(action.due_on)}",
        body="It is overdue. Do it, or talk to the chair; if it is still not done it goes to the chair's manager.",
        link=action.get_absolute_url(),
    )


def _summary(action: MeetingAction) -> str:
    meeting = action.meeting
    return (
        f"An action from the professionals meeting on {date_text(meeting.meets_on)} (chair: {meeting.chair}) "
        f"is overdue: it was due by {date_text(action.due_on)}. Owner: {action.owner}. "
        f"The meeting: {meeting.get_absolute_url()}"
    )


def action_escalate_overdue(*, today: date) -> dict[str, int]:
    reminded = 0
    due = _not_reminded(selectors.overdue_actions(today=today).select_related("owner", "meeting").order_by("pk"))
    for batch in core.due_batches(due):
        with transaction.atomic():
            told = core.notify_many(_reminder(action) for action in batch)
        reminded += told
        if not told:
            break
    assignees = core.once_per(
        lambda a: a.meeting.chair_team_id or f"org-{a.meeting.chair.organisation_id}",
        lambda a: selectors.chair_team_managers(meeting=a.meeting),
    )
    unraised = core.without_escalation(
        selectors.actions_to_escalate(today=today)
        .select_related("owner", "meeting__chair__organisation", "meeting__child__local_authority")
        .order_by("due_on", "pk"),
        kind=KIND,
        level=Escalation.Level.TEAM_MANAGER,
    )
    raised = 0
    for batch in core.due_batches(unraised):
        with transaction.atomic():
            done = core.escalations_raise_many(
                core.EscalationDue(
                    subject=action,
                    kind=KIND,
                    level=Escalation.Level.TEAM_MANAGER,
                    organisation=action.meeting.chair.organisation or action.meeting.child.local_authority,
                    summary=_summary(action),
                    assignees=assignees(action),
                    child=action.meeting.child,
                )
                for action in batch
            )
        raised += len(done)
        if not done:
            break
    return {"overdue_actions_reminded": reminded, "overdue_actions_escalated": raised}
