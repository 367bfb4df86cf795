"""Professionals meetings' part of a subject access bundle (issue 17): each meeting about the child
(why it was called, who was invited and who came, or why it was cancelled), its minutes with what was
reported kept apart from professional opinion, its decisions, and the actions agreed. The
practitioners named (those invited, the chair, the people who called, minuted or cancelled it, the
actions' owners) are third parties, marked so the officer decides about each; so are family members
the minutes mention. A fixed number of queries however many meetings, invitees and actions."""

from django.db.models import Prefetch
from django.utils import timezone

from meetings.models import MeetingAction, MeetingInvitee, ProfessionalsMeeting
from portal.extensions import SubjectAccessItem
from portal.models import Child, Person, User
from portal.subject_access import mentioned, practitioner_third_party, third_party_candidates
from portal.text import date_text

SOURCE = "Professionals meetings"


def _who(user: User) -> str:
    return f"{user}, {user.organisation.name}" if user.organisation_id else str(user)


def _attended(row: MeetingInvitee) -> str:
    return {None: "attendance not recorded", True: "attended", False: "did not attend"}[row.attended]


def _meeting_items(meeting: ProfessionalsMeeting, candidates) -> list[SubjectAccessItem]:
    invitees = list(meeting.invitees.all())
    actions = list(meeting.actions.all())
    people = {u.pk: u for u in [meeting.chair, meeting.called_by, *(row.user for row in invitees)]}
    people |= {u.pk: u for u in (meeting.minutes_recorded_by, meeting.cancelled_by) if u is not None}
    people |= {a.owner_id: a.owner for a in actions}
    named = [practitioner_third_party(u) for u in people.values()] + list(candidates)
    title = f"Professionals meeting on {date_text(meeting.meets_on)}"
    lines = [
        f"Date: {date_text(meeting.meets_on)}",
        f"Why the meeting was needed: {meeting.reason}",
        f"Called by: {_who(meeting.called_by)}, on {date_text(timezone.localdate(meeting.called_at))}",
        f"Chair: {_who(meeting.chair)}",
        f"Status: {meeting.get_state_display()}",
        *(f"Invited: {_who(row.user)} ({_attended(row)})" for row in invitees),
    ]
    if meeting.is_cancelled:
        lines.append(f"Cancelled by {meeting.cancelled_by}: {meeting.cancel_reason}")
    key = f"meetings.meeting:{meeting.pk}"
    items = [
        SubjectAccessItem(
            key=key,
            source=SOURCE,
            title=title,
            when=meeting.meets_on,
            lines=tuple(lines),
            third_parties=mentioned(lines, named),
        )
    ]
    if meeting.is_held:
        minutes = [
            f"What was reported (fact): {meeting.minutes_facts}",
            f"Professional opinion and analysis (opinion): {meeting.minutes_opinion or 'none recorded'}",
            f"Decisions: {meeting.decisions}",
            f"Recorded by: {meeting.minutes_recorded_by}",
        ]
        if meeting.minutes_shared_at:
            minutes.append(
                f"Shared with those who attended on {date_text(timezone.localdate(meeting.minutes_shared_at))} "
                f"by {meeting.minutes_shared_by} (each share is on the sharing log)"
            )
        items.append(
            SubjectAccessItem(
                key=f"{key}:minutes",
                source=SOURCE,
                title=f"Minutes and decisions: {title.lower()}",
                when=meeting.minutes_recorded_at,
                lines=tuple(minutes),
                third_parties=mentioned(minutes, named),
            )
        )
    if actions:
        agreed = [
            f"{a.description} — owner: {_who(a.owner)}; due by {date_text(a.due_on)}; "
            + (f"done on {date_text(timezone.localdate(a.done_at))}" if a.done_at else "not done yet")
            for a in actions
        ]
        items.append(
            SubjectAccessItem(
                key=f"{key}:actions",
                source=SOURCE,
                title=f"Actions agreed: {title.lower()}",
                when=max(a.added_at for a in actions),
                lines=tuple(agreed),
                third_parties=mentioned(agreed, named),
            )
        )
    return items


def meetings_subject_access_items(*, person: Child | Person) -> list[SubjectAccessItem]:
    """The meetings about a child (a meeting is about a child, not a parent: a parent's request
    receives what the other apps hold about them)."""
    if not isinstance(person, Child):
        return []
    meetings = (
        ProfessionalsMeeting.objects.filter(child=person)
        .select_related(
            "chair__organisation",
            "called_by__organisation",
            "minutes_recorded_by__organisation",
            "minutes_shared_by",
            "cancelled_by__organisation",
        )
        .prefetch_related(
            Prefetch("invitees", MeetingInvitee.objects.select_related("user__organisation").order_by("pk")),
            Prefetch("actions", MeetingAction.objects.select_related("owner__organisation").order_by("due_on", "pk")),
        )
        .order_by("meets_on", "pk")
    )
    candidates = third_party_candidates(person=person)
    return [item for meeting in meetings for item in _meeting_items(meeting, candidates)]
