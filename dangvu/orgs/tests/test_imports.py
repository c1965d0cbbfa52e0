"""The restructuring import: one decision a row, through the same actions, once only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.core.importing import Report, get_kind, run_import
from dangvu.lib import sheets
from dangvu.orgs import queries
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, Restructuring
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db

CONVERT = "Chuyển chi bộ thành đảng bộ, đảng bộ thành chi bộ"
DISSOLVE = "Giải thể, kết thúc hoạt động"
HEADERS = [c.header for c in get_kind("restructurings").columns]


def row(action: str, code: str, day: str, **cells: str) -> list[str]:
    values = {
        "Loại sắp xếp": action,
        "Mã tổ chức": code,
        "Ngày hiệu lực": day,
        "Số quyết định": "",
        "Ngày quyết định": "",
        "Tên mới": "",
        "Loại tổ chức mới": "",
        "Tổ chức cấp trên mới": "",
        "Tổ chức tiếp nhận": "",
        "Nhập các tổ chức trực thuộc": "",
        "Lý do, căn cứ": "",
    }
    for header, cell in cells.items():
        values[header.replace("_", " ")] = cell
    return [values.get(h, "") for h in HEADERS]


def run(rows: list[list[str]], user: Any, *, commit: bool = True) -> Report:
    data = sheets.write_csv(HEADERS, rows)
    return run_import(
        get_kind("restructurings"),
        data,
        "sap-xep.csv",
        user=user,
        scope=Organisation.objects.all(),
        commit=commit,
    )


def snapshot() -> tuple[int, int, int]:
    return (
        Organisation.objects.count(),
        OrganisationVersion.objects.count(),
        Restructuring.objects.count(),
    )


def year_rows() -> list[list[str]]:
    """The reference year's shape on the small tree: one dissolution, three conversions."""
    return [
        row(DISSOLVE, "C12", "01/03/2023", **{"Số_quyết_định": "168-QĐ/ĐUK"}),
        row(CONVERT, "GC1", "01/06/2023", **{"Loại_tổ_chức_mới": "Đảng bộ cơ sở"}),
        row(CONVERT, "GC2", "01/08/2023", **{"Loại_tổ_chức_mới": "Đảng bộ cơ sở"}),
        row(
            CONVERT,
            "GK2",
            "01/10/2023",
            **{"Loại_tổ_chức_mới": "Chi bộ cơ sở", "Nhập_các_tổ_chức_trực_thuộc": "Có"},
        ),
    ]


def test_the_year_imports_once_and_gives_the_figures(tree: dict[str, Any], admin_user: Any) -> None:
    report = run(year_rows(), admin_user)
    assert report.ok and report.created == 4, report.lines()
    bloc, year = tree["BLOC"], Period.year(2023)
    assert value("orgs.dissolved", bloc, year).value == 1
    converted = value("orgs.converted", bloc, year)
    assert converted.value == 3
    assert converted.breakdown == {
        "Chi bộ cơ sở → Đảng bộ cơ sở": 2,
        "Đảng bộ cơ sở → Chi bộ cơ sở": 1,
    }
    counts = queries.counts_by_kind(bloc, dt.date(2023, 12, 31))
    assert counts[OrgKind.GRASSROOTS_CELL] == 1
    assert counts[OrgKind.GRASSROOTS_COMMITTEE] == 3
    assert counts[OrgKind.CELL] == 2  # C12 dissolved, C21 absorbed by the new cell GK2
    tree["C21"].refresh_from_db()
    assert tree["C21"].ended_on == dt.date(2023, 10, 1)

    before = snapshot()
    again = run(year_rows(), admin_user)
    assert again.ok and again.created == 0 and again.unchanged == 4, again.lines()
    assert snapshot() == before


