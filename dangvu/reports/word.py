"""The annual report as a Word document, from a .docx template an office can edit.

The default template is built by `build_default_template()` with python-docx in the party
document format (Hướng dẫn 36-HD/VPTW: A4, Times New Roman, the header table, number,
place and date, BÁO CÁO and its summary line, body, signature block, recipients); the
`report_template` command writes it to the file shipped with the package, so it is
reproducible, not a binary blob. An office downloads it, edits it in Word, and uploads its
own, which is checked by rendering it against a sample report (`check_template`): a
placeholder that names nothing, or a broken tag, is refused with a message naming it.

A template is untrusted code: it is parsed and rendered only in the sandbox of
`template_rules` (an allow-list of the syntax tree, a restricted run time, plain data in
the context), at upload and at every download. The placeholders, filters and tests are
declared there (`PLACEHOLDERS`, `FILTERS`, `TESTS`) and in docs/report-template.md.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate, InlineImage

from dangvu.lib.vnformat import fmt_count, fmt_number, fmt_percent
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.reports import charts, prose
from dangvu.reports.annual import AnnualReport, ReportFigure
from dangvu.reports.heading import (
    PLACE_BLANK,
    document_number,
    report_heading,
    signer_name,
)
from dangvu.reports.registry import Period, indicators
from dangvu.reports.template_rules import (
    NAMES,
    PLACEHOLDERS,
    SECTION_KEYS,
    ForbiddenTemplate,
    Picture,
    ReportTemplateEnvironment,
    Type,
)

__all__ = [
    "NAMES",
    "PLACEHOLDERS",
    "PLACE_BLANK",
    "TemplateError",
    "check_template",
    "document_number",
    "render_docx",
    "signer_name",
]

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "reports" / "annual_report.docx"
FONT = "Times New Roman"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


class TemplateError(Exception):
    """An uploaded template that cannot be used; the message says what to fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------
# The default template
# ---------------------------------------------------------------------------------------------


def _font(run: Any, size: float = 14, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    # East-Asian and complex-script font slots too, or Word substitutes for Vietnamese.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(
    container: Any,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    indent: bool = False,
    after: float = 0,
    before: float = 0,
) -> DocxParagraph:
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    fmt.line_spacing = 1.15 if indent else 1.0
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run = p.add_run(text)
        _font(run, size, bold=bold, italic=italic)
        run.font.underline = underline
    return p


def _no_borders(table: Any, indent_cm: float = 0) -> None:
    """No borders and no cell padding; `indent_cm` moves the table into the left margin."""
    pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    pr.append(margins)
    if indent_cm:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), str(round(indent_cm * 567)))
        ind.set(qn("w:type"), "dxa")
        pr.append(ind)


def _cell(table: Any, row: int, col: int, width: float) -> _Cell:
    table.columns[col].width = Cm(width)
    cell = table.cell(row, col)
    cell.width = Cm(width)
    # A new cell holds one empty paragraph; the builder adds its own.
    cell._tc.remove(cell.paragraphs[0]._p)
    return cell


def _page_numbers(section: Any) -> None:
    """The page number centred at the top of every page but the first, as party documents
    are numbered: a PAGE field in the header, and an empty header for the first page."""
    section.different_first_page_header_footer = True
    section.header_distance = Cm(1)
    header = section.header
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)
    # The number in the body's font and size (the field's run takes the paragraph's style).
    style = p.style
    style.font.name = FONT
    style.font.size = Pt(14)
    section.first_page_header.paragraphs[0].text = ""


