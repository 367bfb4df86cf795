"""Completed sharing decisions, for retention (issue 17): kept for a period from completion, then
their free text (who asked, the named recipient, the purpose, the reasons, the advice and what was
shared) is emptied in the record and its history. The decision's outcome, dates and lawful basis
stay, so the organisation's log still counts it."""

from django.db.models.functions import Coalesce, TruncDate

from portal import extensions
from portal.disposal import anonymise_with_history
from sharing.models import SharingDecision

RECORD_TYPE = "sharing.decision"

ANONYMISED_DECISION = {
    "requested_by": "",
    "recipient_name": "",
    "purpose_detail": "",
    "reasons": "",
    "advice_question": "",
    "advice": "",
    "summary_facts": "",
    "summary_opinion": "",
    "amendment_reason": "",
}


def candidates():
    return SharingDecision.objects.filter(status=SharingDecision.Status.COMPLETED)


def dispose(*, ids: list[int], reason: str) -> int:
    return anonymise_with_history(SharingDecision, ids, values=ANONYMISED_DECISION, reason=reason)


def register() -> None:
    extensions.register_retention_type(
        RECORD_TYPE,
        label="Sharing decision",
        candidates=candidates,
        triggers={
            "closure": TruncDate("completed_at"),
            "last_activity": TruncDate(Coalesce("completed_at", "started_at")),
        },
        organisation="organisation_id",
        child="child_id",
        dispose=dispose,
    )
