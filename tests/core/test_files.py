import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core import files


def test_a_checked_upload_reports_its_type_size_and_hash():
    upload = files.checked_upload(SimpleUploadedFile("notulen.pdf", b"%PDF-1.7 body"))
    assert (upload.name, upload.content_type, upload.size) == (
        "notulen.pdf",
        "application/pdf",
        13,
    )
    assert len(upload.sha256) == 64


def test_the_error_lands_on_the_field_the_caller_names():
    with pytest.raises(ValidationError) as error:
        files.checked_upload(SimpleUploadedFile("evidence.pdf", b"not a pdf"), field="attachment")
    assert list(error.value.message_dict) == ["attachment"]


def test_an_unknown_extension_is_refused():
    with pytest.raises(ValidationError) as error, translation.override("en"):
        files.detect_type("script.exe", b"MZ")
    assert "Only PDF" in error.value.message_dict["file"][0]


def test_the_size_limit_is_inclusive(monkeypatch):
    monkeypatch.setattr(files, "MAX_UPLOAD_BYTES", 10)
    assert files.checked_upload(SimpleUploadedFile("a.pdf", b"%PDF-12345")).size == 10
    with pytest.raises(ValidationError):
        files.checked_upload(SimpleUploadedFile("a.pdf", b"%PDF-123456"))


def test_a_file_that_lies_about_its_size_is_still_measured(monkeypatch):
    monkeypatch.setattr(files, "MAX_UPLOAD_BYTES", 10)
    liar = SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 20)
    liar.size = 3
    liar.file = io.BytesIO(b"%PDF-" + b"x" * 20)
    with pytest.raises(ValidationError):
        files.checked_upload(liar)
