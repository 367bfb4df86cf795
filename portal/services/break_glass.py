"""The review of a break-glass (emergency) access: the reviewer records whether it was justified,
with notes, and may end the access at once. Ending it revokes the emergency grant through the
grants ledger, so the record closes the moment the grant does (DESIGN §5)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.urls import reverse
from django.utils import timezone
from django_fsm import can_proceed

from portal import selectors
from portal.access import grant_in_force
from portal.access import require as _require
from portal.history import save as _save
from portal.models import AccessEvent, ChildAccessGrant, Escalation, User
from portal.services.errors import InvalidTransition
from portal.services.grants import child_access_revoke
from portal.services.notifications import notify


class Finding(TextChoices):
    JUSTIFIED = "justified", "Justified"
    NOT_JUSTIFIED = "not_justified", "Not justified"


def _break_glass(actor: User, escalation: Escalation) -> AccessEvent:
    """The emergency access the escalation is about, once the actor may act on it."""
    if escalation.kind != Escalation.Kind.EMERGENCY_ACCESS or not isinstance(escalation.subject, AccessEvent):
        raise InvalidTransition("This escalation is not about emergency access.")
    _require(selectors.escalation_can_act(user=actor, escalation=escalation), "You cannot act on this escalation.")
    return escalation.subject


def _end(*, actor: User, escalation: Escalation, event: AccessEvent, why: str) -> int:
    """Revoke every emergency grant in force that this access made; the user is told. Inside the
    caller's transaction. Returns how many grants were ended."""
    grants = ChildAccessGrant.objects.filter(
        grant_in_force(),
        basis=ChildAccessGrant.Basis.EMERGENCY,
        source_type=escalation.subject_type,
        source_id=event.pk,
    )
    ended = 0
    for grant in grants:
        child_access_revoke(grant=grant, revoked_by=actor, reason=why)
        ended += 1
    if ended:
        _save(escalation, reason="Emergency access ended by the reviewer", by=actor)
        notify(
            recipient=event.user,
            event_key=f"emergency-access:{event.pk}:ended",
            subject="Your emergency access has been ended",
            body=f"{actor} ended your emergency access to a child's record when reviewing it.",
            link=reverse("portal:home"),
        )
    return ended


def emergency_access_end(*, actor: User, escalation: Escalation) -> int:
    """End a break-glass access at once, before its expiry: the grant is revoked in the ledger
    (recorded with who ended it and why) and the user told. Returns how many grants were ended
    (0 if it had already ended)."""
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        event = _break_glass(actor, escalation)
        return _end(actor=actor, escalation=escalation, event=event, why="Ended early by the reviewer")


def emergency_access_review(
    *, actor: User, escalation: Escalation, finding: str, notes: str, end_access: bool = False
) -> Escalation:
    """Record the review of a break-glass access: justified or not, with the reviewer's notes, and
    close the escalation. With `end_access`, the access still in force ends now."""
    errors = {}
    if finding not in Finding.values:
        errors["finding"] = "Say whether the emergency access was justified"
    if not notes.strip():
        errors["notes"] = "Enter your notes on the review"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        event = _break_glass(actor, escalation)
        if not can_proceed(escalation.resolve):
            raise InvalidTransition("This emergency access has already been reviewed.")
        if end_access:
            _end(actor=actor, escalation=escalation, event=event, why=f"Review: {Finding(finding).label.lower()}")
        escalation.resolve(
            by=actor,
            at=timezone.now(),
            resolution=f"Emergency access {Finding(finding).label.lower()}",
            rationale=notes.strip(),
        )
        _save(escalation, reason=f"Emergency access reviewed: {Finding(finding).label.lower()}", by=actor)
    return escalation
