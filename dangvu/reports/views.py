"""The figures of any organisation and year, each from the indicator registry."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from dangvu.accounts.scoping import get_org_for_user, top_organisations, top_organisations_at
from dangvu.audit.log import record
from dangvu.audit.models import AuditEvent
from dangvu.core import outputjobs
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.orgs import lifespan
from dangvu.orgs.models import Organisation
from dangvu.reports import charts, prose
from dangvu.reports.actions import (
    do_reset_template,
    do_set_heading,
    do_upload_template,
    live_template,
    template_for,
)
from dangvu.reports.annual import AnnualReport, check_year, compose
from dangvu.reports.heading import report_heading
from dangvu.reports.issued_views import issue_context, previous_choice
from dangvu.reports.jobs import ANNUAL, annual_title, is_large
from dangvu.reports.models import (
    ReportTemplate,
    default_recipients,
    own_heading,
    place_for,
    superior_line_for,
)
from dangvu.reports.outputs import CONTENT_TYPES, FORMATS
from dangvu.reports.outputs import render as render_output
from dangvu.reports.pdf import PdfUnavailable
from dangvu.reports.registry import Period, indicators, value
from dangvu.reports.scoping import can_edit_template
from dangvu.reports.template_rules import FILTERS, PLACEHOLDERS, TESTS
from dangvu.reports.word import TemplateError, default_template, template_problem


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("to_chuc", "").split(" — ")[0].strip().upper()
    this_year = today().year
    try:
        year = int(request.GET.get("nam", this_year - 1))
    except ValueError:
        year = this_year - 1
    error = None
    if not 2000 <= year <= this_year:
        error = f"Năm {year} không hợp lệ; chọn một năm từ 2000 đến {this_year}."
        year = this_year - 1
    org = get_org_for_user(request, code) if code else _top_in(request, year)
    # Indicator codes are technical: shown under the labels only when asked for
    # (?ma_chi_tieu=1); otherwise each label carries its code in a tooltip.
    show_codes = request.GET.get("ma_chi_tieu") == "1"
    toggle = request.GET.copy()
    if show_codes:
        toggle.pop("ma_chi_tieu", None)
    else:
        toggle["ma_chi_tieu"] = "1"
    rows: list[dict[str, Any]] = []
    cover = (
        lifespan.coverage(org, dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}")
        if org is not None
        else None
    )
    # A year the organisation did not live through at all has no figures, only the reason.
    if org is not None and cover is not None and cover.exists:
        period, previous = Period.year(year), Period.year(year - 1)
        for ind in indicators():
            now = value(ind.code, org, period)
            rows.append(
                {
                    "indicator": ind,
                    "value": now.value,
                    "breakdown": now.breakdown,
                    "previous": value(ind.code, org, previous).value,
                }
            )
    return render(
        request,
        "reports/figures.html",
        {
            "org": org,
            "year": year,
            "rows": rows,
            "error": error,
            "coverage": cover.note if cover is not None else "",
            "years": list(range(this_year, this_year - 8, -1)),
            "show_codes": show_codes,
            "codes_toggle": "?" + toggle.urlencode(),
            **issue_context(request, org, year, "FIGURES"),
        },
    )


# ---------------------------------------------------------------------------------------------
# The annual report
# ---------------------------------------------------------------------------------------------


def _data_url(svg: bytes | None) -> str:
    """An SVG chart as a data: address for an <img> (the CSP allows data: images)."""
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def report_context(
    report: AnnualReport,
    *,
    links: bool = True,
    number: str | None = None,
    signer: str | None = None,
    recipients: list[str] | None = None,
) -> dict[str, Any]:
    """What the page and the standalone HTML show: the same prose, heading and closing as
    the Word file (`number`, `signer`, `recipients`: those of an issued report)."""
    sections = prose.compose_sections(report)
    if not links:
        for section in sections:
            for paragraph in section.paragraphs:
                paragraph.runs = [prose.Run(r.text, r.code) for r in paragraph.runs]
    body = prose.issuing_body(report.name, report.kind)
    return {
        "report": report,
        "issuing_body": body,
        "summary": prose.summary_line(report),
        "heading": report_heading(report, number, signer=signer, recipients=recipients),
        "introduction": prose.introduction(report),
        "sections": sections,
        "chart_members": _data_url(charts.members_chart(report, "svg")),
        "chart_admissions": _data_url(charts.admissions_chart(report, "svg")),
        "figures": sorted(report.figures.values(), key=lambda f: f.code),
        "links": links,
    }


def _report_request(
    request: HttpRequest,
) -> tuple[Organisation | None, int, str | None]:
    """(organisation, year, error) from ?to_chuc=CODE&nam=YYYY, within the user's scope."""
    this_year = today().year
    raw_year = request.GET.get("nam", "").strip()
    error = None
    year = this_year - 1
    if raw_year:
        try:
            year = int(raw_year)
            check_year(year)
        except ValueError:
            error = f"Năm «{raw_year[:10]}» không hợp lệ: nhập năm bằng số, ví dụ {this_year - 1}."
            year = this_year - 1
        except DomainError as exc:
            error = exc.message
            year = this_year - 1
    code = request.GET.get("to_chuc", "").split(" — ")[0].strip().upper()
    if code:
        try:
            return get_org_for_user(request, code), year, error
        except Http404:
            return (
                None,
                year,
                f"Không tìm thấy tổ chức có mã «{code[:40]}» trong phạm vi của bạn; "
                "chọn một tổ chức trong danh sách.",
            )
    return _top_in(request, year), year, error


