"""Pages of party congresses: a congress's page (its plan, delegates, results, documents
and history) with the forms recorded on it, an organisation's terms, and voiding.

The lists, the plan form, the term form and the term's page derive from the declarations
in `records.py`; what stays here are the domain pages built from the same pieces."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import get_org_for_user
from dangvu.congresses import actions, forms
from dangvu.congresses.models import (
    Congress,
    CongressForm,
    CongressKind,
    DelegateKind,
    ElectedBody,
    Term,
)
from dangvu.congresses.records import CONGRESSES, KINDS, TERMS
from dangvu.congresses.scoping import can_record_congresses
from dangvu.core import records
from dangvu.core.dates import add_months, today
from dangvu.core.errors import DomainError
from dangvu.core.rules import rule
from dangvu.lib.vnformat import fmt_date
from dangvu.office.queries import visible_documents
from dangvu.personnel.models import Committee


def _editable(request: HttpRequest, congress: Congress) -> bool:
    return not congress.is_void and can_record_congresses(request.user, congress.organisation)


def _to_edit(request: HttpRequest, pk: int) -> Congress:
    congress: Congress = CONGRESSES.get(request, pk)
    if not _editable(request, congress):
        raise Http404("Không có quyền ghi cho đại hội này")
    return congress


def _delay_notice(congress: Congress) -> str:
    """Whether a planned regular congress falls further from its term's due day than the
    Statute allows without the superior's consent."""
    if congress.held or congress.kind != CongressKind.REGULAR:
        return ""
    term = (
        Term.objects.filter(
            organisation=congress.organisation, voided_at__isnull=True, ended_on__isnull=True
        )
        .exclude(label=congress.term_label)
        .first()
    )
    if term is None:
        return ""
    months = rule("congresses.allowed_delay_months", term.due_on)
    early, late = add_months(term.due_on, -months), add_months(term.due_on, months)
    if early <= congress.opens_on <= late:
        return ""
    return (
        f"Nhiệm kỳ {term.label} đến hạn đại hội ngày {fmt_date(term.due_on)}; đại hội dự kiến "
        f"ngày {fmt_date(congress.opens_on)} lệch quá {months} tháng, cần văn bản đồng ý của "
        "cấp ủy cấp trên (Điều lệ Đảng, Điều 24)."
    )


