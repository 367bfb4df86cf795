"""The basis each read of a child is allowed on, for the access log: the user's grants on the child,
else oversight as a reviewer of the organisation holding the record (split from portal.selectors,
which re-exports every name)."""

from collections.abc import Callable, Collection, Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from portal import policies
from portal.access import grant_in_force
from portal.models import Child, ChildAccessGrant, User

OVERSIGHT = "Oversight by the record holder's Caldicott Guardian or lead information officer"
NO_GRANT = "No grant on the child (a record about them the user may see)"


def child_access_grants_in_force(*, child: Child) -> QuerySet[ChildAccessGrant]:
    """The child's access grants that are neither revoked nor expired."""
    return ChildAccessGrant.objects.filter(child=child, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )


def child_record_holder_id(*, child: Child) -> int:
    """The organisation that holds the child's record: the allocated team's, or else the local
    authority the child lives in."""
    if child.allocated_team is not None:
        return child.allocated_team.organisation_id
    return child.local_authority_id


def child_access_basis(*, user: User, child: Child, through: str = "") -> str:
    """A short description of why this user can see this child, for the access log: their grants
    on the child, else oversight as a reviewer of the holder, else the record they read it through
    (`through`: a referral they made, a transfer package their team sent)."""
    if child.allocated_worker_id == user.pk:
        return ChildAccessGrant.Basis.ALLOCATED_WORKER.label
    grants = child_access_grants_in_force(child=child).filter(Q(user=user) | Q(team__memberships__user=user)).distinct()
    labels = sorted({g.get_basis_display() for g in grants})
    if labels:
        return ", ".join(labels)
    if policies.is_reviewer(user, child_record_holder_id(child=child)):
        return OVERSIGHT
    if through:
        return f"Through {through}"
    return NO_GRANT


def child_access_bases(*, user: User, children: list[Child]) -> dict[int, str]:
    """`child_access_basis` for several children at once: their grants to the user (or the user's
    teams) in one query."""
    by_pk = {child.pk: child for child in children}
    return _access_bases(
        user=user,
        children=[(child.pk, child.allocated_worker_id) for child in children],
        # Only asked of a child with no grant: the holder may cost a query when the team is not loaded.
        holder_of=lambda pk: child_record_holder_id(child=by_pk[pk]),
    )


def child_read_bases(*, user: User, pks: Collection[int]) -> dict[int, str]:
    """`child_access_bases` for children known only by id (an export's chunk: thousands), read from
    the few columns a basis needs rather than a model instance per child. The children the user is
    the allocated worker of are left out: their reads are not logged (`portal.pages.record_read`)."""
    rows = (
        Child.objects.filter(pk__in=pks)
        .exclude(allocated_worker=user)
        .order_by("pk")
        .values_list(
            "pk", "allocated_worker_id", "allocated_team_id", "allocated_team__organisation_id", "local_authority_id"
        )
    )
    children, holders = [], {}
    for pk, worker, team, team_organisation, local_authority in rows:
        children.append((pk, worker))
        # As child_record_holder_id: the allocated team's organisation, else the local authority.
        holders[pk] = team_organisation if team is not None else local_authority
    return _access_bases(user=user, children=children, holder_of=holders.__getitem__)


def _access_bases(
    *, user: User, children: Iterable[tuple[int, int | None]], holder_of: Callable[[int], int | None]
) -> dict[int, str]:
    """Each child's basis from its (pk, allocated worker id) and its record holder's id, asked for
    only when neither the allocation nor a grant answers."""
    children = list(children)
    grants = (
        ChildAccessGrant.objects.filter(grant_in_force(), child_id__in=[pk for pk, _ in children])
        .filter(Q(user=user) | Q(team__memberships__user=user))
        .distinct()
    )
    labels: dict[int, set[str]] = {}
    for grant in grants:
        labels.setdefault(grant.child_id, set()).add(grant.get_basis_display())
    # Asked once per holder, not per child: `user` is a request's lazy object, each read of it costs.
    user_pk, reviews = user.pk, {}
    bases = {}
    for pk, allocated_worker_id in children:
        if allocated_worker_id == user_pk:
            bases[pk] = ChildAccessGrant.Basis.ALLOCATED_WORKER.label
        elif pk in labels:
            bases[pk] = ", ".join(sorted(labels[pk]))
        else:
            holder = holder_of(pk)
            if holder not in reviews:
                reviews[holder] = policies.is_reviewer(user, holder)
            bases[pk] = OVERSIGHT if reviews[holder] else NO_GRANT
    return bases
