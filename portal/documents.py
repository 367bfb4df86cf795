"""What an uploaded document may be (CIN plans, minutes, signed agreements). No database.

A document is accepted only when its name's extension AND its leading bytes say it is a PDF or an
Office document (Microsoft Office or OpenDocument), it is not larger than the limit, and it carries
no web page or script: a PDF that a browser would also render as HTML (a polyglot), a PDF with a
JavaScript or Launch action, or an Office file with an HTML, SVG or script part. Then the council's
own scanner (``PORTAL_UPLOAD_SCANNER``, a dotted path to ``scan(*, name, data)``; none by default)
sees the bytes: it refuses a file by raising ``DocumentRefused``; if it fails in any other way the
file is refused too, since it could not be checked. The browser's declared content type is never
trusted: it is whatever the sender's machine says.
"""

import functools
import io
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.module_loading import import_string

from portal.logs import log_event

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_MEGABYTES = MAX_DOCUMENT_BYTES // (1024 * 1024)

PDF_MAGIC = b"%PDF-"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls / .ppt
ZIP_MAGIC = b"PK\x03\x04"  # .docx / .xlsx / .pptx and OpenDocument
RTF_MAGIC = b"{\\rtf"


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str
    container: str  # "pdf", "ole2", "ooxml", "odf", "rtf"
    # For ZIP containers: the part that must be inside, or the declared mimetype.
    marker: str = ""


DOCUMENT_TYPES = {
    t.extension: t
    for t in [
        DocumentType("pdf", "application/pdf", "pdf"),
        DocumentType("doc", "application/msword", "ole2"),
        DocumentType("xls", "application/vnd.ms-excel", "ole2"),
        DocumentType("ppt", "application/vnd.ms-powerpoint", "ole2"),
        DocumentType(
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ooxml", "word/"
        ),
        DocumentType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml", "xl/"),
        DocumentType(
            "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "ooxml", "ppt/"
        ),
        DocumentType("odt", "application/vnd.oasis.opendocument.text", "odf"),
        DocumentType("ods", "application/vnd.oasis.opendocument.spreadsheet", "odf"),
        DocumentType("odp", "application/vnd.oasis.opendocument.presentation", "odf"),
        DocumentType("rtf", "application/rtf", "rtf"),
    ]
}
ALLOWED_EXTENSIONS = sorted(DOCUMENT_TYPES)
ALLOWED_DESCRIPTION = "a PDF or an Office document (Word, Excel, PowerPoint or OpenDocument)"


class DocumentRefused(ValueError):
    """The file is not one the portal accepts. The message is written for the person uploading."""


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


# The part lists of an Office file: where an HTML part would be declared.
_ZIP_MANIFESTS = ("[Content_Types].xml", "META-INF/manifest.xml")
_MAX_MANIFEST_BYTES = 1024 * 1024


