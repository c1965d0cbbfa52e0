"""The annual report's statistical tables as an Excel workbook.

Sheet 1: one row per grassroots organisation of the subtree in the year (including those
dissolved or merged during it), one column per additive indicator, each cell that
organisation's figure from the registry; then, when the grassroots rows do not add up to
the committee's figure, a row for the difference (records of the committee's own level, and
moves between grassroots organisations, which are flows of each but not of the whole);
then the totals row, which is the committee's figure. So the totals always equal the
committee's figures and the difference is shown, never hidden.

Sheet 2: every indicator of the committee (additive or not): year, previous year, plan,
change. Sheet 3: the breakdowns.

Every heading is in Vietnamese; an indicator's code (technical, for matching with the JSON
output and docs/indicators.md) is only in the last column, "Mã chỉ tiêu".
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dangvu.lib.sheets import safe_cell
from dangvu.lib.vnformat import fmt_date
from dangvu.reports import registry
from dangvu.reports.annual import AnnualReport, Number, ReportFigure, grassroots_in

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="FCE4D6")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
INTEGER = "#,##0"
DECIMAL = "#,##0.00"

SHEET_GRASSROOTS = "Theo tổ chức cơ sở"
SHEET_COMMITTEE = "Chỉ tiêu của cấp ủy"
SHEET_DETAIL = "Chi tiết"
DIFFERENCE_LABEL = "Cấp ủy cấp trên cơ sở trực tiếp và chuyển giữa các tổ chức cơ sở"
TOTAL_LABEL = "Tổng cộng (số liệu của cấp ủy)"
CODE_HEADING = "Mã chỉ tiêu"


def additive_figures(report: AnnualReport) -> list[ReportFigure]:
    return [f for f in report.figures.values() if f.additive and f.unit != "%"]


def grassroots_table(
    report: AnnualReport,
) -> tuple[list[ReportFigure], list[tuple[str, str, list[Number | None]]]]:
    """(columns, rows): one row (code, name, values) per grassroots organisation.

    Each value is read from the registry for that organisation and the report's period.
    """
    columns = additive_figures(report)
    versions = grassroots_in(report.organisation, report.period)
    orgs = [v.organisation for v in versions]
    by_code = {f.code: registry.values_by_org(f.code, orgs, report.period) for f in columns}
    rows = []
    for version in versions:
        org = version.organisation
        name = version.name
        if org.founded_on > report.period.start:
            name += f" (thành lập {fmt_date(org.founded_on)})"
        if org.ended_on is not None and org.ended_on <= report.period.end:
            name += f" (kết thúc {fmt_date(org.ended_on)})"
        values = [by_code[f.code][org.pk].value for f in columns]
        rows.append((org.code, name, values))
    return columns, rows


def _header(ws: Worksheet, row: int, labels: Sequence[str], widths: Sequence[float]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=safe_cell(label))
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(col)].width = width


def _number(ws: Worksheet, row: int, col: int, value: Number | None, fmt: str = INTEGER) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.number_format = INTEGER if isinstance(value, int) else fmt
    cell.border = BORDER


def _title(ws: Worksheet, report: AnnualReport, heading: str) -> None:
    ws.cell(row=1, column=1, value=safe_cell(heading)).font = TITLE
    until = f", đến {fmt_date(report.period.end)}" if report.partial else ""
    ws.cell(
        row=2,
        column=1,
        value=safe_cell(f"{report.name} — năm {report.year}{until}"),
    ).font = Font(italic=True)
    if report.coverage and not report.absent:
        # Founded or ended during the year: the days the figures cover, above the table.
        ws.cell(row=3, column=1, value=safe_cell(report.coverage)).font = Font(italic=True)


def render_xlsx(report: AnnualReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_GRASSROOTS
    _grassroots_sheet(ws, report)
    _committee_sheet(wb.create_sheet(SHEET_COMMITTEE), report)
    _detail_sheet(wb.create_sheet(SHEET_DETAIL), report)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _grassroots_sheet(ws: Worksheet, report: AnnualReport) -> None:
    _title(ws, report, f"Số liệu năm {report.year} theo tổ chức cơ sở đảng")
    if not report.has_data:
        reason = report.coverage if report.absent else "chưa ghi nhận dữ liệu nào trong năm."
        ws.cell(row=4, column=1, value=safe_cell(f"Không có số liệu: {reason}"))
        return
    columns, rows = grassroots_table(report)
    labels = ["STT", "Mã tổ chức", "Tổ chức cơ sở đảng"] + [
        f"{f.label} ({f.unit})" for f in columns
    ]
    _header(ws, 4, labels, [6, 12, 44] + [16] * len(columns))
    ws.row_dimensions[4].height = 75
    ws.freeze_panes = "D5"
    r = 5
    for i, (code, name, values) in enumerate(rows, start=1):
        ws.cell(row=r, column=1, value=i).border = BORDER
        ws.cell(row=r, column=2, value=safe_cell(code)).border = BORDER
        ws.cell(row=r, column=3, value=safe_cell(name)).border = BORDER
        for c, v in enumerate(values, start=4):
            _number(ws, r, c, v)
        r += 1
    totals = [f.value for f in columns]
    sums = [sum((row[2][c] or 0) for row in rows) for c in range(len(columns))]
    differences = [(t or 0) - s for t, s in zip(totals, sums, strict=True)]
    if any(differences):
        ws.cell(row=r, column=3, value=DIFFERENCE_LABEL).border = BORDER
        for c, v in enumerate(differences, start=4):
            _number(ws, r, c, v)
        r += 1
    ws.cell(row=r, column=3, value=TOTAL_LABEL).font = BOLD
    for col in range(1, 4 + len(columns)):
        ws.cell(row=r, column=col).fill = TOTAL_FILL
        ws.cell(row=r, column=col).border = BORDER
    for c, v in enumerate(totals, start=4):
        _number(ws, r, c, v)
        ws.cell(row=r, column=c).font = BOLD
    ws.cell(
        row=r + 2,
        column=1,
        value=(
            "Mỗi số liệu được tính từ dữ liệu đã ghi, theo cơ cấu tổ chức của ngày xảy ra. "
            f"Dòng «{DIFFERENCE_LABEL}», nếu có, là phần chênh lệch giữa số liệu của cấp ủy "
            "và tổng các tổ chức cơ sở."
        ),
    ).font = Font(italic=True, size=9)


def _committee_sheet(ws: Worksheet, report: AnnualReport) -> None:
    _title(ws, report, f"Các chỉ tiêu năm {report.year} của cấp ủy")
    labels = [
        "Chỉ tiêu",
        "Đơn vị",
        f"Năm {report.year}",
        f"Năm {report.year - 1}",
        "Kế hoạch",
        "So với năm trước (%)",
        "Cộng theo tổ chức cơ sở",
        CODE_HEADING,
    ]
    _header(ws, 4, labels, [60, 12, 14, 14, 14, 16, 14, 34])
    ws.freeze_panes = "B5"
    r = 4
    for r, f in enumerate(sorted(report.figures.values(), key=lambda f: f.code), start=5):
        fmt = DECIMAL if f.unit == "%" else INTEGER
        ws.cell(row=r, column=1, value=safe_cell(f.label)).border = BORDER
        ws.cell(row=r, column=2, value=safe_cell(f.unit)).border = BORDER
        _number(ws, r, 3, f.value, fmt)
        _number(ws, r, 4, f.previous, fmt)
        _number(ws, r, 5, f.plan, fmt)
        change = registry.change(f.value, f.previous) if f.unit != "%" else None
        _number(ws, r, 6, round(change, 1) if change is not None else None, "0.0")
        ws.cell(row=r, column=7, value="có" if f.additive else "không").border = BORDER
        ws.cell(row=r, column=8, value=f.code).border = BORDER
    if report.comparison:
        # The year before's column holds what was reported then: say which report.
        ws.cell(row=r + 2, column=1, value=safe_cell(report.comparison)).font = Font(
            italic=True, size=9
        )


def _detail_sheet(ws: Worksheet, report: AnnualReport) -> None:
    _title(ws, report, f"Chi tiết các chỉ tiêu năm {report.year}")
    _header(ws, 4, ["Chỉ tiêu", "Chi tiết", "Số liệu", CODE_HEADING], [50, 60, 14, 34])
    r = 5
    for f in sorted(report.figures.values(), key=lambda f: f.code):
        for label, n in f.breakdown.items():
            ws.cell(row=r, column=1, value=safe_cell(f.label)).border = BORDER
            ws.cell(row=r, column=2, value=safe_cell(label)).border = BORDER
            _number(ws, r, 3, n, DECIMAL if f.unit == "%" else INTEGER)
            ws.cell(row=r, column=4, value=f.code).border = BORDER
            r += 1


def render_figures_xlsx(report: AnnualReport) -> bytes:
    """The figures table of the year (the page «Số liệu theo năm») as a workbook: every
    indicator of the committee, then the breakdowns."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_COMMITTEE
    _committee_sheet(ws, report)
    _detail_sheet(wb.create_sheet(SHEET_DETAIL), report)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
