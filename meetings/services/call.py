"""Calling a professionals meeting: any practitioner involved with the child (who may see the child)
calls it, invites practitioners from the agencies involved, and names the chair. Each invitee is told
and given access to the child through the grants ledger (basis: invited to a professionals meeting),
never by a guardian call of our own."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from meetings import selectors
from meetings.models import MeetingInvitee, ProfessionalsMeeting
from meetings.services.access import invitation_access_give
from portal import services as core
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, User
from portal.text import date_text


@dataclass(frozen=True)
class MeetingCall:
    reason: str
    meets_on: date | None
    chair: User | None
    invitees: list[User] = field(default_factory=list)


def _errors(
    *, actor: User, child: Child, details: MeetingCall, invited: frozenset[int] = frozenset()
) -> dict[str, str]:
    """`invited`: those on the list already (a meeting changed), who may stay on it."""
    errors: dict[str, str] = {}
    if not details.reason.strip():
        errors["reason"] = "Say why the meeting is needed"
    if details.meets_on is None:
        errors["meets_on"] = "Enter the date of the meeting"
    elif details.meets_on < timezone.localdate():
        errors["meets_on"] = "The date of the meeting must be today or in the future"
    candidates, _ = selectors.invitee_candidates(user=actor, child=child)
    allowed = {user.pk for user in candidates} | {actor.pk} | invited
    others = [user for user in details.invitees if user.pk != actor.pk]
    if not others:
        errors["invitees"] = "Invite at least one practitioner from the agencies involved"
    elif any(user.pk not in allowed for user in details.invitees):
        errors["invitees"] = "Invite only practitioners from the agencies involved with the child"
    if details.chair is None:
        errors["chair"] = "Choose who chairs the meeting"
    elif details.chair.pk not in ({user.pk for user in details.invitees} | {actor.pk}) & allowed:
        errors["chair"] = "The chair must be one of the people invited"
    return errors


def invite(*, meeting: ProfessionalsMeeting, user: User, by: User, added: bool = False) -> MeetingInvitee:
    """Put someone on the meeting's list: told (unless they are the one inviting), and given the
    child's record through the ledger if they hold it on no other basis. Inside a transaction.
    `added`: put on the list after the meeting was called (told once for each time they are added)."""
    invitee = MeetingInvitee(meeting=meeting, user=user, organisation=user.organisation)
    _save(
        invitee, reason="Added to the professionals meeting" if added else "Invited to the professionals meeting", by=by
    )
    if user.pk == by.pk:
        return invitee
    invitation_access_give(meeting=meeting, user=user, by=by)
    core.notify(
        recipient=user,
        event_key=f"meeting:{meeting.pk}:invited" + (f":{invitee.pk}" if added else ""),
        subject=f"You are invited to a professionals meeting on {date_text(meeting.meets_on)}",
        body=f"{by} called a professionals meeting about a child you work with. Chair: {meeting.chair}.",
        link=meeting.get_absolute_url(),
    )
    return invitee


def meeting_call(*, actor: User, child: Child, details: MeetingCall) -> ProfessionalsMeeting:
    _require(selectors.may_call_meeting(actor, child), "Only a practitioner involved with the child calls a meeting.")
    errors = _errors(actor=actor, child=child, details=details)
    chair, meets_on = details.chair, details.meets_on
    if errors or chair is None or meets_on is None:
        raise ValidationError(errors)
    people = {user.pk: user for user in [actor, chair, *details.invitees]}
    with transaction.atomic():
        meeting = ProfessionalsMeeting(
            child=child,
            reason=details.reason.strip(),
            meets_on=meets_on,
            chair=chair,
            chair_team=selectors.chair_team(chair=chair),
            called_by=actor,
        )
        _save(meeting, reason="Professionals meeting called", by=actor)
        for user in people.values():
            invite(meeting=meeting, user=user, by=actor)
    return meeting
