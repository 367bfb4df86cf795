"""Children: recording a child, editing their details, and moving case responsibility (allocation)
with the access grants it carries."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal import policies, rules, selectors
from portal.access import has_object_permission
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, ChildAccessGrant, Escalation, Organisation, Team, Tier, User
from portal.services.escalations import escalation_raise, escalations_close_for
from portal.services.grants import child_access_grant, child_access_revoke
from portal.services.notifications import notify, notify_each

_DUPLICATE_NHS_NUMBER = {"nhs_number": "A child with this NHS number is already recorded"}


@dataclass(frozen=True)
class ChildDetails:
    first_name: str
    last_name: str
    local_authority: Organisation
    other_names: str = ""
    date_of_birth: date | None = None
    is_unborn: bool = False
    nhs_number: str = ""
    address: str = ""
    postcode: str = ""
    whereabouts_known: bool = True
    tier: int = 2


def _apply_details(child: Child, details: ChildDetails) -> None:
    # Only what changes is checked: a record saved before a rule existed is not refused for it.
    same_nhs = rules.normalise_nhs_number(details.nhs_number) == (child.nhs_number or "")
    same_date = (details.date_of_birth, details.is_unborn) == (child.date_of_birth, child.is_unborn)
    errors = rules.child_details_errors(
        nhs_number="" if child.pk and same_nhs else details.nhs_number,
        date_of_birth=None if child.pk and same_date else details.date_of_birth,
        is_unborn=details.is_unborn,
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    for field, value in details.__dict__.items():
        setattr(child, field, value)
    child.nhs_number = rules.normalise_nhs_number(child.nhs_number)


def _allocate(*, child: Child, team: Team, worker: User | None, actor: User) -> date:
    """Move case responsibility: revoke the previous allocation's grants and grant the new ones.
    Returns the day of the allocation."""
    for grant in selectors.child_allocation_grants(child=child):
        if (grant.team_id and grant.team_id == team.pk) or (worker and grant.user_id == worker.pk):
            continue
        child_access_revoke(grant=grant, revoked_by=actor, reason="Case reallocated")
    current = {(g.basis, g.user_id, g.team_id) for g in selectors.child_allocation_grants(child=child)}
    if (ChildAccessGrant.Basis.ALLOCATED_TEAM, None, team.pk) not in current:
        child_access_grant(
            child=child,
            basis=ChildAccessGrant.Basis.ALLOCATED_TEAM,
            level=ChildAccessGrant.Level.EDIT,
            team=team,
            granted_by=actor,
        )
    if worker and (ChildAccessGrant.Basis.ALLOCATED_WORKER, worker.pk, None) not in current:
        child_access_grant(
            child=child,
            basis=ChildAccessGrant.Basis.ALLOCATED_WORKER,
            level=ChildAccessGrant.Level.EDIT,
            user=worker,
            granted_by=actor,
        )
    child.allocated_team = team
    child.allocated_worker = worker
    allocated_on = timezone.localdate()
    child.allocated_on = allocated_on
    return allocated_on


def child_create(*, actor: User, details: ChildDetails, team: Team) -> Child:
    """Record a new child, allocated to the creating worker and their team."""
    _require(actor.has_perm("portal.add_child"), "You cannot add children.")
    _require(team.memberships.filter(user=actor).exists(), "You can only add a child to your own team.")
    child = Child()
    _apply_details(child, details)
    child.full_clean(exclude=["allocated_worker", "allocated_team"], validate_constraints=False)
    try:
        with transaction.atomic():
            _save(child, reason="Child recorded", by=actor)
            _allocate(child=child, team=team, worker=actor, actor=actor)
            _save(child, reason="Allocated on creation", by=actor)
    except IntegrityError as error:
        raise ValidationError(_DUPLICATE_NHS_NUMBER) from error
    return child


def child_update(*, actor: User, child: Child, details: ChildDetails) -> Child:
    _require(has_object_permission(actor, "change_child", child), "You cannot edit this child's details.")
    try:
        with transaction.atomic():
            child = Child.objects.select_for_update().get(pk=child.pk)
            was_known = child.whereabouts_known
            _apply_details(child, details)
            child.full_clean(exclude=["allocated_worker", "allocated_team"], validate_constraints=False)
            _save(child, reason="Child's details updated", by=actor)
            if was_known and not child.whereabouts_known:
                _whereabouts_lost(actor=actor, child=child, alert_issued=False)
            elif child.whereabouts_known and not was_known:
                escalations_close_for(
                    subject=child, kinds=[Escalation.Kind.WHEREABOUTS_UNKNOWN], resolution="Whereabouts known again"
                )
    except IntegrityError as error:
        raise ValidationError(_DUPLICATE_NHS_NUMBER) from error
    return child


def _whereabouts_lost(*, actor: User, child: Child, alert_issued: bool) -> None:
    """The child's whereabouts are not known (DESIGN §5): the allocated team is told; for a Child in
    Need, unless MAST already has an alert, the team manager is given the decision whether to issue a
    "whereabouts unknown" alert, to record with their risk assessment either way."""
    team = child.allocated_team
    if team is None:
        return
    notify_each(
        [*policies.members_of(teams=[team]), *([child.allocated_worker] if child.allocated_worker else [])],
        event_key=f"child:{child.pk}:whereabouts-unknown:{timezone.localdate().isoformat()}",
        subject="A child's whereabouts are unknown",
        body=(
            "MAST has confirmed an alert that a child allocated to your team has left for an unknown location."
            if alert_issued
            else "A child allocated to your team has been recorded as whereabouts unknown."
        ),
        link=child.get_absolute_url(),
        exclude=actor,
    )
    if alert_issued:
        escalations_close_for(
            subject=child, kinds=[Escalation.Kind.WHEREABOUTS_UNKNOWN], resolution="Alert issued to MAST"
        )
    elif child.tier >= Tier.CHILD_IN_NEED:
        escalation_raise(
            subject=child,
            kind=Escalation.Kind.WHEREABOUTS_UNKNOWN,
            level=Escalation.Level.TEAM_MANAGER,
            organisation=team.organisation,
            summary=(
                "A Child in Need allocated to your team has left for an unknown location. Decide whether to issue "
                "a 'whereabouts unknown' alert to MAST, and record your decision and risk assessment either way."
            ),
            assignees=list(policies.managers_of(teams=[team])),
            child=child,
        )


def child_whereabouts_unknown_confirmed(*, actor: User, child: Child) -> Child:
    """MAST confirms a "whereabouts unknown" alert about the child: the record says so and the
    allocated team is told. The caller (the alert's service) has checked the actor may act on it."""
    with transaction.atomic():
        child = Child.objects.select_for_update().get(pk=child.pk)
        if child.whereabouts_known:
            child.whereabouts_known = False
            _save(child, reason="Whereabouts unknown (alert confirmed by MAST)", by=actor)
        _whereabouts_lost(actor=actor, child=child, alert_issued=True)
    return child


def child_allocate(*, actor: User, child: Child, team: Team, worker: User | None) -> Child:
    """A team manager allocates a child to a worker in a team they manage."""
    _require(actor.has_perm("portal.allocate_child"), "Only team managers can allocate children.")
    manages = policies.managed_team_ids(actor)
    _require(
        team.pk in manages and (child.allocated_team_id is None or child.allocated_team_id in manages),
        "You can only allocate children between teams you manage.",
    )
    if worker is not None and not team.memberships.filter(user=worker).exists():
        raise ValidationError({"worker": "Choose a worker who is a member of the team"})
    with transaction.atomic():
        child = Child.objects.select_for_update().get(pk=child.pk)
        allocated_on = _allocate(child=child, team=team, worker=worker, actor=actor)
        _save(child, reason=f"Allocated to {team.name}", by=actor)
        if worker is not None and worker != actor:
            notify(
                recipient=worker,
                event_key=f"child:{child.pk}:allocated:{worker.pk}:{allocated_on.isoformat()}",
                subject="A child has been allocated to you",
                body=f"{actor} allocated a child to you in {team.name}.",
                link=child.get_absolute_url(),
            )
    return child


def child_hand_on(*, actor: User, child: Child, team: Team, tier: int, reason: str) -> Child:
    """A workflow hands the child on to a team with the level of need it decided (a screening
    outcome: the authority's CIN team for an assessment, its early help team for early help). Case
    responsibility moves to the team, which is given access; its manager allocates a worker (the
    "to allocate" list on their dashboard) and is told. A child already with that team stays with its
    worker. The caller has checked that the actor may make the decision."""
    with transaction.atomic():
        child = Child.objects.select_for_update().get(pk=child.pk)
        moved = child.allocated_team_id != team.pk
        if moved:
            _allocate(child=child, team=team, worker=None, actor=actor)
        child.tier = tier
        _save(child, reason=reason[:100], by=actor)
        if moved:
            notify_each(
                policies.managers_of(teams=[team]),
                event_key=f"child:{child.pk}:handed-on:{team.pk}:{timezone.localdate().isoformat()}",
                subject=f"A child to allocate in {team.name}",
                body=f"{reason}. Allocate a worker from your dashboard.",
                link=child.get_absolute_url(),
            )
    return child


def child_responsibility_transfer(*, child: Child, team: Team, worker: User | None, actor: User, reason: str) -> Child:
    """Move case responsibility as a workflow decides it (a transfer accepted by the receiving
    authority). The caller has checked that the actor may make that decision; this moves the
    allocation and its grants exactly as allocation does."""
    with transaction.atomic():
        child = Child.objects.select_for_update().get(pk=child.pk)
        _allocate(child=child, team=team, worker=worker, actor=actor)
        _save(child, reason=reason[:100], by=actor)
    return child