def build_default_template() -> bytes:
    """The default annual-report template, in the party document format."""
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
    doc.core_properties.title = "Báo cáo năm"

    header = doc.add_table(rows=1, cols=2)
    header.autofit = False
    # The two names of the header are long ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH" at 13 pt,
    # "ĐẢNG CỘNG SẢN VIỆT NAM" at 15 pt): the table reaches a little into the margins, as
    # offices' own templates do, so that each stays on one line.
    _no_borders(header, indent_cm=-0.4)
    left, right = _cell(header, 0, 0, 8.5), _cell(header, 0, 1, 8.7)
    _para(left, "{%p if superior_line %}")
    _para(left, "{{ superior_line }}", size=13)
    _para(left, "{%p endif %}")
    _para(left, "{{ issuing_body }}", size=13, bold=True)
    _para(left, "*", size=13)
    _para(left, "Số {{ number }}", size=13)
    _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    _para(right, "", size=13)
    _para(right, "{{ place }}, {{ date }}", size=14, italic=True)

    _para(doc, "BÁO CÁO", size=15, bold=True, before=18)
    _para(doc, "{{ summary }}", size=14, bold=True)
    _para(doc, "-----", size=14, after=12)

    body = WD_ALIGN_PARAGRAPH.JUSTIFY
    _para(doc, "{{ introduction }}", align=body, indent=True, after=6)
    _para(doc, "{%p for section in sections %}")
    _para(doc, "{{ section.title }}", bold=True, align=body, indent=True, after=6, before=6)
    _para(doc, "{%p for paragraph in section.paragraphs %}")
    _para(doc, "{{ paragraph }}", align=body, indent=True, after=6)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p for chart in section.charts %}")
    _para(doc, "{{ chart }}", after=6)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endfor %}")

    sign = doc.add_table(rows=1, cols=2)
    sign.alignment = WD_TABLE_ALIGNMENT.CENTER
    sign.autofit = False
    _no_borders(sign)
    left, right = _cell(sign, 0, 0, 8.5), _cell(sign, 0, 1, 8.0)
    left_align = WD_ALIGN_PARAGRAPH.LEFT
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=left_align, before=12)
    _para(left, "{%p for r in recipients %}")
    _para(left, "{{ r }}", size=11, align=left_align)
    _para(left, "{%p endfor %}")
    _para(right, "{{ signing_body }}", size=14, bold=True, before=12)
    _para(right, "{{ signer_title }}", size=14, bold=True)
    for _ in range(3):
        _para(right, "")
    _para(right, "{{ signer_name }}", size=14, bold=True)

    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalised(buffer.getvalue())


