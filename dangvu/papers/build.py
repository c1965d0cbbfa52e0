"""The default Word template of each paper, built in code in the party document format.

The same builders as the annual report's (`reports.word`): A4, Times New Roman 14, the
header table (the superior line, the issuing body, its number; the party's name, the place
and the date), the title and summary line, the body, the recipients and the signature.
The official introduction paper starts with its stub (cuống), which the issuing office
keeps, above a cut line. The forms (2-HSĐV, 3-HSĐV) are a table of the member's record;
the badge list is a table with one row per member (a docxtpl `{%tr %}` loop).

Built on demand and kept in memory: the same code gives the same bytes (`_normalised`), so
the template an office downloads is the one the server renders when it has none of its own.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dangvu.papers.kinds import PaperKind, kind
from dangvu.papers.schema import MEMBER_FIELDS
from dangvu.reports.word import FONT, _cell, _no_borders, _normalised, _page_numbers, _para

LEFT = WD_ALIGN_PARAGRAPH.LEFT
BODY = WD_ALIGN_PARAGRAPH.JUSTIFY
CUT_LINE = "✂ - - - - - - - - - - - - - - (cắt theo đường này) - - - - - - - - - - - - - -"

# The rows of the member's forms (2-HSĐV, 3-HSĐV): every field of the record but the list's.
FORM_ROWS = tuple((name, label) for name, label in MEMBER_FIELDS if name != "milestone")


def _document(title: str) -> Any:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _page_numbers(section)
    doc.core_properties.author = "Đảng vụ"
    doc.core_properties.title = title
    return doc


def _stub(doc: Any) -> None:
    """The stub the issuing office keeps: who went where, under which number and date."""
    _para(doc, "{{ issuing_body }}", size=13, bold=True, align=LEFT)
    _para(doc, "CUỐNG GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", size=13, bold=True, before=6)
    _para(doc, "Số {{ number }}", size=13, after=6)
    for line in (
        "Họ và tên đảng viên: {{ member.full_name }}",
        "Sinh ngày: {{ member.birth_date }}; số thẻ đảng viên: {{ member.card_number }}",
        "Là {{ member.status }}, sinh hoạt tại {{ event.from_organisation }}",
        "Giới thiệu đến: {{ event.to_organisation }}",
        "Ngày ký: {{ date_short }}",
    ):
        _para(doc, line, size=13, align=LEFT)
    _para(doc, CUT_LINE, size=11, italic=True, before=12, after=12)


def _heading(doc: Any) -> None:
    header = doc.add_table(rows=1, cols=2)
    header.autofit = False
    _no_borders(header, indent_cm=-0.4)
    left, right = _cell(header, 0, 0, 8.5), _cell(header, 0, 1, 8.7)
    _para(left, "{%p if superior_line %}")
    _para(left, "{{ superior_line }}", size=13)
    _para(left, "{%p endif %}")
    _para(left, "{{ issuing_body }}", size=13, bold=True)
    _para(left, "*", size=13)
    _para(left, "{%p if numbered %}")
    _para(left, "Số {{ number }}", size=13)
    _para(left, "{%p endif %}")
    _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    _para(right, "", size=13)
    _para(right, "{{ place }}, {{ date }}", size=14, italic=True)


def _title(doc: Any, paper: PaperKind) -> None:
    _para(doc, paper.title, size=15, bold=True, before=18)
    _para(doc, paper.summary, size=14, bold=True)
    _para(doc, "-----", size=14, after=12)


def _body(doc: Any, paper: PaperKind) -> None:
    if paper.decision:
        _para(doc, "{{ issuing_body }}", size=14, bold=True, after=6)
    articles = False
    for text in paper.body:
        if paper.decision and text.startswith("Điều") and not articles:
            _para(doc, "QUYẾT ĐỊNH:", size=14, bold=True, before=6, after=6)
            articles = True
        _para(doc, text, align=BODY, indent=True, after=6)


def _table(doc: Any, widths: tuple[float, ...], header: tuple[str, ...]) -> Any:
    table = doc.add_table(rows=1, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, width in enumerate(widths):
        cell = _cell(table, 0, i, width)
        _para(cell, header[i], size=12, bold=True)
    return table


def _member_list(doc: Any) -> None:
    """The members listed, one row each, in a table the office can widen in Word."""
    widths = (1.2, 5.0, 2.6, 2.6, 3.8, 1.3)
    table = _table(
        doc, widths, ("STT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Chi bộ", "Số năm")
    )
    for texts in (
        ("{%tr for m in members %}", "", "", "", "", ""),
        (
            "{{ loop.index }}",
            "{{ m.full_name }}",
            "{{ m.birth_date }}",
            "{{ m.admission_date }}",
            "{{ m.organisation }}",
            "{{ m.milestone }}",
        ),
        ("{%tr endfor %}", "", "", "", "", ""),
    ):
        cells = table.add_row().cells
        for i, text in enumerate(texts):
            cell = cells[i]
            cell.width = Cm(widths[i])
            cell._tc.remove(cell.paragraphs[0]._p)
            _para(cell, text, size=12, align=LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER)


def _form(doc: Any, paper: PaperKind) -> None:
    """The member's record as the form's rows: the label, then the value."""
    widths = (6.0, 10.5)
    table = _table(doc, widths, ("Mục", "Nội dung"))
    for name, label in FORM_ROWS:
        cells = table.add_row().cells
        short = re.split(r":|,| \(", label)[0]
        for i, text in enumerate((short, f"{{{{ member.{name} }}}}")):
            cell = cells[i]
            cell.width = Cm(widths[i])
            cell._tc.remove(cell.paragraphs[0]._p)
            _para(cell, text, size=12, align=LEFT)
    if paper.code == "FORM_3":
        _para(
            doc,
            "Những thay đổi trong năm {{ year }} (học tập, công tác, khen thưởng, kỷ luật, "
            "hoàn cảnh gia đình):",
            bold=True,
            align=LEFT,
            before=12,
            after=6,
        )
        for _ in range(5):
            _para(doc, "." * 110, size=12, align=LEFT, after=6)
    _para(
        doc,
        "Tôi xin cam đoan những nội dung khai trên là đúng sự thật.",
        italic=True,
        align=LEFT,
        before=12,
    )


def _signature(doc: Any, *, declarant: bool) -> None:
    sign = doc.add_table(rows=1, cols=2)
    sign.alignment = WD_TABLE_ALIGNMENT.CENTER
    sign.autofit = False
    _no_borders(sign)
    left, right = _cell(sign, 0, 0, 8.5), _cell(sign, 0, 1, 8.0)
    if declarant:
        # The form is signed by the member, and certified by the committee.
        _para(left, "NGƯỜI KHAI", size=14, bold=True, before=12)
        _para(left, "(Ký, ghi rõ họ tên)", size=12, italic=True)
        for _ in range(3):
            _para(left, "")
        _para(left, "{{ member.full_name }}", size=14, bold=True)
    else:
        _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, before=12)
        _para(left, "{%p for r in recipients %}")
        _para(left, "{{ r }}", size=11, align=LEFT)
        _para(left, "{%p endfor %}")
    _para(right, "{{ signing_body }}", size=14, bold=True, before=12)
    _para(right, "{{ signer_title }}", size=14, bold=True)
    for _ in range(3):
        _para(right, "")
    _para(right, "{{ signer_name }}", size=14, bold=True)


def build_template(code: str) -> bytes:
    """The default template of the paper kind `code`, as .docx bytes."""
    paper = kind(code)
    doc = _document(paper.name)
    if paper.stub:
        _stub(doc)
    _heading(doc)
    _title(doc, paper)
    if code in ("FORM_2", "FORM_3"):
        _form(doc, paper)
    else:
        _body(doc, paper)
        if paper.is_list:
            if paper.decision:
                _para(doc, "DANH SÁCH KÈM THEO", size=14, bold=True, before=12, after=6)
            _member_list(doc)
    _signature(doc, declarant=code in ("FORM_2", "FORM_3"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalised(buffer.getvalue())


@functools.cache
def default_template(code: str) -> bytes:
    """The default template of `code`, built once per process (the same bytes every time)."""
    return build_template(code)