def _top_in(request: HttpRequest, year: int) -> Organisation | None:
    """The organisation a report starts from when none is chosen: the top of the tree as
    it stood at the end of `year` (or today, for the running year), not today's top, so a
    past year opens on the committee of that year."""
    day = min(dt.date(year, 12, 31), today())
    tops = top_organisations_at(request.user, day) or top_organisations(request.user)
    return tops[0] if tops else None


@login_required
@require_GET
def annual(request: HttpRequest) -> HttpResponse:
    org, year, error = _report_request(request)
    this_year = today().year
    context: dict[str, Any] = {
        "org": org,
        "year": year,
        "error": error,
        "years": list(range(this_year, this_year - 10, -1)),
        "formats": [
            ("docx", "Word"),
            ("pdf", "PDF"),
            ("xlsx", "Excel"),
            ("json", "JSON"),
            ("html", "HTML"),
        ],
    }
    if org is not None and error is None:
        report = compose(org, year, previous=previous_choice(request))
        context.update(report_context(report))
        context.update(issue_context(request, org, year, "ANNUAL"))
        context["can_edit_template"] = can_edit_template(request.user, org)
    # A bad choice is answered on the page, with the chooser to correct it (as every list
    # page answers junk in its query string).
    return render(request, "reports/annual.html", context)


