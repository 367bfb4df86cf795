"""Checks on uploaded documents: PDF or Office files only, and not too large. The extension and the
file's first bytes must agree, so a renamed executable is refused."""

from pathlib import Path

from django import forms

SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".pptx": [b"PK\x03\x04"],
    ".odt": [b"PK\x03\x04"],
    ".ods": [b"PK\x03\x04"],
    ".doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".ppt": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".rtf": [b"{\\rtf"],
}


def check_document(upload, *, max_bytes: int) -> None:
    extension = Path(upload.name).suffix.lower()
    if extension not in SIGNATURES:
        raise forms.ValidationError("The file must be a PDF or an Office document (Word, Excel, PowerPoint)")
    if upload.size > max_bytes:
        raise forms.ValidationError(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB")
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise forms.ValidationError("The file's contents do not match its type: upload a real PDF or Office document")