def _normalised(data: bytes) -> bytes:
    """The .docx with fixed timestamps, so the same template is the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2024-01-01T00:00:00Z",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, content)
    return out.getvalue()


def default_template() -> bytes:
    return DEFAULT_TEMPLATE.read_bytes()


# ---------------------------------------------------------------------------------------------
# The context
# ---------------------------------------------------------------------------------------------


def _figure_text(f: ReportFigure) -> str:
    if f.value is None:
        return ""
    if f.unit == "%":
        return fmt_percent(f.value)
    if isinstance(f.value, float) and not f.value.is_integer():
        return fmt_number(f.value, 2)
    return fmt_count(round(f.value))


def context(
    report: AnnualReport,
    doc: DocxTemplate,
    number: str | None = None,
    *,
    signer: str | None = None,
    recipients: list[str] | None = None,
) -> dict[str, Any]:
    """The values of every placeholder, for `doc` (images are bound to the document).

    Only plain values (text, numbers, booleans, lists and dictionaries of them) and charts
    wrapped in `Picture`: never a model instance or anything callable, so a template has
    nothing to walk from. The heading and closing come from `heading.report_heading`, as
    the web page's do.
    """

    def image(data: bytes | None) -> Picture | str:
        return Picture(InlineImage(doc, io.BytesIO(data), width=Cm(13))) if data else ""

    members = image(charts.members_chart(report, "png"))
    admissions = image(charts.admissions_chart(report, "png"))
    sections = []
    for s in prose.compose_sections(report):
        sections.append(
            {
                "key": s.key,
                "name": s.name,
                "title": s.title,
                "paragraphs": [p.text for p in s.paragraphs],
                # The charts belong to the section on the organisation and its members.
                "charts": [c for c in (members, admissions) if c]
                if s.key == "organisation"
                else [],
            }
        )
    by_key = {
        key: {"key": key, "name": "", "title": "", "paragraphs": [], "charts": []}
        for key in SECTION_KEYS
    }
    by_key.update({s["key"]: s for s in sections if s["key"] in by_key})
    head = report_heading(report, number, signer=signer, recipients=recipients)
    return {
        "superior_line": head.superior_line,
        "superior_name": head.superior_line,
        "issuing_body": head.issuing_body,
        "organisation_name": report.name,
        "organisation_code": report.organisation.code,
        "number": head.number,
        "place": head.place,
        "place_set": head.place_set,
        "date": head.date,
        "year": report.year,
        "next_year": report.year + 1,
        "summary": head.summary,
        "introduction": prose.introduction(report).text,
        "sections": sections,
        "section_by_key": by_key,
        "chart_members": members,
        "chart_admissions": admissions,
        "figures": {code: _figure_text(f) for code, f in report.figures.items()},
        "signing_body": head.signing_body,
        "signer_title": head.signer_title,
        "signer_name": head.signer_name,
        "superior_recipient": head.superior_recipient,
        "recipients": head.recipient_lines,
        "has_data": report.has_data,
    }


def render_docx(
    report: AnnualReport,
    template: bytes | None = None,
    *,
    number: str | None = None,
    signer: str | None = None,
    recipients: list[str] | None = None,
) -> bytes:
    """The Word file of `report` from `template` (the default when None), in the sandbox.

    `number` is the registered number ("05-BC/ĐUK") of an issued report, `signer` the name
    of who signed it and `recipients` where it was sent (one name each, as stored); without
    them the register's next number is proposed, the secretary on the report's date signs
    and the committee's recipients are listed.

    A stored template that the sandbox refuses (one forced past the upload check, or
    uploaded before the check existed) raises TemplateError with the reason, before
    anything of it runs.
    """
    return render_template(
        template if template is not None else default_template(),
        lambda doc: context(report, doc, number=number, signer=signer, recipients=recipients),
    )


def render_template(
    template: bytes,
    values: Callable[[DocxTemplate], dict[str, Any]],
    *,
    types: Mapping[str, Type] | None = None,
) -> bytes:
    """The Word file of `template` filled with `values(doc)`, in the sandbox.

    `types` are the placeholders the template may name (the annual report's unless given;
    the member papers pass theirs). Every source is checked before the values are
    gathered; a refusal or a failed rendering raises TemplateError with the reason.
    """
    doc = _open(template)
    env = _env(types)
    _check_sources(doc, env)
    try:
        doc.render(values(doc), jinja_env=env, autoescape=True)
    except ForbiddenTemplate as exc:
        raise TemplateError(exc.message) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(_render_failure(exc)) from exc
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Checking an uploaded template
# ---------------------------------------------------------------------------------------------


def _env(types: Mapping[str, Type] | None = None) -> ReportTemplateEnvironment:
    """A fresh sandbox for one template (docxtpl sets autoescaping on the one it is given)."""
    return ReportTemplateEnvironment(types)


def _render_failure(exc: jinja2.TemplateError) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return (
            f"Mẫu dùng một giá trị không có trong dữ liệu báo cáo ({exc.message}); hãy sửa "
            "ô thay thế đó."
        )
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"Mẫu dùng một thao tác không được phép ({exc.message}); hãy sửa ô thay thế đó."
    return f"Không lập được báo cáo từ mẫu này: {exc}."


# The document properties docxtpl renders as templates (`DocxTemplate.render_properties`).
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _template_sources(doc: DocxTemplate) -> list[str]:
    """Every text docxtpl will hand Jinja: body, headers, footers, properties, footnotes."""
    sources = [doc.patch_xml(doc.get_xml())]
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        sources += [
            doc.patch_xml(doc.get_part_xml(part)) for _, part in doc.get_headers_footers(uri)
        ]
    props = doc.docx.core_properties
    sources += [getattr(props, name) or "" for name in _RENDERED_PROPERTIES]
    for part in doc.docx.part.package.parts:
        if part.content_type == _FOOTNOTES:
            blob = part.blob
            sources.append(doc.patch_xml(blob.decode("utf-8") if isinstance(blob, bytes) else blob))
    return sources


def _check_sources(doc: DocxTemplate, env: ReportTemplateEnvironment) -> None:
    """Parse every source of the template in the sandbox, which checks its syntax tree.

    Rendering parses them again through the same environment, so this is not the only
    gate; it refuses a template before any data is gathered for it.
    """
    for source in _template_sources(doc):
        try:
            env.parse(source)
        except ForbiddenTemplate as exc:
            raise TemplateError(exc.message) from exc
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"Mẫu có thẻ điều khiển viết sai ({exc.message}); kiểm tra các thẻ «{{% … %}}» "
                "(mỗi «for», «if» phải có «endfor», «endif»)."
            ) from exc


def template_problem(data: bytes, *, types: Mapping[str, Type] | None = None) -> str:
    """Why a stored template would be refused at download ("" when it would not).

    Parsing only (no data gathered, nothing rendered), so the template page can warn the
    office about a template stored before a rule existed or forced past the check.
    """
    try:
        _check_sources(_open(data), _env(types))
    except TemplateError as exc:
        return exc.message
    return ""


# A .docx is a zip; a template that expands past this is refused before python-docx reads
# it (a real one, pictures included, is a few megabytes).
MAX_TEMPLATE_EXPANDED_BYTES = 100 * 1024 * 1024


def _open(data: bytes) -> DocxTemplate:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        expanded = 0  # not a zip at all: python-docx refuses it below, with the message
    if expanded > MAX_TEMPLATE_EXPANDED_BYTES:
        raise TemplateError(
            "Tệp mẫu giải nén ra quá lớn (trên 100 MB); hãy bỏ bớt ảnh trong mẫu rồi tải lên lại."
        )
    try:
        doc = DocxTemplate(io.BytesIO(data))
        doc.init_docx()
    except Exception as exc:  # python-docx raises several kinds for a non-docx file
        raise TemplateError(
            "Tệp tải lên không phải văn bản Word (.docx) hợp lệ; hãy lưu mẫu bằng Word "
            "với định dạng «Word Document (*.docx)» rồi tải lên lại."
        ) from exc
    return doc


def sample_report() -> AnnualReport:
    """A report with a figure for every indicator, to try a template on."""
    org = Organisation(code="MAU", name="Đảng bộ mẫu", kind=OrgKind.BLOC)
    figures = {
        ind.code: ReportFigure(ind.code, ind.label, ind.unit, ind.additive, 12, 10, 12, {"Mẫu": 12})
        for ind in indicators()
    }
    period = Period.year(2023)
    return AnnualReport(
        organisation=org,
        year=2023,
        period=period,
        previous_period=Period.year(2022),
        name=org.name,
        kind=OrgKind.BLOC,
        superior_name="Đảng bộ tỉnh mẫu",
        figures=figures,
        members_history=[(2022, 100), (2023, 110)],
        admissions_history=[(2022, 10, 12), (2023, 12, 12)],
        tasks=[],
        generated_on=dt.date(2024, 1, 30),
    )


def _placeholders(doc: DocxTemplate) -> list[str]:
    """Every "{{ … }}" in the template's text, paragraph by paragraph.

    A placeholder runs to the next "}}" in its paragraph; a broken one (no "}}" before the
    next "{{" or the paragraph's end) is returned as far as it goes, so it can be named.
    """
    xml = re.sub(r"</w:p>", "\n", doc.get_xml())
    found = []
    for line in re.sub(r"<[^>]+>", "", xml).splitlines():
        for match in re.finditer(r"\{\{", line):
            rest = line[match.start() :]
            close, reopen = rest.find("}}"), rest.find("{{", 2)
            if close != -1 and (reopen == -1 or close < reopen):
                found.append(rest[: close + 2])
            else:
                found.append(rest[:reopen] if reopen != -1 else rest)
    return found


def check_template(
    data: bytes,
    *,
    types: Mapping[str, Type] | None = None,
    sample: Callable[[DocxTemplate], dict[str, Any]] | None = None,
) -> None:
    """Refuse a template that cannot render a report, naming the bad placeholder.

    In order: the file (size, a .docx), each placeholder's syntax (named as the user wrote
    it), the tags, the sandbox's allow-list (an unknown name, a call, an attribute walk, a
    tag such as ``set`` or ``include``, named in Vietnamese), and last a sample report
    rendered in the sandbox. Another kind of template (a member paper) gives its own
    placeholders (`types`) and sample values (`sample(doc)`).
    """
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError("Tệp mẫu lớn hơn 5 MB; hãy bỏ bớt ảnh trong mẫu rồi tải lên lại.")
    doc = _open(data)
    syntax = jinja2.Environment()  # syntax only: nothing is compiled or rendered with it
    for tag in _placeholders(doc):
        try:
            syntax.parse(tag)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"Ô thay thế «{tag.strip()}» viết sai cú pháp ({exc.message}); hãy sửa lại "
                "trong Word theo dạng «{{ tên }}»."
            ) from exc
    env = _env(types)
    _check_sources(doc, env)
    values = sample(doc) if sample is not None else context(sample_report(), doc, number="01-BC/ĐU")
    try:
        doc.render(values, jinja_env=env, autoescape=True)
    except ForbiddenTemplate as exc:
        raise TemplateError(exc.message) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(_render_failure(exc)) from exc
