"""The papers' pages: produce for one member, produce in bulk, an issue, the templates.

Every page is scoped: a member through `get_member_for_user`, an issue through the
organisations the user reads, a template page through `get_org_for_user`; producing is
for plan editors (the committee office, the organisation board, the secretaries) as the
issuing organisations they hold a role on (`office.scoping.plan_editable_organisations`),
checked again by the action.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dangvu.accounts.scoping import get_member_for_user, get_org_for_user, visible_organisations
from dangvu.audit.log import record
from dangvu.audit.models import AuditEvent
from dangvu.core.dateinput import VNDateField
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.members.models import Member
from dangvu.office.scoping import plan_editable_organisations
from dangvu.orgs.models import Organisation
from dangvu.papers import actions
from dangvu.papers.build import default_template
from dangvu.papers.kinds import BY_CODE, CHOICES, KINDS, PaperKind, papers_for_event
from dangvu.papers.models import PaperIssue, PaperTemplate
from dangvu.papers.schema import PLACEHOLDERS, TYPES
from dangvu.papers.selection import lines_for, months
from dangvu.papers.values import Line
from dangvu.reports import pdf
from dangvu.reports.scoping import can_edit_template
from dangvu.reports.template_rules import FILTERS, TESTS
from dangvu.reports.word import template_problem

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMS = ("FORM_2", "FORM_3")


def issuers_for(user: Any, member: Member | None = None) -> QuerySet[Organisation]:
    """The organisations `user` may produce papers as (for `member`: those above them)."""
    qs = plan_editable_organisations(user).filter(ended_on__isnull=True)
    if member is not None:
        ids = [int(i) for i in (member.org_path or "").strip("/").split("/") if i]
        qs = qs.filter(pk__in=ids)
    return qs.order_by("path")


class ProduceForm(forms.Form):
    loai = forms.ChoiceField(label="Loại giấy")
    bien_dong = forms.ChoiceField(label="Biến động giấy ghi nhận", required=False)
    to_chuc = forms.ChoiceField(label="Tổ chức ban hành")
    ngay = VNDateField(label="Ngày ký")
    nguoi_ky = forms.CharField(
        label="Người ký (để trống: bí thư theo hồ sơ cán bộ)", required=False, max_length=120
    )
    dot = forms.CharField(
        label="Đợt trao Huy hiệu (với giấy Huy hiệu Đảng, ví dụ 19/5/2026)",
        required=False,
        max_length=60,
    )

    def __init__(
        self,
        data: Any,
        *,
        kinds: list[tuple[str, str]],
        events: list[tuple[str, str]],
        issuers: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["loai"].choices = kinds
        self.fields["bien_dong"].choices = [("", "— không gắn biến động —"), *events]
        self.fields["to_chuc"].choices = [(o.code, o.name) for o in issuers]
        self.issuers = {o.code: o for o in issuers}
        _styled(self)

    def clean_ngay(self) -> dt.date:
        day: dt.date = self.cleaned_data["ngay"]
        if day > today():
            raise forms.ValidationError("Ngày ký không được sau hôm nay; hãy ghi ngày đã ký.")
        return day


def _styled(form: forms.Form) -> None:
    """Bootstrap's classes on every field, as the project's other forms have them."""
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def _produce_error(form: forms.Form, exc: DomainError) -> None:
    field = {"issuer": "to_chuc", "date": "ngay", "number": None}.get(exc.field or "")
    form.add_error(field if field in form.fields else None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def member_papers(request: HttpRequest, pk: int) -> HttpResponse:
    """Produce one paper for a member: the kinds their events call for, and the forms."""
    member = get_member_for_user(request, pk)
    issuers = issuers_for(request.user, member)
    events = list(
        member.events.filter(voided_at__isnull=True)
        .select_related("organisation", "from_organisation")
        .order_by("-date", "-id")
    )
    called = {k.code for e in events for k in papers_for_event(e.kind, e.details)}
    kinds = [(k.code, k.name) for k in KINDS if k.code in called or k.code in FORMS]
    event_choices = [(str(e.pk), f"{e.date:%d/%m/%Y} · {e.summary}") for e in events]
    initial = {
        "loai": request.GET.get("loai", ""),
        "bien_dong": request.GET.get("bien_dong", ""),
        "ngay": today(),
    }
    form = ProduceForm(
        request.POST if request.method == "POST" else None,
        kinds=kinds,
        events=event_choices,
        issuers=issuers,
        initial=initial,
    )
    if request.method == "POST":
        if not issuers:
            raise PermissionDenied("Bạn không được lập giấy tờ cho đảng viên này.")
        if form.is_valid():
            paper = BY_CODE[form.cleaned_data["loai"]]
            chosen = form.cleaned_data["bien_dong"]
            event = next((e for e in events if str(e.pk) == chosen), None)
            if paper.events and (event is None or not paper.documents(event.kind, event.details)):
                form.add_error(
                    "bien_dong",
                    f"Hãy chọn biến động mà «{paper.name.lower()}» ghi nhận "
                    f"({', '.join(str(k) for k in paper.events)}).",
                )
            else:
                try:
                    issue = actions.do_issue_papers(
                        paper,
                        issuer=form.issuers[form.cleaned_data["to_chuc"]],
                        date=form.cleaned_data["ngay"],
                        lines=[Line(member, event if paper.events else None)],
                        label=f"{paper.name}: {member.full_name}",
                        acting_user=request.user,
                        occasion=form.cleaned_data["dot"],
                        signer=form.cleaned_data["nguoi_ky"] or None,
                    )
                except DomainError as exc:
                    _produce_error(form, exc)
                else:
                    messages.success(request, f"Đã lập {paper.name.lower()}.")
                    return redirect(issue)
    return render(
        request,
        "papers/member.html",
        {"member": member, "form": form, "can_produce": issuers.exists()},
        status=400 if form.errors else 200,
    )


class BulkForm(forms.Form):
    loai = forms.ChoiceField(label="Loại giấy", choices=CHOICES)
    to_chuc = forms.ChoiceField(label="Tổ chức ban hành")
    thang = forms.ChoiceField(label="Tháng có biến động (giấy ghi nhận biến động)")
    chi_bo = forms.ChoiceField(
        label="Chi bộ (phiếu đảng viên: mọi đảng viên của chi bộ)", required=False
    )
    ngay = VNDateField(label="Ngày ký")
    nguoi_ky = forms.CharField(
        label="Người ký (để trống: bí thư theo hồ sơ cán bộ)", required=False, max_length=120
    )
    dot = forms.CharField(label="Đợt trao Huy hiệu", required=False, max_length=60)

    def __init__(self, data: Any, *, issuers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        choices = [(o.code, o.name) for o in issuers]
        self.fields["to_chuc"].choices = choices
        self.fields["chi_bo"].choices = [("", "— như tổ chức ban hành —"), *choices]
        self.fields["thang"].choices = months(today())
        self.issuers = {o.code: o for o in issuers}
        _styled(self)
        _styled(self)

    def clean_ngay(self) -> dt.date:
        day: dt.date = self.cleaned_data["ngay"]
        if day > today():
            raise forms.ValidationError("Ngày ký không được sau hôm nay; hãy ghi ngày đã ký.")
        return day

    def selection(self) -> tuple[PaperKind, Organisation, list[Line]]:
        data = self.cleaned_data
        paper = BY_CODE[data["loai"]]
        issuer = self.issuers[data["to_chuc"]]
        cell = self.issuers.get(data["chi_bo"]) or issuer
        if f"/{issuer.pk}/" not in cell.path:
            raise DomainError(
                f"«{cell.name}» không trực thuộc «{issuer.name}»; hãy chọn chi bộ của tổ chức "
                "ban hành.",
                field="chi_bo",
            )
        return (
            paper,
            issuer,
            lines_for(paper, issuer, month=data["thang"], cell=cell, day=data["ngay"]),
        )


@login_required
@require_http_methods(["GET", "POST"])
def bulk(request: HttpRequest) -> HttpResponse:
    """Produce a kind of paper for every member it covers, in one file, numbered in a row.

    GET with a choice shows who would be covered; POST produces.
    """
    issuers = issuers_for(request.user)
    asked = request.method == "POST" or "loai" in request.GET
    data = request.POST if request.method == "POST" else (request.GET if asked else None)
    form = BulkForm(
        data, issuers=issuers, initial={"ngay": today(), "thang": months(today())[0][0]}
    )
    lines: list[Line] = []
    if asked and form.is_valid():
        try:
            paper, issuer, lines = form.selection()
            if request.method == "POST":
                issue = actions.do_issue_papers(
                    paper,
                    issuer=issuer,
                    date=form.cleaned_data["ngay"],
                    lines=lines,
                    label=f"{paper.name}: {len(lines)} đảng viên",
                    acting_user=request.user,
                    occasion=form.cleaned_data["dot"],
                    signer=form.cleaned_data["nguoi_ky"] or None,
                )
                messages.success(
                    request, f"Đã lập {issue.papers.count()} {paper.name.lower()} trong một tệp."
                )
                return redirect(issue)
        except DomainError as exc:
            field = {"issuer": "to_chuc", "date": "ngay", "chi_bo": "chi_bo"}.get(exc.field or "")
            form.add_error(field, exc.message)
            lines = []
    visible = visible_organisations(request.user)
    recent = (
        PaperIssue.objects.filter(issuer__in=visible)
        .defer("content")
        .select_related("issuer", "issued_by")[:20]
    )
    return render(
        request,
        "papers/bulk.html",
        {"form": form, "lines": lines, "asked": asked, "recent": recent, "can_produce": issuers},
        # A choice in the address that fits nothing is answered on the page, with the
        # chooser to correct it, as every list page answers junk in its query string.
        status=400 if form.errors and request.method == "POST" else 200,
    )


def _issue_for(request: HttpRequest, pk: int) -> PaperIssue:
    return get_object_or_404(
        PaperIssue.objects.select_related("issuer", "issued_by"),
        pk=pk,
        issuer__in=visible_organisations(request.user),
    )


@login_required
@require_GET
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    found = _issue_for(request, pk)
    papers = found.papers.select_related("member", "document", "event")
    return render(
        request,
        "papers/issue.html",
        {
            "issue": found,
            "papers": papers,
            "pdf_available": pdf.available(),
            "pdf_package": pdf.PACKAGE,
        },
    )


@login_required
@require_GET
def issue_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The stored .docx, byte for byte, or its PDF made by LibreOffice."""
    if fmt not in ("docx", "pdf"):
        raise Http404("Không có định dạng này")
    found = _issue_for(request, pk)
    content = bytes(found.content)
    name = found.filename
    content_type = DOCX
    if fmt == "pdf":
        try:
            content = pdf.docx_to_pdf(content)
        except pdf.PdfUnavailable as exc:
            return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
        name = name.rsplit(".", 1)[0] + ".pdf"
        content_type = "application/pdf"
    record(
        AuditEvent.Action.EXPORT,
        request=request,
        obj=found,
        note=f"Tải {found.kind_name.lower()} ({fmt}): {name}"[:1000],
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{quote(name)}"'
    return response


class TemplateUploadForm(forms.Form):
    loai = forms.ChoiceField(label="Loại giấy", choices=CHOICES)
    file = forms.FileField(
        label="Tệp mẫu (.docx)",
        error_messages={
            "required": "Hãy chọn tệp mẫu .docx để tải lên.",
            "empty": "Tệp mẫu tải lên rỗng; hãy chọn lại tệp .docx đã lưu từ Word.",
            "invalid": "Hãy chọn tệp mẫu .docx để tải lên.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


@login_required
@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest, code: str) -> HttpResponse:
    """An organisation's templates of every paper: download, upload its own, go back."""
    org = get_org_for_user(request, code)
    editable = can_edit_template(request.user, org)
    form = TemplateUploadForm()
    if request.method == "POST":
        if not editable:
            record(
                AuditEvent.Action.DENIED,
                request=request,
                obj=org,
                note=f"Không có quyền thay mẫu giấy tờ đảng viên của {org.name}",
            )
            raise PermissionDenied(
                "Chỉ Văn phòng cấp ủy và quản trị viên được thay mẫu giấy tờ của tổ chức này."
            )
        try:
            if request.POST.get("hanh_dong") == "mac_dinh":
                paper = BY_CODE.get(request.POST.get("loai", ""))
                if paper is None:
                    raise DomainError("Hãy chọn loại giấy để trở lại mẫu mặc định.", field="file")
                actions.do_reset_paper_template(org, paper, acting_user=request.user)
                messages.success(request, f"Đã trở lại mẫu «{paper.name}» mặc định.")
                return redirect("papers:templates", code=org.code)
            form = TemplateUploadForm(request.POST, request.FILES)
            if form.is_valid():
                paper = BY_CODE[form.cleaned_data["loai"]]
                upload = form.cleaned_data["file"]
                actions.do_upload_paper_template(
                    org,
                    paper,
                    content=upload.read(),
                    filename=upload.name,
                    acting_user=request.user,
                )
                messages.success(request, f"Đã tải lên mẫu «{paper.name}» mới.")
                return redirect("papers:templates", code=org.code)
        except DomainError as exc:
            form.add_error(
                "file" if exc.field == "file" and "file" in form.fields else None, exc.message
            )
    live = {
        t.kind: t
        for t in PaperTemplate.objects.filter(organisation=org, retired_at__isnull=True).defer(
            "content"
        )
    }
    rows = []
    for paper in KINDS:
        template = live.get(paper.code)
        problem = ""
        if template is not None:
            stored = PaperTemplate.objects.only("content").get(pk=template.pk)
            problem = template_problem(bytes(stored.content), types=TYPES)
        rows.append({"paper": paper, "live": template, "problem": problem})
    return render(
        request,
        "papers/templates.html",
        {
            "org": org,
            "rows": rows,
            "form": form,
            "can_edit": editable,
            "placeholders": PLACEHOLDERS,
            "filters": FILTERS,
            "tests": TESTS,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def template_download(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    org = get_org_for_user(request, code)
    paper = BY_CODE.get(kind)
    if paper is None:
        raise Http404("Không có loại giấy này")
    live = None if request.GET.get("mac_dinh") else actions.live_template(org, paper)
    content = bytes(live.content) if live is not None else default_template(paper.code)
    name = live.filename if live is not None else f"mau-{paper.code.lower()}.docx"
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{quote(name)}"'
    return response
