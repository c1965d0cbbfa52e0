"""Imports of acting assignments and cell attendance: a clean file, the same file again
(nothing changes), refusals named by column, a user's scope, and the command line."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.importing import Report, get_kind, run_import
from dangvu.lib import sheets
from dangvu.personnel.models import ActingAssignment, CellAttendance, Position
from dangvu.personnel.tests.helpers import committee, member, seat

pytestmark = pytest.mark.django_db

D = dt.date


def _cells(code: str, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    headers = [c.header for c in get_kind(code).columns]
    return headers, [[row.get(h, "") for h in headers] for row in rows]


def _run(code: str, rows: list[dict[str, Any]], user: Any) -> Report:
    headers, cells = _cells(code, rows)
    return run_import(
        get_kind(code),
        sheets.write_csv(headers, cells),
        "tep.csv",
        user=user,
        scope=member_editable_organisations(user),
        commit=True,
    )


def _cli(code: str, rows: list[dict[str, Any]], tmp_path: Path) -> str:
    headers, cells = _cells(code, rows)
    path = tmp_path / f"{code}.xlsx"
    path.write_bytes(sheets.write_table(headers, cells))
    out = io.StringIO()
    call_command("import_records", code, str(path), stdout=out)
    return out.getvalue()


def _columns(report: Report) -> dict[int, str | None]:
    return {p.row: p.column for p in report.problems}


@pytest.fixture
def people(tree: dict[str, Any]) -> dict[str, Any]:
    """Two members of GK2's cell, one of GK1's, and GK1's secretary (2020–2025)."""
    son = member(tree["C11"], "Phạm Văn Sơn", identity_number="052080003333")
    seat(committee(tree["GK1"]), son, Position.SECRETARY)
    return {
        "an": member(tree["C21"], "Nguyễn Văn An", identity_number="052090001111"),
        "binh": member(tree["C21"], "Trần Văn Bình", birth=D(1985, 3, 4)),
        "khac": member(tree["C11"], "Lê Văn Khác", identity_number="052090002222"),
        "son": son,
    }


def acting(name: str, ident: str = "", **cells: Any) -> dict[str, Any]:
    return {
        "Tổ chức đảng": "GK2",
        "Hình thức": "Giao quyền",
        "Chức danh": "Bí thư",
        "Họ và tên": name,
        "Số CCCD": ident,
        "Từ ngày": "01/04/2023",
        "Số quyết định": "45-QĐ/ĐUK",
        "Ngày quyết định": "28/03/2023",
        **cells,
    }


ACTING = [
    acting("Nguyễn Văn An", "052090001111"),
    acting("Trần Văn Bình", **{"Ngày sinh": "04/03/1985", "Hình thức": "Phân công phụ trách",
           "Chức danh": "Phó Bí thư", "Từ ngày": "01/05/2023", "Đến hết ngày": "30/09/2023",
           "Ngày quyết định": "25/04/2023", "Ghi chú": "Khi đồng chí Phó Bí thư đi học"}),
]  # fmt: skip


def test_acting_assignments_import_once(
    tree: dict[str, Any], admin_user: Any, people: dict[str, Any]
) -> None:
    report = _run("acting-assignments", ACTING, admin_user)
    assert report.ok and report.created == 2, report.lines()
    an = ActingAssignment.objects.get(member=people["an"])
    assert (an.organisation, an.kind, an.post) == (tree["GK2"], "ACTING", "Bí thư")
    assert an.decision_date == D(2023, 3, 28) and an.end_date is None
    binh = ActingAssignment.objects.get(member=people["binh"])
    assert binh.kind == "IN_CHARGE" and binh.end_date == D(2023, 9, 30)

    again = _run("acting-assignments", ACTING, admin_user)
    assert again.ok and again.unchanged == 2 and again.created == 0, again.lines()
    assert ActingAssignment.objects.count() == 2

    # The assignment ends: the same row with its last day closes it, once.
    ended = [{**ACTING[0], "Đến hết ngày": "31/12/2023"}, ACTING[1]]
    closed = _run("acting-assignments", ended, admin_user)
    assert closed.ok and closed.created == 1 and closed.unchanged == 1, closed.lines()
    an.refresh_from_db()
    assert an.end_date == D(2023, 12, 31)
    assert _run("acting-assignments", ended, admin_user).unchanged == 2
    # A file that still shows it open contradicts the record: refused, not overwritten.
    stale = _run("acting-assignments", ACTING[:1], admin_user)
    assert _columns(stale) == {2: "Đến hết ngày"}, stale.lines()


