"""Reads for professionals meetings, already filtered to what the user may see (DESIGN §5).

Who sees a meeting: the user must be able to see the child (the one policy: `portal.selectors`), and
be one of the meeting's people (who called it, the chair, an invitee, an action's owner) or hold the
child's record (may change it: the allocated worker and team). Everyone else gets a 404. Who may act:
the caller and the chair run the meeting (attendance, minutes, actions, sharing the minutes); an
action's owner, the caller or the chair tick the action off."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from meetings import clocks
from meetings.models import MeetingAction, MeetingInvitee, ProfessionalsMeeting
from portal import extensions, policies
from portal import selectors as core
from portal.access import grant_in_force
from portal.models import Child, ChildAccessGrant, Organisation, Role, Team, TeamMembership, User

Meeting = ProfessionalsMeeting
# The roles that work with children (the reviewers meet meetings through escalations only).
WORKING_ROLES = [Role.PRACTITIONER, Role.MAST_SCREENER, Role.TEAM_MANAGER]


def meeting_list_for_user(*, user: User, child_id: int | None = None) -> QuerySet[Meeting]:
    """`child_id`: one child's meetings, with the child's permissions looked up for that child alone."""
    if not user.is_authenticated or not user.is_active:
        return Meeting.objects.none()
    seen = core.child_visible_q(user=user, child_id=child_id)
    held = core.child_visible_q(user=user, permission="portal.change_child", child_id=child_id)
    invited = MeetingInvitee.objects.filter(user=user).values("meeting_id")
    owns = MeetingAction.objects.filter(owner=user).values("meeting_id")
    return Meeting.objects.filter(seen).filter(
        Q(called_by=user) | Q(chair=user) | Q(pk__in=invited) | Q(pk__in=owns) | held
    )


def meeting_get_for_user(*, user: User, pk: int) -> Meeting:
    meeting = (
        meeting_list_for_user(user=user)
        .select_related("child__local_authority", "chair__organisation", "chair_team", "called_by__organisation")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def meeting_list_view(*, user: User) -> QuerySet[Meeting]:
    """The user's meetings for the list page, newest first, with what the list shows joined in."""
    open_actions = Count("actions", filter=Q(actions__done_at__isnull=True))
    return (
        meeting_list_for_user(user=user)
        .select_related("child", "chair")
        .annotate(open_actions=open_actions)
        .order_by("-meets_on", "-pk")
    )


def runs_meeting(user: User, meeting: Meeting) -> bool:
    """The caller and the chair run the meeting."""
    return user.is_active and user.pk in (meeting.called_by_id, meeting.chair_id)


def sees_child(user: User, child: Child) -> bool:
    return core.child_list_for_user(user=user).filter(pk=child.pk).exists()


def may_change(user: User, meeting: Meeting) -> bool:
    """The caller and the chair change or cancel the meeting, until it is held or cancelled."""
    return meeting.is_called and runs_meeting(user, meeting)


# --- The access an invitation gives (grants ledger, basis: invited to a professionals meeting) ----

MEETING_BASIS = ChildAccessGrant.Basis.PROFESSIONALS_MEETING


def needs_invitation_grant(user: User, child: Child) -> bool:
    """Whether an invitee needs the meeting to give them the child's record: they hold it on no basis
    other than a professionals meeting (another meeting's grant may end before this one does). One
    query."""
    otherwise = (
        ChildAccessGrant.objects.filter(grant_in_force(), child=child)
        .filter(Q(user=user) | Q(team__group__user=user))
        .filter(level__in=[ChildAccessGrant.Level.VIEW, ChildAccessGrant.Level.EDIT])
        .exclude(basis=MEETING_BASIS)
    )
    return not otherwise.exists()


def invitation_grants(*, meeting_ids) -> QuerySet[ChildAccessGrant]:
    """The grants in force that invitations to these meetings gave (`meeting_ids`: ids or a subquery)."""
    return ChildAccessGrant.objects.filter(
        revoked_at__isnull=True,
        basis=MEETING_BASIS,
        source_type=ContentType.objects.get_for_model(Meeting),
        source_id__in=meeting_ids,
    )


def invitation_grants_ending(*, today: date) -> QuerySet[ChildAccessGrant]:
    """The grants whose time is up (`clocks.access_ends_on`): the meeting was long enough ago, and the
    invitee owns no open action from it. Only the rows whose state must change; one query."""
    meetings = Meeting.objects.filter(meets_on__lte=clocks.latest_meeting_ending_access(today)).values("pk")
    open_owned = MeetingAction.objects.filter(
        meeting_id=OuterRef("source_id"), owner_id=OuterRef("user_id"), done_at__isnull=True
    )
    return invitation_grants(meeting_ids=meetings).filter(~Exists(open_owned))


