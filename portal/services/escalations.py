"""Escalations: raised once per (subject, kind, level), acknowledged and resolved by those who may
act on them. Who reviews and who may act are read in `portal.selectors`."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django_fsm import can_proceed

from portal import selectors
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, Escalation, EscalationAssignment, Organisation, User
from portal.services.errors import InvalidTransition
from portal.services.notifications import notify


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
    unique_assignees = list({user.pk: user for user in assignees}.values())
    try:
        # Raised and its assignees told in one transaction: an escalation that stood untold would
        # never be told, since raising it again tells nobody.
        with transaction.atomic():
            escalation = Escalation(organisation=organisation, summary=summary, child=child, **lookup)
            _save(escalation, reason="Escalation raised")
            for user in unique_assignees:
                _save(EscalationAssignment(escalation=escalation, user=user), reason="Assigned")
            for user in unique_assignees:
                notify(
                    recipient=user,
                    event_key=f"escalation:{escalation.pk}:raised",
                    subject=f"Escalation: {escalation.get_kind_display()}",
                    body=summary,
                    link=escalation.get_absolute_url(),
                )
    except IntegrityError:
        # Someone raised it at the same moment: theirs stands.
        return Escalation.objects.get(**lookup), False
    return escalation, True


def escalation_acknowledge(*, actor: User, escalation: Escalation) -> Escalation:
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        _require(selectors.escalation_can_act(user=actor, escalation=escalation), "You cannot act on this escalation.")
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
        _require(selectors.escalation_can_act(user=actor, escalation=escalation), "You cannot act on this escalation.")
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
