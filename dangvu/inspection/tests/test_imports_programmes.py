"""Import of the annual programmes of inspection and supervision: a clean file, the same
file again (nothing changes), refusals named by column, and the command line."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.importing import Report, get_kind, run_import
from dangvu.inspection.models import Inspection, Level, Programme, ProgrammeItem
from dangvu.lib import sheets

pytestmark = pytest.mark.django_db

CODE = "inspection-programmes"
COMMISSION = "Chương trình kiểm tra, giám sát năm 2024 của Ủy ban Kiểm tra Đảng ủy Khối"
BOARD = "Chương trình kiểm tra, giám sát năm 2024 của Ban Tổ chức Đảng ủy Khối"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False):
        yield


def item(number: int, title: str, **cells: Any) -> dict[str, Any]:
    return {
        "Tổ chức đảng": "BLOC",
        "Cơ quan thực hiện": "Ủy ban Kiểm tra",
        "Tên ban": "",
        "Năm": "2024",
        "Tên chương trình": COMMISSION,
        "Số thứ tự": str(number),
        "Loại": "Kiểm tra việc thực hiện nhiệm vụ, chấp hành",
        "Nội dung": title,
        **cells,
    }


ROWS = [
    item(1, "Kiểm tra công tác phát triển đảng viên", **{"Đối tượng dự kiến": "GK1"}),
    item(2, "Giám sát việc học tập nghị quyết", **{"Loại": "Giám sát chuyên đề",
         "Quý dự kiến": "3"}),
    item(1, "Kiểm tra quản lý hồ sơ đảng viên", **{"Cơ quan thực hiện": "Các ban của cấp ủy",
         "Tên ban": "Ban Tổ chức", "Tên chương trình": BOARD}),
]  # fmt: skip


def _cells(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    headers = [c.header for c in get_kind(CODE).columns]
    return headers, [[row.get(h, "") for h in headers] for row in rows]


def _run(rows: list[dict[str, Any]], user: Any) -> Report:
    headers, cells = _cells(rows)
    return run_import(
        get_kind(CODE),
        sheets.write_csv(headers, cells),
        "chuong-trinh.csv",
        user=user,
        scope=member_editable_organisations(user),
        commit=True,
    )


def _columns(report: Report) -> dict[int, str | None]:
    return {p.row: p.column for p in report.problems}


def test_programmes_import_with_their_items_once(tree: dict[str, Any], admin_user: Any) -> None:
    report = _run(ROWS, admin_user)
    assert report.ok and report.created == 3, report.lines()
    commission = Programme.objects.get(level=Level.COMMISSION)
    assert commission.title == COMMISSION and commission.year == 2024
    assert [(i.number, i.kind, i.planned_quarter) for i in commission.items.all()] == [
        (1, "COMPLIANCE", None),
        (2, "THEMATIC", 3),
    ]
    assert commission.items.get(number=1).planned_subjects == "GK1"
    assert Programme.objects.get(level=Level.BOARD).board_name == "Ban Tổ chức"

    again = _run(ROWS, admin_user)
    assert again.ok and again.unchanged == 3 and again.created == 0, again.lines()
    assert Programme.objects.count() == 2 and ProgrammeItem.objects.count() == 3

    # A programme grows by its next item; the inspections then carry out its items.
    more = _run([*ROWS, item(3, "Kiểm tra việc thu, nộp đảng phí")], admin_user)
    assert more.ok and more.created == 1 and more.unchanged == 3, more.lines()
    headers = [c.header for c in get_kind("inspections").columns]
    carried = dict.fromkeys(headers, "")
    carried.update(
        {
            "Tổ chức tiến hành": "BLOC",
            "Cơ quan tiến hành": "Ủy ban Kiểm tra",
            "Loại": "Giám sát chuyên đề",
            "Nội dung": "Giám sát việc học tập nghị quyết",
            "Ngày bắt đầu": "02/07/2024",
            "Ngày kết thúc": "30/07/2024",
            "Tình trạng": "Đã hoàn thành",
            "Tổ chức được kiểm tra, giám sát": "GK2",
            "Theo chương trình năm": "Có",
            "Số thứ tự trong chương trình": "2",
        }
    )
    done = run_import(
        get_kind("inspections"),
        sheets.write_csv(headers, [[carried[h] for h in headers]]),
        "kiem-tra.csv",
        user=admin_user,
        scope=member_editable_organisations(admin_user),
        commit=True,
    )
    assert done.ok, done.lines()
    assert Inspection.objects.get().programme_item == commission.items.get(number=2)


def test_bad_programme_rows_are_refused_by_column(tree: dict[str, Any], admin_user: Any) -> None:
    assert _run(ROWS[:1], admin_user).created == 1
    rows = [
        item(3, "Nội dung nhảy số"),  # 2: the next item is number 2
        item(1, "Một nội dung khác"),  # 3: number 1 holds another content
        item(2, "Nội dung", **{"Tên chương trình": "Chương trình khác"}),  # 4
        item(1, "Nội dung", **{"Cơ quan thực hiện": "Các ban của cấp ủy"}),  # 5: no board
        item(1, "Nội dung", **{"Tổ chức đảng": "C11"}),  # 6: a cell has no commission
        item(2, "Nội dung", **{"Quý dự kiến": "5"}),  # 7
        item(1, "Nội dung", **{"Năm": "1990"}),  # 8
        item(1, "Nội dung", **{"Tổ chức đảng": "KHONGCO"}),  # 9
        item(2, "Nội dung", **{"Loại": "Kiểm tra đột xuất"}),  # 10: not in the list
        item(2, ""),  # 11
    ]
    report = _run(rows, admin_user)
    assert _columns(report) == {
        2: "Số thứ tự",
        3: "Nội dung",
        4: "Tên chương trình",
        5: "Tên ban",
        6: "Cơ quan thực hiện",
        7: "Quý dự kiến",
        8: "Năm",
        9: "Tổ chức đảng",
        10: "Loại",
        11: "Nội dung",
    }, report.lines()
    assert not report.committed
    assert Programme.objects.count() == 1 and ProgrammeItem.objects.count() == 1


def test_a_grassroots_user_records_only_their_own_bodies(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    own = item(
        1,
        "Kiểm tra chi bộ thực hiện nhiệm vụ năm 2024",
        **{"Tổ chức đảng": "GK1", "Cơ quan thực hiện": "Đảng ủy cơ sở", "Tên chương trình": "CT"},
    )
    report = _run([own, item(1, "Kiểm tra của cấp trên")], cast["grassroots"])
    assert _columns(report) == {3: "Tổ chức đảng"}, report.lines()
    assert not Programme.objects.exists()
    report = _run([own], cast["grassroots"])
    assert report.ok and report.created == 1, report.lines()


def test_programmes_from_the_command_line(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    headers, cells = _cells(ROWS)
    path = tmp_path / "chuong-trinh.xlsx"
    path.write_bytes(sheets.write_table(headers, cells))
    out = io.StringIO()
    call_command("import_records", CODE, str(path), stdout=out)
    assert "3 mới" in out.getvalue() and "Đã ghi vào cơ sở dữ liệu." in out.getvalue()
    out = io.StringIO()
    call_command("import_records", CODE, str(path), stdout=out)
    assert "0 mới, 3 đã có" in out.getvalue()
    headers, cells = _cells([item(9, "Số thứ tự sai")])
    path.write_bytes(sheets.write_table(headers, cells))
    with pytest.raises(CommandError):
        call_command("import_records", CODE, str(path), stdout=io.StringIO())
    assert ProgrammeItem.objects.count() == 3
