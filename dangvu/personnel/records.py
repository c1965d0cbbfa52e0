"""Personnel record kinds declared once (see `dangvu.core.records`): their tables,
filters, forms and writes, from which their list, export, form, page and void derive.

Committees, their seats and completion decisions, acting assignments, leader evaluations,
political-standard conclusions and cell attendances. A committee's page (its seats and
decisions) and the forms that add a seat, record a decision or end a seat or an assignment
are domain pages in `views.py`, built from the same pieces."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from dangvu.core import records
from dangvu.core.dates import FOREVER, today
from dangvu.lib.vnformat import fmt_date
from dangvu.personnel import actions, forms, queries
from dangvu.personnel.models import (
    ActingAssignment,
    CellAttendance,
    Committee,
    CommitteeDecision,
    CommitteeKind,
    CommitteeMember,
    LeaderEvaluation,
    PoliticalConclusion,
    Position,
)
from dangvu.personnel.scoping import can_edit_personnel


def _can_record(user: Any) -> bool:
    return can_edit_personnel(user)


def _kind(url_kind: str, org_of: Callable[[Any], Any], **declared: Any) -> records.RecordKind:
    """A personnel kind: recorded by those who record personnel work, voided at
    `void/<url_kind>/<pk>/` by those who record it for the record's organisation
    (`org_of`)."""
    return records.RecordKind(
        url_kind=url_kind,
        can_record=_can_record,
        can_void=lambda user, record: can_edit_personnel(user, org_of(record)),
        void_url="personnel:void",
        **declared,
    )


def _create(form: type[Any], action: Callable[..., Any], title: str, done: str) -> records.Create:
    """A form whose fields are named as the arguments of the action that writes it."""
    return records.Create(
        form=form,
        write=lambda d, user: action(**d, acting_user=user),
        title=title,
        done=lambda record: done.format(record=record),
    )


def decision_text(number: str, day: dt.date) -> str:
    return f"Số {number}, ngày {fmt_date(day)}" if number else f"Ngày {fmt_date(day)}"


def _linked(label: str, accessor: str) -> tables.Column:
    """The column that links to the record's page (the record's own, not the value's)."""
    return tables.Column(label, accessor=accessor, linkify=lambda record: record.get_absolute_url())


def _choice(**kwargs: Any) -> django_filters.ChoiceFilter:
    """A choice filter with no "not recorded" choice: every row of these kinds has a value."""
    return django_filters.ChoiceFilter(**kwargs)


def _status(label: str, current: str, past: str) -> django_filters.ChoiceFilter:
    """A "current or past" filter (`trang_thai`); the filter set says what current means."""
    return _choice(
        method="filter_status", label=label, choices=[("current", current), ("past", past)]
    )


