"""The transit records declared once for the record layer (see dangvu.core.records):
confirmations of arrival, members announced as coming, and temporary attendees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from dangvu.core import records
from dangvu.core.dates import today
from dangvu.dues.forms import month_text
from dangvu.dues.records import MonthColumn
from dangvu.dues.scoping import can_record_dues
from dangvu.lib.vnformat import fmt_date, fmt_number
from dangvu.transit import actions, forms, queries
from dangvu.transit.models import (
    Announcement,
    ArrivalConfirmation,
    TemporaryAttendee,
    TemporaryDuesPayment,
)


def _linked(label: str, accessor: str) -> tables.Column:
    return tables.Column(label, accessor=accessor, linkify=lambda record: record.get_absolute_url())


def _paper(number: str, day: dt.date | None) -> str:
    return f"Số {number}, ngày {fmt_date(day)}" if number else fmt_date(day)


def _can_void(user: Any, record: Any) -> bool:
    return queries.can_record(user, record.organisation)


# --- confirmations of arrival -------------------------------------------------------------


class ConfirmationTable(records.RecordTable):
    member = _linked("Họ và tên", "event__member__full_name")
    organisation = records.OrganisationColumn("Chuyển đi từ")
    organisation_code = records.CodeColumn("organisation__code")
    receiving_organisation = tables.Column("Nơi nhận")
    event_date = records.DateColumn("Ngày chuyển đi", accessor="event__date")
    learned_on = records.DateColumn("Ngày nhận thông báo")
    notice_number = tables.Column("Số thông báo")


class ConfirmationFilter(records.RecordFilter):
    date_field = "learned_on"


def _confirmation_rows(c: ArrivalConfirmation) -> list[tuple[str, object]]:
    e = c.event
    return [
        ("Đảng viên", e.member),
        ("Chuyển đi từ", c.organisation.name),
        ("Quyết định chuyển đi", _paper(e.decision_number, actions.paper_date_of(e))),
        ("Nơi đến theo quyết định", e.external_party),
        (
            "Hạn xuất trình giấy giới thiệu",
            fmt_date(actions.arrival_deadline(actions.paper_date_of(e))),
        ),
        ("Tổ chức đảng nơi nhận", c.receiving_organisation),
        ("Ngày nhận được thông báo", fmt_date(c.learned_on)),
        ("Số giấy báo, thông báo", c.notice_number),
        ("Ghi chú", c.note),
    ]


CONFIRMATIONS = records.RecordKind(
    model=ArrivalConfirmation,
    name="xác nhận đã đến nơi mới",
    plural="Xác nhận đảng viên chuyển đi đã đến nơi mới",
    visible=queries.visible_confirmations,
    table=ConfirmationTable,
    filters=ConfirmationFilter,
    export_name="xac-nhan-den-noi-moi",
    list_url="transit:confirmations",
    menu="Xác nhận chuyển đi đã đến",
    menu_order=38,
    related=("event__member", "organisation"),
    person_field="event__member__full_name",
    can_void=_can_void,
    void_url="transit:void",
    url_kind="confirmation",
    detail_rows=_confirmation_rows,
)


# --- members announced as coming ----------------------------------------------------------


class AnnouncementTable(records.RecordTable):
    full_name = _linked("Họ và tên", "full_name")
    birth_date = records.DateColumn("Ngày sinh")
    organisation = records.OrganisationColumn("Chi bộ tiếp nhận")
    organisation_code = records.CodeColumn("organisation__code")
    from_party = tables.Column("Từ đảng bộ")
    paper_number = tables.Column("Số giấy giới thiệu")
    paper_date = records.DateColumn("Ngày giấy giới thiệu")
    state = tables.Column("Tình trạng")


class AnnouncementFilter(records.RecordFilter):
    date_field = "paper_date"
    tinh_trang = django_filters.ChoiceFilter(
        field_name="state", label="Tình trạng", choices=Announcement.State.choices
    )


def _announcement_rows(a: Announcement) -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = [
        ("Họ và tên", a.full_name),
        ("Ngày sinh", fmt_date(a.birth_date)),
        ("Giới tính", a.get_sex_display()),
        ("Đảng bộ nơi chuyển đi", a.from_party),
        ("Giấy giới thiệu", _paper(a.paper_number, a.paper_date)),
        ("Chi bộ tiếp nhận", a.organisation.name),
        ("Hạn đến nơi mới", fmt_date(actions.arrival_deadline(a.paper_date))),
        ("Tình trạng", a.get_state_display()),
    ]
    if a.arrival is not None:
        rows.append(("Tiếp nhận", a.arrival.member))
    if a.state == Announcement.State.NOT_COMING:
        rows += [
            ("Ngày kết thúc theo dõi", fmt_date(a.closed_on)),
            ("Lý do không đến", a.close_reason),
        ]
    rows.append(("Ghi chú", a.note))
    return rows


def _announcement_context(request: HttpRequest, record: Announcement) -> dict[str, Any]:
    open_ = (
        not record.is_void
        and record.state == Announcement.State.OPEN
        and queries.can_record(request.user, record.organisation)
    )
    return {
        "can_close": open_,
        "candidates": actions.arrival_candidates(record) if open_ else [],
    }


ANNOUNCEMENTS = records.RecordKind(
    model=Announcement,
    name="thông báo đảng viên chuyển đến",
    plural="Đảng viên được thông báo chuyển đến",
    visible=queries.visible_announcements,
    table=AnnouncementTable,
    filters=AnnouncementFilter,
    export_name="dang-vien-thong-bao-chuyen-den",
    list_url="transit:announcements",
    menu="Thông báo chuyển đến",
    menu_order=36,
    related=("organisation", "arrival__member"),
    order=("-paper_date", "-pk"),
    person_field="full_name",
    create=records.Create(
        form=forms.AnnouncementForm,
        write=lambda d, user: actions.do_announce(**d, acting_user=user),
        title="Ghi đảng viên được thông báo chuyển đến",
        intro=(
            "Khi đồng chí đến, bấm «Ghi nhận chuyển đến» trên trang của thông báo: biểu mẫu "
            "tiếp nhận được điền sẵn và thông báo được khép lại."
        ),
        done=lambda r: f"Đã ghi thông báo chuyển đến của đồng chí {r.full_name}.",
    ),
    create_url="transit:announcement_create",
    can_record=queries.can_record,
    can_void=_can_void,
    void_url="transit:void",
    url_kind="announcement",
    detail_template="transit/announcement.html",
    detail_context=_announcement_context,
    detail_rows=_announcement_rows,
)


# --- temporary attendees ------------------------------------------------------------------


class AttendeeTable(records.RecordTable):
    full_name = _linked("Họ và tên", "full_name")
    organisation = records.OrganisationColumn("Chi bộ nơi đến")
    organisation_code = records.CodeColumn("organisation__code")
    home_party = tables.Column("Nơi sinh hoạt chính thức")
    start_date = records.DateColumn("Từ ngày")
    planned_end = records.DateColumn("Đến hết ngày (dự kiến)")
    actual_end = records.DateColumn("Ngày thôi sinh hoạt", default="")
    pays_dues_here = records.YesColumn("Đóng đảng phí tại chi bộ")
    paper_number = tables.Column("Số giấy giới thiệu")


class AttendeeFilter(records.RecordFilter):
    """A year or a last day selects the stays open then; `trang_thai` those open today."""

    date_field = "start_date"
    tu = None
    trang_thai = django_filters.ChoiceFilter(
        method="filter_status",
        label="Tình trạng",
        choices=[("current", "Đang sinh hoạt"), ("past", "Đã thôi sinh hoạt")],
    )
    ly_do = django_filters.ChoiceFilter(
        field_name="purpose", label="Lý do", choices=TemporaryAttendee.Purpose.choices
    )

    @staticmethod
    def _open_from(day: dt.date) -> Q:
        return Q(actual_end__isnull=True, planned_end__gte=day) | Q(actual_end__gte=day)

    def filter_status(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        day = today()
        current = Q(start_date__lte=day) & self._open_from(day)
        return qs.filter(current) if value == "current" else qs.exclude(current)

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(start_date__year__lte=value).filter(self._open_from(dt.date(value, 1, 1)))

    def filter_to(self, qs: QuerySet[Any], name: str, value: dt.date) -> QuerySet[Any]:
        return qs.filter(start_date__lte=value).filter(self._open_from(value))


def _attendee_rows(a: TemporaryAttendee) -> list[tuple[str, object]]:
    return [
        ("Họ và tên", a.full_name),
        ("Ngày sinh", fmt_date(a.birth_date)),
        ("Giới tính", a.get_sex_display()),
        ("Tổ chức đảng nơi sinh hoạt chính thức", a.home_party),
        ("Giấy giới thiệu", _paper(a.paper_number, a.paper_date)),
        ("Chi bộ nơi đến", a.organisation.name),
        ("Lý do", a.get_purpose_display()),
        ("Từ ngày", fmt_date(a.start_date)),
        ("Đến hết ngày (dự kiến)", fmt_date(a.planned_end)),
        ("Ngày thôi sinh hoạt tạm thời", fmt_date(a.actual_end) if a.actual_end else ""),
        (
            "Đảng phí",
            "Đóng tại chi bộ nơi đến" if a.pays_dues_here else "Đóng tại nơi sinh hoạt chính thức",
        ),
        ("Ghi chú", a.note),
    ]


def _attendee_context(request: HttpRequest, record: TemporaryAttendee) -> dict[str, Any]:
    can_end = (
        not record.is_void
        and record.actual_end is None
        and queries.can_record(request.user, record.organisation)
    )
    return {"can_end": can_end}


ATTENDEES = records.RecordKind(
    model=TemporaryAttendee,
    name="đảng viên nơi khác đến sinh hoạt tạm thời",
    plural="Đảng viên nơi khác đến sinh hoạt tạm thời",
    visible=queries.visible_attendees,
    table=AttendeeTable,
    filters=AttendeeFilter,
    export_name="sinh-hoat-tam-thoi-den",
    list_url="transit:attendees",
    menu="Nơi khác đến sinh hoạt tạm thời",
    menu_order=37,
    related=("organisation",),
    order=("planned_end", "pk"),
    person_field="full_name",
    create=records.Create(
        form=forms.AttendeeForm,
        write=lambda d, user: actions.do_register_attendee(**d, acting_user=user),
        title="Ghi đảng viên nơi khác đến sinh hoạt tạm thời",
        intro=(
            "Đảng viên sinh hoạt tạm thời vẫn thuộc đảng bộ nơi sinh hoạt chính thức: họ dự "
            "sinh hoạt chi bộ, đóng đảng phí nơi đến nếu quy định như vậy, nhưng không bao giờ "
            "được tính vào số đảng viên của Đảng bộ."
        ),
        done=lambda r: (
            f"Đã ghi đồng chí {r.full_name} sinh hoạt tạm thời tại {r.organisation.name}."
        ),
    ),
    create_url="transit:attendee_create",
    can_record=queries.can_record,
    can_void=_can_void,
    void_url="transit:void",
    url_kind="attendee",
    detail_template="transit/attendee.html",
    detail_context=_attendee_context,
    detail_rows=_attendee_rows,
)


# --- dues of temporary attendees ----------------------------------------------------------


class TemporaryDuesTable(records.RecordTable):
    attendee = _linked("Họ và tên", "attendee__full_name")
    organisation = records.OrganisationColumn("Chi bộ thu")
    organisation_code = records.CodeColumn("organisation__code")
    month = MonthColumn("Tháng")
    amount = records.NumberColumn("Số tiền (đồng)")
    paid_on = records.DateColumn("Ngày nộp")
    receipt = tables.Column("Số phiếu thu")


class TemporaryDuesFilter(records.RecordFilter):
    date_field = "month"


def _dues_initial(request: HttpRequest) -> dict[str, Any]:
    """The attendee and month the dues page's link names (`?nguoi=`, `?thang=`)."""
    initial: dict[str, Any] = {}
    who = request.GET.get("nguoi", "").strip()
    if who.isdigit() and len(who) < 12:
        initial["attendee"] = int(who)
    month = request.GET.get("thang", "").strip()
    if month:
        initial["month"] = month[:20]
    return initial