def test_bad_acting_rows_are_refused_by_column(
    tree: dict[str, Any], admin_user: Any, people: dict[str, Any]
) -> None:
    assert _run("acting-assignments", ACTING[:1], admin_user).created == 1
    future = (dt.date.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    rows = [
        acting("Trần Văn Bình", **{"Ngày sinh": "04/03/1985"}),  # 2: the post is taken
        acting("Lê Văn Khác", "052090002222", **{"Chức danh": "Phó Bí thư"}),  # 3: not in GK2
        acting("Nguyễn Văn An", "052090009999", **{"Chức danh": "Ủy viên"}),  # 4
        acting("Trần Văn Bình", **{"Chức danh": "Ủy viên"}),  # 5: neither number nor birth
        acting("Trần Văn Bình", **{"Ngày sinh": "04/03/1985", "Chức danh": "Ủy viên",
               "Đến hết ngày": "01/01/2023"}),  # 6: ends before it starts
        acting("Trần Văn Bình", **{"Ngày sinh": "04/03/1985", "Chức danh": "Ủy viên",
               "Ngày quyết định": future}),  # 7
        acting("Trần Văn Bình", **{"Ngày sinh": "04/03/1985", "Hình thức": "Tạm giữ"}),  # 8
        acting("Trần Văn Bình", **{"Ngày sinh": "04/03/1985", "Chức danh": ""}),  # 9
        acting("Trần Văn Bình", **{"Ngày sinh": "04/03/1985", "Tổ chức đảng": "KHONGCO"}),  # 10
    ]  # fmt: skip
    report = _run("acting-assignments", rows, admin_user)
    assert _columns(report) == {
        2: "Từ ngày",
        3: "Họ và tên",
        4: "Số CCCD",
        5: "Ngày sinh",
        6: "Đến hết ngày",
        7: "Ngày quyết định",
        8: "Hình thức",
        9: "Chức danh",
        10: "Tổ chức đảng",
    }, report.lines()
    assert not report.committed and ActingAssignment.objects.count() == 1


def test_a_grassroots_user_assigns_only_within_their_organisation(
    tree: dict[str, Any], cast: dict[str, Any], people: dict[str, Any]
) -> None:
    own = acting("Lê Văn Khác", "052090002222", **{"Tổ chức đảng": "C11"})
    report = _run("acting-assignments", [own, ACTING[0]], cast["grassroots_editor"])
    assert _columns(report) == {3: "Tổ chức đảng"}, report.lines()
    assert not ActingAssignment.objects.exists()
    assert _run("acting-assignments", [own], cast["grassroots_editor"]).created == 1


def test_acting_assignments_from_the_command_line(
    tree: dict[str, Any], admin_user: Any, people: dict[str, Any], tmp_path: Path
) -> None:
    out = _cli("acting-assignments", ACTING, tmp_path)
    assert "2 mới" in out and "Đã ghi vào cơ sở dữ liệu." in out
    assert "0 mới, 2 đã có" in _cli("acting-assignments", ACTING, tmp_path)
    with pytest.raises(CommandError):
        _cli("acting-assignments", [acting("Không Có Ai", "052000000000")], tmp_path)
    assert ActingAssignment.objects.count() == 2


def attendance(cell: str, **cells: Any) -> dict[str, Any]:
    return {
        "Chi bộ": cell,
        "Họ và tên": "Phạm Văn Sơn",
        "Số CCCD": "052080003333",
        "Từ ngày": "04/01/2021",
        "Số văn bản phân công": "05-PC/ĐU",
        **cells,
    }


ATTENDANCES = [
    attendance("C12"),
    attendance("C13", **{"Từ ngày": "01/03/2021", "Đến hết ngày": "31/12/2022"}),
]


def test_cell_attendance_imports_once(
    tree: dict[str, Any], admin_user: Any, people: dict[str, Any]
) -> None:
    rows = ATTENDANCES
    report = _run("cell-attendances", rows, admin_user)
    assert report.ok and report.created == 2, report.lines()
    c12 = CellAttendance.objects.get(cell=tree["C12"])
    assert c12.member == people["son"] and c12.seat.member == people["son"]
    assert c12.decision_number == "05-PC/ĐU" and c12.end_date is None
    assert CellAttendance.objects.get(cell=tree["C13"]).end_date == D(2022, 12, 31)
    again = _run("cell-attendances", rows, admin_user)
    assert again.ok and again.unchanged == 2 and again.created == 0, again.lines()
    assert CellAttendance.objects.count() == 2


def test_bad_cell_attendance_rows_are_refused_by_column(
    tree: dict[str, Any], admin_user: Any, people: dict[str, Any]
) -> None:
    assert _run("cell-attendances", ATTENDANCES[:1], admin_user).created == 1
    rows = [
        attendance("C21"),  # 2: GK2's cell, not under the committee he sits on
        attendance("SUB1"),  # 3: a sub-committee, not a cell
        attendance("C13", **{"Đến hết ngày": "01/12/2020"}),  # 4
        attendance("C13", **{"Họ và tên": "Trần Văn Bình", "Số CCCD": "",
                   "Ngày sinh": "04/03/1985"}),  # 5: not a committee member
        attendance("C12", **{"Từ ngày": "01/06/2022"}),  # 6: already assigned then
        attendance("C13", **{"Số CCCD": "052080009999"}),  # 7
        attendance("", **{"Từ ngày": "04/01/2021"}),  # 8
    ]  # fmt: skip
    report = _run("cell-attendances", rows, admin_user)
    assert _columns(report) == {
        2: "Họ và tên",
        3: "Chi bộ",
        4: "Đến hết ngày",
        5: "Họ và tên",
        6: "Từ ngày",
        7: "Số CCCD",
        8: "Chi bộ",
    }, report.lines()
    assert not report.committed and CellAttendance.objects.count() == 1


def test_cell_attendance_from_the_command_line(
    tree: dict[str, Any], admin_user: Any, people: dict[str, Any], tmp_path: Path
) -> None:
    rows = [ATTENDANCES[0]]
    out = _cli("cell-attendances", rows, tmp_path)
    assert "1 mới" in out and "Đã ghi vào cơ sở dữ liệu." in out
    assert "0 mới, 1 đã có" in _cli("cell-attendances", rows, tmp_path)
    with pytest.raises(CommandError):
        _cli("cell-attendances", [attendance("SUB1")], tmp_path)
    assert CellAttendance.objects.count() == 1
