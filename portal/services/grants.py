"""Child access grants: the recorded basis for each guardian permission on a child (DESIGN §5).
The mechanism every workflow shares; callers decide whether a grant is allowed."""

from datetime import datetime

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from portal import selectors
from portal.history import save as _save
from portal.models import Child, ChildAccessGrant, Team, User

LEVEL_PERMISSIONS: dict[str, set[str]] = {
    ChildAccessGrant.Level.VIEW: {"view_child"},
    ChildAccessGrant.Level.EDIT: {"view_child", "change_child"},
    # The disclosure page checks the grant itself: no permission on the child's record.
    ChildAccessGrant.Level.SHARED: set(),
}


def _sync_guardian_rows(*, child: Child, user: User | None = None, team: Team | None = None) -> None:
    """Make the guardian rows for one principal on one child match its active grants."""
    grants = selectors.child_access_grants_in_force(child=child)
    principal: User | Group
    if user is not None:
        grants, principal = grants.filter(user=user), user
    elif team is not None:
        grants, principal = grants.filter(team=team), team.group
    else:
        raise ValueError("A grant is to exactly one user or one team")
    needed: set[str] = set()
    for level in grants.values_list("level", flat=True):
        needed |= LEVEL_PERMISSIONS[level]
    for codename in ("view_child", "change_child"):
        if codename in needed:
            assign_perm(f"portal.{codename}", principal, child)
        else:
            remove_perm(f"portal.{codename}", principal, child)


def child_access_grant(
    *,
    child: Child,
    basis: str,
    level: str,
    user: User | None = None,
    team: Team | None = None,
    source: models.Model | None = None,
    granted_by: User | None = None,
    expires_at: datetime | None = None,
) -> ChildAccessGrant:
    """Record a basis for access and open the guardian permission it needs. Callers check that the
    grant is allowed; this is the mechanism, shared by every workflow."""
    if (user is None) == (team is None):
        raise ValueError("A grant is to exactly one user or one team")
    with transaction.atomic():
        grant = ChildAccessGrant(
            child=child,
            user=user,
            team=team,
            basis=basis,
            level=level,
            granted_by=granted_by,
            expires_at=expires_at,
        )
        if source is not None:
            grant.source_type = ContentType.objects.get_for_model(source)
            grant.source_id = source.pk
        _save(grant, reason=f"Access granted: {grant.get_basis_display()}", by=granted_by)
        _sync_guardian_rows(child=child, user=user, team=team)
    return grant


def child_access_revoke(*, grant: ChildAccessGrant, revoked_by: User | None, reason: str) -> None:
    """Close one basis for access. The guardian rows go only if no other active basis needs them."""
    with transaction.atomic():
        grant = ChildAccessGrant.objects.select_for_update().get(pk=grant.pk)
        if grant.revoked_at is not None:
            return
        grant.revoked_at = timezone.now()
        grant.revoked_by = revoked_by
        grant.revoke_reason = reason[:200]
        _save(grant, reason=f"Access revoked: {reason}"[:100], by=revoked_by)
        _sync_guardian_rows(child=grant.child, user=grant.user, team=grant.team)