def test_rename_move_merge_and_found(tree: dict[str, Any], admin_user: Any) -> None:
    rows = [
        row(
            "Thành lập",
            "GK1.C14",
            "01/02/2023",
            **{
                "Tên_mới": "Chi bộ Phòng Kế hoạch - Tài chính",
                "Loại_tổ_chức_mới": "Chi bộ trực thuộc",
                "Tổ_chức_cấp_trên_mới": "GK1",
            },
        ),
        row("Đổi tên", "GC2", "01/03/2023", **{"Tên_mới": "Chi bộ Sở Ngoại vụ tỉnh"}),
        row("Chuyển trực thuộc", "C13", "01/04/2023", **{"Tổ_chức_cấp_trên_mới": "GK2"}),
        row("Sáp nhập", "C11", "01/05/2023", **{"Tổ_chức_tiếp_nhận": "GK1.C14"}),
    ]
    report = run(rows, admin_user)
    assert report.ok and report.created == 4, report.lines()
    day = dt.date(2023, 6, 1)
    assert queries.version_at(tree["GC2"], day).name == "Chi bộ Sở Ngoại vụ tỉnh"
    assert queries.version_at(tree["C13"], day).parent_id == tree["GK2"].pk
    tree["C11"].refresh_from_db()
    assert tree["C11"].end_kind == Organisation.EndKind.MERGED
    new = Organisation.objects.get(code="GK1.C14")
    assert new.parent_id == tree["GK1"].pk and new.founded_on == dt.date(2023, 2, 1)

    before = snapshot()
    again = run(rows, admin_user)
    assert again.ok and again.unchanged == 4, again.lines()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("bad", "column", "message"),
    [
        (row(DISSOLVE, "KHONGCO", "01/03/2023"), "Mã tổ chức", "Không tìm thấy tổ chức"),
        (
            row(CONVERT, "GC1", "01/06/2023", **{"Loại_tổ_chức_mới": "Chi bộ trực thuộc"}),
            "Tổ chức cấp trên mới",
            "không thể trực thuộc",
        ),
        (
            row(CONVERT, "GK1", "01/06/2023", **{"Loại_tổ_chức_mới": "Chi bộ cơ sở"}),
            "Loại tổ chức mới",
            "không thể có",
        ),
        (
            row(CONVERT, "GC1", "01/06/2019", **{"Loại_tổ_chức_mới": "Đảng bộ cơ sở"}),
            "Ngày hiệu lực",
            "chưa được thành lập",
        ),
        (row(CONVERT, "GC1", "01/06/2023"), "Loại tổ chức mới", "Hãy ghi loại tổ chức mới"),
        (row(DISSOLVE, "GK1", "01/06/2023"), "Ngày hiệu lực", "còn 2 tổ chức trực thuộc"),
        (
            row(CONVERT, "GC1", "01/06/2023", **{"Loại_tổ_chức_mới": "Chi bộ cơ sở"}),
            "Loại tổ chức mới",
            "đã là chi bộ cơ sở",
        ),
        (row("Đổi tên", "GC1", "01/06/2023"), "Tên mới", "Hãy ghi tên mới"),
        (
            row("Chuyển trực thuộc", "C11", "01/06/2023", **{"Tổ_chức_cấp_trên_mới": "C11"}),
            "Tổ chức cấp trên mới",
            "chính nó",
        ),
        (row(DISSOLVE, "C12", "01/06/2099"), "Ngày hiệu lực", "tương lai"),
        (row("Tách", "C12", "01/06/2023"), "Loại sắp xếp", "không hợp lệ"),
        (
            row(
                "Chia tách",
                "C12",
                "01/06/2023",
                **{
                    "Mã_tổ_chức_mới": "C12A",
                    "Tên_mới": "Chi bộ A",
                    "Loại_tổ_chức_mới": "Chi bộ trực thuộc",
                },
            ),
            "Mã tổ chức mới",
            "chỉ có một dòng",
        ),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(
    tree: dict[str, Any], admin_user: Any, bad: list[str], column: str, message: str
) -> None:
    before = snapshot()
    good = row(DISSOLVE, "C12", "01/03/2023")
    report = run([good, bad], admin_user)
    assert not report.ok and not report.committed
    problem = report.problems[0]
    assert (problem.row, problem.column) == (3, column), report.lines()
    assert message in problem.message
    assert snapshot() == before  # the good row was rolled back with the rest


def test_a_decision_before_a_later_recorded_change_is_refused(
    tree: dict[str, Any], admin_user: Any
) -> None:
    assert run(
        [row(CONVERT, "GC1", "01/06/2023", **{"Loại_tổ_chức_mới": "Đảng bộ cơ sở"})], admin_user
    ).ok
    report = run(
        [row("Đổi tên", "GC1", "01/05/2023", **{"Tên_mới": "Đảng bộ Sở Tư pháp"})], admin_user
    )
    assert [(p.column, "đã có thay đổi ngày 01/06/2023" in p.message) for p in report.problems] == [
        ("Ngày hiệu lực", True)
    ]


def test_a_preview_writes_nothing(tree: dict[str, Any], admin_user: Any) -> None:
    before = snapshot()
    report = run(year_rows(), admin_user, commit=False)
    assert report.ok and report.created == 4 and not report.committed
    assert snapshot() == before


def test_outside_the_scope_is_refused(tree: dict[str, Any], cast: dict[str, Any]) -> None:
    from dangvu.accounts.scoping import visible_organisations

    user = cast["grassroots"]
    scope = visible_organisations(user)
    outside = next(code for code in ("GC1", "GC2", "GK2") if not scope.filter(code=code).exists())
    data = sheets.write_csv(HEADERS, [row(DISSOLVE, outside, "01/03/2023")])
    report = run_import(
        get_kind("restructurings"), data, "x.csv", user=user, scope=scope, commit=True
    )
    assert [p.column for p in report.problems] == ["Mã tổ chức"]
    assert Organisation.objects.get(code=outside).ended_on is None


def test_restructuring_needs_the_organisation_boards_right(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    from dangvu.accounts.scoping import member_editable_organisations

    rows = [row(DISSOLVE, "C12", "01/03/2023")]
    data = sheets.write_csv(HEADERS, rows)
    kind = get_kind("restructurings")
    # The grassroots secretary records the members of GK1, but does not change its tree.
    secretary = cast["grassroots"]
    scope = member_editable_organisations(secretary)
    assert scope.filter(code="C12").exists()
    refused = run_import(kind, data, "x.csv", user=secretary, scope=scope, commit=True)
    assert [(p.column, "không có quyền" in p.message) for p in refused.problems] == [
        ("Mã tổ chức", True)
    ]
    # The organisation board of GK1 does.
    editor = cast["grassroots_editor"]
    report = run_import(
        kind, data, "x.csv", user=editor, scope=member_editable_organisations(editor), commit=True
    )
    assert report.ok and report.created == 1, report.lines()
    tree["C12"].refresh_from_db()
    assert tree["C12"].end_kind == Organisation.EndKind.DISSOLVED
