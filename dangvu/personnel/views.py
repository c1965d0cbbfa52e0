"""Pages of personnel work: committees and their members, completion decisions, acting
assignments, leader evaluations, political-standard conclusions, cell attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import get_org_for_user
from dangvu.audit.log import history
from dangvu.core import listing, records
from dangvu.core.dates import FOREVER, today
from dangvu.core.errors import DomainError
from dangvu.education.voiding import do_void
from dangvu.lib.vnformat import fmt_date
from dangvu.orgs.models import Organisation
from dangvu.personnel import actions, forms, queries
from dangvu.personnel.models import (
    ActingAssignment,
    CellAttendance,
    Committee,
    CommitteeDecision,
    CommitteeKind,
    CommitteeMember,
    Position,
)
from dangvu.personnel.records import CONCLUSIONS, EVALUATIONS
from dangvu.personnel.scoping import can_edit_personnel

PER_PAGE = 50


# --- filters --------------------------------------------------------------------------


@dataclass
class Filters:
    org: Organisation | None
    year: int | None
    start: dt.date | None
    end: dt.date | None
    only_self: bool
    below: bool

    def apply(self, rows: QuerySet[Any], date_field: str, org_field: str) -> QuerySet[Any]:
        if self.org is not None:
            if self.only_self:
                rows = rows.filter(**{org_field: self.org})
            else:
                rows = queries.in_subtree(rows, self.org, org_field)
                if self.below:
                    rows = rows.exclude(**{org_field: self.org})
        if self.year:
            rows = rows.filter(**{f"{date_field}__year": self.year})
        if self.start:
            rows = rows.filter(**{f"{date_field}__gte": self.start})
        if self.end:
            rows = rows.filter(**{f"{date_field}__lte": self.end})
        return rows


def _date(text: str) -> dt.date | None:
    return listing.date_within(text, *listing.date_bounds())


def _filters(request: HttpRequest) -> Filters:
    code = request.GET.get("to_chuc", "").strip()
    org = get_org_for_user(request, code.split(" — ")[0].upper()) if code else None
    year = listing.year(request)
    return Filters(
        org=org,
        year=year,
        start=_date(request.GET.get("tu", "")),
        end=_date(request.GET.get("den", "")),
        only_self=request.GET.get("chi_rieng") == "1",
        below=request.GET.get("duoi") == "1",
    )


def _list(
    request: HttpRequest,
    *,
    title: str,
    rows: QuerySet[Any],
    headers: list[str],
    cells: Callable[[Any], list[object]],
    export_name: str,
    filters: list[dict[str, Any]],
    f: Filters,
    add_url: str = "",
    link_col: int = 1,
) -> HttpResponse:
    context = listing.export_or_page(
        request,
        rows,
        title=title,
        headers=headers,
        cells=cells,
        export_name=export_name,
        per_page=PER_PAGE,
    )
    if isinstance(context, HttpResponse):
        return context
    # Filters a records link may carry that the form does not show: kept when re-filtering.
    kept = {k: request.GET[k] for k in ("tu", "den", "chi_rieng", "duoi") if request.GET.get(k)}
    context |= {
        "filters": filters,
        "org": f.org,
        "year": f.year,
        "period": (f.start, f.end) if f.start or f.end else None,
        "kept": kept,
        "add_url": add_url if add_url and can_edit_personnel(request.user) else "",
        "link_col": link_col,
    }
    return render(request, "personnel/list.html", context)


def _get(qs: QuerySet[Any], pk: int, what: str) -> Any:
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(f"Không tìm thấy {what}")
    return obj


def _form_page(
    request: HttpRequest, form: Any, title: str, back: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "personnel/form.html",
        {"title": title, "form": form, "back": back, "intro": intro},
    )


def _editor(request: HttpRequest) -> None:
    if not can_edit_personnel(request.user):
        raise Http404("Không có quyền ghi công tác cán bộ")


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- committees -----------------------------------------------------------------------


def _committee_cells(c: Committee) -> list[object]:
    return [c.organisation.name, c.get_kind_display(), c.term, c.n_seats]


@login_required
@require_GET
def committee_list(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    kind = listing.choice(request, "loai", CommitteeKind.values)
    status = listing.choice(request, "trang_thai", ["current", "past"])
    day = today()
    rows = (
        queries.visible_committees(request.user)
        .filter(voided_at__isnull=True)
        .select_related("organisation")
        .annotate(n_seats=Count("seats", filter=queries.seats_on(day, "seats__")))
        .order_by("-first_year", "organisation__path", "kind")
    )
    if f.org is not None:
        rows = rows.filter(organisation=f.org) if f.only_self else queries.in_subtree(rows, f.org)
    if f.year:
        rows = rows.filter(first_year__lte=f.year, last_year__gte=f.year)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        current = Q(first_year__lte=day.year, last_year__gte=day.year)
        rows = rows.filter(current) if status == "current" else rows.exclude(current)
    return _list(
        request,
        title="Cấp ủy, Ủy ban Kiểm tra theo nhiệm kỳ",
        rows=rows,
        headers=["Tổ chức đảng", "Cơ quan", "Nhiệm kỳ", "Số thành viên hiện nay"],
        cells=_committee_cells,
        export_name="cap-uy-nhiem-ky",
        filters=[
            listing.select("loai", "Cơ quan", CommitteeKind.choices, kind),
            listing.select(
                "trang_thai",
                "Nhiệm kỳ",
                [("current", "Đang diễn ra"), ("past", "Đã qua")],
                status,
            ),
        ],
        f=f,
        add_url=reverse("personnel:committee_create"),
    )


def _committee(request: HttpRequest, pk: int, *, edit: bool = False) -> Committee:
    committee: Committee = _get(
        queries.visible_committees(request.user).select_related("organisation"),
        pk,
        "cơ quan",
    )
    if edit and (committee.is_void or not can_edit_personnel(request.user, committee.organisation)):
        raise Http404("Không có quyền ghi cho cơ quan này")
    return committee


@login_required
@require_GET
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    seats = (
        committee.seats.filter(voided_at__isnull=True)
        .select_related("member", "start_decision", "end_decision")
        .order_by("-ended_on", queries.POSITION_ORDER, "start_date", "id")
    )
    context = {
        "committee": committee,
        "current": [s for s in seats if s.ended_on == FOREVER],
        "former": [s for s in seats if s.ended_on != FOREVER],
        "void_seats": committee.seats.filter(voided_at__isnull=False).select_related("member"),
        "decisions": committee.decisions.filter(voided_at__isnull=True),
        "can_edit": not committee.is_void
        and can_edit_personnel(request.user, committee.organisation),
        "history": history(committee)[:20],
    }
    return render(request, "personnel/committee.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def committee_create(request: HttpRequest) -> HttpResponse:
    _editor(request)
    form = forms.CommitteeForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            committee = actions.do_create_committee(
                organisation=d["organisation"],
                kind=d["kind"],
                term=d["term"],
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi {committee}.")
            return redirect(committee)
    return _form_page(
        request, form, "Ghi cấp ủy, Ủy ban Kiểm tra nhiệm kỳ", reverse("personnel:committees")
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_create(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk, edit=True)
    form = forms.SeatForm(_data(request), user=request.user, kind=committee.kind)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_add_seat(
                committee,
                member=d["member"],
                position=d["position"],
                start_date=d["start_date"],
                basis=d.get("basis") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi đồng chí {d['member'].full_name}.")
            return redirect(committee)
    return _form_page(
        request,
        form,
        f"Ghi thành viên do đại hội bầu — {committee}",
        committee.get_absolute_url(),
        "Người được chuẩn y, chỉ định, chỉ định bổ sung thì ghi bằng quyết định kiện toàn.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk, edit=True)
    seats = list(
        committee.seats.filter(voided_at__isnull=True, ended_on=FOREVER)
        .select_related("member")
        .order_by(queries.POSITION_ORDER, "member__search_key")
    )
    form = forms.CompletionForm(_data(request), user=request.user, kind=committee.kind, seats=seats)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            decision = actions.do_complete_committee(
                committee,
                kind=d["kind"],
                decision_date=d["decision_date"],
                issued_by=d["issued_by"],
                number=d.get("number") or "",
                appointments=form.appointments(),
                endings=form.ended_seats(),
                end_reason=d.get("end_reason") or "",
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi {decision}.")
            return redirect(decision)
    return _form_page(
        request, form, f"Ghi quyết định kiện toàn — {committee}", committee.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    seat: CommitteeMember = _get(
        queries.visible_seats(request.user).select_related("committee__organisation", "member"),
        pk,
        "chức vụ",
    )
    if seat.is_void or not can_edit_personnel(request.user, seat.committee.organisation):
        raise Http404("Không có quyền ghi cho cơ quan này")
    form = forms.EndSeatForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_end_seat(
                seat, ended_on=d["ended_on"], reason=d["reason"], acting_user=request.user
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi đồng chí {seat.member.full_name} thôi chức vụ.")
            return redirect(seat.committee)
    return _form_page(
        request,
        form,
        f"Thôi chức vụ — {seat.member.full_name}, {seat.get_position_display()}",
        seat.committee.get_absolute_url(),
        "Người thôi theo quyết định kiện toàn thì ghi bằng quyết định đó.",
    )


def _seat_cells(s: CommitteeMember) -> list[object]:
    return [
        s.member.full_name,
        s.get_position_display(),
        s.committee.get_kind_display(),
        s.committee.organisation.name,
        s.committee.term,
        fmt_date(s.start_date),
        s.start_decision.number if s.start_decision else s.start_basis,
        "" if s.is_open else fmt_date(s.ended_on),
        s.end_reason,
    ]


@login_required
@require_GET
def seat_list(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    kind = listing.choice(request, "ban", CommitteeKind.values)
    position = listing.choice(request, "chuc_vu", Position.values)
    status = listing.choice(request, "trang_thai", ["current", "past"])
    source = listing.choice(request, "nguon", ["qd", "dh"])
    rows = (
        queries.visible_seats(request.user)
        .filter(
            voided_at__isnull=True,
            committee__voided_at__isnull=True,
        )
        .select_related("member", "committee__organisation", "start_decision")
        .order_by("-start_date", "id")
    )
    rows = f.apply(rows, "start_date", "committee__organisation")
    if kind:
        rows = rows.filter(committee__kind=kind)
    if position:
        rows = rows.filter(position=position)
    if status == "current":
        rows = rows.filter(ended_on=FOREVER)
    elif status == "past":
        rows = rows.exclude(ended_on=FOREVER)
    if source == "qd":
        rows = rows.filter(start_decision__isnull=False)
    elif source == "dh":
        rows = rows.filter(start_decision__isnull=True)
    return _list(
        request,
        title="Cấp ủy viên, ủy viên Ủy ban Kiểm tra",
        rows=rows,
        headers=[
            "Họ và tên",
            "Chức vụ",
            "Cơ quan",
            "Tổ chức đảng",
            "Nhiệm kỳ",
            "Từ ngày",
            "Căn cứ",
            "Thôi từ ngày",
            "Lý do thôi",
        ],
        cells=_seat_cells,
        export_name="cap-uy-vien",
        filters=[
            listing.select("ban", "Cơ quan", CommitteeKind.choices, kind),
            listing.select("chuc_vu", "Chức vụ", Position.choices, position),
            listing.select(
                "trang_thai",
                "Tình trạng",
                [("current", "Đang giữ chức vụ"), ("past", "Đã thôi")],
                status,
            ),
            listing.select(
                "nguon", "Căn cứ", [("qd", "Quyết định kiện toàn"), ("dh", "Đại hội bầu")], source
            ),
        ],
        f=f,
    )


# --- completion decisions -------------------------------------------------------------


def _decision_cells(d: CommitteeDecision) -> list[object]:
    return [
        d.get_kind_display(),
        d.committee.organisation.name,
        d.committee.get_kind_display(),
        d.committee.term,
        d.number,
        fmt_date(d.decision_date),
        d.issued_by,
    ]


@login_required
@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    kind = listing.choice(request, "loai", CommitteeDecision.Kind.values)
    body = listing.choice(request, "ban", CommitteeKind.values)
    rows = (
        queries.visible_decisions(request.user)
        .filter(voided_at__isnull=True, committee__voided_at__isnull=True)
        .select_related("committee__organisation")
    )
    rows = f.apply(rows, "decision_date", "committee__organisation")
    if kind:
        rows = rows.filter(kind=kind)
    if body:
        rows = rows.filter(committee__kind=body)
    return _list(
        request,
        title="Quyết định kiện toàn cấp ủy, Ủy ban Kiểm tra",
        rows=rows,
        headers=[
            "Loại quyết định",
            "Tổ chức đảng",
            "Cơ quan",
            "Nhiệm kỳ",
            "Số quyết định",
            "Ngày quyết định",
            "Cấp quyết định",
        ],
        cells=_decision_cells,
        export_name="quyet-dinh-kien-toan",
        filters=[
            listing.select("loai", "Loại quyết định", CommitteeDecision.Kind.choices, kind),
            listing.select("ban", "Cơ quan", CommitteeKind.choices, body),
        ],
        f=f,
        add_url=reverse("personnel:committees"),
    )


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision: CommitteeDecision = _get(
        queries.visible_decisions(request.user).select_related("committee__organisation"),
        pk,
        "quyết định",
    )
    context = {
        "decision": decision,
        "opened": decision.opened_seats.select_related("member"),
        "closed": decision.closed_seats.select_related("member"),
        "can_edit": not decision.is_void
        and can_edit_personnel(request.user, decision.committee.organisation),
        "history": history(decision)[:20],
    }
    return render(request, "personnel/decision.html", context)


# --- acting assignments, evaluations, conclusions, attendance ---------------------------


def _acting_cells(a: ActingAssignment) -> list[object]:
    return [
        a.member.full_name,
        a.get_kind_display(),
        a.post,
        a.organisation.name,
        fmt_date(a.start_date),
        fmt_date(a.end_date),
        a.decision_number,
        fmt_date(a.decision_date),
    ]


@login_required
@require_GET
def acting_list(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    kind = listing.choice(request, "loai", ActingAssignment.Kind.values)
    rows = (
        queries.visible_acting(request.user)
        .filter(voided_at__isnull=True)
        .select_related("organisation", "member")
    )
    rows = f.apply(rows, "decision_date", "organisation")
    if kind:
        rows = rows.filter(kind=kind)
    return _list(
        request,
        title="Giao quyền, phân công phụ trách",
        rows=rows,
        headers=[
            "Họ và tên",
            "Hình thức",
            "Chức danh",
            "Tổ chức đảng",
            "Từ ngày",
            "Đến hết ngày",
            "Số quyết định",
            "Ngày quyết định",
        ],
        cells=_acting_cells,
        export_name="giao-quyen-phu-trach",
        filters=[listing.select("loai", "Hình thức", ActingAssignment.Kind.choices, kind)],
        f=f,
        add_url=reverse("personnel:acting_create"),
    )


def _attendance_cells(a: CellAttendance) -> list[object]:
    return [
        a.member.full_name,
        a.seat.get_position_display(),
        a.seat.committee.organisation.name,
        a.cell.name,
        fmt_date(a.start_date),
        fmt_date(a.end_date),
        a.decision_number,
    ]


@login_required
@require_GET
def attendance_list(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    status = listing.choice(request, "trang_thai", ["current", "past"])
    rows = (
        queries.visible_attendances(request.user)
        .filter(voided_at__isnull=True)
        .select_related("member", "cell", "seat__committee__organisation")
    )
    if f.org is not None:
        rows = Filters(f.org, None, None, None, f.only_self, f.below).apply(
            rows, "start_date", "cell"
        )
    if f.year:
        rows = rows.filter(start_date__year__lte=f.year).exclude(end_date__year__lt=f.year)
    if f.end:  # in force on the last day asked for (what the indicator counts)
        rows = rows.filter(start_date__lte=f.end).exclude(end_date__lt=f.end)
    day = today()
    if status == "current":
        rows = rows.exclude(end_date__lt=day)
    elif status == "past":
        rows = rows.filter(end_date__lt=day)
    return _list(
        request,
        title="Phân công cấp ủy viên dự sinh hoạt chi bộ",
        rows=rows,
        headers=[
            "Cấp ủy viên",
            "Chức vụ",
            "Cấp ủy",
            "Chi bộ",
            "Từ ngày",
            "Đến hết ngày",
            "Văn bản phân công",
        ],
        cells=_attendance_cells,
        export_name="phan-cong-du-sinh-hoat",
        filters=[
            listing.select(
                "trang_thai",
                "Tình trạng",
                [("current", "Đang thực hiện"), ("past", "Đã kết thúc")],
                status,
            )
        ],
        f=f,
        add_url=reverse("personnel:attendance_create"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def acting_create(request: HttpRequest) -> HttpResponse:
    _editor(request)
    form = forms.ActingForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            record = actions.do_assign_acting(
                organisation=d["organisation"],
                member=d["member"],
                kind=d["kind"],
                post=d["post"],
                start_date=d["start_date"],
                end_date=d.get("end_date"),
                decision_number=d.get("decision_number") or "",
                decision_date=d["decision_date"],
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã ghi giao quyền, phân công phụ trách.")
            return redirect(record)
    return _form_page(
        request, form, "Ghi giao quyền, phân công phụ trách", reverse("personnel:acting")
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_create(request: HttpRequest) -> HttpResponse:
    _editor(request)
    form = forms.AttendanceForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            record = actions.do_assign_cell_attendance(
                member=d["member"],
                cell=d["cell"],
                start_date=d["start_date"],
                end_date=d.get("end_date"),
                decision_number=d.get("decision_number") or "",
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã ghi phân công dự sinh hoạt chi bộ.")
            return redirect(record)
    return _form_page(
        request,
        form,
        "Phân công cấp ủy viên dự sinh hoạt chi bộ",
        reverse("personnel:attendances"),
    )


# --- one page per record, and voiding ---------------------------------------------------

# Kinds declared in the record layer (the others below still have their own pages).
DECLARED = {"evaluation": EVALUATIONS, "conclusion": CONCLUSIONS}

evaluation_list = records.list_view(EVALUATIONS)
evaluation_create = records.create_view(EVALUATIONS)
conclusion_list = records.list_view(CONCLUSIONS)
conclusion_create = records.create_view(CONCLUSIONS)


@dataclass(frozen=True)
class RecordKind:
    title: str
    visible: Callable[[Any], QuerySet[Any]]
    org: Callable[[Any], Organisation]
    back: str  # URL name of the list
    rows: Callable[[Any], list[tuple[str, object]]]


def _acting_rows(a: ActingAssignment) -> list[tuple[str, object]]:
    return [
        ("Hình thức", a.get_kind_display()),
        ("Chức danh", a.post),
        ("Tổ chức đảng", a.organisation.name),
        ("Đảng viên", a.member),
        ("Từ ngày", fmt_date(a.start_date)),
        ("Đến hết ngày", fmt_date(a.end_date) or "—"),
        ("Quyết định", _decision_text(a.decision_number, a.decision_date)),
        ("Ghi chú", a.note),
    ]


def _attendance_rows(a: CellAttendance) -> list[tuple[str, object]]:
    return [
        ("Cấp ủy viên", a.member),
        ("Chức vụ", f"{a.seat.get_position_display()} {a.seat.committee.organisation.name}"),
        ("Chi bộ", a.cell.name),
        ("Từ ngày", fmt_date(a.start_date)),
        ("Đến hết ngày", fmt_date(a.end_date) or "—"),
        ("Văn bản phân công", a.decision_number),
        ("Ghi chú", a.note),
    ]


def _decision_text(number: str, day: dt.date) -> str:
    return f"Số {number}, ngày {fmt_date(day)}" if number else f"Ngày {fmt_date(day)}"


RECORDS: dict[str, RecordKind] = {
    "acting": RecordKind(
        "Giao quyền, phân công phụ trách",
        lambda u: queries.visible_acting(u).select_related("organisation", "member"),
        lambda r: r.organisation,
        "personnel:acting",
        _acting_rows,
    ),
    "attendance": RecordKind(
        "Phân công dự sinh hoạt chi bộ",
        lambda u: queries.visible_attendances(u).select_related(
            "cell", "member", "seat__committee__organisation"
        ),
        lambda r: r.cell,
        "personnel:attendances",
        _attendance_rows,
    ),
}


@login_required
@require_GET
def record_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind in DECLARED:
        declared = DECLARED[kind]
        return records.detail_page(request, declared, declared.get(request, pk))
    spec = RECORDS.get(kind)
    if spec is None:
        raise Http404("Không có loại bản ghi này")
    record = _get(spec.visible(request.user), pk, spec.title.lower())
    rows = [(label, value) for label, value in spec.rows(record) if value not in ("", None)]
    context = {
        "record": record,
        "spec": spec,
        "kind": kind,
        "rows": rows,
        "back": reverse(spec.back),
        "can_edit": not record.is_void and can_edit_personnel(request.user, spec.org(record)),
        "can_end": kind in ENDABLE and record.end_date is None,
        "history": history(record)[:20],
    }
    return render(request, "personnel/record.html", context)


# Records that run from a start to an end date, which may be recorded later.
ENDABLE = ("acting", "attendance")


@login_required
@require_http_methods(["GET", "POST"])
def record_end(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Record the last day of an open acting or cell-attendance assignment."""
    spec = RECORDS.get(kind)
    if spec is None or kind not in ENDABLE:
        raise Http404("Không có loại bản ghi này")
    record = _get(spec.visible(request.user), pk, spec.title.lower())
    if record.is_void or not can_edit_personnel(request.user, spec.org(record)):
        raise Http404("Không có quyền ghi")
    form = forms.EndAssignmentForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_end_assignment(
                record, end_date=form.cleaned_data["end_date"], acting_user=request.user
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã ghi ngày kết thúc.")
            return redirect(record)
    return _form_page(request, form, f"Ghi ngày kết thúc — {record}", record.get_absolute_url())


def _voidable(request: HttpRequest, kind: str, pk: int) -> tuple[Any, Organisation, Any]:
    """The record of `kind` within the user's reach, its organisation, and where to go back."""
    if kind == "committee":
        committee = _committee(request, pk)
        return committee, committee.organisation, committee
    if kind == "seat":
        seat: CommitteeMember = _get(
            queries.visible_seats(request.user).select_related("committee__organisation"),
            pk,
            "chức vụ",
        )
        return seat, seat.committee.organisation, seat.committee
    if kind == "decision":
        decision: CommitteeDecision = _get(
            queries.visible_decisions(request.user).select_related("committee__organisation"),
            pk,
            "quyết định",
        )
        return decision, decision.committee.organisation, decision
    spec = RECORDS.get(kind)
    if spec is None:
        raise Http404("Không có loại bản ghi này")
    record = _get(spec.visible(request.user), pk, spec.title.lower())
    return record, spec.org(record), record


@login_required
@require_POST
def void(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Void a mistaken record with a reason; 404 outside the user's reach or edit rights."""
    if kind in DECLARED:
        declared = DECLARED[kind]
        return records.void_record(request, declared, declared.get(request, pk))
    record, org, back = _voidable(request, kind, pk)
    if not can_edit_personnel(request.user, org):
        raise Http404("Không có quyền ghi")
    reason = request.POST.get("reason", "")
    try:
        if kind == "committee":
            actions.do_void_committee(record, reason=reason, acting_user=request.user)
        elif kind == "seat":
            actions.do_void_seat(record, reason=reason, acting_user=request.user)
        elif kind == "decision":
            actions.do_void_decision(record, reason=reason, acting_user=request.user)
        else:
            do_void(record, reason=reason, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã hủy bản ghi ghi nhầm; hãy ghi lại bản đúng nếu cần.")
    return redirect(back)
