"""Escalations: raised once per (subject, kind, level), acknowledged and resolved by those who may
act on them. Who reviews and who may act are read in `portal.selectors`."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django_fsm import can_proceed

from portal import extensions, policies, selectors
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
    one and tells nobody again, so sweeps can run as often as they like. An escalation always reaches
    someone: with no assignees given (the organisation has nobody who could take it), it goes to the
    fallback reviewers of the local authority the organisation serves (`policies.escalation_fallback`)."""
    subject_type = ContentType.objects.get_for_model(subject)
    lookup = {"subject_type": subject_type, "subject_id": subject.pk, "kind": kind, "level": level}
    existing = Escalation.objects.filter(**lookup).first()
    if existing:
        return existing, False
    unique_assignees = list({user.pk: user for user in assignees}.values())
    if not unique_assignees:
        unique_assignees = list(policies.escalation_fallback(organisation))
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


def _kind_of(escalation: Escalation) -> extensions.EscalationKind | None:
    subject_type = ContentType.objects.get_for_id(escalation.subject_type_id)
    return extensions.escalation_kind(escalation.kind, f"{subject_type.app_label}.{subject_type.model}")


def escalation_resolve(
    *, actor: User, escalation: Escalation, resolution: str, rationale: str, actions: str = ""
) -> Escalation:
    """Close an escalation with a decision and its rationale. Where the escalation's kind settles its
    subject when closed (an advice request: the advice is recorded), that service runs instead, and
    closes the escalation as it finishes the subject."""
    if not resolution.strip() or not rationale.strip():
        raise ValidationError("A resolution and its rationale are both required")
    kind = _kind_of(escalation)
    if kind is not None and kind.on_resolve and escalation.status != Escalation.Status.RESOLVED:
        _require(selectors.escalation_can_act(user=actor, escalation=escalation), "You cannot act on this escalation.")
        kind.on_resolve(
            actor=actor,
            escalation=escalation,
            resolution=resolution.strip(),
            rationale=rationale.strip(),
            actions=actions.strip(),
        )
        escalation.refresh_from_db()
        return escalation
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


def escalations_close_for(
    *,
    subject: models.Model,
    resolution: str,
    rationale: str = "",
    kinds: list[str] | None = None,
    by: User | None = None,
) -> int:
    """The subject is finished: close every open escalation about it (of ``kinds``, or of every
    kind), whoever it is assigned to. Called by the service that finishes the subject, inside its
    transaction. Closed as the system unless ``by`` names who settled it; the reason is recorded.
    Returns how many were closed."""
    subject_type = ContentType.objects.get_for_model(subject)
    open_ones = Escalation.objects.filter(subject_type=subject_type, subject_id=subject.pk).exclude(
        status=Escalation.Status.RESOLVED
    )
    if kinds is not None:
        open_ones = open_ones.filter(kind__in=kinds)
    return _close(open_ones, resolution=resolution, rationale=rationale or resolution, by=by)


def _close(open_ones: models.QuerySet[Escalation], *, resolution: str, rationale: str, by: User | None) -> int:
    closed = 0
    with transaction.atomic():
        for escalation in open_ones.select_for_update().order_by("pk"):
            escalation.resolve(by=by, at=timezone.now(), resolution=resolution[:200], rationale=rationale)
            _save(escalation, reason="Escalation closed: its subject is finished", by=by)
            closed += 1
    return closed


def escalations_close_finished(*, today=None) -> dict[str, int]:
    """Sweep: close any open escalation whose subject its kind declares finished (a finished subject
    whose service did not close it, or one finished before this rule existed)."""
    closed = 0
    for kind in extensions.escalation_kinds():
        if kind.finished is None:
            continue
        app_label, model = kind.model.split(".")
        subject_type = ContentType.objects.get_by_natural_key(app_label, model)
        open_ones = Escalation.objects.filter(subject_type=subject_type, kind=kind.kind).exclude(
            status=Escalation.Status.RESOLVED
        )
        ids = list(open_ones.values_list("subject_id", flat=True))
        if not ids:
            continue
        finished = kind.finished(ids=ids)
        if finished:
            closed += _close(
                open_ones.filter(subject_id__in=finished),
                resolution="Closed: what it was about is finished",
                rationale="Closed by the portal: what this escalation was about was finished.",
                by=None,
            )
    return {"escalations_closed": closed}
