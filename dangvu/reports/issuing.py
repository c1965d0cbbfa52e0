"""Issuing (ban hành) a report: a document of record that stays as it was sent.

`do_issue_report` composes the report as of its signing date, takes its number from the
office's document register (kind "BC", the next of the organisation's series), renders
the files that are sent (Word from the organisation's live template, Excel, JSON, and PDF
when LibreOffice is installed), and stores them byte for byte with every figure and its
breakdown, who issued it, and the audit position of the data it was computed on. A second
issue for the same organisation, kind and year is a correction of the last one, and is
refused unless it says so.

Reading it back (`figure_rows`) compares each issued figure with what the records give
today, and lists, for a figure that differs, the records entered, changed or voided since
the issue that can explain it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from dangvu.audit import log as audit
from dangvu.audit.models import AuditEvent
from dangvu.core.dates import today as local_today
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_count, fmt_date, fmt_number
from dangvu.office.documents import default_symbol, do_register_document, next_number
from dangvu.orgs.models import Organisation
from dangvu.reports import prose
from dangvu.reports.actions import clean_recipients, template_for
from dangvu.reports.annual import (
    FIRST_YEAR,
    PREVIOUS_ISSUED,
    PREVIOUS_RECOMPUTED,
    AnnualReport,
    _plain,
    compose,
)
from dangvu.reports.models import IssuedFile, IssuedReport
from dangvu.reports.outputs import CONTENT_TYPES
from dangvu.reports.outputs import render as render_output
from dangvu.reports.registry import Period
from dangvu.reports.scoping import can_edit_template

Kind = IssuedReport.Kind
DOCUMENT_KIND = "BC"  # báo cáo, in the register's list of kinds
RECIPIENTS_MAX = 2000
SIGNER_MAX = 120
NOTE_MAX = 2000
CONTENT_TYPES_ALL = {**CONTENT_TYPES, "pdf": "application/pdf"}
# The files of each kind, in the order the page lists them.
FORMATS = {Kind.ANNUAL: ("docx", "pdf", "xlsx", "json"), Kind.FIGURES: ("xlsx", "json")}
FORMAT_LABELS = {"docx": "Word", "pdf": "PDF", "xlsx": "Excel", "json": "JSON"}


def can_issue(user: Any, org: Organisation) -> bool:
    """Who may issue an organisation's reports: those who may edit its report template
    (the committee's office and administrators)."""
    return can_edit_template(user, org)


def last_issue(org: Organisation, kind: str, year: int) -> IssuedReport | None:
    """The report in force for the period: the latest issue (a correction corrects it)."""
    return (
        IssuedReport.objects.filter(organisation=org, kind=kind, year=year)
        .select_related("document", "issued_by")
        .order_by("-issued_at", "-id")
        .first()
    )


def describe(issued: IssuedReport) -> str:
    """«báo cáo số 05-BC/ĐUK ngày 20/12/2025 do nguyenvana ban hành»."""
    who = issued.issued_by.get_username() if issued.issued_by else "hệ thống"
    return (
        f"báo cáo số {issued.document.full_number} ngày {fmt_date(issued.document.date)} "
        f"do {who} ban hành"
    )


def _check_input(org: Organisation, kind: str, year: int, date: dt.date, today: dt.date) -> None:
    if kind not in Kind.values:
        raise DomainError("Chọn loại báo cáo: báo cáo năm hoặc bảng số liệu.", field="kind")
    if not FIRST_YEAR <= year <= today.year:
        raise DomainError(
            f"Năm {year} không hợp lệ: chọn một năm từ {FIRST_YEAR} đến {today.year}.",
            field="year",
        )
    if date > today:
        raise DomainError(
            f"Ngày {fmt_date(date)} là ngày trong tương lai; ghi ngày ký ban hành báo cáo "
            f"(đến hôm nay, {fmt_date(today)}).",
            field="date",
        )
    if date < dt.date(year, 1, 1):
        raise DomainError(
            f"Ngày {fmt_date(date)} ở trước năm {year}: báo cáo năm {year} được ký từ trong "
            f"năm {year} trở về sau.",
            field="date",
        )


def _file(report: IssuedReport, fmt: str, content: bytes, name: str) -> IssuedFile:
    return IssuedFile(
        report=report,
        fmt=fmt,
        filename=f"{name}.{fmt}",
        content_type=CONTENT_TYPES_ALL[fmt],
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _json(report: AnnualReport, issue: dict[str, Any]) -> bytes:
    data = {"issue": issue, **report.to_json()}
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _pdf(docx: bytes) -> tuple[bytes | None, str]:
    """(the PDF, "") or (None, why not): a missing LibreOffice never stops an issue."""
    from dangvu.reports.pdf import PdfUnavailable, docx_to_pdf

    try:
        return docx_to_pdf(docx), ""
    except PdfUnavailable as exc:
        return None, exc.message


@transaction.atomic
def do_issue_report(
    org: Organisation,
    *,
    kind: str,
    year: int,
    date: dt.date,
    recipients: str,
    signer: str,
    acting_user: Any,
    corrects: IssuedReport | None = None,
    note: str = "",
    previous: str = PREVIOUS_ISSUED,
    with_pdf: bool = True,
) -> IssuedReport:
    """Issue `org`'s report of `kind` for `year`, dated `date` and signed by `signer`.

    All or nothing: the register's entry, the report, its files and figures and the audit
    row are written together, or nothing is. Refusals are `DomainError`s naming the field.
    """
    today = local_today()
    _check_input(org, kind, year, date, today)
    recipients = clean_recipients(recipients)
    signer = clean(signer)
    note = clean_paragraphs(note)
    if not recipients:
        raise DomainError(
            "Hãy ghi nơi nhận, mỗi nơi một dòng (ví dụ: «Ban Thường vụ Tỉnh ủy (để báo cáo)»).",
            field="recipients",
        )
    if len(recipients) > RECIPIENTS_MAX:
        raise DomainError(f"Nơi nhận dài quá {RECIPIENTS_MAX} ký tự.", field="recipients")
    if not signer:
        raise DomainError("Hãy ghi họ tên người ký báo cáo.", field="signer")
    if len(signer) > SIGNER_MAX or any(ch.isdigit() for ch in signer):
        raise DomainError(
            f"Người ký ghi họ và tên (không có chữ số, tối đa {SIGNER_MAX} ký tự).",
            field="signer",
        )
    if len(note) > NOTE_MAX:
        raise DomainError(f"Ghi chú dài quá {NOTE_MAX} ký tự.", field="note")
    if getattr(acting_user, "pk", None) is not None and not can_issue(acting_user, org):
        raise DomainError(
            f"Chỉ Văn phòng cấp ủy và quản trị viên được ban hành báo cáo của {org.name}."
        )
    label = "báo cáo năm" if kind == Kind.ANNUAL else "bảng số liệu năm"
    last = last_issue(org, kind, year)
    if last is not None and corrects is None:
        raise DomainError(
            f"Năm {year} đã có {describe(last)} ({label} của {last.name}). Một báo cáo mới "
            "cho cùng năm là bản đính chính: hãy đánh dấu «Đính chính báo cáo đã ban hành» "
            "và ghi lý do.",
            field="correction",
        )
    if corrects is not None:
        if last is None or corrects.pk != last.pk:
            shown = describe(last) if last is not None else "chưa có báo cáo nào"
            raise DomainError(
                f"Chỉ đính chính được báo cáo ban hành sau cùng của năm {year} ({shown}).",
                field="correction",
            )
        if date < corrects.document.date:
            raise DomainError(
                f"Bản đính chính ký sau {describe(corrects)}: ghi ngày từ "
                f"{fmt_date(corrects.document.date)} trở đi.",
                field="date",
            )
        if not note:
            raise DomainError(f"Hãy ghi lý do đính chính {describe(corrects)}.", field="note")

    # What the report was computed on: every change recorded after this row is "since".
    position = AuditEvent.objects.aggregate(n=Max("id"))["n"] or 0
    report = compose(org, year, today=date, previous=previous)
    if report.absent:
        raise DomainError(f"Không ban hành được {label} {year}: {report.coverage}", field="year")
    if kind == Kind.ANNUAL:
        title = prose.summary_line(report)
    else:
        title = f"Bảng số liệu năm {year} của {report.name}"
        if report.partial:
            title += f" (đến ngày {fmt_date(report.period.end)})"
    # The number the register will give: rendered into the Word file before the entry is
    # written, so the write is short; a number taken meanwhile is refused by the register.
    number = next_number(org, DOCUMENT_KIND, date)
    full_number = f"{fmt_count(number)}-{DOCUMENT_KIND}/{default_symbol(org)}"
    stem = (
        f"{'bao-cao-nam' if kind == Kind.ANNUAL else 'bang-so-lieu'}-{year}-"
        f"{slugify(org.code) or 'to-chuc'}-so-{number:02d}"
    )
    issue_data = {
        "number": full_number,
        "date": date.isoformat(),
        "signer": signer,
        "recipients": recipients.split("\n"),
        "corrects": corrects.document.full_number if corrects is not None else None,
    }
    contents: dict[str, bytes] = {}
    pdf_problem = ""
    if kind == Kind.ANNUAL:
        from dangvu.reports.word import TemplateError

        try:
            contents["docx"] = render_output(
                report,
                "docx",
                template=template_for(org),
                number=full_number,
                signer=signer,
                recipients=recipients.split("\n"),
            ).content
        except TemplateError as exc:
            raise DomainError(
                f"Không lập được bản Word vì mẫu Word của {org.name} không dùng được: {exc.message}"
            ) from exc
        if with_pdf:
            pdf, pdf_problem = _pdf(contents["docx"])
            if pdf is not None:
                contents["pdf"] = pdf
        contents["xlsx"] = render_output(report, "xlsx").content
    else:
        from dangvu.reports.xlsx import render_figures_xlsx

        contents["xlsx"] = render_figures_xlsx(report)
    contents["json"] = _json(report, issue_data)

    document = do_register_document(
        issuer=org,
        kind=DOCUMENT_KIND,
        date=date,
        number=number,
        summary=title,
        signer=signer,
        note=(f"Đính chính {describe(corrects)}. " if corrects is not None else "") + note,
        acting_user=acting_user,
    )
    user = acting_user if getattr(acting_user, "pk", None) is not None else None
    issued = IssuedReport.objects.create(
        organisation=org,
        kind=kind,
        year=year,
        period_start=report.period.start,
        period_end=report.period.end,
        name=report.name,
        title=title[:500],
        document=document,
        recipients=recipients,
        corrects=corrects,
        figures=report.to_json()["indicators"],
        audit_position=position,
        issued_by=user,
        note=note,
    )
    files = [
        _file(issued, fmt, contents[fmt], stem) for fmt in FORMATS[Kind(kind)] if fmt in contents
    ]
    IssuedFile.objects.bulk_create(files)
    audit.record(
        audit.CREATE,
        user=acting_user,
        obj=issued,
        after={
            "organisation": org.code,
            "kind": kind,
            "year": year,
            "number": document.full_number,
            "date": date.isoformat(),
            "files": {f.fmt: f.sha256 for f in files},
            "corrects": corrects.pk if corrects is not None else None,
        },
        note=(
            f"Ban hành {label} {year} của {report.name}, số {document.full_number}"
            + (f" (đính chính số {corrects.document.full_number})" if corrects else "")
            + (f". Không có bản PDF: {pdf_problem}" if pdf_problem else "")
        )[:1000],
    )
    return issued


# ---------------------------------------------------------------------------------------------
# Reading an issued report back
# ---------------------------------------------------------------------------------------------


@dataclass
class Cause:
    """A change recorded after the issue that may explain a figure's difference."""

    event: AuditEvent
    record_date: dt.date | None
    url: str | None


@dataclass
class FigureRow:
    code: str
    label: str
    unit: str
    issued: Any
    today: Any
    causes: list[Cause] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return self.issued != self.today

    @property
    def difference(self) -> Any:
        if isinstance(self.issued, int | float) and isinstance(self.today, int | float):
            diff = self.today - self.issued
            return round(diff, 2) if isinstance(diff, float) else diff
        return None

    @property
    def difference_text(self) -> str:
        """The difference as the page writes it: "+1", "-0,53 điểm %" for a rate (a
        rate's difference is in percentage points, to two decimals like the rate)."""
        if not self.differs:
            return ""
        diff = self.difference
        if diff is None:
            return "khác"
        sign = "+" if diff > 0 else "-" if diff < 0 else "±"
        if self.unit == "%":
            return f"{sign}{fmt_number(abs(diff), 2)} điểm %"
        if isinstance(diff, float) and not diff.is_integer():
            return f"{sign}{fmt_number(abs(diff), 2)}"
        return f"{sign}{fmt_number(abs(diff))}"


def today_figures(issued: IssuedReport) -> dict[str, Any]:
    """What the records give today for the issued report's period, figure by figure."""
    from dangvu.reports import registry

    period = Period(issued.period_start, issued.period_end)
    known = {ind.code for ind in registry.indicators()}
    values: dict[str, Any] = {}
    for code in issued.figures:
        if code in known:
            values[code] = _plain(registry.value(code, issued.organisation, period).value)
    return values


def figure_rows(issued: IssuedReport, *, scan: int = 2000) -> list[FigureRow]:
    """Each issued figure beside today's value; the differing ones with their causes."""
    from dangvu.reports import registry

    now = today_figures(issued)
    rows = []
    for code, stored in sorted(issued.figures.items()):
        if not isinstance(stored, dict):
            continue
        rows.append(
            FigureRow(
                code=code,
                label=str(stored.get("label", code)),
                unit=str(stored.get("unit", "")),
                issued=stored.get("value"),
                today=now.get(code),
            )
        )
    differing = [r for r in rows if r.differs]
    if differing:
        # The apps whose records a figure reads: its owner, and for a figure derived from
        # another app's (members.admitted.pct_plan, registered by the office, which keeps
        # the plans) the app its code is named after.
        apps: dict[str, set[str]] = {}
        for r in differing:
            try:
                owner = registry.get(r.code).owner
            except KeyError:
                owner = ""
            apps[r.code] = {a for a in (owner, r.code.split(".")[0]) if a}
        causes = changes_since(issued, set().union(*apps.values()), scan=scan)
        for r in differing:
            found = sorted(
                (c for app in apps[r.code] for c in causes.get(app, [])),
                key=lambda c: (c.event.at, c.event.pk),
                reverse=True,
            )
            # One line per act on a record: an admission writes the member's record and
            # its ledger event, both "created" under the member's name.
            seen: set[tuple[str, str, str]] = set()
            for c in found:
                key = (c.event.action, c.event.object_repr, c.url or c.event.object_id)
                if key not in seen:
                    seen.add(key)
                    r.causes.append(c)
    return rows


def changes_since(
    issued: IssuedReport, apps: set[str], *, scan: int = 2000
) -> dict[str, list[Cause]]:
    """The records of the organisation's subtree, of the apps in `apps`, entered, changed
    or voided since the issue and dated in its period or before (or undated), by app."""
    try:
        from dangvu.audit.scope import events_in_scope
    except ImportError:  # the resolver of an event's organisation is not installed
        return {}
    events = (
        AuditEvent.objects.filter(
            id__gt=issued.audit_position,
            action__in=[AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE, AuditEvent.Action.VOID],
        )
        .exclude(object_type=issued.document._meta.model_name, object_id=str(issued.document_id))
        .select_related("user")
    )
    found: dict[str, list[Cause]] = {}
    for scoped in events_in_scope(events, [issued.organisation], scan=scan):
        if scoped.app_label not in apps:
            continue
        if scoped.record_date is not None and scoped.record_date > issued.period_end:
            continue
        found.setdefault(scoped.app_label, []).append(
            Cause(scoped.event, scoped.record_date, record_url(scoped.event))
        )
    return found


def record_url(event: AuditEvent) -> str | None:
    """The page of the record an audit row is about, when it has one."""
    from django.urls import NoReverseMatch

    from dangvu.audit import display

    model = display.model_for(event.object_type)
    if model is None or not event.object_id:
        return None
    try:
        obj = model._default_manager.filter(pk=event.object_id).first()
    except (ValueError, TypeError):
        return None
    if obj is None:
        return None
    for target in (obj, getattr(obj, "member", None)):
        if target is not None and hasattr(target, "get_absolute_url"):
            try:
                return str(target.get_absolute_url())
            except NoReverseMatch:
                return None
    return None


__all__ = [
    "FORMATS",
    "PREVIOUS_ISSUED",
    "PREVIOUS_RECOMPUTED",
    "can_issue",
    "do_issue_report",
    "figure_rows",
    "last_issue",
]
