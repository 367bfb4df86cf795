"""Actions agreed at a professionals meeting: each with an owner (someone invited) and a due date
that is not in the past; the owner is told, and ticks it off when done (which closes any overdue
escalation about it at once)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from meetings import selectors
from meetings.models import MeetingAction, ProfessionalsMeeting
from portal import services as core
from portal.access import require as _require
from portal.history import save as _save
from portal.models import User
from portal.services import InvalidTransition
from portal.text import date_text


@dataclass(frozen=True)
class ActionDetails:
    description: str
    owner: User | None
    due_on: date | None


def action_add(*, actor: User, meeting: ProfessionalsMeeting, details: ActionDetails) -> MeetingAction:
    _require(
        selectors.runs_meeting(actor, meeting), "Only the person who called the meeting, or its chair, adds actions."
    )
    errors: dict[str, str] = {}
    if not details.description.strip():
        errors["description"] = "Say what is to be done"
    if details.owner is None:
        errors["owner"] = "Choose who owns the action"
    elif not meeting.invitees.filter(user=details.owner).exists():
        errors["owner"] = "The owner must be someone invited to the meeting"
    if details.due_on is None:
        errors["due_on"] = "Enter the date the action is due by"
    elif details.due_on < timezone.localdate():
        errors["due_on"] = "The due date must be today or in the future"
    owner, due_on = details.owner, details.due_on
    if errors or owner is None or due_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = ProfessionalsMeeting.objects.select_for_update().get(pk=meeting.pk)
        if not meeting.is_held:
            raise InvalidTransition("Actions come from the meeting: record its minutes first.")
        action = MeetingAction(
            meeting=meeting, description=details.description.strip(), owner=owner, due_on=due_on, added_by=actor
        )
        _save(action, reason="Action agreed at the professionals meeting", by=actor)
        if owner.pk != actor.pk:
            core.notify(
                recipient=owner,
                event_key=f"meeting-action:{action.pk}:assigned",
                subject=f"An action from a professionals meeting is yours, due by {date_text(due_on)}",
                body=f"{actor} recorded an action for you from the professionals meeting on "
                f"{date_text(meeting.meets_on)}.",
                link=action.get_absolute_url(),
            )
    return action


def action_done(*, actor: User, action: MeetingAction) -> MeetingAction:
    _require(
        selectors.may_tick_off(actor, action.meeting, action),
        "Only the action's owner, or the person who called the meeting or its chair, ticks it off.",
    )
    with transaction.atomic():
        action = MeetingAction.objects.select_for_update().get(pk=action.pk)
        if action.is_done:
            raise InvalidTransition(f"This action was ticked off by {action.done_by} already. Nothing was changed.")
        action.done_by = actor
        action.done_at = timezone.now()
        _save(action, reason="Action done", by=actor)
        core.escalations_close_for(subject=action, resolution="Action done")
    return action
