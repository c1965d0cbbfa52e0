"""Issuing reports, and the issued reports: the register, each report's page, its files."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dangvu.accounts.scoping import get_org_for_user, visible_organisations
from dangvu.audit.log import record
from dangvu.audit.models import AuditEvent
from dangvu.core.dateinput import VNDateField
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.fields import limit_fields
from dangvu.orgs.models import Organisation
from dangvu.personnel.queries import secretary_of
from dangvu.reports.annual import FIRST_YEAR, PREVIOUS_ISSUED, PREVIOUS_RECOMPUTED
from dangvu.reports.issuing import (
    FORMAT_LABELS,
    FORMATS,
    Kind,
    can_issue,
    do_issue_report,
    figure_rows,
    last_issue,
)
from dangvu.reports.models import IssuedFile, IssuedReport, recipients_for

# ?so_sanh=tinh_lai on the report's page and downloads: the year before recomputed.
RECOMPUTED_PARAM = "tinh_lai"
KIND_PARAM = {"nam": Kind.ANNUAL, "so_lieu": Kind.FIGURES}
KIND_LABELS = {Kind.ANNUAL: "báo cáo năm", Kind.FIGURES: "bảng số liệu năm"}


def previous_choice(request: HttpRequest) -> str:
    """Where the page's "so với năm trước" comes from: issued reports unless asked."""
    recomputed = request.GET.get("so_sanh") == RECOMPUTED_PARAM
    return PREVIOUS_RECOMPUTED if recomputed else PREVIOUS_ISSUED


class IssueForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Kind.choices,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Chọn loại báo cáo cần ban hành.",
            "invalid_choice": "Loại báo cáo không có; chọn báo cáo năm hoặc bảng số liệu.",
        },
    )
    year = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "Chọn năm của báo cáo.",
            "invalid": "Năm của báo cáo ghi bằng số, ví dụ 2025.",
        },
    )
    date = VNDateField(
        label="Ngày ban hành (ngày ký)",
        error_messages={"required": "Hãy nhập ngày ký ban hành báo cáo."},
    )
    signer = forms.CharField(
        label="Người ký",
        max_length=120,
        error_messages={"required": "Hãy ghi họ tên người ký báo cáo."},
    )
    recipients = forms.CharField(
        label="Nơi nhận (mỗi nơi một dòng)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Hãy ghi nơi nhận, mỗi nơi một dòng."},
    )
    note = forms.CharField(
        label="Ghi chú (lý do đính chính, nếu có)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    previous = forms.ChoiceField(
        label="Số liệu năm trước để so sánh",
        required=False,
        choices=[
            (PREVIOUS_ISSUED, "Theo báo cáo đã ban hành năm trước (nếu có)"),
            (PREVIOUS_RECOMPUTED, "Tính lại từ dữ liệu hiện có"),
        ],
        error_messages={"invalid_choice": "Chọn một trong hai cách lấy số liệu năm trước."},
    )
    correction = forms.BooleanField(label="Đính chính báo cáo đã ban hành", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_fields(self)
        for name, f in self.fields.items():
            if isinstance(f.widget, forms.Select):
                f.widget.attrs.setdefault("class", "form-select")
            elif isinstance(f.widget, forms.CheckboxInput):
                # Bootstrap's form-check floats it onto its label's first line.
                f.widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(f.widget, forms.HiddenInput):
                f.widget.attrs.setdefault("class", "form-control")
            f.widget.attrs.setdefault("id", f"id_issue_{name}")


def initial_form(org: Organisation, kind: str, year: int) -> IssueForm:
    day = today()
    secretary = secretary_of(org, day)
    return IssueForm(
        initial={
            "kind": kind,
            "year": year,
            "date": day,
            "signer": secretary.full_name if secretary is not None else "",
            "recipients": "\n".join(recipients_for(org)),
            "previous": PREVIOUS_ISSUED,
        }
    )


def issue_context(
    request: HttpRequest, org: Organisation | None, year: int, kind: str
) -> dict[str, Any]:
    """What a report's page shows about issuing: the form for those who may issue, the
    report already issued for the year, and the year before's issued annual report."""
    if org is None:
        return {}
    may = can_issue(request.user, org)
    form = initial_form(org, kind, year) if may else None
    if form is not None:
        form.initial["previous"] = previous_choice(request)
    return {
        "can_issue": may,
        "issue_form": form,
        "issue_url": reverse("reports:issue", args=[org.code]),
        "issued_last": last_issue(org, kind, year),
        "issued_previous": last_issue(org, Kind.ANNUAL, year - 1),
        "issued_register": f"{reverse('reports:issued')}?to_chuc={quote(org.code)}&nam={year}",
        "so_sanh": RECOMPUTED_PARAM if previous_choice(request) == PREVIOUS_RECOMPUTED else "",
    }


@login_required
def issue(request: HttpRequest, code: str) -> HttpResponse:
    """The form that issues `code`'s report (GET ?loai=nam|so_lieu&nam=YYYY), and issuing."""
    org = get_org_for_user(request, code)
    may = can_issue(request.user, org)
    this_year = today().year
    if request.method == "POST":
        if not may:
            record(
                AuditEvent.Action.DENIED,
                request=request,
                obj=org,
                note=f"Không có quyền ban hành báo cáo của {org.name}",
            )
            raise PermissionDenied(
                "Chỉ Văn phòng cấp ủy và quản trị viên được ban hành báo cáo của tổ chức này."
            )
        form = IssueForm(request.POST)
        kind = request.POST.get("kind", "")
        kind = kind if kind in Kind.values else Kind.ANNUAL
        year = _year(request.POST.get("year"), this_year)
        if form.is_valid():
            data = form.cleaned_data
            kind, year = data["kind"], data["year"]
            last = last_issue(org, kind, year)
            try:
                issued = do_issue_report(
                    org,
                    kind=kind,
                    year=year,
                    date=data["date"],
                    recipients=data["recipients"],
                    signer=data["signer"],
                    note=data["note"],
                    corrects=last if data["correction"] else None,
                    previous=data["previous"] or PREVIOUS_ISSUED,
                    acting_user=request.user,
                )
            except DomainError as exc:
                fields = {"kind", "year", "date", "signer", "recipients", "note", "correction"}
                form.add_error(exc.field if exc.field in fields else None, exc.message)
            else:
                messages.success(
                    request,
                    f"Đã ban hành {KIND_LABELS[Kind(kind)]} {year}, số "
                    f"{issued.document.full_number}.",
                )
                return redirect("reports:issued_detail", pk=issued.pk)
    else:
        kind = KIND_PARAM.get(request.GET.get("loai", ""), Kind.ANNUAL)
        year = _year(request.GET.get("nam"), this_year)
        form = initial_form(org, kind, year) if may else None
    return render(
        request,
        "reports/issue.html",
        {
            "org": org,
            "kind": kind,
            "kind_label": KIND_LABELS[Kind(kind)],
            "year": year,
            "issue_form": form,
            "can_issue": may,
            "issue_url": reverse("reports:issue", args=[org.code]),
            "issued_last": last_issue(org, kind, year),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _year(raw: Any, this_year: int) -> int:
    """A year from a query or a post, within the years reports are made for."""
    try:
        year = int(str(raw).strip()[:6])
    except (TypeError, ValueError):
        return this_year - 1
    return year if FIRST_YEAR <= year <= this_year else this_year - 1


def get_issued_for_user(request: HttpRequest, pk: int) -> IssuedReport:
    """An issued report of an organisation the user sees; 404 for others and missing ones."""
    found = (
        IssuedReport.objects.filter(pk=pk, organisation__in=visible_organisations(request.user))
        .select_related("organisation", "document", "issued_by", "corrects__document")
        .first()
    )
    if found is None:
        raise Http404("Không tìm thấy báo cáo đã ban hành")
    return found


@login_required
@require_GET
def issued_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issued = get_issued_for_user(request, pk)
    files = list(issued.files.defer("content").order_by("id"))
    order = {fmt: i for i, fmt in enumerate(("docx", "pdf", "xlsx", "json"))}
    files.sort(key=lambda f: order.get(f.fmt, 9))
    # The figures that differ first: they are what the page is opened for.
    rows = sorted(figure_rows(issued), key=lambda r: not r.differs)
    stored = {f.fmt for f in files}
    missing = [FORMAT_LABELS[fmt] for fmt in FORMATS[Kind(issued.kind)] if fmt not in stored]
    return render(
        request,
        "reports/issued_detail.html",
        {
            "issued": issued,
            "org": issued.organisation,
            "files": [(f, FORMAT_LABELS.get(f.fmt, f.fmt)) for f in files],
            "missing_formats": missing,
            "rows": rows,
            "differing": [r for r in rows if r.differs],
            "corrections": issued.corrections.select_related("document", "issued_by").order_by(
                "issued_at", "id"
            ),
            "recipients": [line for line in issued.recipients.split("\n") if line.strip()],
            "kind_label": KIND_LABELS[Kind(issued.kind)],
            "report_url": (
                f"{reverse('reports:annual' if issued.kind == Kind.ANNUAL else 'reports:figures')}"
                f"?to_chuc={quote(issued.organisation.code)}&nam={issued.year}"
            ),
        },
    )


@login_required
@require_GET
def issued_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    issued = get_issued_for_user(request, pk)
    stored = IssuedFile.objects.filter(report=issued, fmt=fmt).first()
    if stored is None:
        raise Http404("Báo cáo này không có tệp định dạng đó")
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    response["Content-Disposition"] = f'attachment; filename="{quote(stored.filename)}"'
    record(
        AuditEvent.Action.EXPORT,
        request=request,
        obj=issued,
        note=f"Tải tệp đã ban hành {stored.filename} (số {issued.document.full_number})",
    )
    return response


@login_required
@require_GET
def issued_register(request: HttpRequest) -> HttpResponse:
    """The issued reports of the organisations in the user's scope, by year."""
    scope = visible_organisations(request.user)
    reports = (
        IssuedReport.objects.filter(organisation__in=scope)
        .select_related("organisation", "document", "issued_by", "corrects__document")
        .prefetch_related("corrections__document")
        .order_by("-year", "organisation__path", "kind", "issued_at", "id")
    )
    notices = []
    code = request.GET.get("to_chuc", "").split(" — ")[0].strip().upper()[:40]
    org = None
    if code:
        org = scope.filter(code=code).first()
        if org is None:
            notices.append(
                f"Không tìm thấy tổ chức có mã «{code}» trong phạm vi của bạn; đang hiện mọi "
                "tổ chức."
            )
        else:
            reports = reports.filter(organisation=org)
    raw_year = request.GET.get("nam", "").strip()[:10]
    year = None
    if raw_year:
        try:
            year = int(raw_year)
        except ValueError:
            year = None
        if year is None or not FIRST_YEAR <= year <= today().year:
            notices.append(f"Năm «{raw_year}» không hợp lệ; đang hiện mọi năm.")
            year = None
        else:
            reports = reports.filter(year=year)
    years = sorted(
        set(IssuedReport.objects.filter(organisation__in=scope).values_list("year", flat=True)),
        reverse=True,
    )
    return render(
        request,
        "reports/issued_register.html",
        {
            "reports": list(reports[:500]),
            "org": org,
            "year": year,
            "years": years,
            "notices": notices,
        },
    )


__all__ = ["issue", "issue_context", "issued_detail", "issued_file", "issued_register"]
