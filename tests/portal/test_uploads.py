"""Where uploaded documents are kept, who can read them, and how big a request may be."""

import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.urls import reverse

from portal import checks
from tests.helpers import client_for
from tests.transfers.factories import draft_transfer, pdf_upload
from transfers.demo import demo_pdf
from transfers.models import TransferDocument


@pytest.fixture
def on_disk(settings, tmp_path):
    """Uploads written to a real folder, as in production (the test settings keep them in memory)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return settings.MEDIA_ROOT


def _upload(client, transfer, upload, **extra):
    url = reverse("transfers:cin_documents", args=[transfer.pk])
    return client.post(url, {"kind": "cin_plan", "title": "Plan", "file": upload}, **extra)


def test_an_uploaded_document_is_readable_by_the_portal_alone(setup, on_disk):
    transfer = draft_transfer(setup)
    response = _upload(client_for(setup.north.social_worker), transfer, pdf_upload("plan.pdf"))
    assert response.status_code == 302
    document = TransferDocument.objects.filter(transfer=transfer).latest("pk")
    path = Path(on_disk) / document.file.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_no_address_serves_an_uploaded_document(setup, on_disk):
    transfer = draft_transfer(setup)
    document = transfer.documents.get()
    client = client_for(setup.north.social_worker)
    assert client.get(f"/media/{document.file.name}").status_code == 404
    # The download goes through the view that checks access instead.
    assert client.get(reverse("transfers:cin_document", args=[transfer.pk, document.pk])).status_code == 200


def test_the_deploy_checks_refuse_an_upload_folder_served_as_static_files(settings, tmp_path):
    assert checks.uploads_are_not_served(None) == []
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "static" / "media"
    assert [error.id for error in checks.uploads_are_not_served(None)] == ["portal.E001"]


def test_the_deploy_checks_refuse_a_url_that_serves_files_from_disk(settings):
    settings.ROOT_URLCONF = "tests.portal.urls_serving_media"
    assert [error.id for error in checks.uploads_are_not_served(None)] == ["portal.E002"]


def test_a_request_over_the_limit_is_refused_before_its_body_is_read(setup, settings, monkeypatch):
    settings.PORTAL_MAX_REQUEST_BYTES = 4000
    transfer = draft_transfer(setup)

    def parse(self):
        raise AssertionError("the body was read")

    monkeypatch.setattr(MultiPartParser, "parse", parse)
    big = SimpleUploadedFile("plan.pdf", demo_pdf("x") + b"\x00" * 5000, "application/pdf")
    response = _upload(client_for(setup.north.social_worker), transfer, big)
    assert response.status_code == 413
    content = response.content.decode()
    assert "govuk-template" in content
    assert "The file is too large" in content
    assert "smaller than 10MB" in content
    assert transfer.documents.count() == 1


def test_a_request_claiming_a_huge_body_is_refused(setup, monkeypatch):
    transfer = draft_transfer(setup)
    monkeypatch.setattr(MultiPartParser, "parse", lambda self: pytest.fail("the body was read"))
    response = _upload(
        client_for(setup.north.social_worker), transfer, pdf_upload("plan.pdf"), CONTENT_LENGTH=str(2 * 1024**3)
    )
    assert response.status_code == 413


def test_a_request_under_the_limit_reaches_the_form(setup, settings):
    settings.PORTAL_MAX_REQUEST_BYTES = 11 * 1024 * 1024
    transfer = draft_transfer(setup)
    response = _upload(client_for(setup.north.social_worker), transfer, pdf_upload("another.pdf"))
    assert response.status_code == 302
    assert transfer.documents.count() == 2


def test_a_polyglot_upload_is_refused_on_the_page(setup):
    transfer = draft_transfer(setup)
    polyglot = demo_pdf("x") + b"<html><script>alert(document.cookie)</script></html>"
    response = _upload(client_for(setup.north.social_worker), transfer, SimpleUploadedFile("plan.pdf", polyglot))
    assert response.status_code == 200
    assert "contains a web page or a script" in response.content.decode()
    assert transfer.documents.count() == 1
