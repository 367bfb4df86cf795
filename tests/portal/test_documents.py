"""What a document sent with a transfer may be: PDF or Office, by name AND contents, size-limited."""

import io
import zipfile

import pytest

from portal import documents as rules
from transfers.demo import demo_pdf


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
OLE2 = rules.OLE2_MAGIC + b"\x00" * 512


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("CIN plan.pdf", demo_pdf("CIN plan"), "application/pdf"),
        ("minutes.PDF", demo_pdf("Minutes"), "application/pdf"),
        ("plan.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("chronology.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("plan.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("old-plan.doc", OLE2, "application/msword"),
        ("notes.rtf", b"{\\rtf1\\ansi Hello}", "application/rtf"),
    ],
)
def test_pdf_and_office_documents_are_accepted(name, data, content_type):
    assert rules.check_document(name=name, data=data).content_type == content_type


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "must be a PDF or an Office document"),
        ("notes.txt", b"Just some text", "must be a PDF or an Office document"),
        ("no-extension", demo_pdf("x"), "must be a PDF or an Office document"),
        ("program.exe", b"MZ\x90\x00", "must be a PDF or an Office document"),
        # The name says PDF, the contents do not.
        ("plan.pdf", b"MZ\x90\x00 this is a Windows program", "contents do not match its name"),
        ("plan.pdf", b"<html><script>alert(1)</script></html>", "contents do not match its name"),
        # A ZIP that is not an Office document, and an Office document under another Office name.
        ("plan.docx", zipped({"evil.sh": b"rm -rf /"}), "contents do not match its name"),
        ("plan.xlsx", DOCX, "contents do not match its name"),
        ("plan.odt", zipped({"mimetype": b"application/zip"}), "contents do not match its name"),
        ("plan.docx", b"PK\x03\x04 not really a zip", "contents do not match its name"),
        ("plan.doc", demo_pdf("x"), "contents do not match its name"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(name, data, message):
    with pytest.raises(rules.DocumentRefused, match=message):
        rules.check_document(name=name, data=data)


def test_a_document_over_10mb_is_refused_and_one_just_under_is_not():
    just_under = demo_pdf("x") + b"\x00" * (rules.MAX_DOCUMENT_BYTES - len(demo_pdf("x")))
    assert len(just_under) == rules.MAX_DOCUMENT_BYTES
    assert rules.check_document(name="big.pdf", data=just_under)
    with pytest.raises(rules.DocumentRefused, match="smaller than 10MB"):
        rules.check_document(name="big.pdf", data=just_under + b"\x00")