@login_required
@require_GET
def annual_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Không có định dạng này")
    org, year, error = _report_request(request)
    if error or org is None:
        return HttpResponse(
            error or "Bạn chưa được giao tổ chức nào để lập báo cáo.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if is_large(org, dt.date(year, 12, 31)):
        # A large subtree takes longer than a request should wait: the worker makes the file.
        job = outputjobs.start(
            request.user,
            ANNUAL,
            {"org": org.pk, "year": year, "format": fmt, "previous": previous_choice(request)},
            annual_title(org, year, fmt),
        )
        return redirect("core:output_job", pk=job.pk)
    report = compose(org, year, previous=previous_choice(request))
    try:
        output = render_output(
            report, fmt, template=template_for(org) if fmt in ("docx", "pdf") else None
        )
    except PdfUnavailable as exc:
        # LibreOffice is missing on the server, or could not convert: say so, never a 500.
        return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
    except TemplateError as exc:
        # The organisation's stored template is refused by the sandbox (it can only have got
        # there past the upload check): nothing of it ran. Say so, and leave a mark.
        record(
            AuditEvent.Action.DENIED,
            request=request,
            obj=org,
            note=f"Mẫu Word của {org.name} bị từ chối khi lập báo cáo năm {year}: {exc.message}"[
                :1000
            ],
        )
        return HttpResponse(
            f"Không lập được báo cáo Word vì mẫu Word của {org.name} không dùng được: "
            f"{exc.message} Văn phòng cấp ủy hãy tải lên mẫu đã sửa hoặc chọn «Trở lại mẫu "
            "mặc định» ở trang «Mẫu Word của báo cáo năm».",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(output.content, content_type=output.content_type)
    response["Content-Disposition"] = f'attachment; filename="{output.filename}"'
    record(
        AuditEvent.Action.EXPORT,
        request=request,
        obj=org,
        note=f"Báo cáo năm {year} ({fmt}): {output.filename}",
    )
    return response


# ---------------------------------------------------------------------------------------------
# The Word template of an organisation
# ---------------------------------------------------------------------------------------------


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp mẫu (.docx)",
        error_messages={
            "required": "Hãy chọn tệp mẫu .docx để tải lên.",
            "empty": "Tệp mẫu tải lên rỗng; hãy chọn lại tệp .docx đã lưu từ Word.",
            "invalid": "Hãy chọn tệp mẫu .docx để tải lên.",
        },
    )


class HeadingForm(forms.Form):
    """The heading of the committee's reports; lengths are checked by `do_set_heading`, with
    messages that say what to write (a browser's limit is no check)."""

    place = forms.CharField(label="Địa danh", required=False)
    superior_line = forms.CharField(
        label="Dòng cấp trên (khi sơ đồ tổ chức không có)", required=False
    )
    recipients = forms.CharField(
        label="Nơi nhận (mỗi dòng một nơi)", required=False, widget=forms.Textarea
    )


def _heading_initial(org: Organisation) -> dict[str, str]:
    heading = own_heading(org)
    if heading is None:
        return {"place": "", "superior_line": "", "recipients": ""}
    return {
        "place": heading.place,
        "superior_line": heading.superior_line,
        "recipients": heading.recipients,
    }


@login_required
def template_page(request: HttpRequest, code: str) -> HttpResponse:
    org = get_org_for_user(request, code)
    editable = can_edit_template(request.user, org)
    form = TemplateUploadForm()
    place_form = HeadingForm(initial=_heading_initial(org))
    if request.method == "POST":
        if not editable:
            record(
                AuditEvent.Action.DENIED,
                request=request,
                obj=org,
                note=f"Không có quyền thay mẫu báo cáo, địa danh của {org.name}",
            )
            raise PermissionDenied(
                "Chỉ Văn phòng cấp ủy và quản trị viên được thay mẫu báo cáo và địa danh của "
                "tổ chức này."
            )
        try:
            if request.POST.get("hanh_dong") == "the_thuc":
                place_form = HeadingForm(request.POST)
                if place_form.is_valid():
                    try:
                        changed = do_set_heading(
                            org,
                            place=place_form.cleaned_data["place"],
                            superior_line=place_form.cleaned_data["superior_line"],
                            recipients=place_form.cleaned_data["recipients"],
                            acting_user=request.user,
                        )
                    except DomainError as exc:
                        field = exc.field if exc.field in place_form.fields else None
                        place_form.add_error(field, exc.message)
                    else:
                        if changed:
                            messages.success(
                                request, f"Đã ghi thể thức báo cáo: {', '.join(changed)}."
                            )
                        else:
                            messages.info(request, "Thể thức báo cáo không có gì thay đổi.")
                        return redirect("reports:template", code=org.code)
            elif request.POST.get("hanh_dong") == "mac_dinh":
                do_reset_template(org, acting_user=request.user)
                messages.success(request, "Đã trở lại mẫu báo cáo mặc định.")
                return redirect("reports:template", code=org.code)
            elif (form := TemplateUploadForm(request.POST, request.FILES)).is_valid():
                upload = form.cleaned_data["file"]
                do_upload_template(
                    org,
                    content=upload.read(),
                    filename=upload.name,
                    acting_user=request.user,
                )
                messages.success(
                    request, "Đã tải lên mẫu báo cáo mới; báo cáo Word sẽ dùng mẫu này."
                )
                return redirect("reports:template", code=org.code)
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, exc.message)
    live = live_template(org)
    uploads = (
        ReportTemplate.objects.filter(organisation=org)
        .defer("content")
        .select_related("uploaded_by")
    )
    events = AuditEvent.objects.filter(
        object_type=ReportTemplate._meta.model_name,
        object_id__in=[str(pk) for pk in uploads.values_list("pk", flat=True)],
    ).select_related("user")
    return render(
        request,
        "reports/template.html",
        {
            "org": org,
            "live": live,
            # A stored template the sandbox refuses (forced past the check): say so here.
            "live_problem": template_problem(bytes(live.content)) if live is not None else "",
            "uploads": uploads.order_by("-uploaded_at"),
            "form": form,
            "place_form": place_form,
            "place": place_for(org),
            "tree_superior": org.parent.name if org.parent_id else "",
            "superior_line": superior_line_for(org, None),
            "default_recipients": default_recipients(
                org.parent.name if org.parent_id else "", org.kind
            ),
            "can_edit": editable,
            "placeholders": PLACEHOLDERS,
            "filters": FILTERS,
            "tests": TESTS,
            "history": events.order_by("-at")[:50],
        },
        status=400 if form.errors or place_form.errors else 200,
    )


@login_required
@require_GET
def template_download(request: HttpRequest, code: str) -> HttpResponse:
    org = get_org_for_user(request, code)
    live = None if request.GET.get("mac_dinh") else live_template(org)
    content = bytes(live.content) if live is not None else default_template()
    name = live.filename if live is not None else "mau-bao-cao-nam.docx"
    response = HttpResponse(content, content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = f'attachment; filename="{quote(name)}"'
    return response
