"""An exported list is an office document: a title block saying what, which organisation
and as of when; numbered rows; columns as wide as their content; a header row frozen and
repeated on every printed page; an A4 landscape print with page numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from dangvu.lib.sheets import (
    MAX_SUBTITLE_LINES,
    WIDTH_MAX,
    WIDTH_MIN,
    read_rows,
    write_csv,
    write_table,
)

HEADERS = ["Họ và tên", "Tổ chức", "Mã tổ chức", "Ngày sinh", "Ghi chú"]
ROWS = [
    ["Nguyễn Văn An", "Chi bộ Văn phòng Đảng ủy Khối", "DBK.01", dt.date(1980, 1, 2), ""],
    ["Lê Thị Bình", "Chi bộ Phòng Tổ chức", "DBK.02", dt.date(1990, 3, 4), "x" * 200],
]
TITLE = "Danh sách đảng viên"
SUBTITLE = ["Tổ chức: Đảng bộ Khối các cơ quan tỉnh", "Tính đến ngày 31/12/2025"]


def sheet(**kwargs: object) -> Worksheet:
    options = {"title": TITLE, "subtitle": SUBTITLE, **kwargs}
    data = write_table(HEADERS, iter(ROWS), **options)  # type: ignore[arg-type]
    return load_workbook(io.BytesIO(data)).active


class TestTitleBlock:
    def test_title_and_subtitle_lines_sit_on_top_merged_across_the_table_and_bold(self) -> None:
        ws = sheet()
        assert [ws.cell(row=r, column=1).value for r in (1, 2, 3, 4)] == [TITLE, *SUBTITLE, None]
        merged = {str(r) for r in ws.merged_cells.ranges}
        assert merged == {"A1:F1", "A2:F2", "A3:F3"}  # STT + five columns
        assert all(ws.cell(row=r, column=1).font.b for r in (1, 2, 3))
        assert ws["A1"].font.sz == 13  # the title larger than the lines under it

    def test_the_header_row_follows_a_blank_row_and_is_read_back(self) -> None:
        data = write_table(HEADERS, ROWS, title=TITLE, subtitle=SUBTITLE)
        ws = load_workbook(io.BytesIO(data)).active
        assert [c.value for c in ws[5]] == ["STT", *HEADERS]
        found = read_rows(data, "xuat.xlsx", expected_headers=HEADERS)
        assert found.header_row == 5 and found.extra_headers == []
        assert [r.values["Họ và tên"] for r in found] == ["Nguyễn Văn An", "Lê Thị Bình"]

    def test_blank_subtitle_lines_are_dropped_and_too_many_are_cut(self) -> None:
        lines = ["", "  ", *(f"Dòng {i}" for i in range(10))]
        ws = sheet(subtitle=lines)
        top = [ws.cell(row=r, column=1).value for r in range(1, MAX_SUBTITLE_LINES + 3)]
        assert top == [TITLE, *(f"Dòng {i}" for i in range(MAX_SUBTITLE_LINES)), None]

    def test_a_subtitle_is_never_a_formula(self) -> None:
        ws = sheet(subtitle=["=1+1"])
        assert ws["A2"].value == "'=1+1" and ws["A2"].data_type == "s"


class TestTable:
    def test_rows_are_numbered_in_the_first_column(self) -> None:
        ws = sheet()
        assert [ws.cell(row=r, column=1).value for r in (6, 7)] == [1, 2]
        assert ws["B6"].value == "Nguyễn Văn An"
        assert ws["E6"].number_format == "DD/MM/YYYY"

    def test_row_numbers_can_be_left_out(self) -> None:
        ws = sheet(row_numbers=False)
        assert [c.value for c in ws[5]] == HEADERS

    def test_columns_fit_their_content_within_bounds(self) -> None:
        ws = sheet()
        width = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
        assert width["A"] == WIDTH_MIN  # STT: two digits at most
        assert width["C"] == len("Chi bộ Văn phòng Đảng ủy Khối") + 2
        assert width["D"] == len("Mã tổ chức") + 2  # the header is longer than the codes
        assert width["F"] == WIDTH_MAX  # 200 characters wrap within 50
        assert ws["F7"].alignment.wrap_text

    def test_the_header_is_frozen_and_repeated_on_every_printed_page(self) -> None:
        ws = sheet()
        assert ws.freeze_panes == "A6"
        assert ws.print_title_rows == "$5:$5"
        assert ws["B5"].font.b and ws["B5"].alignment.wrap_text

    def test_without_a_title_the_header_is_the_first_row(self) -> None:
        ws = sheet(title="", subtitle=[])
        assert ws["A1"].value == "STT" and ws.freeze_panes == "A2"
        assert ws.print_title_rows == "$1:$1"


class TestPrint:
    def test_a4_landscape_one_page_wide_with_page_numbers(self) -> None:
        ws = sheet()
        setup = ws.page_setup
        assert str(setup.paperSize) == ws.PAPERSIZE_A4
        assert setup.orientation == "landscape"
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.oddFooter.center.text == "Trang &P/&N"
        margins = ws.page_margins
        assert min(margins.left, margins.right, margins.top, margins.bottom) >= 0.3
        assert max(margins.left, margins.right, margins.top, margins.bottom) <= 1


class TestCsv:
    def test_csv_keeps_only_the_header_and_the_rows(self) -> None:
        text = write_csv(HEADERS, ROWS).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == HEADERS  # no title block, no STT: machines read CSV
        assert rows[1][:2] == ["Nguyễn Văn An", "Chi bộ Văn phòng Đảng ủy Khối"]
        assert len(rows) == 3
