"""CIN transfer cases, for retention (issue 17): kept until the child's 25th birthday by default (a
Child in Need case record), then anonymised with the updates given to the family."""

from django.db.models import F
from django.db.models.functions import Coalesce, TruncDate

from portal import extensions
from portal.disposal import anonymise_with_history
from transfers.models import CinTransfer, FamilyUpdate

RECORD_TYPE = "transfers.cin_transfer"

FINISHED = (CinTransfer.State.ACCEPTED, CinTransfer.State.RESOLVED, CinTransfer.State.WITHDRAWN)

ANONYMISED_TRANSFER = {
    "new_address": "",
    "new_postcode": "",
    "proceed_reason": "",
    "advice_by": "",
    "advice_summary": "",
    "reason_for_involvement": "",
    "current_plan": "",
    "risks": "",
    "strengths": "",
    "professionals_involved": "",
    "family_views": "",
    "outstanding_actions": "",
    "decision_notes": "",
    "decline_reason": "",
    "resolution_rationale": "",
    "withdrawal_reason": "",
}


def candidates():
    return CinTransfer.objects.filter(state__in=FINISHED)


def dispose(*, ids: list[int], reason: str) -> int:
    updates = list(FamilyUpdate.objects.filter(transfer_id__in=ids).values_list("pk", flat=True))
    anonymise_with_history(FamilyUpdate, updates, values={"who_was_told": "", "what_was_told": ""}, reason=reason)
    return anonymise_with_history(CinTransfer, ids, values=ANONYMISED_TRANSFER, reason=reason)


def register() -> None:
    extensions.register_retention_type(
        RECORD_TYPE,
        label="CIN transfer case",
        candidates=candidates,
        triggers={
            "closure": TruncDate(Coalesce("resolved_at", "withdrawn_at", "decided_at")),
            "date_of_birth": F("child__date_of_birth"),
        },
        organisation="sending_authority_id",
        child="child_id",
        dispose=dispose,
    )
