"""A meeting's scanned minutes: checked by their content, stored through Django's storage
API (local files or an S3-compatible store, by settings), served only by a scoped view.

The type is read from the first bytes (PDF, JPEG, PNG), never from the name or the
browser's content type, and the stored name is made here (organisation, date, a random
part), so an upload can neither pass an HTML page for a scan nor choose where it lands.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.base import ContentFile

from dangvu.core.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024

# (first bytes, extension, content type, what to call it)
SIGNATURES = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
CONTENT_TYPES = {ext: content_type for _, ext, content_type in SIGNATURES}


def sniff(head: bytes) -> tuple[str, str] | None:
    """(extension, content type) of a file starting with `head`, or None if not allowed."""
    for magic, ext, content_type in SIGNATURES:
        if head.startswith(magic):
            return ext, content_type
    return None


def checked_upload(upload: Any, *, code: str, day: Any) -> ContentFile:
    """The uploaded minutes as a file to store under a name made here; DomainError (field
    `minutes_file`) for a file too large, empty or not a PDF, JPEG or PNG scan."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise DomainError(
            f"Tệp biên bản nặng {size / 1024 / 1024:.1f} MB; chỉ nhận tệp đến "
            f"{MAX_BYTES // 1024 // 1024} MB (hãy chụp lại với độ phân giải thấp hơn).",
            "minutes_file",
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise DomainError(
            f"Tệp biên bản quá lớn; chỉ nhận tệp đến {MAX_BYTES // 1024 // 1024} MB.",
            "minutes_file",
        )
    if not content:
        raise DomainError("Tệp biên bản rỗng; hãy chọn lại tệp.", "minutes_file")
    found = sniff(content[:16])
    if found is None:
        raise DomainError(
            "Tệp biên bản phải là bản chụp PDF, JPEG hoặc PNG (nội dung tệp không phải các "
            "định dạng này, dù tên tệp là gì).",
            "minutes_file",
        )
    ext = found[0]
    safe_code = "".join(c if c.isalnum() else "-" for c in code)[:40] or "to-chuc"
    name = f"{safe_code}-{day:%Y%m%d}-{secrets.token_hex(6)}.{ext}"
    return ContentFile(content, name=name)


def content_type_of(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(ext, "application/octet-stream")