def _zip_contents(data: bytes) -> tuple[list[str], bytes, bytes]:
    """The archive's part names, its OpenDocument mimetype, and its manifests run together."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
            manifests = b"".join(
                archive.open(name).read(_MAX_MANIFEST_BYTES) for name in _ZIP_MANIFESTS if name in names
            )
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError, zlib.error):
        return [], b"", b""
    return names, mimetype.strip(), manifests


def _zip_names(data: bytes) -> tuple[list[str], bytes]:
    names, mimetype, _manifests = _zip_contents(data)
    return names, mimetype


# --- Active content ------------------------------------------------------------------------------
#
# Markup that makes a browser treat bytes as a web page. Tags are matched with what must follow a
# tag name, so the chance of a false match in 10MB of compressed bytes stays negligible.
_WEB_PAGE = re.compile(
    rb"(?i)<!doctype\s+html|<(?:html|head|body|script|iframe|frameset|object|embed|svg|math)[\s>/]|javascript:"
)
# PDF actions that run a script or another program. PDF names are case-sensitive.
_PDF_ACTION = re.compile(rb"/(?:JavaScript|JS|Launch|RichMedia)(?![A-Za-z0-9])")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.S)
# Inflating compressed streams is bounded, so a small "zip bomb" cannot eat the server's memory.
_MAX_INFLATED_BYTES = 50 * 1024 * 1024
_OFFICE_ACTIVE_PARTS = re.compile(r"(?i)\.(?:html?|xhtml|mht|mhtml|svg|js|hta|vbs|wsf)$")
_OFFICE_ACTIVE_TYPES = re.compile(rb"(?i)text/html|application/xhtml|message/rfc822|image/svg|javascript")


def _inflated_pdf_streams(data: bytes):
    budget = _MAX_INFLATED_BYTES
    for match in _PDF_STREAM.finditer(data):
        if budget <= 0:
            return
        inflater = zlib.decompressobj()
        try:
            content = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(content)
        yield content


def _pdf_is_active(data: bytes) -> bool:
    for chunk in (data, *_inflated_pdf_streams(data)):
        # "/J#61vaScript" is "/JavaScript" to a PDF reader.
        names = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), chunk)
        if _WEB_PAGE.search(chunk) or _PDF_ACTION.search(names):
            return True
    return False


def _office_is_active(kind: "DocumentType", data: bytes) -> bool:
    if kind.container in ("ooxml", "odf"):
        names, _mimetype, manifests = _zip_contents(data)
        return any(_OFFICE_ACTIVE_PARTS.search(name) for name in names) or bool(_OFFICE_ACTIVE_TYPES.search(manifests))
    return False


def _is_active(kind: "DocumentType", data: bytes) -> bool:
    if kind.container == "pdf":
        return _pdf_is_active(data)
    return _office_is_active(kind, data)


@functools.cache
def _scanner(path: str):
    """The deployment's antivirus (a setting, like Django's own backends), looked up once."""
    return import_string(path)


def _scan(*, name: str, data: bytes) -> None:
    path = settings.PORTAL_UPLOAD_SCANNER
    if not path:
        return
    try:
        _scanner(path)(name=name, data=data)
    except DocumentRefused:
        log_event(logger, "upload.refused_by_scanner", size=len(data))
        raise
    except Exception as error:
        # Fail closed: a file the scanner could not look at is not accepted.
        log_event(logger, "upload.scanner_failed", level=logging.ERROR, error=type(error).__name__)
        raise DocumentRefused(
            "The selected file could not be checked for viruses. Try uploading it again later"
        ) from error


def _contents_match(kind: DocumentType, data: bytes) -> bool:
    if kind.container == "pdf":
        # PDF readers accept the header anywhere in the first kilobyte; we are stricter.
        return data.startswith(PDF_MAGIC)
    if kind.container == "rtf":
        return data.startswith(RTF_MAGIC)
    if kind.container == "ole2":
        return data.startswith(OLE2_MAGIC)
    if not data.startswith(ZIP_MAGIC):
        return False
    names, mimetype = _zip_names(data)
    if kind.container == "ooxml":
        return "[Content_Types].xml" in names and any(name.startswith(kind.marker) for name in names)
    return mimetype == kind.content_type.encode()


def check_document(*, name: str, data: bytes) -> DocumentType:
    """The document's type, or DocumentRefused saying why it cannot be accepted."""
    if not data:
        raise DocumentRefused("The selected file is empty")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(f"The selected file must be smaller than {MAX_DOCUMENT_MEGABYTES}MB")
    kind = DOCUMENT_TYPES.get(extension_of(name))
    if kind is None:
        raise DocumentRefused(f"The selected file must be {ALLOWED_DESCRIPTION}")
    if not _contents_match(kind, data):
        raise DocumentRefused(
            f"The selected file is not a real .{kind.extension} file: its contents do not match its name. "
            f"Upload {ALLOWED_DESCRIPTION}"
        )
    if _is_active(kind, data):
        raise DocumentRefused(
            "The selected file contains a web page or a script, which the portal does not accept. "
            f"Save it again as a plain {ALLOWED_DESCRIPTION} and upload that"
        )
    _scan(name=name, data=data)
    return kind


def check_upload(upload) -> DocumentType:
    """check_document for a Django UploadedFile; reads at most one byte past the limit."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(f"The selected file must be smaller than {MAX_DOCUMENT_MEGABYTES}MB")
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    upload.seek(0)
    return check_document(name=upload.name, data=data)
