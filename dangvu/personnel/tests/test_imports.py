"""Imports of committee members, completion decisions, conclusions and evaluations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.importing import get_kind, run_import
from dangvu.lib import sheets
from dangvu.personnel import queries
from dangvu.personnel.models import (
    Committee,
    CommitteeDecision,
    CommitteeMember,
    LeaderEvaluation,
    PoliticalConclusion,
)
from dangvu.personnel.tests.helpers import member

pytestmark = pytest.mark.django_db


def _run(code: str, rows: list[list[object]], user: Any, commit: bool = True) -> Any:
    kind = get_kind(code)
    data = sheets.write_csv([c.header for c in kind.columns], rows)
    return run_import(
        kind, data, "x.csv", user=user, scope=member_editable_organisations(user), commit=commit
    )


@pytest.fixture
def people(tree: dict[str, Any]) -> dict[str, Any]:
    return {
        "an": member(tree["C11"], "Nguyễn Văn An", identity_number="052090001234"),
        "binh": member(tree["C12"], "Trần Thị Bình", birth=dt.date(1985, 3, 4)),
        "cuong": member(tree["C13"], "Lê Văn Cường", identity_number="052090005678"),
    }


def test_committee_members_import_opens_terms_and_is_idempotent(
    tree: dict[str, Any], admin_user: Any, people: dict[str, Any]
) -> None:
    rows: list[list[object]] = [
        ["GK1", "Ban Chấp hành (cấp ủy)", "2020 - 2025", "Nguyễn Văn An", "052090001234", "",
         "Bí thư", "15/06/2020", "Đại hội bầu", "", ""],
        ["GK1", "EXECUTIVE", "2020–2025", "Trần Thị Bình", "", "04/03/1985", "Cấp ủy viên",
         "15/06/2020", "", "01/03/2023", "Chuyển công tác"],
        ["GK1", "Ủy ban Kiểm tra", "2020–2025", "Lê Văn Cường", "052090005678", "",
         "Chủ nhiệm Ủy ban Kiểm tra", "15/06/2020", "", "", ""],
    ]  # fmt: skip
    report = _run("committee-members", rows, admin_user)
    assert report.ok and report.created == 3, report.lines()
    assert Committee.objects.count() == 2
    assert queries.secretary_of(tree["GK1"], dt.date(2021, 1, 1)) == people["an"]
    binh = CommitteeMember.objects.get(member=people["binh"])
    assert binh.ended_on == dt.date(2023, 3, 1) and binh.end_reason == "Chuyển công tác"
    again = _run("committee-members", rows, admin_user)
    assert again.ok and again.unchanged == 3 and CommitteeMember.objects.count() == 3


def test_committee_members_import_reports_bad_rows(
    tree: dict[str, Any], admin_user: Any, people: dict[str, Any]
) -> None:
    outsider = member(tree["C21"], "Người Sở Khác", identity_number="052090009999")
    rows: list[list[object]] = [
        ["GK1", "EXECUTIVE", "2020", "Nguyễn Văn An", "052090001234", "", "Bí thư",
         "15/06/2020", "", "", ""],
        ["GK1", "EXECUTIVE", "2020–2025", "Người Sở Khác", outsider.identity_number, "",
         "Bí thư", "15/06/2020", "", "", ""],
        ["GK1", "EXECUTIVE", "2020–2025", "Không Có", "052000000000", "", "Bí thư",
         "15/06/2020", "", "", ""],
        ["GK1", "EXECUTIVE", "2020–2025", "Nguyễn Văn An", "052090001234", "", "Bí thư",
         "15/06/2099", "", "", ""],
    ]  # fmt: skip
    report = _run("committee-members", rows, admin_user)
    assert not report.ok and CommitteeMember.objects.count() == 0
    columns = {p.column for p in report.problems}
    assert {"Nhiệm kỳ", "Họ và tên", "Số CCCD", "Từ ngày"} <= columns, report.lines()


def test_decisions_import_groups_rows_into_one_decision(
    tree: dict[str, Any], admin_user: Any, people: dict[str, Any]
) -> None:
    head = ["GK1", "Ban Chấp hành (cấp ủy)", "2020–2025"]
    rows: list[list[object]] = [
        [*head, "Chỉ định bổ sung", "12-QĐ/ĐUK", "12/09/2023", "Ban Thường vụ Đảng ủy Khối",
         "Nguyễn Văn An", "052090001234", "", "Cấp ủy viên"],
        [*head, "Chỉ định bổ sung", "12-QĐ/ĐUK", "12/09/2023", "Ban Thường vụ Đảng ủy Khối",
         "Lê Văn Cường", "052090005678", "", "Phó Bí thư"],
        [*head, "Cho thôi giữ chức, thôi tham gia", "20-QĐ/ĐUK", "01/02/2024",
         "Ban Thường vụ Đảng ủy Khối", "Nguyễn Văn An", "052090001234", "", ""],
    ]  # fmt: skip
    report = _run("committee-decisions", rows, admin_user)
    assert report.ok and report.created == 3, report.lines()
    add = CommitteeDecision.objects.get(number="12-QĐ/ĐUK")
    assert add.opened_seats.count() == 2
    relieve = CommitteeDecision.objects.get(number="20-QĐ/ĐUK")
    assert relieve.closed_seats.get().member == people["an"]
    assert _run("committee-decisions", rows, admin_user).unchanged == 3
    missing = [[*head, "Chỉ định", "", "01/03/2024", "Ban Thường vụ", "Trần Thị Bình", "",
                "04/03/1985", ""]]  # fmt: skip
    report = _run("committee-decisions", missing, admin_user)
    assert not report.ok and report.problems[0].column == "Chức vụ"


def test_conclusions_import_finds_members_and_candidates(
    tree: dict[str, Any], admin_user: Any, people: dict[str, Any]
) -> None:
    rows: list[list[object]] = [
        ["C11", "Nguyễn Văn An", "", "052090001234", "", "Bổ nhiệm, giới thiệu ứng cử",
         "Đủ tiêu chuẩn chính trị", "20/03/2023", "35-KL/ĐUK", ""],
        ["C12", "Hồ Thị Mới", "17/05/2001", "", "Sở Y tế", "Kết nạp đảng",
         "Đủ tiêu chuẩn chính trị", "21/03/2023", "36-KL/ĐUK", ""],
        ["C12", "Hồ Thị Mới", "17/05/2001", "", "Sở Y tế", "Kết nạp đảng",
         "Chưa đủ", "21/03/2023", "", ""],
        ["C12", "Hồ Thị Mới", "17/05/2001", "", "Sở Y tế", "Kết nạp đảng",
         "Chưa đủ tiêu chuẩn chính trị", "21/03/2099", "", ""],
        ["C12", "Hồ Thị Khác", "", "", "Sở Y tế", "Kết nạp đảng",
         "Chưa đủ tiêu chuẩn chính trị", "21/03/2023", "", ""],
    ]  # fmt: skip
    report = _run("political-conclusions", rows[:2], admin_user)
    assert report.ok and report.created == 2, report.lines()
    assert PoliticalConclusion.objects.get(member=people["an"]).organisation == tree["C11"]
    assert _run("political-conclusions", rows[:2], admin_user).unchanged == 2
    report = _run("political-conclusions", rows[2:], admin_user)
    assert not report.ok
    assert {p.column for p in report.problems} >= {"Kết luận", "Ngày kết luận", "Ngày sinh"}


def test_evaluations_import(tree: dict[str, Any], admin_user: Any, people: dict[str, Any]) -> None:
    rows: list[list[object]] = [
        ["GK1", "Nguyễn Văn An", "052090001234", "", "Giám đốc Sở", "Sở Y tế", "Bổ nhiệm lại",
         "Ban Tổ chức Tỉnh ủy", "05/07/2023", "210-CV/ĐUK", ""],
        ["GK2", "Võ Văn Ngoài", "", "", "Cục trưởng", "Cục Thuế", "Khen thưởng", "",
         "06/07/2023", "", ""],
        ["GK2", "Võ Văn Ngoài", "", "", "", "Cục Thuế", "Khen thưởng", "", "07/07/2023", "", ""],
    ]  # fmt: skip
    report = _run("leader-evaluations", rows, admin_user)
    assert not report.ok and report.problems[0].column == "Chức vụ"
    report = _run("leader-evaluations", rows[:2], admin_user)
    assert report.ok and report.created == 2, report.lines()
    assert LeaderEvaluation.objects.get(member=people["an"]).organisation == tree["C11"]
    assert _run("leader-evaluations", rows[:2], admin_user).unchanged == 2
    for code in ("committee-members", "committee-decisions", "political-conclusions"):
        assert get_kind(code).template()[:2] == b"PK"
