"""Rectification and restriction of a child's record (UK GDPR Articles 16 and 18)."""

from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.access import require
from portal.history import save
from portal.models import Child, User
from portal.services import InvalidTransition
from subject_rights import policies, selectors
from subject_rights.models import Rectification, Restriction

NOT_ALLOWED = "Only a lead information officer of the organisation holding the record can do this."


def _require_holder(actor: User, child: Child) -> None:
    require(
        policies.may_answer(actor) and selectors.children_held_by(user=actor).filter(pk=child.pk).exists(),
        NOT_ALLOWED,
    )


def rectification_record(
    *,
    actor: User,
    child: Child,
    requester: str,
    received_on: date | None,
    what_is_wrong: str,
    decision: str,
    decision_reason: str,
    statement: str = "",
) -> Rectification:
    """Record a request to correct the record and the decision; where we disagree, the person's own
    statement is kept and shown with the record."""
    _require_holder(actor, child)
    errors = {}
    if not requester.strip():
        errors["requester"] = "Enter who asked for the correction"
    if received_on is None:
        errors["received_on"] = "Enter the date the request was received"
    elif received_on > timezone.localdate():
        errors["received_on"] = "The date received must be today or in the past"
    if not what_is_wrong.strip():
        errors["what_is_wrong"] = "Say what they say is wrong"
    if decision not in Rectification.Decision.values:
        errors["decision"] = "Choose whether the record was corrected"
    if not decision_reason.strip():
        errors["decision_reason"] = "Give the reason for the decision"
    if decision == Rectification.Decision.DISAGREED and not statement.strip():
        errors["statement"] = "Enter the person's statement: it is shown with the record"
    if errors:
        raise ValidationError(errors)
    rectification = Rectification(
        child=child,
        requester=requester.strip(),
        received_on=cast(date, received_on),  # checked above
        what_is_wrong=what_is_wrong.strip(),
        decision=decision,
        decision_reason=decision_reason.strip(),
        statement=statement.strip() if decision == Rectification.Decision.DISAGREED else "",
        decided_by=actor,
    )
    with transaction.atomic():
        save(rectification, reason="Request to correct the record decided", by=actor)
    return rectification


def restriction_place(*, actor: User, child: Child, reason: str) -> Restriction:
    _require_holder(actor, child)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the record is restricted"})
    with transaction.atomic():
        Child.objects.select_for_update().get(pk=child.pk)
        if selectors.restriction_in_force(child=child) is not None:
            raise InvalidTransition("This record is already restricted.")
        restriction = Restriction(child=child, reason=reason.strip(), restricted_by=actor)
        save(restriction, reason="Record restricted: it may be viewed but not shared", by=actor)
    return restriction


def restriction_lift(*, actor: User, restriction: Restriction, reason: str) -> Restriction:
    _require_holder(actor, restriction.child)
    if not reason.strip():
        raise ValidationError({"lift_reason": "Say why the restriction is lifted"})
    with transaction.atomic():
        restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
        if restriction.lifted_at is not None:
            raise InvalidTransition("This restriction has already been lifted.")
        restriction.lifted_by, restriction.lifted_at, restriction.lift_reason = actor, timezone.now(), reason.strip()
        save(restriction, reason="Restriction lifted", by=actor)
    return restriction
