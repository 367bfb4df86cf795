"""The documents sent with a transfer: a CIN plan, minutes and others, checked by name and content.
Recent minutes can follow the referral until the receiving authority decides."""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from portal import documents as rules
from portal.access import require as _require
from portal.history import save as _save
from portal.models import User
from portal.services import InvalidTransition
from transfers import selectors
from transfers.models import CinTransfer, TransferDocument
from transfers.services.common import State, draft_for_update, locked, tell


@dataclass(frozen=True)
class DocumentDetails:
    kind: str
    title: str
    meeting_on: date | None = None


def transfer_document_add(
    *, actor: User, transfer: CinTransfer, details: DocumentDetails, upload: UploadedFile | None
) -> TransferDocument:
    """Attach a CIN plan, minutes or another document: a PDF or an Office document, by its name and
    its contents, no larger than the limit. Recent minutes can follow until the decision."""
    _require(
        actor.has_perm("transfers.add_transferdocument")
        and selectors.can_work_on(actor, transfer)
        and selectors.is_sending_side(actor, transfer),
        "Only the sending team can add documents to this transfer.",
    )
    errors: dict[str, str] = {}
    if details.kind not in TransferDocument.Kind.values:
        errors["kind"] = "Choose what kind of document this is"
    if not details.title.strip():
        errors["title"] = "Enter a title for the document"
    if details.kind == TransferDocument.Kind.MINUTES and details.meeting_on is None:
        errors["meeting_on"] = "Enter the date of the meeting"
    elif details.meeting_on and details.meeting_on > timezone.localdate():
        errors["meeting_on"] = "The date must be today or in the past"
    if upload is None:
        errors["file"] = "Select a file"
    elif (upload.size or 0) > rules.MAX_DOCUMENT_BYTES:
        errors["file"] = f"The selected file must be smaller than {rules.MAX_DOCUMENT_MEGABYTES}MB"
    if errors or upload is None:
        raise ValidationError(errors)
    name = upload.name or ""
    upload.seek(0)
    data = upload.read(rules.MAX_DOCUMENT_BYTES + 1)
    try:
        kind = rules.check_document(name=name, data=data)
    except rules.DocumentRefused as refused:
        raise ValidationError({"file": str(refused)}) from refused
    with transaction.atomic():
        transfer = locked(transfer)
        if transfer.state not in (State.DRAFT, *CinTransfer.UNDECIDED):
            raise InvalidTransition("The receiving authority has decided: documents can no longer be added.")
        document = TransferDocument(
            transfer=transfer,
            kind=details.kind,
            title=details.title.strip(),
            meeting_on=details.meeting_on,
            original_name=name[-200:],
            content_type=kind.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor,
        )
        document.file.save(name, ContentFile(data), save=False)
        _save(document, reason=f"Document added: {document.get_kind_display()}", by=actor)
        if transfer.is_undecided:
            tell(
                selectors.receiving_managers(transfer=transfer),
                transfer=transfer,
                event=f"document:{document.pk}",
                subject=f"A document was added to transfer {transfer.reference}",
                body=f"{actor} added a document ({document.get_kind_display()}) to a transfer referred to you.",
            )
    return document


def transfer_document_remove(*, actor: User, document: TransferDocument) -> TransferDocument:
    """Take a document off a draft (it stays in the history); once referred, documents stay."""
    with transaction.atomic():
        draft_for_update(actor=actor, transfer=document.transfer)
        document = TransferDocument.objects.select_for_update().get(pk=document.pk)
        if document.removed_at is None:
            document.removed_at = timezone.now()
            document.removed_by = actor
            _save(document, reason="Document removed from the draft", by=actor)
    return document
