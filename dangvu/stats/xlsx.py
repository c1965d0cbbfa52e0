"""The statistical tables in Excel, in the layout of the forms.

Each sheet: the committee's heading at the left (the superior line, the organisation,
"*"), «ĐẢNG CỘNG SẢN VIỆT NAM» and the table's number at the right; the title in
capitals, the day or the year, «Đơn vị tính: người»; two rows of merged headings, a row
of column numbers (A, B, 1, 2, …); a line per organisation (or per value) with its STT,
the «Tổng cộng» line; then the signature block: «NGƯỜI LẬP BIỂU» at the left, the place
and date, the signing authority and «BÍ THƯ» at the right. Figures are numbers, never
text, so that a clerk can add them up again in Excel.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dangvu.core.dates import today
from dangvu.lib.sheets import safe_cell
from dangvu.lib.vnformat import fmt_date_long
from dangvu.reports.heading import PLACE_BLANK, signing
from dangvu.reports.models import place_for, superior_line_for
from dangvu.reports.prose import issuing_body
from dangvu.stats.tables import VALUES, Built, Line

FONT = "Times New Roman"
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
UNIT = "Đơn vị tính: người"
PREPARER = "NGƯỜI LẬP BIỂU"
SIGN_HINT = "(Ký, ghi rõ họ tên)"
NATIONAL = "ĐẢNG CỘNG SẢN VIỆT NAM"
HEAD_ROW = 9  # the first of the two heading rows


def _font(size: int = 12, *, bold: bool = False, italic: bool = False, under: bool = False) -> Font:
    return Font(
        name=FONT, size=size, bold=bold, italic=italic, underline="single" if under else None
    )


def _number_format(decimals: int) -> str:
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals


def first_column_heading(built: Built) -> str:
    if built.table.rows == VALUES:
        return "Dân tộc" if built.table.code == "dan-toc" else "Tôn giáo"
    return "Tên tổ chức"


def heading_lines(built: Built) -> tuple[str, str]:
    """(superior line, the organisation as its documents name it), upper-cased."""
    org = built.organisation
    holder = type("Heading", (), {"superior_name": built.superior})()
    return superior_line_for(org, holder), issuing_body(built.name, org.kind).upper()


def signature(built: Built) -> tuple[str, str, str]:
    """(place and date, signing authority, signer's title)."""
    place = place_for(built.organisation) or PLACE_BLANK
    body, title = signing(built.organisation.kind)
    return f"{place}, {fmt_date_long(today())}", body, title


def write_sheet(ws: Worksheet, built: Built) -> None:
    columns = built.columns
    width = max(len(columns) + 2, 5)
    last = get_column_letter(width)

    def put(row: int, col: int, value: object, font: Font, align: Alignment = CENTER) -> None:
        cell = ws.cell(row=row, column=col, value=safe_cell(value))
        cell.font = font
        cell.alignment = align

    def merge(row: int, first: int, end: int) -> None:
        if end > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=end)

    superior, body = heading_lines(built)
    put(1, 1, superior, _font(13))
    merge(1, 1, 2)
    put(2, 1, body, _font(13, bold=True))
    merge(2, 1, 2)
    put(3, 1, "*", _font(13))
    merge(3, 1, 2)
    put(1, 3, NATIONAL, _font(14, bold=True, under=True))
    merge(1, 3, width)
    put(2, 3, built.table.number, _font(12, bold=True))
    merge(2, 3, width)
    put(5, 1, built.table.title.upper(), _font(14, bold=True))
    merge(5, 1, width)
    put(6, 1, built.period_label, _font(12, italic=True))
    merge(6, 1, width)
    if built.coverage:
        put(7, 1, built.coverage, _font(11, italic=True))
        merge(7, 1, width)
        ws.row_dimensions[7].height = 30
    put(8, 1, UNIT, _font(11, italic=True), Alignment(horizontal="right"))
    merge(8, 1, width)

    top, low = HEAD_ROW, HEAD_ROW + 1
    head = _font(11, bold=True)
    for col, text in ((1, "STT"), (2, first_column_heading(built))):
        put(top, col, text, head)
        ws.merge_cells(start_row=top, start_column=col, end_row=low, end_column=col)
    col = 3
    for group, span in built.groups:
        if not group:
            for i in range(span):
                put(top, col + i, columns[col + i - 3].heading, head)
                ws.merge_cells(start_row=top, start_column=col + i, end_row=low, end_column=col + i)
        else:
            put(top, col, group, head)
            merge(top, col, col + span - 1)
            for i in range(span):
                put(low, col + i, columns[col + i - 3].heading, _font(11, bold=True))
        col += span
    numbers = ["A", "B", *range(1, len(columns) + 1)]
    for i, text in enumerate(numbers, start=1):
        put(low + 1, i, text, _font(10, italic=True))
    for r in range(top, low + 2):
        for c in range(1, len(columns) + 3):
            ws.cell(row=r, column=c).border = BORDER
    ws.row_dimensions[top].height = 32
    ws.row_dimensions[low].height = 60

    row = low + 2
    for line in built.all_lines():
        _line(ws, row, line, built, bold=line is built.total)
        row += 1

    row += 1
    place_date, authority, title = signature(built)
    right = 3 if width > 4 else 2
    put(row, right, place_date, _font(12, italic=True))
    merge(row, right, width)
    put(row + 1, 1, PREPARER, _font(12, bold=True))
    merge(row + 1, 1, 2)
    put(row + 2, 1, SIGN_HINT, _font(11, italic=True))
    merge(row + 2, 1, 2)
    put(row + 1, right, authority, _font(12, bold=True))
    merge(row + 1, right, width)
    put(row + 2, right, title, _font(12, bold=True))
    merge(row + 2, right, width)

    # The heading at the left stands over A:B: wide enough for a committee's name on two
    # lines at most; the rows above the table take two lines.
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 36
    for r in (1, 2):
        ws.row_dimensions[r].height = 34
    narrow = len(columns) > 14
    for c, column in enumerate(columns, start=3):
        wide = 14 if column.organisation is not None and column.group else 9 if narrow else 11
        ws.column_dimensions[get_column_letter(c)].width = wide
    ws.freeze_panes = ws.cell(row=low + 2, column=3)
    ws.print_title_rows = f"{top}:{low + 1}"
    ws.page_setup.orientation = "landscape"
    # A table of many columns (the qualifications) is printed on A3 to stay readable.
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if narrow else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{last}{row + 2}"


def _line(ws: Worksheet, row: int, line: Line, built: Built, *, bold: bool) -> None:
    font = _font(11, bold=bold)
    number = ws.cell(row=row, column=1, value=line.number)
    label = line.label + (f" ({line.note})" if line.note else "")
    name = ws.cell(row=row, column=2, value=safe_cell(label))
    for cell in (number, name):
        cell.font = font
        cell.border = BORDER
    number.alignment = CENTER
    name.alignment = LEFT if line.number is not None else CENTER
    for c, (value, column) in enumerate(zip(line.cells, built.columns, strict=True), start=3):
        # The figure as the page writes it (a share to two decimals), still a number.
        shown = round(value, column.decimals) if isinstance(value, float) else value
        cell = ws.cell(row=row, column=c, value=shown)
        cell.number_format = _number_format(column.decimals)
        cell.font = font
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="right", vertical="center")


def sheet_title(built: Built) -> str:
    return built.table.number.replace("Biểu số ", "Biểu ")[:31]


def render(built: list[Built]) -> bytes:
    """A workbook of the tables, one sheet each, in their order."""
    wb = Workbook()
    wb.remove(wb.active)
    for one in built:
        write_sheet(wb.create_sheet(sheet_title(one)), one)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
