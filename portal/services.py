"""Every write in the core. Keyword-only, typed, atomic, permission-checked, with a history
change reason; notifications and tasks are enqueued on commit."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django_fsm import can_proceed
from guardian.shortcuts import assign_perm, remove_perm

from portal import policies, rules, signals
from portal.access import has_object_permission
from portal.access import require as _require
from portal.history import save as _save
from portal.models import (
    AccessEvent,
    Child,
    ChildAccessGrant,
    Escalation,
    EscalationAssignment,
    Notification,
    Organisation,
    Person,
    Relationship,
    Team,
    User,
)

logger = logging.getLogger(__name__)

LEVEL_PERMISSIONS = {
    ChildAccessGrant.Level.VIEW: {"view_child"},
    ChildAccessGrant.Level.EDIT: {"view_child", "change_child"},
}


class InvalidTransition(Exception):
    """The record is no longer in a state that allows this action (someone else got there first)."""


# --- Child access --------------------------------------------------------------------------------


def _sync_guardian_rows(*, child: Child, user: User | None = None, team: Team | None = None) -> None:
    """Make the guardian rows for one principal on one child match its active grants."""
    now = timezone.now()
    grants = ChildAccessGrant.objects.filter(child=child, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    grants = grants.filter(user=user) if user is not None else grants.filter(team=team)
    needed: set[str] = set()
    for level in grants.values_list("level", flat=True):
        needed |= LEVEL_PERMISSIONS[level]
    principal: User | Group = user if user is not None else team.group
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


def child_access_expire_due(*, today: date) -> dict[str, int]:
    """Sweep: close the guardian rows of grants whose time has run out (e.g. emergency access)."""
    now = timezone.now()
    expired = list(
        ChildAccessGrant.objects.filter(revoked_at__isnull=True, expires_at__lte=now).select_related(
            "child", "user", "team__group"
        )
    )
    for grant in expired:
        child_access_revoke(grant=grant, revoked_by=None, reason="Time-limited access expired")
    return {"grants_closed": len(expired)}


def _active_allocation_grants(child: Child):
    return ChildAccessGrant.objects.filter(
        child=child,
        revoked_at__isnull=True,
        basis__in=[ChildAccessGrant.Basis.ALLOCATED_WORKER, ChildAccessGrant.Basis.ALLOCATED_TEAM],
    ).select_related("user", "team__group")


def _allocate(*, child: Child, team: Team, worker: User | None, actor: User) -> None:
    """Move case responsibility: revoke the previous allocation's grants and grant the new ones."""
    for grant in _active_allocation_grants(child):
        if (grant.team_id and grant.team_id == team.pk) or (worker and grant.user_id == worker.pk):
            continue
        child_access_revoke(grant=grant, revoked_by=actor, reason="Case reallocated")
    current = {(g.basis, g.user_id, g.team_id) for g in _active_allocation_grants(child)}
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
    child.allocated_on = timezone.localdate()


# --- Children ------------------------------------------------------------------------------------


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
    for field, value in details.__dict__.items():
        setattr(child, field, value)
    child.nhs_number = rules.normalise_nhs_number(child.nhs_number)


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
        raise ValidationError({"nhs_number": "A child with this NHS number is already recorded"}) from error
    return child


