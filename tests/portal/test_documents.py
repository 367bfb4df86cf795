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


# --- Polyglots: a file that is also a web page or carries a script ------------------------------


def _pdf_with(extra: bytes) -> bytes:
    return demo_pdf("CIN plan").replace(b"%%EOF\n", extra + b"\n%%EOF\n")


def _flate_stream(content: bytes) -> bytes:
    import zlib

    packed = zlib.compress(content)
    return b"6 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream\nendobj"


@pytest.mark.parametrize(
    "data",
    [
        # A PDF a browser would also render as a page: the polyglot from the security review.
        _pdf_with(b"<html><body><script>fetch('/children/')</script></body></html>"),
        _pdf_with(b"<!DOCTYPE html><p>hello"),
        _pdf_with(b"<SCRIPT src=//evil.example/x.js></SCRIPT>"),
        _pdf_with(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        # A PDF that runs a script when opened, in plain sight, name-escaped, or compressed.
        _pdf_with(b"7 0 obj\n<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>\nendobj"),
        _pdf_with(b"7 0 obj\n<< /S /J#61vaScript /J#53 (app.alert(1)) >>\nendobj"),
        _pdf_with(_flate_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")),
        # A PDF that starts another program.
        _pdf_with(b"7 0 obj\n<< /Type /Action /S /Launch /F (cmd.exe) >>\nendobj"),
    ],
)
def test_a_pdf_carrying_a_web_page_or_a_script_is_refused(data):
    assert data.startswith(rules.PDF_MAGIC)
    with pytest.raises(rules.DocumentRefused, match="contains a web page or a script"):
        rules.check_document(name="plan.pdf", data=data)


def test_a_pdf_with_ordinary_compressed_content_is_accepted():
    data = _pdf_with(_flate_stream(b"BT /F1 12 Tf 72 700 Td (Review of the plan: see the JSON export) Tj ET"))
    assert rules.check_document(name="plan.pdf", data=data).extension == "pdf"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # Word's "alternative format chunk": an HTML part Word renders inside the document.
        (
            "plan.docx",
            zipped(
                {**{"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}, "word/afchunk.htm": b"<html>"}
            ),
        ),
        (
            "plan.docx",
            zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", "word/page.XHTML": b"<x/>"}),
        ),
        (
            "plan.docx",
            zipped(
                {
                    "[Content_Types].xml": b'<Types><Default Extension="dat" ContentType="text/html"/></Types>',
                    "word/document.xml": b"<w/>",
                    "word/chunk.dat": b"<html>",
                }
            ),
        ),
        ("book.xlsx", zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>", "xl/x.js": b"alert(1)"})),
        (
            "plan.odt",
            zipped(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.text",
                    "META-INF/manifest.xml": b'<manifest:file-entry manifest:media-type="text/html" manifest:full-path="a"/>',
                    "a": b"<html>",
                }
            ),
        ),
        ("plan.odt", zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "Pictures/x.svg": b"<svg/>"})),
    ],
)
def test_an_office_document_with_an_html_or_script_part_is_refused(name, data):
    with pytest.raises(rules.DocumentRefused, match="contains a web page or a script"):
        rules.check_document(name=name, data=data)


# --- The council's scanner ------------------------------------------------------------------------

scanned: list[tuple[str, int]] = []


def record_and_accept(*, name: str, data: bytes) -> None:
    scanned.append((name, len(data)))


def refuse_as_infected(*, name: str, data: bytes) -> None:
    raise rules.DocumentRefused("The selected file contains a virus")


def scanner_unavailable(*, name: str, data: bytes) -> None:
    raise ConnectionRefusedError("clamd is not running")


def test_there_is_no_scanner_by_default(settings):
    assert settings.PORTAL_UPLOAD_SCANNER == ""


def test_each_upload_is_handed_to_the_configured_scanner(settings):
    settings.PORTAL_UPLOAD_SCANNER = f"{__name__}.record_and_accept"
    scanned.clear()
    rules.check_document(name="plan.pdf", data=demo_pdf("x"))
    assert scanned == [("plan.pdf", len(demo_pdf("x")))]


def test_what_the_scanner_refuses_is_refused_with_its_message(settings):
    settings.PORTAL_UPLOAD_SCANNER = f"{__name__}.refuse_as_infected"
    with pytest.raises(rules.DocumentRefused, match="contains a virus"):
        rules.check_document(name="plan.pdf", data=demo_pdf("x"))


def test_an_upload_the_scanner_could_not_check_is_refused(settings):
    settings.PORTAL_UPLOAD_SCANNER = f"{__name__}.scanner_unavailable"
    with pytest.raises(rules.DocumentRefused, match="could not be checked"):
        rules.check_document(name="plan.pdf", data=demo_pdf("x"))


def test_a_refused_type_never_reaches_the_scanner(settings):
    settings.PORTAL_UPLOAD_SCANNER = f"{__name__}.record_and_accept"
    scanned.clear()
    with pytest.raises(rules.DocumentRefused):
        rules.check_document(name="x.exe", data=b"MZ")
    assert scanned == []
