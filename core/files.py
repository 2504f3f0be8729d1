"""Uploaded files the same way in every app: the type checked from the content (the name
only says what it claims), a size limit, and storage outside any public URL, served only by
permission-checked download views."""

import dataclasses
import hashlib
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def private_storage():
    """Files outside any public URL: served only by permission-checked download views."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "private", base_url=None)


def _zip_with(member: str, *, mimetype: str | None = None):
    def detect(head: bytes, data: bytes) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if mimetype is not None:
                    return archive.read("mimetype").decode().strip() == mimetype
                return member in archive.namelist()
        except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
            return False

    return detect


# extension -> (content type, detector)
FILE_TYPES = {
    "pdf": ("application/pdf", lambda head, data: head.startswith(b"%PDF-")),
    "png": ("image/png", lambda head, data: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda head, data: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head, data: head.startswith(b"\xff\xd8\xff")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _zip_with("word/document.xml"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _zip_with("xl/workbook.xml"),
    ),
    "odt": (
        "application/vnd.oasis.opendocument.text",
        _zip_with("", mimetype="application/vnd.oasis.opendocument.text"),
    ),
}


def detect_type(filename: str, data: bytes, *, field: str = "file") -> str:
    """The content type, checked from the content: the name only says what it claims."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FILE_TYPES:
        raise ValidationError(
            {field: _("Only PDF, DOCX, ODT, XLSX, PNG and JPEG files can be uploaded.")}
        )
    content_type, looks_right = FILE_TYPES[extension]
    if not looks_right(data[:16], data):
        raise ValidationError(
            {
                field: _("The file claims to be %(kind)s but its content is not.")
                % {"kind": extension.upper()}
            }
        )
    return content_type


@dataclasses.dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def checked_upload(uploaded_file, *, field: str = "file") -> CheckedFile:
    """Read an upload, refusing one over the size limit or whose content is not its type."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError({field: _("A document can be 20 MB at most.")})
    data = uploaded_file.read()
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({field: _("A document can be 20 MB at most.")})
    content_type = detect_type(uploaded_file.name, data, field=field)
    return CheckedFile(uploaded_file.name[:255], content_type, data)


def private_download(fieldfile, *, filename: str, content_type: str) -> FileResponse:
    """A stored private file as an attachment that no cache or browser sniffing reuses."""
    response = FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
