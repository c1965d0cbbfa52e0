"""Writing the report templates: upload an office's own, or go back to the default."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from dangvu.audit.log import CREATE, UPDATE, record
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean
from dangvu.orgs.models import Organisation
from dangvu.reports.models import ReportHeading, ReportTemplate
from dangvu.reports.word import TemplateError, check_template


def live_template(org: Organisation) -> ReportTemplate | None:
    return ReportTemplate.objects.filter(organisation=org, retired_at__isnull=True).first()


def template_for(org: Organisation) -> bytes | None:
    """The organisation's own template, or None for the default."""
    live = live_template(org)
    return bytes(live.content) if live is not None else None


@transaction.atomic
def do_upload_template(
    org: Organisation, *, content: bytes, filename: str, acting_user: Any
) -> ReportTemplate:
    """Check the template by rendering a sample report with it, then make it the live one."""
    name = clean(filename) or "mau-bao-cao.docx"
    if not name.lower().endswith(".docx"):
        raise DomainError(
            f"Tệp «{name}» không phải văn bản Word .docx; hãy lưu mẫu dạng .docx.",
            field="file",
        )
    try:
        check_template(content)
    except TemplateError as exc:
        raise DomainError(exc.message, field="file") from exc
    now = timezone.now()
    previous = live_template(org)
    if previous is not None:
        previous.retired_at = now
        previous.save(update_fields=["retired_at"])
    template = ReportTemplate.objects.create(
        organisation=org,
        content=content,
        filename=name[:255],
        size=len(content),
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record(
        CREATE,
        user=acting_user,
        obj=template,
        after={"organisation": org.code, "filename": template.filename, "size": len(content)},
        note=f"Tải lên mẫu báo cáo năm của {org.name}"
        + (f" (thay mẫu «{previous.filename}»)" if previous else ""),
    )
    return template


@transaction.atomic
def do_reset_template(org: Organisation, *, acting_user: Any) -> None:
    """Go back to the default template; the retired one stays on record."""
    previous = live_template(org)
    if previous is None:
        raise DomainError(f"{org.name} đang dùng mẫu mặc định.", field="file")
    previous.retired_at = timezone.now()
    previous.save(update_fields=["retired_at"])
    record(
        UPDATE,
        user=acting_user,
        obj=previous,
        before={"retired_at": None},
        after={"retired_at": previous.retired_at.isoformat()},
        note=f"{org.name} trở lại mẫu báo cáo năm mặc định",
    )


PLACE_MAX = 80


@transaction.atomic
def do_set_place(org: Organisation, place: str, *, acting_user: Any) -> str:
    """Set (or, with an empty text, clear) the place of `org`'s reports."""
    text = clean(place)
    if len(text) > PLACE_MAX:
        raise DomainError(
            f"Địa danh dài quá {PLACE_MAX} ký tự; chỉ ghi tên địa phương, ví dụ «Quy Nhơn».",
            field="place",
        )
    if any(ch.isdigit() for ch in text):
        raise DomainError(
            "Địa danh không có chữ số; chỉ ghi tên địa phương, ví dụ «Quy Nhơn».", field="place"
        )
    heading = ReportHeading.objects.filter(organisation=org).first()
    before = heading.place if heading is not None else ""
    if text == before:
        return text
    if not text:
        ReportHeading.objects.filter(organisation=org).delete()
    elif heading is None:
        ReportHeading.objects.create(organisation=org, place=text)
    else:
        heading.place = text
        heading.save(update_fields=["place"])
    record(
        UPDATE,
        user=acting_user,
        obj=org,
        before={"địa danh trên báo cáo": before},
        after={"địa danh trên báo cáo": text},
        note=f"Địa danh trên báo cáo của {org.name}",
    )
    return text