def may_call_meeting(user: User, child: Child) -> bool:
    """Any practitioner involved with the child (who may see the child) can call a meeting."""
    return user.has_perm("meetings.add_professionalsmeeting") and sees_child(user, child)


def may_tick_off(user: User, meeting: Meeting, action: MeetingAction) -> bool:
    return user.is_active and (action.owner_id == user.pk or runs_meeting(user, meeting))


def invitees(*, meeting: Meeting) -> QuerySet[MeetingInvitee]:
    return meeting.invitees.select_related("user__organisation", "organisation", "sharing_decision").order_by(
        "organisation__name", "user__last_name", "pk"
    )


def attendees(*, meeting: Meeting) -> QuerySet[MeetingInvitee]:
    return invitees(meeting=meeting).filter(attended=True)


def actions(*, meeting: Meeting) -> QuerySet[MeetingAction]:
    return meeting.actions.select_related("owner__organisation", "done_by").order_by("due_on", "pk")


def action_get(*, meeting: Meeting, pk: int) -> MeetingAction:
    action = actions(meeting=meeting).filter(pk=pk).first()
    if action is None:
        raise Http404("No such action")
    return action


def meeting_history(*, meeting: Meeting) -> QuerySet:
    return meeting.history.select_related("history_user").order_by("-history_date")[:50]


# --- Who may be invited: the agencies involved with the child -----------------------------------


def invitee_candidates(*, user: User, child: Child) -> tuple[list[User], set[int]]:
    """The practitioners of every agency involved with the child (the "who is involved" list, from
    every app's plugin), and of those the ones preselected: the named people and the members of the
    named teams. By organisation: the hook names agencies, not accounts."""
    involved = extensions.involvements(user=user, child=child)
    organisations = Organisation.objects.filter(name__in={i.organisation for i in involved if i.organisation})
    teams = Team.objects.filter(
        organisation__in=organisations, name__in={i.team for i in involved if i.team}
    ).select_related("organisation")
    named_teams = {(t.organisation.name, t.name): t.pk for t in teams}
    team_ids = {named_teams[key] for key in ((i.organisation, i.team) for i in involved) if key in named_teams}
    people = {(i.organisation, i.person) for i in involved if i.person}
    candidates: list[User] = list(
        User.objects.filter(organisation__in=organisations, is_active=True, groups__name__in=WORKING_ROLES)
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "last_name", "first_name", "pk")
    )
    in_named_teams = set(TeamMembership.objects.filter(team_id__in=team_ids).values_list("user_id", flat=True))
    names: dict[int | None, str] = dict(organisations.values_list("pk", "name"))
    preselected = {
        u.pk for u in candidates if (names.get(u.organisation_id, ""), str(u)) in people or u.pk in in_named_teams
    }
    preselected.add(user.pk)
    return candidates, preselected


def chair_team(*, chair: User) -> Team | None:
    """The chair's team (the first they belong to): its managers take overdue actions."""
    membership = chair.memberships.select_related("team").order_by("pk").first()
    return membership.team if membership else None


def chair_team_managers(*, meeting: Meeting) -> list[User]:
    if meeting.chair_team_id is None:
        return list(policies.escalation_fallback(meeting.chair.organisation)) if meeting.chair.organisation else []
    return list(policies.managers_of(teams=[meeting.chair_team_id]))


# --- Actions: the owner's home page, the sweep, the escalation lifecycle ------------------------


def open_actions_for_owner(*, user: User) -> QuerySet[MeetingAction]:
    """The user's open actions from meetings they may still see."""
    return (
        MeetingAction.objects.filter(owner=user, done_at__isnull=True, meeting__in=meeting_list_for_user(user=user))
        .select_related("meeting__child")
        .order_by("due_on", "pk")
    )


def overdue_actions(*, today: date) -> QuerySet[MeetingAction]:
    return MeetingAction.objects.filter(done_at__isnull=True, due_on__lt=today)


def actions_to_escalate(*, today: date) -> QuerySet[MeetingAction]:
    return overdue_actions(today=today).filter(due_on__lte=clocks.latest_due_escalating(today))


def escalations_finished_action(*, ids: list[int]) -> set[int]:
    """An action done is finished: no overdue escalation about it stays open."""
    return set(MeetingAction.objects.filter(pk__in=ids, done_at__isnull=False).values_list("pk", flat=True))


def meetings_about(*, user: User, child: Child) -> QuerySet[Meeting]:
    return meeting_list_for_user(user=user, child_id=child.pk).filter(child=child)


def with_open_actions(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.filter(Exists(MeetingAction.objects.filter(meeting=OuterRef("pk"), done_at__isnull=True)))
