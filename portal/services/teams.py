"""Team membership and user accounts. A team's members are in its group, which is what the team's
access to children is granted to, so joining or leaving a team opens or closes that access exactly
as allocation does — here, in a service, never as a side effect of a model's save() or delete().
Accounts are deactivated, never deleted: the access log, grants and history keep who they were."""

from django.db import transaction

from portal.access import require as _require
from portal.history import save as _save
from portal.models import Team, TeamMembership, User


def _may_manage(actor: User | None, codename: str) -> bool:
    # None: the portal itself (demo data, data migrations); people need the model permission
    # (administrators, through the admin site).
    return actor is None or actor.has_perm(f"portal.{codename}")


def team_membership_add(*, actor: User | None, team: Team, user: User, is_manager: bool = False) -> TeamMembership:
    """Add a person to a team (or change whether they manage it): they join the team's group, and
    with it the team's access to children."""
    _require(_may_manage(actor, "add_teammembership"), "You cannot change team membership.")
    with transaction.atomic():
        membership = TeamMembership.objects.select_for_update().filter(team=team, user=user).first()
        if membership is None:
            membership = TeamMembership(team=team, user=user, is_manager=is_manager)
            _save(membership, reason=f"Joined {team.name}", by=actor)
        elif membership.is_manager != is_manager:
            membership.is_manager = is_manager
            _save(membership, reason="Manager of the team" if is_manager else "No longer manages the team", by=actor)
        user.groups.add(team.group_id)
    return membership


def team_membership_end(*, actor: User | None, membership: TeamMembership) -> None:
    """Take a person off a team: they leave its group, and the team's access with it. The
    membership's history keeps that they were a member, and when."""
    _require(_may_manage(actor, "delete_teammembership"), "You cannot change team membership.")
    with transaction.atomic():
        membership = TeamMembership.objects.select_for_update().select_related("team", "user").get(pk=membership.pk)
        membership._change_reason = f"Left {membership.team.name}"  # type: ignore[attr-defined]
        if actor is not None:
            membership._history_user = actor  # type: ignore[attr-defined]
        user, group_id = membership.user, membership.team.group_id
        membership.delete()
        user.groups.remove(group_id)


def user_deactivate(*, actor: User | None, user: User) -> User:
    """Close an account: the person can no longer sign in and holds no role or access (every check
    asks for an active account). Nothing they did is lost; the account is never deleted."""
    _require(_may_manage(actor, "change_user"), "You cannot deactivate accounts.")
    _require(actor is None or actor.pk != user.pk, "You cannot deactivate your own account.")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            user.is_active = False
            _save(user, reason="Account deactivated", by=actor)
    return user
