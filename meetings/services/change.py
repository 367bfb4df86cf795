"""Changing a called meeting (its date, reason, invitees or chair) and cancelling it, by the person
who called it or the chair, until it is held. Those invited are told of each change; someone added is
invited as at the call (told, and given the child's record through the ledger if they need it);
someone taken off the list is told and loses the access their invitation gave. A cancelled meeting
ends every invitation's access. Each change is a version in the meeting's history with its reason."""

from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from meetings import selectors
from meetings.models import MeetingInvitee, ProfessionalsMeeting
from meetings.services.access import invitation_access_end
from meetings.services.call import MeetingCall, _errors, invite
from portal import services as core
from portal.access import require as _require
from portal.history import save as _save
from portal.models import User
from portal.services import InvalidTransition
from portal.text import date_text

Meeting = ProfessionalsMeeting
MeetingChange = MeetingCall  # the same answers as calling it: reason, date, chair, invitees


@dataclass(frozen=True)
class MeetingCancel:
    reason: str


def _locked_called(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("child").get(pk=meeting.pk)
    if meeting.is_held:
        raise InvalidTransition(f"The meeting was held: its minutes were recorded by {meeting.minutes_recorded_by}.")
    if meeting.is_cancelled:
        raise InvalidTransition(f"The meeting was cancelled by {meeting.cancelled_by} already.")
    return meeting


def _what_changed(meeting: Meeting, details: MeetingChange, added: set[int], removed: set[int]) -> list[str]:
    changed = []
    if details.meets_on is not None and details.meets_on != meeting.meets_on:
        changed.append(f"the date (now {date_text(details.meets_on)})")
    if details.reason.strip() != meeting.reason:
        changed.append("why it is needed")
    if details.chair is not None and details.chair.pk != meeting.chair_id:
        changed.append(f"the chair (now {details.chair})")
    if added or removed:
        changed.append("who is invited")
    return changed


def meeting_change(*, actor: User, meeting: Meeting, details: MeetingChange) -> Meeting:
    _require(
        selectors.runs_meeting(actor, meeting), "Only the person who called the meeting, or its chair, changes it."
    )
    current = {row.user_id: row for row in meeting.invitees.select_related("user")}
    # The caller stays on the list: they run the meeting.
    details = replace(details, invitees=[meeting.called_by, *(u for u in details.invitees if u != meeting.called_by)])
    errors = _errors(actor=actor, child=meeting.child, details=details, invited=frozenset(current))
    chair, meets_on = details.chair, details.meets_on
    if errors or chair is None or meets_on is None:
        raise ValidationError(errors)
    wanted = {user.pk: user for user in [chair, *details.invitees]}
    with transaction.atomic():
        meeting = _locked_called(meeting)
        # The list as it stands now the meeting is locked (someone may have changed it meanwhile).
        current = {row.user_id: row for row in MeetingInvitee.objects.filter(meeting=meeting).select_related("user")}
        added, removed = set(wanted) - set(current), set(current) - set(wanted)
        changed = _what_changed(meeting, details, added, removed)
        if not changed:
            return meeting
        summary = "; ".join(changed)
        meeting.reason, meeting.meets_on = details.reason.strip(), meets_on
        if chair.pk != meeting.chair_id:
            meeting.chair, meeting.chair_team = chair, selectors.chair_team(chair=chair)
        _save(meeting, reason=f"Professionals meeting changed: {summary}", by=actor)
        version = meeting.history.order_by("-history_id").values_list("history_id", flat=True).first()
        gone = [current[pk] for pk in removed]
        for row in gone:
            row._change_reason = "Taken off the professionals meeting"  # type: ignore[attr-defined]
            row._history_user = actor  # type: ignore[attr-defined]
            row.delete()
        invitation_access_end(
            meeting=meeting,
            by=actor,
            reason="Taken off the professionals meeting",
            users=[row.user for row in gone],
        )
        for row in gone:
            core.notify(
                recipient=row.user,
                event_key=f"meeting:{meeting.pk}:removed:{version}",
                subject=f"You are no longer invited to the professionals meeting on {date_text(meeting.meets_on)}",
                body=f"{actor} took you off the list of those invited. The access to the child's record your "
                "invitation gave has ended.",
            )
        for pk in sorted(added):
            invite(meeting=meeting, user=wanted[pk], by=actor, added=True)
        for pk in sorted(set(current) - removed - {actor.pk}):
            core.notify(
                recipient=current[pk].user,
                event_key=f"meeting:{meeting.pk}:changed:{version}",
                subject=f"A professionals meeting you are invited to has changed: {summary}"[:200],
                body=f"{actor} changed the professionals meeting on {date_text(meeting.meets_on)}: {summary}. "
                f"Chair: {meeting.chair}.",
                link=meeting.get_absolute_url(),
            )
    return meeting


def meeting_cancel(*, actor: User, meeting: Meeting, details: MeetingCancel) -> Meeting:
    _require(
        selectors.runs_meeting(actor, meeting), "Only the person who called the meeting, or its chair, cancels it."
    )
    if not details.reason.strip():
        raise ValidationError({"reason": "Say why the meeting is cancelled"})
    with transaction.atomic():
        meeting = _locked_called(meeting)
        meeting.cancel(by=actor, at=timezone.now(), reason=details.reason.strip())
        _save(meeting, reason="Professionals meeting cancelled", by=actor)
        invitation_access_end(meeting=meeting, by=actor, reason="The professionals meeting was cancelled")
        for row in meeting.invitees.select_related("user").exclude(user=actor):
            core.notify(
                recipient=row.user,
                event_key=f"meeting:{meeting.pk}:cancelled",
                subject=f"The professionals meeting on {date_text(meeting.meets_on)} is cancelled",
                body=f"{actor} cancelled it: {meeting.cancel_reason}. Any access to the child's record your "
                "invitation gave has ended.",
            )
    return meeting
