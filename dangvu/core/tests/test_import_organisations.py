"""Every organisation column of every import kind: a name that several organisations in
the user's scope bear is refused with the candidates (parent and code), a code is taken
as it is, and the row's date picks the namesake that existed then."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from dangvu.core.importing import ImportKind, Report, get_kind, kinds, run_import
from dangvu.orgs.models import Organisation
from dangvu.orgs.tests.test_resolve import NAMESAKE
from dangvu.orgs.tests.test_resolve import namesakes as namesakes  # the fixture

pytestmark = pytest.mark.django_db

# Rows are the template's examples; these cells are changed so the row reaches its
# organisation columns (the examples name organisations and records of a demo tree).
OVERRIDES: dict[str, dict[str, Any]] = {
    "restructurings": {"Mã tổ chức": "C12"},
    "study-returns": {"Số hiệu văn bản": "27-NQ/TW"},  # the resolutions kind's example
    "contest-entries": {"Năm": 2024},  # the contests kind's example ends in 2024
}
# Records a row refers to, imported first from their own kind's example.
PREREQUISITES: dict[str, str] = {"study-returns": "resolutions", "contest-entries": "contests"}
# Columns read only for some rows: the example is set to the kind of row that reads them.
ROW_FOR_COLUMN: dict[tuple[str, str], dict[str, Any]] = {
    ("restructurings", "Tổ chức tiếp nhận"): {"Loại sắp xếp": "Sáp nhập"},
    ("discipline", "Tổ chức bị kỷ luật"): {"Đối tượng": "Tổ chức đảng", "Số CCCD đảng viên": None},
}


def org_columns() -> list[tuple[str, str]]:
    return [(k.code, c.header) for k in kinds() for c in k.columns if c.type == "org"]


def example_file(kind: ImportKind, cells: dict[str, Any]) -> bytes:
    heads = [c.header for c in kind.columns]
    row = {c.header: c.example or None for c in kind.columns}
    for c in kind.columns:
        if c.type == "org":
            row[c.header] = "VP1"
    row.update(OVERRIDES.get(kind.code, {}))
    row.update(cells)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(heads)
    sheet.append([row[h] for h in heads])
    for cell in sheet[2]:
        if isinstance(cell.value, str):
            cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(kind: ImportKind, cells: dict[str, Any], user: Any, *, commit: bool = False) -> Report:
    return run_import(
        kind,
        example_file(kind, cells),
        "tep.xlsx",
        user=user,
        scope=Organisation.objects.all(),
        commit=commit,
    )


def test_the_kinds_with_organisation_columns_are_all_here() -> None:
    assert len({code for code, _ in org_columns()}) >= 25


@pytest.mark.parametrize(("code", "header"), org_columns())
def test_an_ambiguous_organisation_name_is_refused_with_the_candidates(
    code: str, header: str, namesakes: dict[str, Organisation], admin_user: Any
) -> None:
    """Never the "first" of them: the row is refused at that column, naming each one."""
    if code in PREREQUISITES:
        before = load(get_kind(PREREQUISITES[code]), {}, admin_user, commit=True)
        assert before.committed, before.lines()
    kind = get_kind(code)
    report = load(kind, {header: NAMESAKE, **ROW_FOR_COLUMN.get((code, header), {})}, admin_user)
    mine = [p.message for p in report.problems if p.column == header]
    assert mine, "\n".join(report.lines())
    assert "VP1 — Chi bộ Văn phòng (thuộc Đảng bộ Sở Y tế)" in mine[0]
    assert "VP2 — Chi bộ Văn phòng (thuộc Đảng bộ Sở Tài chính)" in mine[0]
    assert not report.committed


@pytest.mark.parametrize(("on", "expected"), [("01/03/2021", "KB1"), ("01/03/2024", "KB2")])
def test_a_rows_date_picks_the_namesake_that_existed_then(
    on: str, expected: str, namesakes: dict[str, Organisation], admin_user: Any
) -> None:
    from dangvu.members.models import Member
    from dangvu.orgs.tests.test_resolve import OLD_NEW

    cells = {
        "Chi bộ": OLD_NEW,
        "Ghi nhận từ ngày": on,
        "Ngày kết nạp": "03/02/2010",
        "Ngày chính thức": "15/02/2011",
        "Số CCCD": "052090007777",
    }
    report = load(get_kind("members"), cells, admin_user, commit=True)
    assert report.committed, report.lines()
    assert Member.objects.get(identity_number="052090007777").organisation.code == expected


def test_a_name_borne_by_one_organisation_and_a_code_are_taken(
    namesakes: dict[str, Organisation], admin_user: Any
) -> None:
    from dangvu.members.models import Member

    base = {
        "Ngày kết nạp": "03/02/2010",
        "Ngày chính thức": "15/02/2011",
        "Số thẻ đảng viên": None,
        "Mã đảng viên (số lý lịch)": None,  # the example's, which only one member may carry
    }
    for i, (text, code) in enumerate([("Chi bộ Khoa Nội", "C13"), ("vp2", "VP2")]):
        ident = f"05209000880{i}"
        cells = {**base, "Chi bộ": text, "Số CCCD": ident, "Họ và tên": f"Người Thứ {i}"}
        report = load(get_kind("members"), cells, admin_user, commit=True)
        assert report.committed, report.lines()
        assert Member.objects.get(identity_number=ident).organisation.code == code
