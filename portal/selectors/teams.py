"""Reads about the viewer themselves: their teams and workloads, roles, notifications and
organisation (split from portal.selectors, which re-exports every name)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Window
from django.shortcuts import get_object_or_404

from portal import policies
from portal.models import Notification, Organisation, Role, Team, TeamMembership, User
from portal.viewer import Membership, per_request, viewer_facts

# --- Teams and users -----------------------------------------------------------------------------


def teams_managed(*, user: User) -> list[Team]:
    """The teams the user manages, with their organisations, made from the viewer's facts (no query
    of their own): for reading their names, kinds and organisations, not for saving."""
    managed = sorted(
        (m for m in viewer_facts(user).memberships if m.is_manager), key=lambda m: (m.organisation_name, m.team_name)
    )
    return [
        Team(
            pk=m.team_id,
            name=m.team_name,
            kind=m.team_kind,
            organisation=Organisation(pk=m.organisation_id, name=m.organisation_name),
        )
        for m in managed
    ]


def teams_managed_by(*, user: User) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=policies.managed_team_ids(user)).select_related("organisation")


def teams_of(*, user: User) -> QuerySet[Team]:
    return Team.objects.filter(memberships__user=user).select_related("organisation")


def team_members(*, team: Team) -> QuerySet[User]:
    return User.objects.filter(memberships__team=team, is_active=True).order_by("last_name", "first_name")


@dataclass
class Workload:
    team_id: int
    team_name: str
    workers: list[User] = field(default_factory=list)  # each with `allocated`: their children in the team


def teams_workload(*, user: User) -> list[Workload]:
    """For each team the user manages, each active member with the number of children allocated to
    them in that team: one query for every team."""
    managed = [m for m in viewer_facts(user).memberships if m.is_manager]
    if not managed:
        return []
    workloads = {m.team_id: Workload(team_id=m.team_id, team_name=m.team_name) for m in managed}
    members = (
        TeamMembership.objects.filter(team_id__in=workloads, user__is_active=True)
        .select_related("user")
        .annotate(
            allocated=Count(
                "user__allocated_children", filter=Q(user__allocated_children__allocated_team_id=F("team_id"))
            )
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for membership in members:
        worker = membership.user
        worker.allocated = membership.allocated  # type: ignore[attr-defined]
        workloads[membership.team_id].workers.append(worker)
    return list(workloads.values())


def team_workload(*, team: Team) -> QuerySet[User]:
    """Each member of the team with the number of children allocated to them in that team."""
    return team_members(team=team).annotate(
        allocated=Count("allocated_children", filter=Q(allocated_children__allocated_team=team))
    )


def user_roles(*, user: User) -> list[str]:
    return sorted(policies.roles_of(user))


def role_labels(*, user: User) -> list[str]:
    return [Role(name).label for name in user_roles(user=user)]


# --- Notifications -------------------------------------------------------------------------------


def notification_list_for_user(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notification_get_for_user(*, user: User, pk: int) -> Notification:
    return get_object_or_404(notification_list_for_user(user=user), pk=pk)


@dataclass(frozen=True)
class Unread:
    count: int
    latest: Sequence[Notification]


UNREAD_SHOWN = 5


def notifications_unread(*, user: User) -> Unread:
    """How many notifications the user has not read, and the latest few: one query (the count is a
    window over the same rows), shared by the header and the home page of the same request."""

    def read() -> Unread:
        latest = list(
            Notification.objects.filter(recipient=user, read_at__isnull=True)
            .annotate(unread=Window(Count("pk")))
            .order_by("-created_at", "-pk")[:UNREAD_SHOWN]
        )
        return Unread(count=latest[0].unread if latest else 0, latest=latest)

    return per_request(("notifications_unread", user.pk), read)


def notification_unread_count(*, user: User) -> int:
    return notifications_unread(user=user).count


def organisation_name_of(*, user: User) -> str:
    """The name of the user's organisation ("" for none), from the viewer's facts."""
    return viewer_facts(user).organisation_name


def memberships_of(*, user: User) -> tuple[Membership, ...]:
    """The user's teams (name, kind, whether they manage it), from the viewer's facts."""
    return viewer_facts(user).memberships
