"""The access an invitation gives, and when it ends (`meetings.clocks`: cancelled, taken off the list,
or four weeks after the meeting once the invitee owns no open action from it). Only through the
grants ledger: a grant with the meeting as its source, revoked with a reason. Revoking it never takes
away access the invitee holds on another basis: the ledger keeps each basis apart, and the record stays
open while any other basis in force needs it."""

from datetime import date

from django.db import transaction

from meetings import selectors
from meetings.models import ProfessionalsMeeting
from portal import services as core
from portal.models import ChildAccessGrant, User

Meeting = ProfessionalsMeeting


def invitation_access_give(*, meeting: Meeting, user: User, by: User) -> ChildAccessGrant | None:
    """Give an invitee the child's record on the basis of the meeting, unless they hold it on another
    basis already (no second basis to explain) or this meeting gave it already. Inside the caller's
    transaction."""
    if not selectors.needs_invitation_grant(user, meeting.child):
        return None
    if selectors.invitation_grants(meeting_ids=[meeting.pk]).filter(user=user).exists():
        return None
    return core.child_access_grant(
        child=meeting.child,
        basis=ChildAccessGrant.Basis.PROFESSIONALS_MEETING,
        level=ChildAccessGrant.Level.VIEW,
        user=user,
        source=meeting,
        granted_by=by,
    )


def invitation_access_end(*, meeting: Meeting, by: User | None, reason: str, users: list[User] | None = None) -> int:
    """End the access this meeting's invitations gave (to `users`, or to everyone invited)."""
    grants = selectors.invitation_grants(meeting_ids=[meeting.pk]).select_related("child", "user")
    if users is not None:
        grants = grants.filter(user__in=users)
    ended = 0
    for grant in grants:
        core.child_access_revoke(grant=grant, revoked_by=by, reason=reason)
        ended += 1
    return ended


def invitation_access_end_due(*, today: date) -> dict[str, int]:
    """The sweep: end the access of invitations whose time is up. Selects only the grants to end (one
    query); a repeat run that ends nothing costs that one query whatever the number of meetings."""
    due = list(selectors.invitation_grants_ending(today=today).select_related("child", "user").order_by("pk"))
    for grant in due:
        with transaction.atomic():
            core.child_access_revoke(
                grant=grant,
                revoked_by=None,
                reason="The professionals meeting is over: access from the invitation ended",
            )
    return {"meeting_invitation_access_ended": len(due)}
