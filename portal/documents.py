"""What an uploaded document may be (CIN plans, minutes, signed agreements). Pure; no database.

A document is accepted only when its name's extension AND its leading bytes say it is a PDF or an
Office document (Microsoft Office or OpenDocument), and it is not larger than the limit. The
browser's declared content type is never trusted: it is whatever the sender's machine says.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

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


def _zip_names(data: bytes) -> tuple[list[str], bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return [], b""
    return names, mimetype.strip()


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
    return kind


def check_upload(upload) -> DocumentType:
    """check_document for a Django UploadedFile; reads at most one byte past the limit."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(f"The selected file must be smaller than {MAX_DOCUMENT_MEGABYTES}MB")
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    upload.seek(0)
    return check_document(name=upload.name, data=data)
