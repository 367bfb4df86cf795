"""Keeping the family informed: what they were told about the transfer, when, and by whom."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.access import require as _require
from portal.history import save as _save
from portal.models import User
from transfers import selectors
from transfers.models import CinTransfer, FamilyUpdate


@dataclass(frozen=True)
class FamilyUpdateDetails:
    told_on: date | None
    who_was_told: str
    method: str
    what_was_told: str


def family_update_record(*, actor: User, transfer: CinTransfer, details: FamilyUpdateDetails) -> FamilyUpdate:
    """Log what the family was told about the transfer, when and by whom (the person recording it)."""
    _require(
        actor.has_perm("transfers.add_familyupdate") and selectors.can_work_on(actor, transfer),
        "Only the team working with the family can record what it was told.",
    )
    errors: dict[str, str] = {}
    told_on = details.told_on
    if told_on is None:
        errors["told_on"] = "Enter the date the family was told"
    elif told_on > timezone.localdate():
        errors["told_on"] = "The date must be today or in the past"
    if not details.who_was_told.strip():
        errors["who_was_told"] = "Enter who was told"
    if details.method not in FamilyUpdate.Method.values:
        errors["method"] = "Choose how they were told"
    if not details.what_was_told.strip():
        errors["what_was_told"] = "Enter what the family was told"
    if errors or told_on is None:
        raise ValidationError(errors)
    update = FamilyUpdate(
        transfer=transfer,
        told_on=told_on,
        who_was_told=details.who_was_told.strip(),
        method=details.method,
        what_was_told=details.what_was_told.strip(),
        told_by=actor,
    )
    _save(update, reason="Family update recorded", by=actor)
    return update
