"""The `meetings.*` indicators, their breakdowns and batch forms, and where they show: the
annual report's sentence, the home page, the due groups."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.core.due import due_for
from dangvu.meetings.models import MeetingKind, Presence
from dangvu.meetings.tests.helpers import cell_members
from dangvu.meetings.tests.read_factories import all_present, meeting
from dangvu.reports.registry import Period, value, values_by_org

pytestmark = pytest.mark.django_db

P, U = Presence.PRESENT, Presence.UNEXCUSED
Y2024 = Period.year(2024)


@pytest.fixture
def met(tree: dict[str, Any]) -> list[Any]:
    """C11 meets monthly through 2024 with a thematic meeting in March; Lê Văn Cường is
    absent without reason in January, February and March; GC1 meets in May (all present)."""
    people = cell_members(tree["C11"])
    for month in range(1, 13):
        roll = [(p, U if p == people[2] and month <= 3 else P) for p in people]
        meeting(tree["C11"], dt.date(2024, month, 6), roll)
    meeting(tree["C11"], dt.date(2024, 3, 20), all_present(people), kind=MeetingKind.THEMATIC)
    meeting(
        tree["GC1"], dt.date(2024, 5, 7), all_present(cell_members(tree["GC1"], ("Vũ Văn Hải",)))
    )
    meeting(tree["C12"], dt.date(2023, 5, 7), all_present(people))
    return people


class TestIndicators:
    def test_the_figures_and_their_breakdowns(self, tree: dict[str, Any], met: list[Any]) -> None:
        held = value("meetings.held", tree["BLOC"], Y2024)
        assert held.value == 14
        assert held.breakdown == {"Thường kỳ": 13, "Chuyên đề": 1}
        assert value("meetings.thematic", tree["BLOC"], Y2024).breakdown == {"Chi bộ trực thuộc": 1}
        rate = value("meetings.attendance_rate", tree["BLOC"], Y2024)
        # 13 meetings of four members at C11 with three absences, one of one at GC1.
        assert rate.value == pytest.approx(100 * (13 * 4 - 3 + 1) / (13 * 4 + 1))
        assert set(rate.breakdown) == {"Chi bộ trực thuộc", "Chi bộ cơ sở"}
        absent = value("meetings.unexcused_members", tree["BLOC"], Y2024)
        assert (absent.value, absent.breakdown) == (1, {"Từ 3 tháng trở lên": 1})
        assert value("meetings.held.pct_change", tree["BLOC"], Y2024).value == pytest.approx(1300.0)

    def test_the_batch_form_agrees(self, tree: dict[str, Any], met: list[Any]) -> None:
        orgs = [tree[c] for c in ("BLOC", "GK1", "GK2", "GC1", "C11")]
        for code in ("meetings.held", "meetings.attendance_rate", "meetings.months_missed"):
            many = values_by_org(code, orgs, Y2024)
            for org in orgs:
                assert many[org.pk].value == value(code, org, Y2024).value, (code, org.code)

    def test_months_missed_counts_cells_times_months(
        self, tree: dict[str, Any], met: list[Any]
    ) -> None:
        # GK1: C11 met every month, C12 and C13 never: 24 cell-months missed.
        assert value("meetings.months_missed", tree["GK1"], Y2024).value == 24


class TestWhereTheyShow:
    def test_the_annual_report_has_its_sentence(self, tree: dict[str, Any], met: list[Any]) -> None:
        from dangvu.reports import annual
        from dangvu.reports.prose import compose_sections

        report = annual.compose(tree["BLOC"], 2024, today=dt.date(2025, 2, 1))
        text = " ".join(p.text for s in compose_sections(report) for p in s.paragraphs)
        assert (
            "Về sinh hoạt chi bộ, các chi bộ đã tổ chức 14 buổi sinh hoạt (trong đó 01 buổi "
            "sinh hoạt chuyên đề" in text
        )
        assert "01 đảng viên vắng sinh hoạt không lý do" in text

    def test_the_home_page_shows_the_years_meetings(
        self, tree: dict[str, Any], met: list[Any]
    ) -> None:
        from dangvu.core.home import meetings_stat

        stat = meetings_stat(tree["GK1"], dt.date(2024, 12, 20))
        assert stat is not None and (stat.held, stat.thematic, stat.absentees) == (13, 1, 1)
        assert "/meetings/chat-luong/" in stat.url
        assert meetings_stat(tree["GK2"], dt.date(2024, 12, 20)) is None

    def test_the_due_groups(self, tree: dict[str, Any], met: list[Any]) -> None:
        groups = {g.key: g for g in due_for(tree["GK1"], dt.date(2024, 4, 15))}
        assert groups["meetings_no_meeting"].count == 2  # C12 and C13 in March
        assert groups["meetings_no_meeting"].overdue == 2
        assert groups["meetings_no_thematic"].count == 3  # nobody yet in Q2
        absent = groups["meetings_absent"]
        assert absent.count == 1 and absent.overdue == 1
        assert "Lê Văn Cường" in absent.lines[0].text and "xóa tên" in absent.lines[0].text

    def test_no_cell_is_listed_before_any_meeting_is_recorded(self, tree: dict[str, Any]) -> None:
        keys = {g.key for g in due_for(tree["BLOC"], dt.date(2024, 4, 15))}
        assert not keys & {"meetings_no_meeting", "meetings_no_thematic", "meetings_absent"}
