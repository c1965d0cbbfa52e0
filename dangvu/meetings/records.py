"""Meetings declared once (see `dangvu.core.records`): the list of meetings with its
filters and export, and a meeting's page with its roll, counts, file, history, correction
and void. Meetings are recorded on the organisation's meeting page (`views.cell`), made
for a phone, never through a generic form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django_filters
import django_tables2 as tables
from django.http import HttpRequest

from dangvu.core import records
from dangvu.lib.vnformat import fmt_date, fmt_percent
from dangvu.meetings.models import Meeting, MeetingKind
from dangvu.meetings.scoping import can_change_meeting, can_record_meetings, visible_meetings


class RateColumn(tables.Column):
    """The attendance rate (present among those required), in percent."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, record: Meeting) -> str:
        rate = record.attendance_rate
        return fmt_percent(rate, 1) if rate is not None else ""

    def value(self, record: Meeting) -> Any:
        rate = record.attendance_rate
        return round(rate, 1) if rate is not None else ""


class MeetingTable(records.RecordTable):
    date = records.DateColumn("Ngày", linkify=lambda record: record.get_absolute_url())
    organisation = records.OrganisationColumn("Tổ chức đảng")
    organisation_code = records.CodeColumn("organisation__code")
    kind = tables.Column("Hình thức")
    topic = tables.Column("Chuyên đề, nội dung", default="")
    required = records.NumberColumn("Phải dự")
    present = records.NumberColumn("Có mặt")
    excused = records.NumberColumn("Vắng có lý do")
    unexcused = records.NumberColumn("Vắng không lý do")
    guests = records.NumberColumn("Sinh hoạt tạm thời")
    rate = RateColumn("Tỷ lệ dự (%)")
    superior = tables.Column("Cấp ủy cấp trên dự", accessor="pk", default="")

    def render_superior(self, record: Meeting) -> str:
        return _superior(record)

    def value_superior(self, record: Meeting) -> str:
        return _superior(record)


def _superior(meeting: Meeting) -> str:
    if meeting.superior_attendee_id:
        return meeting.superior_attendee.full_name
    return meeting.superior_attendee_name


class MeetingFilter(records.RecordFilter):
    date_field = "date"
    hinh_thuc = django_filters.ChoiceFilter(
        field_name="kind", label="Hình thức", choices=MeetingKind.choices
    )


def _rows(m: Meeting) -> Sequence[tuple[str, object]]:
    by = m.recorded_by.get_username() if m.recorded_by_id else "hệ thống"
    return [
        ("Tổ chức đảng", m.organisation),
        ("Ngày sinh hoạt", fmt_date(m.date)),
        ("Hình thức", m.get_kind_display()),
        ("Chuyên đề, nội dung chính", m.topic),
        ("Chủ trì", m.chaired_by),
        ("Thư ký", m.minutes_by),
        ("Cấp ủy cấp trên dự", _superior(m) or "Không có"),
        ("Những nội dung chi bộ thống nhất", m.decisions),
        ("Ghi chú", m.note),
        ("Người ghi", by),
    ]


def _detail(request: HttpRequest, record: Meeting) -> dict[str, Any]:
    from dangvu.meetings.views import meeting_context

    return meeting_context(request, record)


def _void(record: Meeting, *, reason: str, acting_user: Any) -> Meeting:
    from dangvu.meetings.actions import do_void_meeting

    return do_void_meeting(record, reason=reason, acting_user=acting_user)


MEETINGS = records.RecordKind(
    model=Meeting,
    name="buổi sinh hoạt",
    plural="Buổi sinh hoạt chi bộ",
    visible=visible_meetings,
    table=MeetingTable,
    filters=MeetingFilter,
    export_name="buoi-sinh-hoat",
    list_url="meetings:meetings",
    menu="Buổi sinh hoạt",
    menu_order=20,
    related=("organisation", "superior_attendee", "chaired_by", "minutes_by", "recorded_by"),
    order=("-date", "organisation__path"),
    # The add button opens the choice of the organisation, then its meeting page.
    create_url="meetings:record",
    can_record=can_record_meetings,
    can_void=can_change_meeting,
    void=_void,
    void_url="meetings:void",
    detail_template="meetings/meeting.html",
    detail_rows=_rows,
    detail_context=_detail,
    import_kind="meetings",
)
