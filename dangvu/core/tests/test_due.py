"""The due items of a scope (dangvu.core.due): each group shows an item when it falls due
in the window, not before; overdue items are counted; lines never carry identity or phone
numbers, nor a complaint's sender; a scope never shows another organisation's items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from dangvu.core.dates import add_years
from dangvu.core.due import DueGroup, due_for, due_for_user
from dangvu.education import actions as education
from dangvu.inspection import actions as inspection
from dangvu.inspection.models import Level
from dangvu.members.tests.factories import admit, existing

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)
IDENTITY = "001099012345"
PHONE = "0912345678"


@pytest.fixture(autouse=True)
def _now() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        yield


def group(groups: list[DueGroup], key: str) -> DueGroup | None:
    return next((g for g in groups if g.key == key), None)


def texts(groups: list[DueGroup]) -> str:
    return "\n".join(line.text for g in groups for line in g.lines)


class TestProbation:
    def test_probation_ending_in_the_window_appears_not_before(self, tree: dict[str, Any]) -> None:
        # Ceremony 15/12/2025: probation ends 15/12/2026.
        admit(tree["C11"], dt.date(2025, 12, 8), "Trần Thị Dự Bị", identity_number=IDENTITY)
        now = group(due_for(tree["BLOC"], TODAY), "probation")
        assert now is not None and now.count == 1 and now.overdue == 0
        assert now.first_due == dt.date(2026, 12, 15)
        assert "Trần Thị Dự Bị" in now.lines[0].text
        assert "Chi bộ Văn phòng Sở Y tế" in now.lines[0].text
        assert now.url.startswith("/members/due/?to_chuc=BLOC")
        assert group(due_for(tree["BLOC"], dt.date(2026, 11, 1)), "probation") is None

    def test_a_confirmation_past_its_deadline_is_overdue(self, tree: dict[str, Any]) -> None:
        admit(tree["C11"], dt.date(2025, 6, 1), "Lê Văn Quá Hạn")  # ends 08/06/2026
        groups = due_for(tree["BLOC"], TODAY)
        late = group(groups, "confirmation_overdue")
        assert late is not None and late.count == late.overdue == 1
        assert late.lines[0].overdue and late.lines[0].due > dt.date(2026, 6, 8)
        assert group(groups, "probation") is None
        # Most urgent first.
        assert groups[0].key == "confirmation_overdue"
        # Within the 30 working days the same member is only due.
        in_time = due_for(tree["BLOC"], dt.date(2026, 6, 10))
        assert group(in_time, "confirmation_overdue") is None
        assert group(in_time, "probation") is not None


class TestBadges:
    def _member(self, tree: dict[str, Any], reached: dt.date, name: str) -> Any:
        admitted = add_years(reached, -30)
        return existing(
            tree["C11"], dt.date(2020, 1, 1), admitted, name, birth=add_years(admitted, -25)
        )

    def test_next_occasion_in_the_window_and_backlog_overdue(self, tree: dict[str, Any]) -> None:
        self._member(tree, dt.date(2027, 1, 10), "Phạm Văn Sắp Đủ")
        # The next occasion (03/02/2027) lies beyond 30 days: not yet listed.
        assert group(due_for(tree["BLOC"], TODAY), "badges") is None
        soon = group(due_for(tree["BLOC"], TODAY, within_days=90), "badges")
        assert soon is not None and soon.count == 1 and soon.overdue == 0
        assert soon.lines[0].due == dt.date(2027, 2, 3)
        assert soon.label == "Huy hiệu Đảng dịp 03/02/2027"
        # A milestone reached years ago and never proposed is a backlog: listed, overdue.
        self._member(tree, dt.date(2024, 5, 1), "Hoàng Văn Tồn Đọng")
        late = group(due_for(tree["BLOC"], TODAY), "badges")
        assert late is not None and late.count == late.overdue == 1
        assert "Hoàng Văn Tồn Đọng" in late.lines[0].text
        assert "tồn đọng" in late.label


class TestCards:
    def test_full_members_without_a_card(self, tree: dict[str, Any]) -> None:
        existing(tree["C21"], dt.date(2020, 1, 1), dt.date(2010, 3, 1), "Vũ Văn Chưa Thẻ")
        admit(tree["C21"], dt.date(2026, 5, 1), "Đỗ Thị Dự Bị")  # probationary: no card yet
        cards = group(due_for(tree["BLOC"], TODAY), "cards")
        assert cards is not None and cards.count == 1 and cards.overdue == 0
        assert "Vũ Văn Chưa Thẻ" in cards.lines[0].text
        assert group(due_for(tree["GK1"], TODAY), "cards") is None


class TestComplaints:
    def _receive(self, tree: dict[str, Any], org: str, received: dt.date, deadline: dt.date) -> Any:
        return inspection.do_receive_complaint(
            kind="DENUNCIATION",
            received_date=received,
            sender="Người Gửi Kín",
            subject="Tố cáo vi phạm",
            handling_organisation=tree[org],
            handling_level=Level.COMMISSION if org == "BLOC" else Level.GRASSROOTS,
            against_organisation=tree["GK2"],
            deadline=deadline,
            acting_user=None,
        )

    def test_nearing_and_past_their_deadline(self, tree: dict[str, Any]) -> None:
        self._receive(tree, "BLOC", dt.date(2026, 11, 2), dt.date(2027, 3, 1))  # far off
        assert group(due_for(tree["BLOC"], TODAY), "complaints") is None
        self._receive(tree, "BLOC", dt.date(2026, 11, 3), dt.date(2026, 12, 20))
        self._receive(tree, "BLOC", dt.date(2026, 9, 1), dt.date(2026, 11, 20))
        found = group(due_for(tree["BLOC"], TODAY), "complaints")
        assert found is not None and found.count == 2 and found.overdue == 1
        assert found.lines[0].overdue and found.lines[0].due == dt.date(2026, 11, 20)
        assert "Người Gửi Kín" not in texts([found])
        # Handled by the bloc: not in a grassroots committee's scope.
        assert group(due_for(tree["GK1"], TODAY), "complaints") is None


class TestReturns:
    def test_missing_returns_once_the_study_falls_due(self, tree: dict[str, Any]) -> None:
        res = education.do_create_resolution(
            name="Nghị quyết về xây dựng Đảng",
            number="21-NQ/TW",
            issuing_body="Ban Chấp hành Trung ương",
            issued_on=dt.date(2026, 10, 15),  # study due 14/12/2026
            acting_user=None,
        )
        assert group(due_for(tree["BLOC"], dt.date(2026, 10, 20)), "returns") is None
        missing = group(due_for(tree["BLOC"], TODAY), "returns")
        assert missing is not None and missing.count == 4 and missing.overdue == 0
        education.do_record_study_return(
            res,
            organisation=tree["GC1"],
            date=dt.date(2026, 11, 20),
            members_studied=5,
            members_total=5,
            acting_user=None,
        )
        late = group(due_for(tree["BLOC"], dt.date(2026, 12, 20)), "returns")
        assert late is not None and late.count == late.overdue == 3
        assert "Chi bộ Sở Tư pháp" not in texts([late])
        assert all("21-NQ/TW" in line.text for line in late.lines)
        # A grassroots committee is asked for its own return only.
        own = group(due_for(tree["GK1"], TODAY), "returns")
        assert own is not None and own.count == 1


class TestReports:
    def test_grassroots_organisations_without_last_years_annual_report(
        self, tree: dict[str, Any]
    ) -> None:
        reports = group(due_for(tree["BLOC"], TODAY), "reports")
        assert reports is not None and reports.count == 4 and reports.overdue == 0
        assert "báo cáo năm 2025" in reports.lines[0].text
        # Cells are not asked, neither by their committee nor in their own scope.
        assert "Chi bộ Văn phòng Sở Y tế" not in texts([reports])
        assert group(due_for(tree["C11"], TODAY), "reports") is None
        own = group(due_for(tree["GK1"], TODAY), "reports")
        assert own is not None and own.count == 1
        assert reports.first_due is None and reports.lines[0].due is None

    def test_an_issued_annual_report_is_no_longer_asked(self, tree: dict[str, Any]) -> None:
        from dangvu.office.models import Document
        from dangvu.reports.models import IssuedReport

        def issue(org: str, year: int, kind: str = IssuedReport.Kind.ANNUAL) -> None:
            document = Document.objects.create(
                issuer=tree[org],
                symbol="ĐU",
                kind="BC",
                term="2025-2030",
                number=Document.objects.count() + 1,
                date=dt.date(year + 1, 1, 10),
                summary=f"Báo cáo năm {year}",
            )
            IssuedReport.objects.create(
                organisation=tree[org],
                kind=kind,
                year=year,
                period_start=dt.date(year, 1, 1),
                period_end=dt.date(year, 12, 31),
                name=tree[org].name,
                title=document.summary,
                document=document,
            )

        issue("GK1", 2025)
        issue("GK2", 2024)  # an older year does not count
        issue("GC1", 2025, IssuedReport.Kind.FIGURES)  # nor a table of figures alone
        reports = group(due_for(tree["BLOC"], TODAY), "reports")
        assert reports is not None and reports.count == 3
        assert "Đảng bộ Sở Y tế" not in texts([reports])
        assert group(due_for(tree["GK1"], TODAY), "reports") is None


class TestScopeAndPrivacy:
    def test_lines_carry_no_numbers_and_stay_in_scope(
        self, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        admit(tree["C11"], dt.date(2025, 12, 8), "Ngô Văn Y Tế", identity_number=IDENTITY)
        existing(
            tree["C21"],
            dt.date(2020, 1, 1),
            dt.date(2010, 3, 1),
            "Bùi Văn Tài Chính",
            identity_number="001099054321",
            phone=PHONE,
        )
        every = due_for(tree["BLOC"], TODAY)
        words = texts(every)
        assert "Ngô Văn Y Tế" in words and "Bùi Văn Tài Chính" in words
        assert IDENTITY not in words and "001099054321" not in words and PHONE not in words
        ((org, cell_groups),) = due_for_user(cast["cell"], TODAY)
        assert org == tree["C21"]
        assert "Bùi Văn Tài Chính" in texts(cell_groups)
        assert "Ngô Văn Y Tế" not in texts(cell_groups)
        assert due_for_user(cast["nobody"], TODAY) == []
