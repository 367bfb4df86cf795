"""Legal holds: litigation, an inquiry or a live safeguarding concern stops disposal of one record,
or of every record about a child, until the officer who holds it lifts it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.history import save as _save
from portal.models import User
from portal.services import InvalidTransition
from retention.models import LegalHold, ReviewItem
from retention.services.common import child_ids_of, require_reviewer

SCOPES = ("record", "child")


def legal_hold_place(*, actor: User, item: ReviewItem, scope: str, kind: str, reason: str) -> LegalHold:
    """Hold the item's record (scope "record") or every record about its child (scope "child")."""
    require_reviewer(actor)
    errors = {}
    if scope not in SCOPES:
        errors["scope"] = "Choose what the hold covers"
    if kind not in LegalHold.Kind.values:
        errors["kind"] = "Choose why the records are held"
    if not reason.strip():
        errors["reason"] = "Explain the hold"
    if errors:
        raise ValidationError(errors)
    if item.organisation_id != actor.organisation_id:
        raise ValidationError("Hold only records your organisation holds")
    if item.status != ReviewItem.Status.DUE:
        raise InvalidTransition("This record has already been disposed of: there is nothing left to hold.")
    hold = LegalHold(
        organisation_id=actor.organisation_id, kind=kind, reason=reason.strip(), placed_by=actor, item=item
    )
    if scope == "child":
        child_id = child_ids_of([item]).get(item.pk)
        if child_id is None:
            raise ValidationError({"scope": "This record is about no child on the portal: hold the record itself"})
        hold.child_id = child_id
    else:
        hold.record_type, hold.object_id = item.record_type, item.object_id
    with transaction.atomic():
        _save(hold, reason="Legal hold placed", by=actor)
    return hold


def legal_hold_lift(*, actor: User, hold: LegalHold, reason: str) -> LegalHold:
    require_reviewer(actor)
    if hold.organisation_id != actor.organisation_id:
        raise ValidationError("Lift only your organisation's holds")
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the hold is lifted"})
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if hold.status != LegalHold.Status.ACTIVE:
            raise InvalidTransition("This hold has already been lifted. Nothing was changed.")
        hold.lift()
        hold.lifted_by, hold.lifted_at, hold.lift_reason = actor, timezone.now(), reason.strip()
        _save(hold, reason="Legal hold lifted", by=actor)
    return hold