class _StatusFilter(records.RecordFilter):
    """A filter set with a `trang_thai` filter: rows in force today, or over."""

    def current(self) -> Q:
        raise NotImplementedError

    def filter_status(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(self.current()) if value == "current" else qs.exclude(self.current())


def _in_live_committee(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(committee__voided_at__isnull=True)


# --- committees per term --------------------------------------------------------------


class CommitteeTable(records.RecordTable):
    organisation = records.OrganisationColumn(
        "Tổ chức đảng", linkify=lambda record: record.get_absolute_url()
    )
    organisation_code = records.CodeColumn("organisation__code")
    kind = tables.Column("Cơ quan")
    term = tables.Column("Nhiệm kỳ")
    n_seats = records.NumberColumn("Số thành viên hiện nay")


class CommitteeFilter(_StatusFilter):
    """A year selects the terms it falls in; a term has no day, so no period is offered."""

    tu = None
    den = None
    loai = _choice(field_name="kind", label="Cơ quan", choices=CommitteeKind.choices)
    trang_thai = _status("Nhiệm kỳ", "Đang diễn ra", "Đã qua")

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(first_year__lte=value, last_year__gte=value)

    def current(self) -> Q:
        year = today().year
        return Q(first_year__lte=year, last_year__gte=year)


def _with_seat_count(qs: QuerySet[Committee]) -> QuerySet[Committee]:
    return qs.annotate(n_seats=Count("seats", filter=queries.seats_on(today(), "seats__")))


COMMITTEES = _kind(
    "committee",
    lambda r: r.organisation,
    model=Committee,
    name="cơ quan",
    plural="Cấp ủy, Ủy ban Kiểm tra theo nhiệm kỳ",
    visible=queries.visible_committees,
    table=CommitteeTable,
    filters=CommitteeFilter,
    export_name="cap-uy-nhiem-ky",
    list_url="personnel:committees",
    menu="Cấp ủy, Ủy ban Kiểm tra",
    menu_order=10,
    related=("organisation",),
    annotate=_with_seat_count,
    order=("-first_year", "organisation__path", "kind"),
    create=_create(
        forms.CommitteeForm,
        actions.do_create_committee,
        "Ghi cấp ủy, Ủy ban Kiểm tra nhiệm kỳ",
        "Đã ghi {record}.",
    ),
    create_url="personnel:committee_create",
    void=actions.do_void_committee,
    detail_template="personnel/committee.html",
)


# --- committee members (seats) --------------------------------------------------------


class BasisColumn(tables.Column):
    """What a seat stands on: its completion decision's number, or the basis written."""

    def render(self, record: CommitteeMember) -> str:
        return self.value(record)

    def value(self, record: CommitteeMember) -> str:
        decision = record.start_decision
        return decision.number if decision is not None else record.start_basis


class SeatTable(records.RecordTable):
    member = _linked("Họ và tên", "member__full_name")
    position = tables.Column("Chức vụ")
    committee_kind = tables.Column("Cơ quan", accessor="committee__kind")
    organisation = records.OrganisationColumn("Tổ chức đảng", accessor="committee__organisation")
    organisation_code = records.CodeColumn("committee__organisation__code")
    term = tables.Column("Nhiệm kỳ", accessor="committee__term")
    start_date = records.DateColumn("Từ ngày")
    basis = BasisColumn("Căn cứ", accessor="pk", empty_values=())
    ended = tables.Column("Thôi từ ngày", accessor="end_text")
    end_reason = tables.Column("Lý do thôi")


class SeatFilter(_StatusFilter):
    org_field = "committee__organisation"
    date_field = "start_date"

    ban = _choice(field_name="committee__kind", label="Cơ quan", choices=CommitteeKind.choices)
    chuc_vu = _choice(field_name="position", label="Chức vụ", choices=Position.choices)
    trang_thai = _status("Tình trạng", "Đang giữ chức vụ", "Đã thôi")
    nguon = _choice(
        method="filter_source",
        label="Căn cứ",
        choices=[("qd", "Quyết định kiện toàn"), ("dh", "Đại hội bầu")],
    )

    def current(self) -> Q:
        return Q(ended_on=FOREVER)

    def filter_source(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(start_decision__isnull=value == "dh")


SEATS = _kind(
    "seat",
    lambda r: r.committee.organisation,
    model=CommitteeMember,
    name="chức vụ",
    plural="Cấp ủy viên, ủy viên Ủy ban Kiểm tra",
    visible=queries.visible_seats,
    table=SeatTable,
    filters=SeatFilter,
    export_name="cap-uy-vien",
    list_url="personnel:seats",
    menu="Cấp ủy viên",
    menu_order=20,
    related=("member", "committee__organisation", "start_decision"),
    annotate=_in_live_committee,
    order=("-start_date", "id"),
    void=actions.do_void_seat,
    import_kind="committee-members",
)


# --- completion decisions -------------------------------------------------------------


class DecisionTable(records.RecordTable):
    kind = tables.Column("Loại quyết định", linkify=True)
    organisation = records.OrganisationColumn("Tổ chức đảng", accessor="committee__organisation")
    organisation_code = records.CodeColumn("committee__organisation__code")
    committee_kind = tables.Column("Cơ quan", accessor="committee__kind")
    term = tables.Column("Nhiệm kỳ", accessor="committee__term")
    number = tables.Column("Số quyết định")
    decision_date = records.DateColumn("Ngày quyết định")
    issued_by = tables.Column("Cấp quyết định")


class DecisionFilter(records.RecordFilter):
    org_field = "committee__organisation"
    date_field = "decision_date"

    loai = _choice(
        field_name="kind", label="Loại quyết định", choices=CommitteeDecision.Kind.choices
    )
    ban = _choice(field_name="committee__kind", label="Cơ quan", choices=CommitteeKind.choices)


def _decision_context(request: HttpRequest, decision: CommitteeDecision) -> dict[str, Any]:
    return {
        "opened": decision.opened_seats.select_related("member"),
        "closed": decision.closed_seats.select_related("member"),
    }


DECISIONS = _kind(
    "decision",
    lambda r: r.committee.organisation,
    model=CommitteeDecision,
    name="quyết định",
    plural="Quyết định kiện toàn cấp ủy, Ủy ban Kiểm tra",
    visible=queries.visible_decisions,
    table=DecisionTable,
    filters=DecisionFilter,
    export_name="quyet-dinh-kien-toan",
    list_url="personnel:decisions",
    menu="Quyết định kiện toàn",
    menu_order=30,
    related=("committee__organisation",),
    annotate=_in_live_committee,
    # A decision is recorded on its committee's page: "add" leads to the committees.
    create_url="personnel:committees",
    void=actions.do_void_decision,
    detail_template="personnel/decision.html",
    detail_context=_decision_context,
    import_kind="committee-decisions",
)


# --- assignments that run from a start to an end date ---------------------------------


def _end_context(org_of: Any) -> Any:
    """The detail page's "record the end date" button, for an open assignment."""

    def context(request: HttpRequest, record: Any) -> dict[str, Any]:
        can_end = (
            not record.is_void
            and record.end_date is None
            and can_edit_personnel(request.user, org_of(record))
        )
        return {"can_end": can_end}

    return context


class ActingTable(records.RecordTable):
    member = _linked("Họ và tên", "member__full_name")
    kind = tables.Column("Hình thức")
    post = tables.Column("Chức danh")
    organisation = records.OrganisationColumn("Tổ chức đảng")
    organisation_code = records.CodeColumn("organisation__code")
    start_date = records.DateColumn("Từ ngày")
    end_date = records.DateColumn("Đến hết ngày")
    decision_number = tables.Column("Số quyết định")
    decision_date = records.DateColumn("Ngày quyết định")


class ActingFilter(records.RecordFilter):
    date_field = "decision_date"

    loai = _choice(field_name="kind", label="Hình thức", choices=ActingAssignment.Kind.choices)


def _acting_rows(a: ActingAssignment) -> list[tuple[str, object]]:
    return [
        ("Hình thức", a.get_kind_display()),
        ("Chức danh", a.post),
        ("Tổ chức đảng", a.organisation.name),
        ("Đảng viên", a.member),
        ("Từ ngày", fmt_date(a.start_date)),
        ("Đến hết ngày", fmt_date(a.end_date) or "—"),
        ("Quyết định", decision_text(a.decision_number, a.decision_date)),
        ("Ghi chú", a.note),
    ]


ACTING = _kind(
    "acting",
    lambda r: r.organisation,
    model=ActingAssignment,
    name="giao quyền, phân công phụ trách",
    plural="Giao quyền, phân công phụ trách",
    visible=queries.visible_acting,
    table=ActingTable,
    filters=ActingFilter,
    export_name="giao-quyen-phu-trach",
    list_url="personnel:acting",
    menu="Giao quyền, phụ trách",
    menu_order=40,
    related=("organisation", "member"),
    person_field="member__full_name",
    create=_create(
        forms.ActingForm,
        actions.do_assign_acting,
        "Ghi giao quyền, phân công phụ trách",
        "Đã ghi giao quyền, phân công phụ trách.",
    ),
    create_url="personnel:acting_create",
    detail_template="personnel/record.html",
    detail_context=_end_context(lambda r: r.organisation),
    detail_rows=_acting_rows,
    import_kind="acting-assignments",
)


class AttendanceTable(records.RecordTable):
    member = _linked("Cấp ủy viên", "member__full_name")
    position = tables.Column("Chức vụ", accessor="seat__position")
    committee = records.OrganisationColumn("Cấp ủy", accessor="seat__committee__organisation")
    committee_code = records.CodeColumn("seat__committee__organisation__code", "Mã cấp ủy")
    cell = records.OrganisationColumn("Chi bộ")
    cell_code = records.CodeColumn("cell__code", "Mã chi bộ")
    start_date = records.DateColumn("Từ ngày")
    end_date = records.DateColumn("Đến hết ngày")
    decision_number = tables.Column("Văn bản phân công")


class AttendanceFilter(_StatusFilter):
    """A year or a last day selects the assignments in force then (what the indicator
    counts: in force on the period's last day), so a first day means nothing here."""

    org_field = "cell"
    date_field = "start_date"

    tu = None
    trang_thai = _status("Tình trạng", "Đang thực hiện", "Đã kết thúc")

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(start_date__year__lte=value).exclude(end_date__year__lt=value)

    def filter_to(self, qs: QuerySet[Any], name: str, value: dt.date) -> QuerySet[Any]:
        return qs.filter(start_date__lte=value).exclude(end_date__lt=value)

    def current(self) -> Q:
        return Q(end_date__isnull=True) | Q(end_date__gte=today())


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


ATTENDANCES = _kind(
    "attendance",
    lambda r: r.cell,
    model=CellAttendance,
    name="phân công dự sinh hoạt chi bộ",
    plural="Phân công cấp ủy viên dự sinh hoạt chi bộ",
    visible=queries.visible_attendances,
    table=AttendanceTable,
    filters=AttendanceFilter,
    export_name="phan-cong-du-sinh-hoat",
    list_url="personnel:attendances",
    menu="Dự sinh hoạt chi bộ",
    menu_order=70,
    related=("member", "cell", "seat__committee__organisation"),
    person_field="member__full_name",
    person_group="cell",
    create=_create(
        forms.AttendanceForm,
        actions.do_assign_cell_attendance,
        "Phân công cấp ủy viên dự sinh hoạt chi bộ",
        "Đã ghi phân công dự sinh hoạt chi bộ.",
    ),
    create_url="personnel:attendance_create",
    detail_template="personnel/record.html",
    detail_context=_end_context(lambda r: r.cell),
    detail_rows=_attendance_rows,
    import_kind="cell-attendances",
)


# --- leader evaluations ---------------------------------------------------------------


class EvaluationTable(records.RecordTable):
    person_name = tables.Column("Họ và tên", linkify=True)
    position = tables.Column("Chức vụ")
    unit = tables.Column("Cơ quan, đơn vị")
    organisation = records.OrganisationColumn("Tổ chức đảng")
    organisation_code = records.CodeColumn("organisation__code")
    reason = tables.Column("Lý do")
    requested_by = tables.Column("Cơ quan đề nghị")
    document_number = tables.Column("Số văn bản")
    date = records.DateColumn("Ngày có ý kiến")


class EvaluationFilter(records.RecordFilter):
    ly_do = _choice(field_name="reason", label="Lý do", choices=LeaderEvaluation.Reason.choices)


def _evaluation_rows(e: LeaderEvaluation) -> list[tuple[str, object]]:
    return [
        ("Họ và tên", e.member or e.person_name),
        ("Chức vụ", e.position),
        ("Cơ quan, đơn vị", e.unit),
        ("Tổ chức đảng nơi sinh hoạt", e.organisation.name),
        ("Lý do", e.get_reason_display()),
        ("Cơ quan đề nghị", e.requested_by),
        ("Văn bản", decision_text(e.document_number, e.date)),
        ("Ghi chú", e.note),
    ]


EVALUATIONS = _kind(
    "evaluation",
    lambda r: r.organisation,
    model=LeaderEvaluation,
    name="ý kiến nhận xét, đánh giá cán bộ",
    plural="Nhận xét, đánh giá cán bộ lãnh đạo, quản lý",
    visible=queries.visible_evaluations,
    table=EvaluationTable,
    filters=EvaluationFilter,
    export_name="nhan-xet-can-bo",
    list_url="personnel:evaluations",
    menu="Nhận xét, đánh giá cán bộ",
    menu_order=50,
    related=("organisation", "member"),
    person_field="person_name",
    create=_create(
        forms.EvaluationForm,
        actions.do_record_evaluation,
        "Ghi ý kiến nhận xét, đánh giá cán bộ",
        "Đã ghi nhận xét đồng chí {record.person_name}.",
    ),
    create_url="personnel:evaluation_create",
    detail_rows=_evaluation_rows,
    import_kind="leader-evaluations",
)


# --- political-standard conclusions ---------------------------------------------------


class ConclusionTable(records.RecordTable):
    person_name = tables.Column("Họ và tên", linkify=True)
    birth_date = records.DateColumn("Ngày sinh")
    unit = tables.Column("Cơ quan, đơn vị")
    organisation = records.OrganisationColumn("Tổ chức đảng")
    organisation_code = records.CodeColumn("organisation__code")
    purpose = tables.Column("Mục đích")
    outcome = tables.Column("Kết luận")
    document_number = tables.Column("Số văn bản")
    date = records.DateColumn("Ngày kết luận")


class ConclusionFilter(records.RecordFilter):
    muc_dich = _choice(
        field_name="purpose", label="Mục đích", choices=PoliticalConclusion.Purpose.choices
    )
    ket_luan = _choice(
        field_name="outcome", label="Kết luận", choices=PoliticalConclusion.Outcome.choices
    )


def _conclusion_rows(c: PoliticalConclusion) -> list[tuple[str, object]]:
    return [
        ("Họ và tên", c.member or c.candidate or c.person_name),
        ("Ngày sinh", fmt_date(c.birth_date)),
        ("Cơ quan, đơn vị công tác", c.unit),
        ("Tổ chức đảng", c.organisation.name),
        ("Mục đích", c.get_purpose_display()),
        ("Kết luận", c.get_outcome_display()),
        ("Văn bản", decision_text(c.document_number, c.date)),
        ("Ghi chú", c.note),
    ]


CONCLUSIONS = _kind(
    "conclusion",
    lambda r: r.organisation,
    model=PoliticalConclusion,
    name="kết luận tiêu chuẩn chính trị",
    plural="Kết luận tiêu chuẩn chính trị",
    visible=queries.visible_conclusions,
    table=ConclusionTable,
    filters=ConclusionFilter,
    export_name="ket-luan-tieu-chuan-chinh-tri",
    list_url="personnel:conclusions",
    menu="Kết luận tiêu chuẩn chính trị",
    menu_order=60,
    related=("organisation", "member", "candidate"),
    person_field="person_name",
    create=_create(
        forms.ConclusionForm,
        actions.do_conclude_political_standard,
        "Ghi kết luận tiêu chuẩn chính trị",
        "Đã ghi kết luận cho {record.person_name}.",
    ),
    create_url="personnel:conclusion_create",
    detail_rows=_conclusion_rows,
    import_kind="political-conclusions",
)


# Every kind by its part of the URLs `void/<kind>/<pk>/` and `records/<kind>/<pk>/`.
KINDS = {
    k.url_kind: k
    for k in (COMMITTEES, SEATS, DECISIONS, ACTING, ATTENDANCES, EVALUATIONS, CONCLUSIONS)
}
