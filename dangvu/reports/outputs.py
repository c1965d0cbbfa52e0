"""One entry point for the annual report's files: JSON, Word, Excel, web page (HTML), PDF.

The PDF is the Word file converted by LibreOffice (`pdf.docx_to_pdf`); without LibreOffice
on the server, `render` raises `pdf.PdfUnavailable` with the message to show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.template.loader import render_to_string

from dangvu.reports.annual import AnnualReport

FORMATS = ("json", "docx", "xlsx", "html", "pdf")


@dataclass(frozen=True)
class Output:
    content: bytes
    content_type: str
    filename: str


CONTENT_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def filename(report: AnnualReport, fmt: str) -> str:
    return f"bao-cao-nam-{report.year}-{report.organisation.code.lower()}.{fmt}"


def render_json(report: AnnualReport) -> bytes:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2).encode()


# The standalone file is opened from disk, away from the site's stylesheet and its CSP:
# it carries its own few rules (templates themselves never hold inline styles).
STANDALONE_CSS = """<style>
body { font-family: "Times New Roman", serif; font-size: 14pt; max-width: 46em;
  margin: 2em auto; line-height: 1.4; }
.row { display: flex; } .col-6 { flex: 1; } .text-center { text-align: center; }
.text-uppercase { text-transform: uppercase; } .fw-bold, strong { font-weight: bold; }
.text-decoration-underline { text-decoration: underline; } .fst-italic { font-style: italic; }
.report-paragraph { text-align: justify; text-indent: 1.27cm; } img { max-width: 100%; }
.alert { border: 1px solid #c90; padding: 1em; } .small { font-size: 11pt; }
.mt-4 { margin-top: 1.5em; } .py-4 { padding: 1.5em 0; } .mb-0 { margin-bottom: 0; }
</style>"""


def render_html(
    report: AnnualReport,
    *,
    number: str | None = None,
    signer: str | None = None,
    recipients: list[str] | None = None,
) -> bytes:
    """The report as a standalone page (the same text as the web page, without the menu)."""
    from dangvu.reports.views import report_context

    page = render_to_string(
        "reports/annual_standalone.html",
        report_context(report, links=False, number=number, signer=signer, recipients=recipients),
    )
    return page.replace("</head>", STANDALONE_CSS + "\n</head>", 1).encode()


def render(
    report: AnnualReport,
    fmt: str,
    *,
    template: bytes | None = None,
    number: str | None = None,
    signer: str | None = None,
    recipients: list[str] | None = None,
) -> Output:
    """The report in `fmt` (one of FORMATS); `template` is a .docx template for Word and
    PDF, and `number`, `signer`, `recipients` those of an issued report (see
    `word.render_docx`); the HTML shows the same heading and closing."""
    if fmt == "json":
        content = render_json(report)
    elif fmt == "docx":
        from dangvu.reports.word import render_docx

        content = render_docx(report, template, number=number, signer=signer, recipients=recipients)
    elif fmt == "xlsx":
        from dangvu.reports.xlsx import render_xlsx

        content = render_xlsx(report)
    elif fmt == "html":
        content = render_html(report, number=number, signer=signer, recipients=recipients)
    elif fmt == "pdf":
        from dangvu.reports.pdf import docx_to_pdf
        from dangvu.reports.word import render_docx

        content = docx_to_pdf(
            render_docx(report, template, number=number, signer=signer, recipients=recipients)
        )
    else:
        raise ValueError(f"unknown format {fmt}")
    return Output(content, CONTENT_TYPES[fmt], filename(report, fmt))
