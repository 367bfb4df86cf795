"""The documents sent with a transfer: checked, stored under a random name, removed softly from a draft."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.models import Notification
from tests.transfers.factories import accept, draft_transfer, pdf_upload, referred_transfer
from transfers import selectors, services
from transfers.models import TransferDocument


def test_documents_are_stored_under_a_random_name_with_their_checks(setup):
    transfer = draft_transfer(setup)
    document = transfer.documents.get()
    assert document.kind == TransferDocument.Kind.CIN_PLAN
    assert document.content_type == "application/pdf"
    assert document.original_name == "cin-plan.pdf"
    assert "cin-plan" not in document.file.name
    assert len(document.sha256) == 64
    assert document.file.read().startswith(b"%PDF-")


def test_a_disguised_file_is_refused_and_nothing_is_stored(setup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    transfer = draft_transfer(setup)
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.transfer_document_add(
            actor=setup.north.social_worker,
            transfer=transfer,
            details=services.DocumentDetails(kind="cin_plan", title="Plan"),
            upload=fake,
        )
    assert "contents do not match its name" in error.value.message_dict["file"][0]
    assert transfer.documents.count() == 1


def test_minutes_need_the_meeting_date(setup):
    transfer = draft_transfer(setup)
    with pytest.raises(ValidationError) as error:
        services.transfer_document_add(
            actor=setup.north.social_worker,
            transfer=transfer,
            details=services.DocumentDetails(kind="minutes", title="Review"),
            upload=pdf_upload("minutes.pdf"),
        )
    assert "meeting_on" in error.value.message_dict


def test_recent_minutes_can_follow_the_referral_until_the_decision(setup):
    transfer = referred_transfer(setup)
    details = services.DocumentDetails(kind="minutes", title="Review", meeting_on=timezone.localdate())
    services.transfer_document_add(
        actor=setup.north.social_worker, transfer=transfer, details=details, upload=pdf_upload("m.pdf")
    )
    assert Notification.objects.filter(
        recipient=setup.south.cin_manager, event_key__startswith=f"cin-transfer:{transfer.pk}:document:"
    ).exists()
    with pytest.raises(PermissionDenied):
        services.transfer_document_add(
            actor=setup.south.cin_manager, transfer=transfer, details=details, upload=pdf_upload("m.pdf")
        )
    accept(setup, transfer)
    with pytest.raises(PermissionDenied):
        services.transfer_document_add(
            actor=setup.north.social_worker, transfer=transfer, details=details, upload=pdf_upload("m.pdf")
        )


def test_a_document_is_removed_from_a_draft_softly(setup):
    transfer = draft_transfer(setup)
    document = transfer.documents.get()
    services.transfer_document_remove(actor=setup.north.social_worker, document=document)
    document.refresh_from_db()
    assert document.removed_at is not None
    assert not selectors.transfer_documents(transfer=transfer).exists()
    assert selectors.transfer_problems(transfer=transfer)[-1].message == "Upload the child's Child in Need plan"
