"""Transfers as retention record types (issue 17): a CIN transfer's uploaded documents are deleted
with it (files from storage only once the disposal commits), and requests between authorities are
listed after six years from their answer and anonymised with their history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from retention import services
from retention.models import DisposalCertificate, LegalHold, ReviewItem
from tests.retention.factories import later, listed
from tests.transfers.factories import accept, cin_child, referred_transfer
from transfers import services as transfer_services
from transfers.models import TransferDocument, TransferRequest

CIN = "transfers.cin_transfer"
REQUEST = "transfers.transfer_request"
NAME, SURNAME = "Zebediah", "Quillfeather"


def rows(sql: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.fixture
def media(settings, tmp_path):
    """Uploads written to a real folder, as in production (the test settings keep them in memory)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return settings.MEDIA_ROOT


def accepted_with_a_document(setup):
    transfer = accept(setup, referred_transfer(setup))
    document = TransferDocument.objects.get(transfer=transfer)
    return transfer, document


class Boom(Exception):
    pass


def test_disposing_of_a_transfer_deletes_its_documents_and_their_files_on_commit(
    setup, media, django_capture_on_commit_callbacks
):
    transfer, document = accepted_with_a_document(setup)
    path = media / document.file.name
    assert path.is_file()
    item = listed(CIN, transfer, today=later(years=40))

    with django_capture_on_commit_callbacks(execute=True):
        services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later(years=40))

    assert not path.exists()
    assert rows("SELECT count(*) FROM transfers_transferdocument WHERE transfer_id = %s", transfer.pk) == [(0,)]
    assert rows("SELECT count(*) FROM transfers_historicaltransferdocument WHERE id = %s", document.pk) == [(0,)]


def test_a_disposal_rolled_back_keeps_the_documents_and_their_files(setup, media, django_capture_on_commit_callbacks):
    transfer, document = accepted_with_a_document(setup)
    path = media / document.file.name
    item = listed(CIN, transfer, today=later(years=40))

    with pytest.raises(Boom), django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later(years=40))
        raise Boom

    assert not callbacks and path.is_file()
    assert TransferDocument.objects.filter(pk=document.pk).exists()
    assert ReviewItem.objects.get(pk=item.pk).status == ReviewItem.Status.DUE


def _declined_request(setup) -> TransferRequest:
    child = cin_child(setup, first_name=NAME, last_name=SURNAME)
    request = transfer_services.transfer_request_create(
        actor=setup.south.screener,
        details=transfer_services.RequestDetails(
            requesting_team=setup.south.mast,
            sending_authority=setup.north.org,
            child_first_name=NAME,
            child_last_name=SURNAME,
            child_nhs_number=child.nhs_number,
            child_address="1 Quill Lane",
            how_learned=f"A MAST alert about {NAME}",
        ),
    )
    return transfer_services.transfer_request_decline(
        actor=setup.north.social_worker, request=request, explanation=f"{NAME} has not moved"
    )


def test_an_answered_transfer_request_is_anonymised_with_its_history(setup):
    request = _declined_request(setup)
    services.retention_list_due(today=later(years=5))
    assert not ReviewItem.objects.filter(record_type=REQUEST).exists()
    item = listed(REQUEST, request)
    assert item.organisation == setup.north.org  # the sending authority, which answered it

    [certificate] = services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later())

    # The columns are a fixed list, never input.
    columns = "child_id, child_first_name, child_last_name, child_nhs_number, child_address, how_learned, explanation"
    record = rows(f"SELECT {columns} FROM transfers_transferrequest WHERE id = %s", request.pk)  # noqa: S608
    history = rows(f"SELECT {columns} FROM transfers_historicaltransferrequest WHERE id = %s", request.pk)  # noqa: S608
    assert record == history == [(None, "", "", "", "", "", "")]
    assert certificate.record_type_label == "Transfer request between authorities"
    assert NAME not in str(DisposalCertificate.objects.filter(pk=certificate.pk).values().get())


def test_an_open_transfer_request_is_never_listed(setup):
    child = cin_child(setup)
    transfer_services.transfer_request_create(
        actor=setup.south.screener,
        details=transfer_services.RequestDetails(
            requesting_team=setup.south.mast,
            sending_authority=setup.north.org,
            child_first_name=child.first_name,
            child_last_name=child.last_name,
            how_learned="MAST alert",
        ),
    )
    services.retention_list_due(today=later(years=30))
    assert not ReviewItem.objects.filter(record_type=REQUEST).exists()


@pytest.mark.parametrize("scope", ["record", "child"])
def test_a_legal_hold_blocks_disposal_of_a_transfer_request(setup, scope):
    request = _declined_request(setup)
    item = listed(REQUEST, request)
    officer = setup.north.info_lead
    services.legal_hold_place(actor=officer, item=item, scope=scope, kind=LegalHold.Kind.LITIGATION, reason="Claim")
    with pytest.raises(ValidationError, match="legal hold"):
        services.retention_dispose(actor=officer, item_ids=[item.pk], today=later())
    assert rows("SELECT child_first_name FROM transfers_transferrequest WHERE id = %s", request.pk) == [(NAME,)]


def test_the_sweep_run_twice_disposes_of_no_transfer_request(setup):
    request = _declined_request(setup)
    services.retention_sweep(today=later())
    assert services.retention_sweep(today=later()) == {"listed": 0}
    assert ReviewItem.objects.filter(record_type=REQUEST, object_id=request.pk, status="due").exists()
    assert rows("SELECT child_first_name FROM transfers_transferrequest WHERE id = %s", request.pk) == [(NAME,)]
    assert not DisposalCertificate.objects.exists()