def child_update(*, actor: User, child: Child, details: ChildDetails) -> Child:
    _require(has_object_permission(actor, "change_child", child), "You cannot edit this child's details.")
    try:
        with transaction.atomic():
            child = Child.objects.select_for_update().get(pk=child.pk)
            _apply_details(child, details)
            child.full_clean(exclude=["allocated_worker", "allocated_team"], validate_constraints=False)
            _save(child, reason="Child's details updated", by=actor)
    except IntegrityError as error:
        raise ValidationError({"nhs_number": "A child with this NHS number is already recorded"}) from error
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
        _allocate(child=child, team=team, worker=worker, actor=actor)
        _save(child, reason=f"Allocated to {team.name}", by=actor)
    if worker is not None and worker != actor:
        notify(
            recipient=worker,
            event_key=f"child:{child.pk}:allocated:{worker.pk}:{child.allocated_on.isoformat()}",
            subject="A child has been allocated to you",
            body=f"{actor} allocated a child to you in {team.name}.",
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


# --- People and relationships --------------------------------------------------------------------


@dataclass(frozen=True)
class PersonDetails:
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class RelationshipDetails:
    kind: str
    has_parental_responsibility: bool = False
    lives_with_child: bool = False
    source: str = Relationship.Source.FROM_PERSON
    obtained_on: date | None = None


def person_add_to_child(
    *,
    actor: User,
    child: Child,
    person: PersonDetails,
    relationship: RelationshipDetails,
    caller_checked_access: bool = False,
) -> Relationship:
    """Record a person in a child's life. A workflow that decided itself that the actor may add to
    this record without seeing it (a MAST referral about a child held by another team) says so with
    `caller_checked_access`."""
    _require(
        caller_checked_access or has_object_permission(actor, "change_child", child),
        "You cannot edit this child's record.",
    )
    with transaction.atomic():
        record = Person(**person.__dict__)
        record.full_clean()
        _save(record, reason="Person recorded", by=actor)
        link = Relationship(
            child=child,
            person=record,
            recorded_by=actor,
            **{k: v for k, v in relationship.__dict__.items() if v is not None},
        )
        link.full_clean()
        _save(link, reason="Relationship recorded", by=actor)
        signals.relationship_recorded.send(sender=Relationship, relationship=link, actor=actor)
    return link


def person_update(*, actor: User, person: Person, details: PersonDetails) -> Person:
    children = Child.objects.filter(relationships__person=person)
    _require(
        any(has_object_permission(actor, "change_child", child) for child in children),
        "You cannot edit this person's details.",
    )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        for field, value in details.__dict__.items():
            setattr(person, field, value)
        person.full_clean()
        _save(person, reason="Person's details updated", by=actor)
    return person


# --- Escalations ---------------------------------------------------------------------------------


def escalation_raise(
    *,
    subject: models.Model,
    kind: str,
    level: int,
    organisation: Organisation,
    summary: str,
    assignees: list[User],
    child: Child | None = None,
) -> tuple[Escalation, bool]:
    """Raise an escalation once. Raising the same (subject, kind, level) again returns the existing
    one and tells nobody again, so sweeps can run as often as they like."""
    subject_type = ContentType.objects.get_for_model(subject)
    lookup = {"subject_type": subject_type, "subject_id": subject.pk, "kind": kind, "level": level}
    existing = Escalation.objects.filter(**lookup).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            escalation = Escalation(organisation=organisation, summary=summary, child=child, **lookup)
            _save(escalation, reason="Escalation raised")
            for user in {u.pk: u for u in assignees}.values():
                _save(EscalationAssignment(escalation=escalation, user=user), reason="Assigned")
    except IntegrityError:
        # Someone raised it at the same moment: theirs stands.
        return Escalation.objects.get(**lookup), False
    for user in {u.pk: u for u in assignees}.values():
        notify(
            recipient=user,
            event_key=f"escalation:{escalation.pk}:raised",
            subject=f"Escalation: {escalation.get_kind_display()}",
            body=summary,
            link=escalation.get_absolute_url(),
        )
    return escalation, True


def escalation_reviewers(*, organisation: Organisation) -> list[User]:
    """Who reviews an organisation's escalations: its Caldicott Guardians and lead information officers."""
    return list(policies.reviewers_of(organisation))


def escalation_can_act(*, user: User, escalation: Escalation) -> bool:
    if escalation.assignments.filter(user=user).exists():
        return True
    return policies.is_reviewer(user, escalation.organisation_id)


def escalation_acknowledge(*, actor: User, escalation: Escalation) -> Escalation:
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        _require(escalation_can_act(user=actor, escalation=escalation), "You cannot act on this escalation.")
        if not can_proceed(escalation.acknowledge):
            raise InvalidTransition(f"This escalation is already {escalation.get_status_display().lower()}.")
        escalation.acknowledge(by=actor, at=timezone.now())
        _save(escalation, reason="Escalation acknowledged", by=actor)
    return escalation


def escalation_resolve(
    *, actor: User, escalation: Escalation, resolution: str, rationale: str, actions: str = ""
) -> Escalation:
    if not resolution.strip() or not rationale.strip():
        raise ValidationError("A resolution and its rationale are both required")
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        _require(escalation_can_act(user=actor, escalation=escalation), "You cannot act on this escalation.")
        if not can_proceed(escalation.resolve):
            raise InvalidTransition("This escalation has already been resolved.")
        escalation.resolve(
            by=actor,
            at=timezone.now(),
            resolution=resolution.strip(),
            rationale=rationale.strip(),
            actions=actions.strip(),
        )
        _save(escalation, reason="Escalation resolved", by=actor)
    return escalation


# --- Notifications -------------------------------------------------------------------------------


def notify(
    *, recipient: User, event_key: str, subject: str, body: str = "", link: str = ""
) -> tuple[Notification, bool]:
    """Put an item in someone's inbox and email them, once per (recipient, event key)."""
    from portal.tasks import send_notification_email

    existing = Notification.objects.filter(recipient=recipient, event_key=event_key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            notification = Notification(
                recipient=recipient, event_key=event_key, subject=subject[:200], body=body, link=link
            )
            _save(notification, reason="Notification created")
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, event_key=event_key), False
    if recipient.email:
        send_notification_email.delay_on_commit(notification.pk)
    return notification, True


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    _require(notification.recipient_id == actor.pk, "This is not your notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        _save(notification, reason="Read", by=actor)
    return notification


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notification's email unless it has gone already. Returns whether it sent."""
    from django.conf import settings

    with transaction.atomic():
        notification = Notification.objects.select_for_update().select_related("recipient").get(pk=notification_id)
        if notification.email_sent_at is not None or not notification.recipient.email:
            return False
        link = f"{settings.PORTAL_BASE_URL}{notification.link}" if notification.link else settings.PORTAL_BASE_URL
        # The email carries no personal data about children: it points to the portal.
        send_mail(
            subject=f"Information Sharing Portal: {notification.subject}",
            message=f"{notification.subject}\n\nSign in to the portal to see the details:\n{link}\n",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.email_sent_at = timezone.now()
        _save(notification, reason="Email sent")
    return True


def notification_emails_resend_unsent(*, today: date) -> dict[str, int]:
    """Sweep: re-enqueue emails that never went (a lost broker, a stopped worker)."""
    from portal.tasks import send_notification_email

    cutoff = timezone.now() - timedelta(minutes=5)
    pending = list(
        Notification.objects.filter(email_sent_at__isnull=True, created_at__lte=cutoff)
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        send_notification_email.delay_on_commit(pk)
    return {"emails_enqueued": len(pending)}


# --- Access log and emergency access -------------------------------------------------------------


def access_event_record(
    *, user: User, child: Child, basis: str, kind: str = AccessEvent.Kind.VIEW, reason: str = ""
) -> AccessEvent:
    event = AccessEvent(user=user, child=child, kind=kind, access_basis=basis[:200], reason=reason)
    _save(event, reason="Record viewed", by=user)
    return event


def emergency_access_grant(*, actor: User, child: Child, reason: str, hours: int | None = None) -> AccessEvent:
    """Break-glass: time-limited read access to a child the user cannot otherwise see, logged, and
    put in front of the Caldicott Guardian of the organisation that holds the record."""
    from django.conf import settings

    _require(actor.has_perm("portal.view_child"), "Your role cannot use emergency access.")
    if len(reason.strip()) < 20:
        raise ValidationError({"reason": "Explain why you need access now, in at least 20 characters"})
    hours = hours or settings.EMERGENCY_ACCESS_HOURS
    now = timezone.now()
    holder = child.allocated_team.organisation if child.allocated_team_id else child.local_authority
    with transaction.atomic():
        event = AccessEvent(
            user=actor,
            child=child,
            kind=AccessEvent.Kind.EMERGENCY,
            access_basis=ChildAccessGrant.Basis.EMERGENCY.label,
            reason=reason.strip(),
            expires_at=now + timedelta(hours=hours),
        )
        _save(event, reason="Emergency access", by=actor)
        child_access_grant(
            child=child,
            basis=ChildAccessGrant.Basis.EMERGENCY,
            level=ChildAccessGrant.Level.VIEW,
            user=actor,
            source=event,
            granted_by=actor,
            expires_at=event.expires_at,
        )
    escalation_raise(
        subject=event,
        kind=Escalation.Kind.EMERGENCY_ACCESS,
        level=Escalation.Level.SENIOR,
        organisation=holder,
        summary=f"{actor} used emergency access to a child's record for {hours} hours.",
        assignees=escalation_reviewers(organisation=holder),
        child=child,
    )
    return event
