"""Producing papers, and an organisation's own templates of them.

`do_issue_papers` is the one way a paper is made: in one transaction it locks the issuing
organisation's row (so two offices producing at once take their numbers one after the
other, and a bulk's numbers are consecutive), registers one document per paper in the
register (`office.documents.do_register_document`), renders each in the sandbox, joins
them into one .docx, and stores the file with a row per member. A template that fails to
render rolls everything back: no number is taken, nothing is stored.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
from typing import Any

from django.db import transaction
from django.utils import timezone
from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from dangvu.accounts.scoping import visible_members
from dangvu.audit import log as audit
from dangvu.audit.models import AuditEvent
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean
from dangvu.lib.vnformat import fmt_date
from dangvu.office.documents import do_register_document
from dangvu.office.scoping import plan_editable_organisations
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at
from dangvu.papers import values as paper_values
from dangvu.papers.build import default_template
from dangvu.papers.kinds import PaperKind
from dangvu.papers.models import Paper, PaperIssue, PaperTemplate
from dangvu.papers.schema import TYPES
from dangvu.papers.values import Heading, Line
from dangvu.reports.word import TemplateError, check_template, render_template

MAX_PAPERS = 500


def live_template(org: Organisation, paper: PaperKind) -> PaperTemplate | None:
    return PaperTemplate.objects.filter(
        organisation=org, kind=paper.code, retired_at__isnull=True
    ).first()


def template_for(org: Organisation, paper: PaperKind) -> bytes:
    """The organisation's own template of `paper`, else the default one."""
    live = live_template(org, paper)
    return bytes(live.content) if live is not None else default_template(paper.code)


def check_paper_template(paper: PaperKind, content: bytes) -> None:
    """Refuse a template that cannot render `paper` (TemplateError names what to fix)."""
    check_template(content, types=TYPES, sample=lambda doc: paper_values.sample_values(paper))


