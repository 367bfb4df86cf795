"""Professionals meetings in the whole picture: the child's timeline, who is involved (everyone
invited, and the owners of open actions), open work, and each owner's home page. Each hook runs a
fixed number of queries however many meetings and actions there are, and shows only meetings the
viewer may see."""

from datetime import date

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery

from meetings import clocks, selectors
from meetings.models import MeetingAction, MeetingInvitee, ProfessionalsMeeting
from portal.extensions import HomeSection, Involvement, Later, OpenWork, Plugin
from portal.text import date_text

Meeting = ProfessionalsMeeting


def timeline_sources(*, user, child) -> Later:
    meetings = selectors.meetings_about(user=user, child=child).values_list("pk", flat=True)
    return Later(
        [meetings],
        lambda: [
            Meeting.history.filter(id__in=list(meetings)),
            MeetingInvitee.history.filter(meeting_id__in=list(meetings)),
            MeetingAction.history.filter(meeting_id__in=list(meetings)),
        ],
    )


def involvement(*, user, child) -> list[Involvement]:
    """Everyone invited to a meeting about the child (the chair as such), with the open actions each
    owns (an action's owner is always someone invited): one query."""
    meetings = selectors.meetings_about(user=user, child=child).values("pk")
    open_owned = MeetingAction.objects.filter(
        meeting=OuterRef("meeting_id"), owner=OuterRef("user_id"), done_at__isnull=True
    ).values("owner_id")
    invited = (
        MeetingInvitee.objects.filter(meeting_id__in=meetings)
        .select_related("user", "organisation", "meeting")
        .annotate(
            open_actions=Subquery(open_owned.annotate(n=Count("pk")).values("n")[:1]),
            next_due=Subquery(open_owned.annotate(due=Min("due_on")).values("due")[:1]),
        )
    )
    items = []
    for row in invited:
        meeting = row.meeting
        role = "Chair of" if row.user_id == meeting.chair_id else "Invited to"
        role = f"{role} the professionals meeting on {date_text(meeting.meets_on)}"
        if row.open_actions:
            role += (
                f"; owns {row.open_actions} open action{'s' if row.open_actions > 1 else ''} from it, "
                f"the next due by {date_text(row.next_due)}"
            )
        items.append(
            Involvement(
                organisation=row.organisation.name if row.organisation_id else "",
                person=str(row.user),
                role=role,
                since=row.invited_at,
                contact=row.user.email,
            )
        )
    return items


def open_work(*, user, children) -> dict[int, list[OpenWork]]:
    work: dict[int, list[OpenWork]] = {}
    open_actions = MeetingAction.objects.filter(meeting=OuterRef("pk"), done_at__isnull=True)
    meetings = (
        selectors.meeting_list_for_user(user=user)
        .filter(child__in=children)
        .filter(Q(state=Meeting.State.CALLED) | Exists(open_actions))
        .annotate(next_due=Min("actions__due_on", filter=Q(actions__done_at__isnull=True)))
    )
    for meeting in meetings:
        status = "Minutes to record" if not meeting.is_held else "Actions open"
        work.setdefault(meeting.child_id, []).append(
            OpenWork(str(meeting), meeting.get_absolute_url(), status, meeting.next_due or meeting.meets_on)
        )
    return work


def home_sections(*, user, today: date) -> Later:
    """Read with every other app's sections (issue 14)."""
    actions = selectors.open_actions_for_owner(user=user)[:10]
    return Later([actions], lambda: _home_sections(actions, today))


def _home_sections(actions, today: date) -> list[HomeSection]:
    return [
        HomeSection(
            "Your actions from professionals meetings",
            [
                OpenWork(
                    f"{action.meeting.child.full_name}: {action.description[:80]}",
                    action.get_absolute_url(),
                    "Overdue" if clocks.is_overdue(action.due_on, today) else "Open",
                    action.due_on,
                )
                for action in actions
            ],
            empty="You have no open actions from professionals meetings.",
        )
    ]


class MeetingsPlugin(Plugin):
    name = "meetings"
    dashboard_order = 40
    home_order = 43

    def timeline(self, *, user, child) -> Later:
        return timeline_sources(user=user, child=child)

    def involvement(self, *, user, child) -> list[Involvement]:
        return involvement(user=user, child=child)

    def open_work(self, *, user, children) -> dict[int, list[OpenWork]]:
        return open_work(user=user, children=children)

    def home_sections(self, *, user, today) -> Later:
        return home_sections(user=user, today=today)

    def subject_access_items(self, *, person, viewer) -> list:
        from meetings.subject_access import meetings_subject_access_items

        return meetings_subject_access_items(person=person)