@login_required
@require_GET
def congress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress: Congress = CONGRESSES.get(request, pk)
    elections = list(
        congress.elections.select_related("member", "seat").order_by("body", "position", "id")
    )
    bodies = [
        (label, [e for e in elections if e.body == body])
        for body, label in ElectedBody.choices
        if any(e.body == body for e in elections)
    ]
    delegates = list(congress.delegates.select_related("member"))
    term = Term.objects.filter(congress=congress, voided_at__isnull=True).first()
    return records.detail_page(
        request,
        CONGRESSES,
        congress,
        bodies=bodies,
        delegates=delegates,
        present=sum(1 for d in delegates if d.attended),
        documents=congress.documents.select_related("document").order_by("role", "id"),
        term=term,
        can_edit=_editable(request, congress),
        delay_notice=_delay_notice(congress),
        void_url=reverse("congresses:void", args=["congress", congress.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _to_edit(request, pk)
    if congress.held:
        raise Http404("Đại hội đã tổ chức")
    return records.part_form(
        request,
        congress,
        forms.RescheduleForm,
        title=f"Đổi ngày đại hội — {congress}",
        write=lambda d: actions.do_reschedule(
            congress,
            opens_on=d["opens_on"],
            place=d.get("place") or "",
            note=d.get("note") or "",
            acting_user=request.user,
        ),
        done="Đã ghi ngày đại hội mới.",
    )


def _rows_page(
    request: HttpRequest,
    congress: Congress,
    form: forms.CongressBaseForm,
    formset: forms.RowFormSet,
    **context: Any,
) -> HttpResponse:
    shown = len(formset.forms)
    return render(
        request,
        "congresses/rows_form.html",
        {
            "form": form,
            "formset": formset,
            "parent": congress,
            "back": congress.get_absolute_url(),
            "more_rows": min(forms.MAX_ROWS, shown + forms.ROOM),
            "can_add_rows": shown < forms.MAX_ROWS,
            "room": forms.ROOM,
            **context,
        },
    )


def _refuse(form: Any, formset: forms.RowFormSet, error: DomainError, rows: Any = None) -> None:
    """Show an action's refusal on the row it names, else above the table."""
    if not formset.put_domain_error(error, rows):
        form.add_domain_error(error)


@login_required
@require_http_methods(["GET", "POST"])
def delegates(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _to_edit(request, pk)
    data = request.POST if request.method == "POST" else None
    default = (
        DelegateKind.MEMBER if congress.form == CongressForm.ALL_MEMBERS else DelegateKind.ELECTED
    )
    recorded = list(congress.delegates.select_related("member").order_by("id"))
    allowed = (
        [DelegateKind.MEMBER]
        if congress.form == CongressForm.ALL_MEMBERS
        else [DelegateKind.ELECTED, DelegateKind.EX_OFFICIO, DelegateKind.APPOINTED]
    )
    # A kind recorded before stays offered, so that the table shows what is recorded.
    kinds = list(dict.fromkeys([*allowed, *(DelegateKind(d.kind) for d in recorded)]))
    people = forms.congress_members(congress, also=[d.member_id for d in recorded if d.member_id])
    rows = forms.row_count(request.GET.get("dong"), len(recorded))
    formset_class = forms.row_formset(forms.DelegateRowForm, max(0, rows - len(recorded)))
    formset = formset_class(
        data,
        prefix="dong",
        initial=[forms.DelegateRowForm.initial_of(d) for d in recorded],
        form_kwargs={
            "people": people,
            "kinds": [(k.value, k.label) for k in kinds],
            "default_kind": default,
        },
    )
    form = forms.DelegatesForm(data, user=request.user)
    if data is not None and form.is_valid() & formset.is_valid():
        lines, line_rows = forms.lines_of(formset)
        try:
            written = actions.do_record_delegates(
                congress, delegates=lines, acting_user=request.user
            )
        except DomainError as error:
            _refuse(form, formset, error, line_rows)
        else:
            messages.success(request, f"Đã ghi {len(written)} đại biểu.")
            return redirect(congress)
    return _rows_page(
        request,
        congress,
        form,
        formset,
        title=f"Ghi đại biểu — {congress}",
        intro=(
            "Ghi lại cả danh sách: danh sách mới thay danh sách đã ghi. Mỗi dòng một người; "
            "dòng để trống không được ghi, xóa đảng viên và họ tên của một dòng là bỏ người đó "
            "khỏi danh sách."
        ),
        rows_title="Danh sách đại biểu",
        rows_help=(
            "Chọn đảng viên trong danh sách của tổ chức vào ngày đại hội; người không có trong "
            "danh sách (đại biểu nơi khác): để trống ô đảng viên, ghi họ tên. Vắng mặt: bỏ dấu "
            "«Có mặt» và ghi lý do."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _to_edit(request, pk)
    if congress.held:
        raise Http404("Kết quả đại hội đã được ghi")
    data = request.POST if request.method == "POST" else None
    form = forms.ResultsForm(data, user=request.user, initial={"opens_on": congress.opens_on})
    rows = forms.row_count(request.GET.get("dong"))
    formset = forms.row_formset(forms.ElectionRowForm, rows)(
        data, prefix="dong", form_kwargs={"people": forms.congress_members(congress)}
    )
    if data is not None and form.is_valid() & formset.is_valid():
        d = form.cleaned_data
        lines, _ = forms.lines_of(formset)
        try:
            actions.do_record_results(
                congress,
                opens_on=d["opens_on"],
                closes_on=d.get("closes_on"),
                seats_from=d.get("seats_from"),
                members_total=d["members_total"],
                attended_total=d["attended_total"],
                elections=lines,
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            _refuse(form, formset, error)
        else:
            messages.success(
                request,
                "Đã ghi kết quả đại hội; cấp ủy nhiệm kỳ mới đã có trong hồ sơ công tác cán bộ.",
            )
            return redirect(congress)
    return _rows_page(
        request,
        congress,
        form,
        formset,
        title=f"Ghi kết quả đại hội — {congress}",
        intro=(
            "Kết quả đại hội mở cấp ủy nhiệm kỳ mới và các chức vụ (căn cứ «Đại hội bầu»), "
            "cho thôi chức vụ nhiệm kỳ trước của các cơ quan được bầu từ ngày cấp ủy mới "
            "nhận nhiệm vụ, và mở nhiệm kỳ mới. Người trúng cử phải được quá một nửa số "
            "phiếu (Điều lệ Đảng, Điều 12; Quy chế bầu cử trong Đảng)."
        ),
        rows_title="Kết quả bầu cử",
        rows_help=(
            "Mỗi dòng một người trúng cử vào một cơ quan (người vào cả Ban Chấp hành và Ban "
            "Thường vụ ghi hai dòng). Chức vụ để trống là ủy viên. Tỷ lệ để trống thì tính từ "
            "số phiếu: phiếu của Ban Chấp hành và đại biểu tính trên số được triệu tập, của "
            "Ban Thường vụ và Ủy ban Kiểm tra trên số ủy viên Ban Chấp hành. «Dự khuyết» chỉ "
            "cho đại biểu dự đại hội cấp trên."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _to_edit(request, pk)
    return records.part_form(
        request,
        congress,
        forms.DocumentForm,
        title=f"Ghi văn bản đại hội — {congress}",
        write=lambda d: actions.do_add_document(
            congress,
            role=d["role"],
            document=d.get("register"),
            number=d.get("number") or "",
            date=d.get("date"),
            issued_by=d.get("issued_by") or "",
            summary=d.get("summary") or "",
            acting_user=request.user,
        ),
        done=lambda paper: f"Đã ghi {paper.get_role_display().lower()}.",
        form_kwargs={"documents": visible_documents(request.user)},
    )


@login_required
@require_POST
def void(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Void a congress, a term or a congress's document with the reason posted."""
    declared = KINDS.get(kind)
    if declared is None:
        raise Http404("Không có loại bản ghi này")
    record = declared.get(request, pk)
    if not declared.can_void(request.user, record):
        raise Http404("Không có quyền hủy bản ghi này")
    assert declared.void is not None
    try:
        declared.void(record, reason=request.POST.get("reason", ""), acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã hủy {declared.name} ghi nhầm.")
    return redirect(record.congress if kind == "document" else record)


@login_required
@require_GET
def organisation_terms(request: HttpRequest, code: str) -> HttpResponse:
    """An organisation's terms, its congresses and its committees per term."""
    org = get_org_for_user(request, code)
    terms = list(
        Term.objects.filter(organisation=org, voided_at__isnull=True).order_by("-began_on")
    )
    congresses = Congress.objects.filter(organisation=org, voided_at__isnull=True).order_by(
        "-opens_on"
    )
    committees = Committee.objects.filter(organisation=org, voided_at__isnull=True).order_by(
        "-first_year", "kind"
    )
    context: dict[str, Any] = {
        "org": org,
        "terms": terms,
        "congresses": congresses,
        "committees": committees,
        "today": today(),
        "can_edit": can_record_congresses(request.user, org),
    }
    return render(request, "congresses/organisation.html", context)


term_detail = records.detail_view(TERMS)