@transaction.atomic
def do_upload_paper_template(
    org: Organisation, paper: PaperKind, *, content: bytes, filename: str, acting_user: Any
) -> PaperTemplate:
    """Check the template by rendering a sample paper with it, then make it the live one."""
    name = clean(filename) or "mau-giay.docx"
    if not name.lower().endswith(".docx"):
        raise DomainError(
            f"Tệp «{name}» không phải văn bản Word .docx; hãy lưu mẫu dạng .docx.", field="file"
        )
    try:
        check_paper_template(paper, content)
    except TemplateError as exc:
        raise DomainError(exc.message, field="file") from exc
    previous = live_template(org, paper)
    if previous is not None:
        previous.retired_at = timezone.now()
        previous.save(update_fields=["retired_at"])
    template = PaperTemplate.objects.create(
        organisation=org,
        kind=paper.code,
        content=content,
        filename=name[:255],
        size=len(content),
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit.record(
        audit.CREATE,
        user=acting_user,
        obj=template,
        after={"organisation": org.code, "kind": paper.code, "filename": template.filename},
        note=f"Tải lên mẫu «{paper.name}» của {org.name}"
        + (f" (thay mẫu «{previous.filename}»)" if previous else ""),
    )
    return template


@transaction.atomic
def do_reset_paper_template(org: Organisation, paper: PaperKind, *, acting_user: Any) -> None:
    """Go back to the default template of `paper`; the retired one stays on record."""
    previous = live_template(org, paper)
    if previous is None:
        raise DomainError(f"{org.name} đang dùng mẫu «{paper.name}» mặc định.", field="file")
    previous.retired_at = timezone.now()
    previous.save(update_fields=["retired_at"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=previous,
        before={"retired_at": None},
        after={"retired_at": previous.retired_at.isoformat()},
        note=f"{org.name} trở lại mẫu «{paper.name}» mặc định",
    )


def merge(files: list[bytes]) -> bytes:
    """One .docx of `files`, each from the same template, each starting on a new page.

    The body of every file after the first is appended to the first's, before its final
    section properties. They come from one template, so the relationships they refer to
    (a logo, the header) are the first file's own.
    """
    if len(files) == 1:
        return files[0]
    first = WordDocument(io.BytesIO(files[0]))
    final = first.element.body.sectPr
    for data in files[1:]:
        breaker = first.add_paragraph()._p
        breaker.getparent().remove(breaker)
        final.addprevious(breaker)
        run = OxmlElement("w:r")
        page = OxmlElement("w:br")
        page.set(qn("w:type"), "page")
        run.append(page)
        breaker.append(run)
        for child in WordDocument(io.BytesIO(data)).element.body:
            if child.tag != final.tag:
                final.addprevious(copy.deepcopy(child))
    buffer = io.BytesIO()
    first.save(buffer)
    return buffer.getvalue()


def _check_scope(
    paper: PaperKind, issuer: Organisation, lines: list[Line], acting_user: Any
) -> None:
    if getattr(acting_user, "pk", None) is None:
        return
    if not plan_editable_organisations(acting_user).filter(pk=issuer.pk).exists():
        raise DomainError(
            f"Bạn không được lập giấy tờ thay mặt «{issuer.name}»; hãy chọn tổ chức ban "
            "hành mà bạn được giao.",
            field="issuer",
        )
    visible = set(
        visible_members(acting_user)
        .filter(pk__in=[line.member.pk for line in lines])
        .values_list("pk", flat=True)
    )
    for line in lines:
        if line.member.pk not in visible or f"/{issuer.pk}/" not in (line.member.org_path or ""):
            raise DomainError(
                f"Đồng chí {line.member.full_name} không thuộc «{issuer.name}»; chỉ lập "
                f"«{paper.name.lower()}» cho đảng viên của tổ chức ban hành.",
                field="issuer",
            )


@transaction.atomic
def do_issue_papers(
    paper: PaperKind,
    *,
    issuer: Organisation,
    date: dt.date,
    lines: list[Line],
    label: str,
    acting_user: Any,
    occasion: str = "",
    signer: str | None = None,
) -> PaperIssue:
    """Produce the papers of `lines` (one each, or one list), numbered and stored.

    Each paper takes the next number of the issuer's series of its document kind; the
    issuer's row is locked first, so the numbers of one bulk are consecutive. Raises
    DomainError (nothing written) when the template cannot be rendered.
    """
    if not lines:
        raise DomainError(
            "Không có đảng viên nào để lập giấy; hãy chọn lại kỳ hoặc chi bộ.", field="members"
        )
    if len(lines) > MAX_PAPERS:
        raise DomainError(
            f"Một lần lập tối đa {MAX_PAPERS} giấy; hãy chọn từng chi bộ hoặc kỳ ngắn hơn.",
            field="members",
        )
    _check_scope(paper, issuer, lines, acting_user)
    if date > today():
        raise DomainError(
            f"Ngày ký {fmt_date(date)} là ngày trong tương lai; hãy ghi ngày đã ký.", field="date"
        )
    if version_at(issuer, date) is None:
        raise DomainError(
            f"«{issuer.name}» chưa thành lập hoặc đã kết thúc vào ngày {fmt_date(date)}; hãy "
            "ghi ngày ký khi tổ chức còn hoạt động.",
            field="date",
        )
    Organisation.objects.select_for_update().filter(pk=issuer.pk).first()
    if getattr(acting_user, "pk", None) is not None:
        full = paper_values.full_number_pks(acting_user, [line.member.pk for line in lines])
        for line in lines:
            line.full_numbers = line.member.pk in full
    template = template_for(issuer, paper)
    groups = [lines] if paper.is_list else [[line] for line in lines]
    rendered: list[bytes] = []
    documents = []
    for group in groups:
        document = None
        number = ""
        if paper.document_kind is not None:
            names = ", ".join(line.member.full_name for line in group[:3])
            more = f" và {len(group) - 3} đồng chí khác" if len(group) > 3 else ""
            document = do_register_document(
                issuer=issuer,
                kind=paper.document_kind,
                date=date,
                summary=f"{paper.name}: {names}{more}",
                signer=signer or "",
                acting_user=acting_user,
            )
            number = document.full_number
        heading = Heading(issuer, date, number=number, signer=signer, occasion=occasion)
        try:
            rendered.append(
                render_template(
                    template,
                    lambda doc, h=heading, g=group: paper_values.values(paper, h, g),
                    types=TYPES,
                )
            )
        except TemplateError as exc:
            raise DomainError(
                f"Không lập được «{paper.name.lower()}» từ mẫu Word của {issuer.name}: "
                f"{exc.message} Chưa có số văn bản nào được cấp. Hãy sửa mẫu ở trang «Mẫu "
                "giấy tờ» hoặc trở lại mẫu mặc định.",
                field="template",
            ) from exc
        documents.append(document)
    content = merge(rendered)
    issue = PaperIssue.objects.create(
        kind=paper.code,
        issuer=issuer,
        date=date,
        label=clean(label)[:255] or paper.name,
        filename=_filename(paper, date, lines),
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        issued_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    position = 0
    for group, document in zip(groups, documents, strict=True):
        for line in group:
            position += 1
            Paper.objects.create(
                issue=issue,
                position=position,
                member=line.member,
                event=line.event,
                document=document,
            )
    numbers = [d.full_number for d in documents if d is not None]
    audit.record(
        audit.CREATE,
        user=acting_user,
        obj=issue,
        after={
            "kind": paper.code,
            "issuer": issuer.code,
            "members": [line.member.pk for line in lines],
            "numbers": numbers,
            "sha256": issue.sha256,
        },
        note=(
            f"Lập {len(groups)} «{paper.name.lower()}» ngày {fmt_date(date)}"
            + (f", số {numbers[0]} đến {numbers[-1]}" if len(numbers) > 1 else "")
            + (f", số {numbers[0]}" if len(numbers) == 1 else "")
        )[:2000],
    )
    revealed = [line.member for line in lines if line.full_numbers]
    audit.record_many(
        [
            audit.entry(
                AuditEvent.Action.REVEAL,
                user=acting_user,
                obj=member,
                note=f"Ghi đầy đủ số CCCD, điện thoại trên «{paper.name.lower()}»",
            )
            for member in revealed
        ]
    )
    return issue


def _filename(paper: PaperKind, date: dt.date, lines: list[Line]) -> str:
    from django.utils.text import slugify

    who = slugify(lines[0].member.full_name) if len(lines) == 1 else f"{len(lines)}-dang-vien"
    return f"{slugify(paper.code.lower())}-{who}-{date:%Y%m%d}.docx"
