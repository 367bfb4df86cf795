"""Who is who: the role rules every app asks, written once.

A role is a Django group (``Role``); a manager is a team membership with ``is_manager``; a reviewer
is a Caldicott Guardian or lead information officer, and reviews for their own organisation only.
Inactive accounts hold no role here: every query below asks for ``is_active``.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from portal.access import has_object_permission
from portal.models import Child, Organisation, Person, Role, Team, User
from portal.viewer import viewer_facts

REVIEWER_ROLES: frozenset[str] = frozenset({Role.CALDICOTT_GUARDIAN.value, Role.LEAD_INFORMATION_OFFICER.value})


def roles_of(user: User) -> frozenset[str]:
    """The user's portal roles (the groups prefetched by selectors where there are some, else the
    viewer's facts, read once per request)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    role_names = {role.value for role in Role}
    if "groups" in getattr(user, "_prefetched_objects_cache", {}):
        return frozenset(group.name for group in user.groups.all() if group.name in role_names)
    return frozenset(viewer_facts(user).roles & role_names)


def has_role(user: User, role: str) -> bool:
    return role in roles_of(user)


def is_reviewer(user: User, organisation: Organisation | int | None = None) -> bool:
    """A Caldicott Guardian or lead information officer — of ``organisation`` when one is given,
    else of the user's own organisation."""
    if user.organisation_id is None or not REVIEWER_ROLES & roles_of(user):
        return False
    if organisation is None:
        return True
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return user.organisation_id == organisation_id


def reviewers_of(organisation: Organisation | int) -> QuerySet[User]:
    """The active Caldicott Guardians and lead information officers of an organisation."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return User.objects.filter(
        organisation_id=organisation_id, is_active=True, groups__name__in=REVIEWER_ROLES
    ).distinct()


def escalation_fallback(organisation: Organisation) -> QuerySet[User]:
    """Who takes an escalation nobody in its organisation can: the holders of the fallback roles
    (settings.PORTAL_ESCALATION_FALLBACK_ROLES, by default the Caldicott Guardians and lead information
    officers) in the local authority whose area the organisation serves."""
    from django.conf import settings

    authority = organisation.local_authority
    if authority is None:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=authority.pk, is_active=True, groups__name__in=settings.PORTAL_ESCALATION_FALLBACK_ROLES
    ).distinct()


def _people_of(
    *,
    managers: bool,
    teams: Iterable[Team | int] | QuerySet[Team] | None,
    organisation: Organisation | int | None,
    team_kinds: Iterable[str] | None,
) -> QuerySet[User]:
    # One filter() call, so every condition applies to the same membership row.
    lookup = Q(is_active=True)
    if managers:
        lookup &= Q(memberships__is_manager=True)
    if teams is not None:
        if isinstance(teams, QuerySet):
            lookup &= Q(memberships__team__in=teams)
        else:
            lookup &= Q(memberships__team_id__in=[team if isinstance(team, int) else team.pk for team in teams])
    if organisation is not None:
        organisation_id = organisation if isinstance(organisation, int) else organisation.pk
        lookup &= Q(memberships__team__organisation_id=organisation_id)
    if team_kinds is not None:
        lookup &= Q(memberships__team__kind__in=list(team_kinds))
    return User.objects.filter(lookup).distinct()


def managers_of(
    *,
    teams: Iterable[Team | int] | QuerySet[Team] | None = None,
    organisation: Organisation | int | None = None,
    team_kinds: Iterable[str] | None = None,
) -> QuerySet[User]:
    """The active managers of the given teams; or of every team (of those kinds) in an organisation."""
    return _people_of(managers=True, teams=teams, organisation=organisation, team_kinds=team_kinds)


def members_of(
    *,
    teams: Iterable[Team | int] | QuerySet[Team] | None = None,
    organisation: Organisation | int | None = None,
    team_kinds: Iterable[str] | None = None,
) -> QuerySet[User]:
    """The active members (managers included) of the given teams; or of every team (of those kinds)
    in an organisation — for example everyone in an authority's MAST."""
    return _people_of(managers=False, teams=teams, organisation=organisation, team_kinds=team_kinds)


def teams_of_kind(*, organisation: Organisation | int, kind: str) -> QuerySet[Team]:
    """An organisation's teams of one kind (its MAST, say), with the groups their access is granted to."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return Team.objects.filter(organisation_id=organisation_id, kind=kind).select_related("group")


def managed_team_ids(user: User) -> set[int]:
    """The teams the user manages."""
    return viewer_facts(user).managed_team_ids


def manages_team(user: User, team: Team | int | None) -> bool:
    if team is None:
        return False
    return (team if isinstance(team, int) else team.pk) in managed_team_ids(user)


def may_edit_person(user: User, person: Person) -> bool:
    """A parent, carer or significant other is edited by someone who may edit one of their children's
    records (seeing the person through a child is not enough)."""
    return any(
        has_object_permission(user, "change_child", child)
        for child in Child.objects.filter(relationships__person=person).distinct()
    )