def _dues_rows(p: TemporaryDuesPayment) -> list[tuple[str, object]]:
    return [
        ("Đảng viên sinh hoạt tạm thời", p.attendee.full_name),
        ("Nơi sinh hoạt chính thức", p.attendee.home_party),
        ("Chi bộ thu", p.organisation.name),
        ("Tháng", month_text(p.month)),
        ("Số tiền", f"{fmt_number(p.amount)} đồng"),
        ("Ngày nộp", fmt_date(p.paid_on)),
        ("Số phiếu thu", p.receipt),
        ("Ghi chú", p.note),
    ]


def _can_void_dues(user: Any, record: Any) -> bool:
    return can_record_dues(user, record.organisation)


def _can_record_dues(user: Any) -> bool:
    return can_record_dues(user)


TEMPORARY_DUES = records.RecordKind(
    model=TemporaryDuesPayment,
    name="khoản đảng phí của đảng viên sinh hoạt tạm thời",
    plural="Đảng phí của đảng viên nơi khác đến sinh hoạt tạm thời",
    visible=queries.visible_temporary_dues,
    table=TemporaryDuesTable,
    filters=TemporaryDuesFilter,
    export_name="dang-phi-sinh-hoat-tam-thoi",
    list_url="transit:dues_payments",
    menu="Đảng phí sinh hoạt tạm thời",
    menu_order=45,
    menu_app="dues",
    related=("attendee", "organisation"),
    order=("-month", "attendee__full_name", "pk"),
    person_field="attendee__full_name",
    create=records.Create(
        form=forms.TemporaryDuesForm,
        write=lambda d, user: actions.do_record_temporary_dues(**d, acting_user=user),
        title="Ghi đảng phí của đảng viên sinh hoạt tạm thời",
        intro=(
            "Khoản này không bao giờ được cộng vào số phải thu, đã thu của đảng viên chi bộ; "
            "mỗi đồng chí một khoản cho mỗi tháng trong thời gian sinh hoạt tạm thời."
        ),
        done=lambda r: (
            f"Đã ghi đảng phí tháng {month_text(r.month)} của đồng chí {r.attendee.full_name}."
        ),
        initial=_dues_initial,
    ),
    create_url="transit:dues_payment_create",
    can_record=_can_record_dues,
    can_void=_can_void_dues,
    void=actions.do_void_temporary_dues,
    void_url="transit:void",
    url_kind="dues",
    detail_rows=_dues_rows,
)

KINDS = {k.url_kind: k for k in (CONFIRMATIONS, ANNOUNCEMENTS, ATTENDEES, TEMPORARY_DUES)}
