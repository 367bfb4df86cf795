"""The access log: who opened which child's record, and break-glass (emergency) access, which is
time-limited, logged, and put in front of the Caldicott Guardian of the organisation holding the
record."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal import selectors
from portal.access import require as _require
from portal.history import save as _save
from portal.models import AccessEvent, Child, ChildAccessGrant, Escalation, Organisation, User
from portal.services.escalations import escalation_raise
from portal.services.grants import child_access_grant

EMERGENCY_REASON_MIN_LENGTH = 20


def access_event_record(
    *, user: User, child: Child, basis: str, kind: str = AccessEvent.Kind.VIEW, reason: str = ""
) -> AccessEvent:
    event = AccessEvent(user=user, child=child, kind=kind, access_basis=basis[:200], reason=reason)
    _save(event, reason="Record viewed", by=user)
    return event


def emergency_access_grant(*, actor: User, child: Child, reason: str, hours: int | None = None) -> AccessEvent:
    """Break-glass: time-limited read access to a child the user cannot otherwise see, logged, and
    put in front of the Caldicott Guardian of the organisation that holds the record."""
    _require(actor.has_perm("portal.view_child"), "Your role cannot use emergency access.")
    if len(reason.strip()) < EMERGENCY_REASON_MIN_LENGTH:
        raise ValidationError(
            {"reason": f"Explain why you need access now, in at least {EMERGENCY_REASON_MIN_LENGTH} characters"}
        )
    hours = hours or settings.EMERGENCY_ACCESS_HOURS
    now = timezone.now()
    holder = Organisation.objects.get(pk=selectors.child_record_holder_id(child=child))
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
            assignees=selectors.escalation_reviewers(organisation=holder),
            child=child,
        )
    return event
