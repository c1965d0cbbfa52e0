"""The meeting imports: meetings, then the attendance of their rolls, through the same
actions as the pages, idempotent and all or nothing, each bad row named by row and
column."""

from __future__ import annotations

from typing import Any

import pytest

from dangvu.dues.tests.test_imports import run
from dangvu.meetings.models import Attendance, Meeting, MeetingKind, Presence
from dangvu.meetings.tests.helpers import cell_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree: Any) -> list[Any]:
    return cell_members(tree["C11"])


def meeting_row(**kw: Any) -> dict[str, Any]:
    return {
        "Tổ chức đảng": "C11",
        "Ngày sinh hoạt": "05/03/2024",
        "Hình thức": MeetingKind.REGULAR.label,
        **kw,
    }


def attendance_row(m: Any, presence: str, **kw: Any) -> dict[str, Any]:
    return {
        "Tổ chức đảng": "C11",
        "Ngày sinh hoạt": "05/03/2024",
        "Họ và tên": m.full_name,
        "Ngày sinh": m.birth_date.strftime("%d/%m/%Y"),
        "Tình hình dự": presence,
        **kw,
    }


class TestMeetings:
    def test_meetings_import_once_and_again_unchanged(
        self, people: list[Any], admin_user: Any
    ) -> None:
        rows = [
            meeting_row(**{"Chủ trì": people[0].full_name, "Thư ký": people[1].full_name}),
            meeting_row(
                **{
                    "Ngày sinh hoạt": "20/03/2024",
                    "Hình thức": MeetingKind.THEMATIC.label,
                    "Chuyên đề, nội dung chính": "Học tập Nghị quyết",
                    "Cấp ủy cấp trên dự": "Đỗ Văn Giám",
                }
            ),
        ]
        report = run("meetings", rows, admin_user)
        assert report.ok and report.created == 2, report.lines()
        regular = Meeting.objects.get(kind="REGULAR")
        assert regular.chaired_by == people[0] and (regular.required, regular.present) == (4, 4)
        assert Meeting.objects.get(kind="THEMATIC").superior_attendee_name == "Đỗ Văn Giám"
        again = run("meetings", rows, admin_user)
        assert again.ok and again.unchanged == 2 and Meeting.objects.count() == 2

    def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(
        self, people: list[Any], admin_user: Any
    ) -> None:
        rows = [
            meeting_row(),
            meeting_row(**{"Ngày sinh hoạt": "25/03/2024"}),
            meeting_row(
                **{"Hình thức": MeetingKind.THEMATIC.label, "Ngày sinh hoạt": "06/03/2024"}
            ),
            meeting_row(**{"Ngày sinh hoạt": "05/04/2024", "Chủ trì": "Không Có Ai"}),
            meeting_row(**{"Tổ chức đảng": "BLOC", "Ngày sinh hoạt": "05/05/2024"}),
        ]
        report = run("meetings", rows, admin_user)
        problems = {(p.row, p.column): p.message for p in report.problems}
        assert "05/03/2024" in problems[(3, "Ngày sinh hoạt")]
        assert "tên chuyên đề" in problems[(4, "Chuyên đề, nội dung chính")]
        assert "Không Có Ai" in problems[(5, "Chủ trì")]
        assert "chỉ ghi sinh hoạt" in problems[(6, "Tổ chức đảng")]
        assert not Meeting.objects.exists()


class TestAttendance:
    def test_absences_are_marked_on_the_recorded_roll(
        self, people: list[Any], admin_user: Any
    ) -> None:
        assert run("meetings", [meeting_row()], admin_user).ok
        an, binh, cuong, _ = people
        rows = [
            attendance_row(
                binh,
                Presence.EXCUSED.label,
                **{"Lý do vắng": "Đi công tác"},
            ),
            attendance_row(cuong, Presence.UNEXCUSED.label),
            attendance_row(an, Presence.PRESENT.label),
        ]
        report = run("meeting-attendance", rows, admin_user)
        assert report.ok and report.created == 2 and report.unchanged == 1, report.lines()
        meeting = Meeting.objects.get()
        assert (meeting.present, meeting.excused, meeting.unexcused) == (2, 1, 1)
        assert Attendance.objects.get(member=binh).reason == "MISSION"
        again = run("meeting-attendance", rows, admin_user)
        assert again.ok and again.unchanged == 3

    def test_bad_rows_are_named_and_nothing_is_written(
        self, tree: Any, people: list[Any], admin_user: Any
    ) -> None:
        assert run("meetings", [meeting_row()], admin_user).ok
        (stranger,) = cell_members(tree["C12"], ("Ngoài Văn Xa",))
        an, binh, *_ = people
        rows = [
            attendance_row(an, Presence.UNEXCUSED.label),
            attendance_row(binh, Presence.EXCUSED.label),
            attendance_row(stranger, Presence.PRESENT.label),
            attendance_row(an, Presence.PRESENT.label, **{"Ngày sinh hoạt": "06/03/2024"}),
        ]
        report = run("meeting-attendance", rows, admin_user)
        problems = {(p.row, p.column): p.message for p in report.problems}
        assert "chọn lý do" in problems[(3, "Lý do vắng")]
        assert "Ngoài Văn Xa" in problems[(4, "Họ và tên")]
        assert "chưa có buổi sinh hoạt" in problems[(5, "Ngày sinh hoạt")]
        assert Meeting.objects.get().unexcused == 0


class TestScope:
    def test_a_user_of_another_organisation_imports_nothing_here(
        self, people: list[Any], cast: Any, tree: Any
    ) -> None:
        from dangvu.core.importing import get_kind, run_import
        from dangvu.dues.tests.test_imports import xlsx
        from dangvu.meetings.scoping import meeting_editable_organisations

        report = run_import(
            get_kind("meetings"),
            xlsx("meetings", [meeting_row()]),
            "tep.xlsx",
            user=cast["cell"],
            scope=meeting_editable_organisations(cast["cell"]),
            commit=True,
        )
        assert not report.ok and report.problems[0].column == "Tổ chức đảng"
        assert not Meeting.objects.exists()
