"""The congress imports: terms, congresses and election results from a spreadsheet,
through the same actions as the pages, idempotent and all or nothing, every bad row named
by row and column."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.congresses.models import Congress, Election, Term
from dangvu.congresses.tests.helpers import member
from dangvu.dues.tests.test_imports import run
from dangvu.personnel.models import Committee, CommitteeMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree: dict[str, Any]) -> dict[str, Any]:
    return {
        "an": member(tree["C11"], "Nguyễn Văn An"),
        "binh": member(tree["C12"], "Trần Thị Bình"),
        "cuong": member(tree["C13"], "Lê Văn Cường"),
    }


def _who(m: Any) -> dict[str, Any]:
    return {"Họ và tên": m.full_name, "Ngày sinh": m.birth_date.strftime("%d/%m/%Y")}


CONGRESS = {
    "Tổ chức đảng": "GK1",
    "Loại đại hội": "Đại hội thường lệ (hết nhiệm kỳ)",
    "Hình thức": "Đại hội đảng viên",
    "Nhiệm kỳ": "2025-2030",
    "Ngày khai mạc": "12/06/2025",
    "Ngày bế mạc": "13/06/2025",
    "Tình trạng": "Đã tổ chức, nhập kết quả bầu cử sau",
    "Số được triệu tập": 10,
    "Số có mặt": 9,
}


def _elections(p: dict[str, Any], **kw: Any) -> list[dict[str, Any]]:
    base = {"Tổ chức đảng": "GK1", "Nhiệm kỳ": "2025–2030"}
    return [
        base | {"Cơ quan": "BCH", "Chức vụ": "Bí thư", "Số phiếu": 9} | _who(p["an"]),
        base | {"Cơ quan": "BCH", "Chức vụ": "Phó Bí thư", "Số phiếu": 8} | _who(p["binh"]),
        base | {"Cơ quan": "BCH", "Số phiếu": 7} | _who(p["cuong"]) | kw,
        base | {"Cơ quan": "BTV", "Chức vụ": "Bí thư", "Số phiếu": 3} | _who(p["an"]),
        base
        | {"Cơ quan": "Đại biểu", "Tỷ lệ phiếu (%)": "90", "Dự khuyết": "Có"}
        | _who(p["binh"]),
    ]


class TestTerms:
    def test_terms_import_oldest_first_and_again_unchanged(
        self, tree: dict[str, Any], admin_user: Any
    ) -> None:
        rows = [
            {"Tổ chức đảng": "C11", "Nhiệm kỳ": "2022–2025", "Bắt đầu từ ngày": "10/05/2022"},
            {"Tổ chức đảng": "C11", "Nhiệm kỳ": "2020–2022", "Bắt đầu từ ngày": "01/03/2020"},
        ]
        report = run("terms", rows, admin_user)
        assert report.ok and report.created == 2, report.lines()
        old = Term.objects.get(label="2020–2022")
        assert old.ended_on == dt.date(2022, 5, 10) and old.due_on == dt.date(2022, 9, 1)
        again = run("terms", rows, admin_user)
        assert again.ok and again.unchanged == 2, again.lines()

    def test_bad_rows_are_named_by_row_and_column(
        self, tree: dict[str, Any], admin_user: Any
    ) -> None:
        rows = [
            {"Tổ chức đảng": "GK1", "Nhiệm kỳ": "2020", "Bắt đầu từ ngày": "10/05/2020"},
            {"Tổ chức đảng": "KHONG", "Nhiệm kỳ": "2020–2025", "Bắt đầu từ ngày": "10/05/2020"},
        ]
        report = run("terms", rows, admin_user)
        text = "\n".join(report.lines())
        assert "Dòng 2, cột «Nhiệm kỳ»: Nhiệm kỳ ghi dạng" in text
        assert "Dòng 3, cột «Tổ chức đảng»" in text
        assert not Term.objects.exists()


class TestCongressesAndElections:
    def test_a_congress_then_its_results_write_the_committee_once(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        report = run("congresses", [CONGRESS], admin_user)
        assert report.ok and report.created == 1, report.lines()
        congress = Congress.objects.get()
        assert not congress.held and congress.members_total == 10
        results = run("congress-elections", _elections(people), admin_user)
        assert results.ok and results.created == 5, results.lines()
        congress.refresh_from_db()
        assert congress.held and Election.objects.count() == 5
        assert CommitteeMember.objects.filter(start_basis="Đại hội bầu").count() == 4
        assert Term.objects.get().congress == congress
        assert run("congresses", [CONGRESS], admin_user).unchanged == 1
        again = run("congress-elections", _elections(people), admin_user)
        assert again.ok and again.unchanged == 5, again.lines()

    def test_a_refused_result_names_its_row_and_writes_nothing(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        run("congresses", [CONGRESS], admin_user)
        rows = _elections(people, **{"Số phiếu": 4})
        report = run("congress-elections", rows, admin_user)
        text = "\n".join(report.lines())
        assert not report.ok and "Dòng 4" in text and "chưa quá một nửa" in text, text
        bad = _elections(people)
        bad[0] = bad[0] | {"Cơ quan": "XYZ"}
        bad[1] = bad[1] | {"Tỷ lệ phiếu (%)": "40"}
        text = "\n".join(run("congress-elections", bad, admin_user).lines())
        assert "Dòng 2, cột «Cơ quan»" in text and "Dòng 3, cột «Tỷ lệ phiếu (%)»" in text
        assert not Election.objects.exists() and not Committee.objects.exists()
        assert not Congress.objects.get().held

    def test_results_without_a_congress_or_a_held_one_without_totals(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        text = "\n".join(run("congress-elections", _elections(people), admin_user).lines())
        assert "chưa có đại hội nhiệm kỳ 2025–2030" in text
        held = CONGRESS | {"Tình trạng": "Đã tổ chức, không nhập kết quả bầu cử"}
        del held["Số có mặt"]
        text = "\n".join(run("congresses", [held], admin_user).lines())
        assert "Dòng 2, cột «Số có mặt»" in text
        assert not Congress.objects.exists()

    def test_a_past_congress_without_results_opens_its_term(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        held = CONGRESS | {"Tình trạng": "Đã tổ chức, không nhập kết quả bầu cử"}
        report = run("congresses", [held], admin_user)
        assert report.ok, report.lines()
        assert Congress.objects.get().held and Term.objects.get().label == "2025–2030"
        assert not Committee.objects.exists()
