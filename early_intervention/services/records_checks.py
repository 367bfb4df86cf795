"""The agencies' records checklist (the plan-updated outcome without sharing): each agency confirms
its records are up to date and accurately reflect its involvement, then that it forwarded them to
the receiving authority under its own procedures."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from early_intervention import selectors
from early_intervention.models import AgencyRecordsCheck
from early_intervention.services.common import Move, State, complete_if_done, locked
from portal.access import require as _require
from portal.history import save as _save
from portal.models import User
from portal.services import InvalidTransition


def _checkable(actor: User, row: AgencyRecordsCheck) -> tuple[Move, AgencyRecordsCheck]:
    _require(
        selectors.acts_for_agency(actor, row.move, row.agency),
        "Only the agency itself, or the lead professional's team, confirms its records.",
    )
    move = locked(row.move)
    row = AgencyRecordsCheck.objects.select_for_update().get(pk=row.pk)
    if move.state != State.PLAN_UPDATED_CHECKLIST:
        raise InvalidTransition(f"This move is {move.get_state_display().lower()}: nothing is confirmed now.")
    return move, row


def _who_when_errors(day: date | None, who: str, *, day_message: str, who_message: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if day is None:
        errors["on"] = day_message
    elif day > timezone.localdate():
        errors["on"] = "The date must be today or in the past"
    if not who.strip():
        errors["by_name"] = who_message
    return errors


def checklist_confirm_records(
    *, actor: User, row: AgencyRecordsCheck, confirmed_on: date | None, confirmed_by_name: str
) -> AgencyRecordsCheck:
    """An agency's records are up to date and accurately reflect its involvement with the family."""
    errors = _who_when_errors(
        confirmed_on,
        confirmed_by_name,
        day_message="Enter the date the records were brought up to date",
        who_message="Name who confirmed the records are up to date",
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        move, row = _checkable(actor, row)
        if row.records_confirmed:
            raise InvalidTransition(f"{row.agency} has confirmed its records already. Nothing was changed.")
        row.records_confirmed_on = confirmed_on
        row.records_confirmed_by_name = confirmed_by_name.strip()
        row.records_recorded_by = actor
        _save(row, reason="Records up to date", by=actor)
        complete_if_done(actor=actor, move=move)
    return row


def checklist_confirm_forwarded(
    *, actor: User, row: AgencyRecordsCheck, forwarded_on: date | None, forwarded_by_name: str, forwarded_to: str
) -> AgencyRecordsCheck:
    """An agency has forwarded its records to the receiving authority under its own procedures."""
    errors = _who_when_errors(
        forwarded_on,
        forwarded_by_name,
        day_message="Enter the date the records were forwarded",
        who_message="Name who forwarded the records",
    )
    if not forwarded_to.strip():
        errors["forwarded_to"] = "Say who in the receiving authority the records went to"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        move, row = _checkable(actor, row)
        if not row.records_confirmed:
            raise InvalidTransition("Confirm the records are up to date before they are forwarded.")
        if row.forwarded:
            raise InvalidTransition(f"{row.agency} has confirmed its records were forwarded already.")
        row.forwarded_on = forwarded_on
        row.forwarded_by_name = forwarded_by_name.strip()
        row.forwarded_to = forwarded_to.strip()
        row.forwarded_recorded_by = actor
        _save(row, reason="Records forwarded to the receiving authority", by=actor)
        complete_if_done(actor=actor, move=move)
    return row
