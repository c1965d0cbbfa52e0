"""The heading and closing of the annual report, one set of values for Word and the web.

The party document format puts, above the body: the superior party organisation's line,
the issuing body, its number; the national party's name, the place and the date; the title
and its summary line. Below the body: the recipients (Nơi nhận) on the left, the signing
authority, the signer's title and name on the right. `report_heading` gives all of them
once, so the Word file (`word.context`), the page and the standalone HTML say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangvu.lib.vnformat import fmt_count, fmt_date_long
from dangvu.office.documents import default_symbol, next_number
from dangvu.orgs.kinds import OrgKind
from dangvu.personnel.queries import secretary_of
from dangvu.reports import prose
from dangvu.reports.annual import AnnualReport
from dangvu.reports.models import place_for, recipients_for, superior_line_for

# What the place line says until the committee sets its place ("Thể thức báo cáo").
PLACE_BLANK = "…………"


@dataclass(frozen=True)
class HeadingValues:
    superior_line: str  # "ĐẢNG BỘ TỈNH BÌNH ĐỊNH", or ""
    issuing_body: str  # "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    number: str  # "05-BC/ĐUK"
    place: str  # "Quy Nhơn", or PLACE_BLANK when not set
    place_set: bool
    date: str  # "ngày 30 tháng 01 năm 2024"
    summary: str
    signing_body: str  # "T/M BAN THƯỜNG VỤ"
    signer_title: str  # "BÍ THƯ"
    signer_name: str  # "" when the records name no secretary
    recipients: tuple[str, ...]  # as the names are stored, without dashes or marks
    superior_recipient: str  # the superior committee, as «Nơi nhận» names it

    @property
    def recipient_lines(self) -> list[str]:
        """The recipients as written under «Nơi nhận:»: "- …," and the last "- … ."."""
        last = len(self.recipients) - 1
        return [f"- {r}{'.' if i == last else ','}" for i, r in enumerate(self.recipients)]


def signing(kind: str) -> tuple[str, str]:
    """(signing authority, signer's title) of an organisation of `kind`."""
    if kind == OrgKind.BLOC:
        return "T/M BAN THƯỜNG VỤ", "BÍ THƯ"
    if kind in (OrgKind.GRASSROOTS_CELL, OrgKind.CELL):
        return "T/M CHI BỘ", "BÍ THƯ"
    return "T/M ĐẢNG ỦY", "BÍ THƯ"


def signer_name(report: AnnualReport) -> str:
    """The secretary of the organisation on the report's date, as the personnel records say."""
    if report.organisation.pk is None:  # the sample report that checks a template
        return ""
    secretary = secretary_of(report.organisation, report.generated_on)
    return secretary.full_name if secretary is not None else ""


def document_number(report: AnnualReport) -> str:
    """The proposed number "05-BC/ĐU" from the office's register."""
    if report.organisation.pk is None:
        return "01-BC/ĐU"
    symbol = default_symbol(report.organisation)
    number = next_number(report.organisation, "BC", report.generated_on)
    return f"{fmt_count(number)}-BC/{symbol}"


def report_heading(
    report: AnnualReport,
    number: str | None = None,
    *,
    signer: str | None = None,
    recipients: list[str] | None = None,
) -> HeadingValues:
    """Every value of the heading and the closing of `report`; `number`, `signer` and
    `recipients` (names without dashes, as `recipients_for` gives them) are those of an
    issued report, else the register's next number, the secretary and the committee's list."""
    org = report.organisation
    saved = org.pk is not None
    place = place_for(org) if saved else ""
    signing_body, signer_title = signing(report.kind)
    superior = report.superior_name
    return HeadingValues(
        superior_line=superior_line_for(org, report) if saved else superior.upper(),
        issuing_body=prose.issuing_body(report.name, report.kind).upper(),
        number=number if number is not None else document_number(report),
        place=place or PLACE_BLANK,
        place_set=bool(place),
        date=fmt_date_long(report.generated_on),
        summary=prose.summary_line(report),
        signing_body=signing_body,
        signer_title=signer_title,
        signer_name=signer if signer is not None else signer_name(report),
        recipients=tuple(
            recipients
            if recipients is not None
            else recipients_for(org, report)
            if saved
            else _sample_recipients(report)
        ),
        superior_recipient=prose.issuing_body(superior, OrgKind.BLOC)
        if superior
        else "Cấp ủy cấp trên",
    )


def _sample_recipients(report: AnnualReport) -> list[str]:
    from dangvu.reports.models import default_recipients

    return default_recipients(report.superior_name, report.kind)
