"""Writing the report templates: upload an office's own, or go back to the default."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from dangvu.audit.log import CREATE, UPDATE, record
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean, clean_paragraphs
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
SUPERIOR_LINE_MAX = 160
RECIPIENT_MAX = 200
RECIPIENTS_MAX_LINES = 20

# The Vietnamese names of the heading's settings, as the audit trail records them.
HEADING_LABELS = {
    "place": "địa danh",
    "superior_line": "dòng cấp trên",
    "recipients": "nơi nhận",
}


def clean_place(place: str) -> str:
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
    return text


def clean_superior_line(line: str) -> str:
    """The superior line as the header writes it: one line, upper case."""
    text = clean(line).upper()
    if len(text) > SUPERIOR_LINE_MAX:
        raise DomainError(
            f"Dòng cấp trên dài quá {SUPERIOR_LINE_MAX} ký tự; chỉ ghi tên tổ chức đảng cấp "
            "trên, ví dụ «ĐẢNG BỘ TỈNH BÌNH ĐỊNH».",
            field="superior_line",
        )
    return text


def clean_recipients(text: str) -> str:
    """The recipients one per line, without the dash before or the mark after each (the
    report writes them), blank lines dropped."""
    lines = []
    for raw in clean_paragraphs(text).split("\n"):
        line = raw.strip().lstrip("-–—•+*").strip().rstrip(",.;").strip()
        if not line:
            continue
        if len(line) > RECIPIENT_MAX:
            raise DomainError(
                f"Nơi nhận «{line[:40]}…» dài quá {RECIPIENT_MAX} ký tự; mỗi dòng ghi một nơi "
                "nhận.",
                field="recipients",
            )
        lines.append(line)
    if len(lines) > RECIPIENTS_MAX_LINES:
        raise DomainError(
            f"Có {len(lines)} nơi nhận, nhiều quá {RECIPIENTS_MAX_LINES}; hãy gộp bớt (ví dụ "
            "«Các chi bộ trực thuộc»).",
            field="recipients",
        )
    return "\n".join(lines)


@transaction.atomic
def do_set_heading(
    org: Organisation, *, place: str, superior_line: str, recipients: str, acting_user: Any
) -> list[str]:
    """Set the heading of `org`'s reports (place, superior line, recipients).

    Each value is checked (a DomainError names its field); an empty value clears the
    setting (the row stays). Returns the Vietnamese names of the settings that changed,
    empty when nothing did (and then nothing is written or recorded).
    """
    values = {
        "place": clean_place(place),
        "superior_line": clean_superior_line(superior_line),
        "recipients": clean_recipients(recipients),
    }
    heading = ReportHeading.objects.select_for_update().filter(organisation=org).first()
    before = {
        name: (getattr(heading, name) if heading is not None else "") for name in HEADING_LABELS
    }
    changed = [name for name in HEADING_LABELS if values[name] != before[name]]
    if not changed:
        return []
    if heading is None:
        heading = ReportHeading.objects.create(organisation=org, **values)
    else:
        for name in changed:
            setattr(heading, name, values[name])
        heading.save(update_fields=changed)
    record(
        UPDATE,
        user=acting_user,
        obj=org,
        before={HEADING_LABELS[name]: before[name] for name in changed},
        after={HEADING_LABELS[name]: values[name] for name in changed},
        note=f"Thể thức báo cáo của {org.name}",
    )
    return [HEADING_LABELS[name] for name in changed]
