"""Transfers, for retention (issue 17).

CIN transfer cases: kept until the child's 25th birthday by default (a Child in Need case record),
then anonymised with the updates given to the family; the documents sent with the transfer (CIN
plans, minutes) are deleted, their rows and history at once and their files from storage once the
disposal commits (a disposal rolled back keeps them).

Transfer requests between authorities (what a requesting team knew of a child, and the sending
authority's answer): kept six years after the answer by default, then anonymised. They are the
sending authority's to review: the request is addressed to it, it answers, and it holds the child's
record a hold may be placed on.
"""

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate

from portal import extensions
from portal.disposal import anonymise_with_history
from sharing.retention import consent_relied_on_while
from transfers.models import CinTransfer, FamilyUpdate, TransferDocument, TransferRequest

RECORD_TYPE = "transfers.cin_transfer"
REQUEST_RECORD_TYPE = "transfers.transfer_request"

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

ANONYMISED_REQUEST = {
    "child": None,
    "child_first_name": "",
    "child_last_name": "",
    "child_date_of_birth": None,
    "child_nhs_number": "",
    "child_address": "",
    "how_learned": "",
    "explanation": "",
}


def candidates():
    return CinTransfer.objects.filter(state__in=FINISHED)


def _delete_documents(transfer_ids: list[int]) -> None:
    """The documents' rows and every version in their history now; their files after commit."""
    documents = list(TransferDocument.objects.filter(transfer_id__in=transfer_ids))
    files = [(document.file.storage, name) for document in documents if (name := document.file.name)]
    ids = [document.pk for document in documents]
    TransferDocument.objects.filter(pk__in=ids).delete()
    # After the rows: deleting a row writes a last version of it to the history.
    TransferDocument.history.model.objects.filter(id__in=ids).delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    if files:
        transaction.on_commit(remove_files)


def dispose(*, ids: list[int], reason: str) -> int:
    _delete_documents(ids)
    updates = list(FamilyUpdate.objects.filter(transfer_id__in=ids).values_list("pk", flat=True))
    anonymise_with_history(FamilyUpdate, updates, values={"who_was_told": "", "what_was_told": ""}, reason=reason)
    return anonymise_with_history(CinTransfer, ids, values=ANONYMISED_TRANSFER, reason=reason)


def request_candidates():
    return TransferRequest.objects.exclude(state=TransferRequest.State.OPEN)


def request_dispose(*, ids: list[int], reason: str) -> int:
    return anonymise_with_history(TransferRequest, ids, values=ANONYMISED_REQUEST, reason=reason)


def register() -> None:
    # The family's agreement to the transfer is kept while the transfer is not finished.
    consent_relied_on_while(CinTransfer, field="consent_record", open_records=~Q(state__in=FINISHED))
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
    extensions.register_retention_type(
        REQUEST_RECORD_TYPE,
        label="Transfer request between authorities",
        candidates=request_candidates,
        triggers={
            "closure": TruncDate("answered_at"),
            "last_activity": TruncDate(Coalesce("answered_at", "requested_at")),
        },
        organisation="sending_authority_id",
        child="child_id",
        dispose=request_dispose,
    )
