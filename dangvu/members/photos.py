"""A member's photo: checked by its content, stored through Django's storage API, served
only by a scoped view (members:photo).

The type is read from the first bytes (JPEG or PNG), never from the name or the browser's
content type, and the stored name is made here (the record's number and a random part), so
an upload can neither pass an HTML page for a photo nor choose where it lands.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.base import ContentFile

from dangvu.core.errors import DomainError

MAX_BYTES = 2 * 1024 * 1024

SIGNATURES = (
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


def checked_photo(upload: Any, *, member_pk: int) -> ContentFile:
    """The uploaded photo as a file to store under a name made here; DomainError (field
    `photo`) for a file too large, empty, or not a JPEG or PNG image."""
    limit = f"{MAX_BYTES // 1024 // 1024} MB"
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise DomainError(
            f"Ảnh nặng {size / 1024 / 1024:.1f} MB; chỉ nhận ảnh đến {limit} (hãy chụp hoặc "
            "lưu lại với độ phân giải thấp hơn).",
            "photo",
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise DomainError(f"Ảnh quá lớn; chỉ nhận ảnh đến {limit}.", "photo")
    if not content:
        raise DomainError("Tệp ảnh rỗng; hãy chọn lại tệp.", "photo")
    found = sniff(content[:16])
    if found is None:
        raise DomainError(
            "Ảnh phải là tệp JPEG hoặc PNG (nội dung tệp không phải các định dạng này, dù "
            "tên tệp là gì); hãy chọn một ảnh chân dung JPEG hoặc PNG.",
            "photo",
        )
    return ContentFile(content, name=f"{member_pk}-{secrets.token_hex(8)}.{found[0]}")


def content_type_of(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(ext, "application/octet-stream")
