"""The annual report written out: Vietnamese sentences with the figures in place.

The text is plain data (sections of paragraphs of runs) shared by the web page and the Word
file, so both say the same thing. A run that carries a figure keeps the indicator's code
and the address of the records behind it, for the page's links.

Rules of the genre: each figure sits in its sentence; counts below 10 are zero-padded
("02 chi bộ"), thousands are grouped with dots, percentages have a decimal comma; a clause
whose figure is zero or unknown (or whose indicator is not registered) is left out, and a
sentence with no clause left is left out too; the year's comparisons are stated ("tăng
31,3% so với năm 2022").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dangvu.education.rules import CANDIDATE_CLASS_DEFAULT
from dangvu.lib.vnformat import fmt_change, fmt_count, fmt_date, fmt_number, fmt_percent
from dangvu.orgs.kinds import OrgKind
from dangvu.reports.annual import AnnualReport, ReportFigure
from dangvu.reports.registry import percent


@dataclass(frozen=True)
class Run:
    """A piece of text; a figure's run names its indicator and the records behind it."""

    text: str
    code: str | None = None
    href: str | None = None


@dataclass
class Paragraph:
    runs: list[Run]
    style: str = "body"  # "body" or "task"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Section:
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    # A stable name of the section (SECTION_KEYS), for templates that order them themselves.
    key: str = ""
    # The heading without its numeral ("Công tác tuyên giáo").
    name: str = ""


# The sections in the order party reports are written: political and ideological work
# (the propaganda board's) first, then the organisation and its members, inspection and
# discipline, mass mobilisation, emulation, and the next year's tasks.
SECTION_KEYS = (
    "political",
    "organisation",
    "inspection",
    "mass_mobilisation",
    "emulation",
    "tasks",
)


Clause = list[Run]

ORDINALS = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười"]


class _Writer:
    """Builds clauses from a report's figures, leaving out those without a figure."""

    def __init__(self, report: AnnualReport) -> None:
        self.report = report
        self.previous_label = f"năm {report.year - 1}"
        cell = report.kind in (OrgKind.GRASSROOTS_CELL, OrgKind.CELL)
        # How the report names the whole it speaks for: "toàn Đảng bộ", "Chi bộ".
        self.whole = "Chi bộ" if cell else "Đảng bộ"
        self.whole_lower = "Chi bộ" if cell else "toàn Đảng bộ"

    def fig(self, code: str) -> ReportFigure | None:
        f = self.report.figure(code)
        return f if f is not None and f.known else None

    def count(self, code: str, noun: str = "") -> Run | None:
        """The figure `code` as a count run ("02 chi bộ"), or None to leave the clause out."""
        f = self.fig(code)
        if f is None:
            return None
        text = fmt_count(round(f.value)) if f.value is not None else ""
        return Run(f"{text} {noun}".rstrip(), code, f.url)

    def pct(self, code: str) -> Run | None:
        f = self.fig(code)
        if f is None:
            return None
        return Run(fmt_percent(f.value), code, f.url)

    def change(self, code: str) -> str:
        """ " (tăng 31,3% so với năm 2022)" for a figure with a previous value, else ""."""
        f = self.fig(code)
        if f is None:
            return ""
        text = fmt_change(f.value, f.previous, self.previous_label)
        return f" ({text})" if text else ""

    def clause(self, *parts: str | Run | None) -> Clause | None:
        """Text and runs in order; None if any figure is missing (the clause is left out)."""
        if any(p is None for p in parts):
            return None
        return [p if isinstance(p, Run) else Run(p) for p in parts if p != ""]  # type: ignore[misc]


def _sentence(opening: str, clauses: Iterable[Clause | None], closing: str = ".") -> Clause | None:
    """`opening` followed by the clauses joined with "; " — None if no clause is left."""
    kept = [c for c in clauses if c]
    if not kept:
        return None
    runs: Clause = [Run(opening)] if opening else []
    for i, c in enumerate(kept):
        if i:
            runs.append(Run("; "))
        runs.extend(c)
    runs.append(Run(closing))
    if runs and not opening:
        first = runs[0]
        runs[0] = Run(first.text[:1].upper() + first.text[1:], first.code, first.href)
    return runs


def _paragraph(*sentences: Clause | None) -> Paragraph | None:
    kept = [s for s in sentences if s]
    if not kept:
        return None
    runs: list[Run] = []
    for i, s in enumerate(kept):
        if i:
            runs.append(Run(" "))
        runs.extend(s)
    return Paragraph(runs)


def _breakdown(f: ReportFigure | None, noun: str = "", *, lower: bool = True) -> str:
    """ "30 năm tuổi Đảng: 15, 40 năm tuổi Đảng: 11" style detail of a breakdown, non-zeros."""
    if f is None:
        return ""
    items = []
    for label, n in f.breakdown.items():
        if not n:
            continue
        name = label[:1].lower() + label[1:] if lower else label
        items.append(f"{name}: {fmt_count(round(n))}{(' ' + noun) if noun else ''}")
    return ", ".join(items)


def issuing_body(name: str, kind: str) -> str:
    """The committee that signs the organisation's documents ("Đảng ủy Khối …")."""
    if kind in (OrgKind.GRASSROOTS_CELL, OrgKind.CELL):
        return name
    return re.sub(r"^Đảng bộ", "Đảng ủy", name)


def summary_line(report: AnnualReport) -> str:
    return (
        f"Kết quả công tác xây dựng Đảng năm {report.year} "
        f"và nhiệm vụ trọng tâm năm {report.year + 1}"
    )


def compose_sections(report: AnnualReport) -> list[Section]:
    """The body of the report as sections of paragraphs (empty sections are left out).

    Each section has a stable `key` (SECTION_KEYS) and is numbered in the order it stands.
    For a year that ends after the propaganda and mass mobilisation boards were merged
    (the rule `reports.propaganda_mobilisation_section`), their work is one section under
    the key "political", with the heading the rule gives.
    """
    if not report.has_data:
        return [Section("Số liệu", [no_data_paragraph(report)], key="no_data", name="Số liệu")]
    from dangvu.reports.rules import merged_section_heading

    w = _Writer(report)
    merged = merged_section_heading(report.period.end)
    if merged:
        political = [("political", merged, _propaganda(w) + _mass_mobilisation(w))]
    else:
        political = [
            ("political", "Công tác tuyên giáo", _propaganda(w)),
            ("mass_mobilisation", "Công tác dân vận", _mass_mobilisation(w)),
        ]
    parts = [
        political[0],
        ("organisation", "Công tác tổ chức xây dựng Đảng", _organisation(w)),
        ("inspection", "Công tác kiểm tra, giám sát và thi hành kỷ luật đảng", _inspection(w)),
        *political[1:],
        ("emulation", "Công tác thi đua, khen thưởng", _emulation(w)),
    ]
    sections = [
        Section(name, paragraphs, key, name) for key, name, paragraphs in parts if paragraphs
    ]
    name = f"Nhiệm vụ trọng tâm năm {report.year + 1}"
    sections.append(Section(name, _tasks(report), "tasks", name))
    # Number the sections in the order they remain.
    for i, s in enumerate(sections):
        s.title = f"{_roman(i + 1)}. {s.name}"
    return sections


def _roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


def introduction(report: AnnualReport) -> Paragraph:
    until = f" (số liệu tính đến ngày {fmt_date(report.period.end)})" if report.partial else ""
    body = issuing_body(report.name, report.kind)
    # An organisation founded or ended during the year: say which days the figures cover.
    # The year before's figures taken from an issued report: say which (by its number).
    covered = "".join(f" {note}" for note in (report.coverage, report.comparison) if note)
    return Paragraph(
        [
            Run(
                f"Thực hiện chương trình công tác năm {report.year}, {body} báo cáo kết quả "
                f"công tác xây dựng Đảng năm {report.year}{until} và nhiệm vụ trọng tâm năm "
                f"{report.year + 1}.{covered} Kết quả như sau:"
                if covered
                else f"Thực hiện chương trình công tác năm {report.year}, {body} báo cáo kết "
                f"quả công tác xây dựng Đảng năm {report.year}{until} và nhiệm vụ trọng tâm "
                f"năm {report.year + 1} như sau:"
            )
        ]
    )


def no_data_paragraph(report: AnnualReport) -> Paragraph:
    """What a report without records says: plainly that there is nothing recorded.

    For a year in which the organisation did not exist, only that, with its dates.
    """
    if report.absent:
        return Paragraph([Run(f"Không có số liệu: {report.coverage}")])
    reason = " ".join(report.notes)
    return Paragraph(
        [
            Run(
                f"Không có số liệu: hệ thống chưa ghi nhận dữ liệu nào của {report.name} "
                f"trong năm {report.year}, nên không lập được báo cáo bằng số liệu. "
                + (reason + " " if reason else "")
                + "Đề nghị kiểm tra lại năm, tổ chức đã chọn hoặc cập nhật dữ liệu trước "
                "khi lập báo cáo."
            )
        ]
    )


def _organisation(w: _Writer) -> list[Paragraph]:
    r = w.report
    admitted = w.fig("members.admitted")
    pct_plan = w.pct("members.admitted.pct_plan")
    if pct_plan is None and admitted is not None:
        planned = percent(admitted.value, admitted.plan)
        if planned is not None:
            pct_plan = Run(fmt_percent(planned), "members.admitted", admitted.url)
    pct_start = w.pct("members.admitted.pct_start")
    detail = [
        c
        for c in (
            w.clause("đạt ", pct_plan, " kế hoạch năm") if pct_plan else None,
            w.clause("bằng ", pct_start, " tổng số đảng viên đầu năm") if pct_start else None,
        )
        if c
    ]
    admitted_clause: Clause | None = None
    if admitted is not None:
        change = fmt_change(admitted.value, admitted.previous, w.previous_label)
        notes = [*detail, *([[Run(change)]] if change else [])]
        admitted_clause = w.clause("kết nạp ", w.count("members.admitted", "đảng viên mới"))
        if admitted_clause and notes:
            admitted_clause.append(Run(" ("))
            for i, c in enumerate(notes):
                if i:
                    admitted_clause.append(Run(", "))
                admitted_clause.extend(c)
            admitted_clause.append(Run(")"))
    end = w.fig("members.end")
    end_clause = None
    if end is not None:
        full, prob = end.breakdown.get("Chính thức"), end.breakdown.get("Dự bị")
        notes_end = [
            f"{fmt_count(round(full))} chính thức, {fmt_count(round(prob))} dự bị"
            if full and prob
            else "",
            fmt_change(end.value, end.previous, w.previous_label),
        ]
        note = "; ".join(n for n in notes_end if n)
        end_clause = w.clause(
            f"đến {fmt_date(r.period.end)}, {w.whole} có ",
            w.count("members.end", "đảng viên"),
            f" ({note})" if note else "",
        )
    # "Trong năm …, toàn Đảng bộ đã kết nạp …; đến 31/12, …"; with nobody admitted the
    # count at the end of the year stands alone ("Đến 31/12/2023, …"), capitalised.
    members = (
        _sentence(f"Trong năm {r.year}, {w.whole_lower} đã ", [admitted_clause, end_clause])
        if admitted_clause
        else _sentence("", [end_clause])
    )
    badges = w.fig("members.badges_proposed")
    badge_detail = ", ".join(
        f"Huy hiệu {label} tuổi Đảng: {fmt_count(round(n))}"
        for label, n in (badges.breakdown.items() if badges else [])
        if n
    )
    flows = _sentence(
        "Cùng với đó, ",
        [
            w.clause(
                "xét chuyển đảng chính thức cho ",
                w.count("members.confirmed", "đảng viên dự bị"),
            ),
            w.clause("phát ", w.count("members.cards_issued", "thẻ đảng viên")),
            *_transfers(w),
            w.clause(
                "đề nghị tặng Huy hiệu Đảng cho ",
                w.count("members.badges_proposed", "đảng viên"),
                f" ({badge_detail})" if badge_detail else "",
            ),
        ],
    )
    # The party's own words: "chuyển 02 chi bộ thành đảng bộ cơ sở và 01 đảng bộ cơ sở
    # thành chi bộ cơ sở", each conversion by its kinds before and after.
    converted = w.fig("orgs.converted")
    conversions = " và ".join(
        f"{fmt_count(round(n))} {_kind_change(label)}"
        for label, n in (converted.breakdown.items() if converted else [])
        if n
    )
    restructured = _sentence(
        "Về tổ chức, ",
        [
            w.clause(
                "đã quyết định kết thúc hoạt động ", w.count("orgs.dissolved", "tổ chức đảng")
            ),
            w.clause(
                "chuyển ",
                Run(conversions, "orgs.converted", converted.url)
                if converted and conversions
                else None,
            ),
        ],
    )
    structure = _structure(w)
    personnel = _sentence(
        "Về công tác cán bộ và bảo vệ chính trị nội bộ, ",
        [
            w.clause(
                "đã kiện toàn ",
                w.count("personnel.executive_completed", "ủy viên ban chấp hành"),
            ),
            w.clause(
                "ra quyết định kiện toàn nhân sự cấp ủy, ủy ban kiểm tra tại ",
                w.count("personnel.orgs_with_committee_decisions", "tổ chức đảng"),
            ),
            w.clause(
                "giao quyền phụ trách cấp ủy tại ",
                w.count("personnel.orgs_with_acting_assignment", "tổ chức đảng"),
            ),
            w.clause(
                "nhận xét, đánh giá ",
                w.count("personnel.leader_evaluations", "cán bộ lãnh đạo"),
            ),
            _political(w),
        ],
    )
    return [
        p
        for p in (
            _paragraph(members, flows),
            _paragraph(restructured, structure),
            _paragraph(personnel),
            _paragraph(_rating(w)),
            _paragraph(_dues(w)),
            _paragraph(_meetings(w)),
            _paragraph(_congresses(w)),
        )
        if p
    ]


# The rating's grades in their order: (code suffix, how a report names the grade).
RATING_GRADES = (
    ("excellent", "hoàn thành xuất sắc nhiệm vụ"),
    ("good", "hoàn thành tốt nhiệm vụ"),
    ("completed", "hoàn thành nhiệm vụ"),
    ("not_completed", "không hoàn thành nhiệm vụ"),
)
GRASSROOTS_LABEL = "Tổ chức cơ sở đảng"  # the breakdown label of `rating.orgs.*`


def _rating(w: _Writer) -> Clause | None:
    """The year's quality rating in one sentence, only when anyone was graded: "Kết quả
    đánh giá, xếp loại chất lượng năm 2023: 120 đảng viên được xếp loại, trong đó 12,5%
    hoàn thành xuất sắc nhiệm vụ, …; 26 tổ chức cơ sở đảng được xếp loại, trong đó …"."""

    def shares(kind: str, label: str | None) -> list[Run]:
        runs: list[Run] = []
        for suffix, name in RATING_GRADES:
            code = f"rating.{kind}.{suffix}_rate"
            f = w.fig(code)
            share = (f.breakdown.get(label) if label else f.value) if f is not None else None
            if f is None or not share:
                continue
            runs += [
                Run(", " if runs else ""),
                Run(fmt_percent(share), code, f.url),
                Run(f" {name}"),
            ]
        return [r for r in runs if r.text]

    def part(kind: str, noun: str, label: str | None) -> Clause | None:
        graded = w.fig(f"rating.{kind}.graded")
        n = (graded.breakdown.get(label) if label else graded.value) if graded else None
        if graded is None or not n:
            return None
        return [
            Run(f"{fmt_count(round(n))} {noun}", f"rating.{kind}.graded", graded.url),
            Run(" được xếp loại, trong đó "),
            *shares(kind, label),
        ]

    return _sentence(
        f"Kết quả đánh giá, xếp loại chất lượng năm {w.report.year}: ",
        [
            part("members", "đảng viên", None),
            part("orgs", "tổ chức cơ sở đảng", GRASSROOTS_LABEL),
        ],
    )


def _dues(w: _Writer) -> Clause | None:
    """One sentence on party dues, only when dues were collected: "Về đảng phí, toàn Đảng
    bộ đã thu 12.345.000 đồng (đạt 96,5% số phải thu); nộp lên cấp trên …; trích giữ lại
    …; còn 05 đảng viên chưa đóng đủ đảng phí."."""

    def money(code: str) -> Run | None:
        f = w.fig(code)
        if f is None or f.value is None:
            return None
        return Run(f"{fmt_number(round(f.value))} đồng", code, f.url)

    collected = money("dues.collected")
    if collected is None:
        return None
    rate = w.pct("dues.collection_rate")
    remitted, kept = money("dues.remitted"), money("dues.kept")
    arrears = w.count("dues.members_in_arrears", "đảng viên")
    return _sentence(
        f"Về đảng phí, {w.whole_lower} đã ",
        [
            w.clause("thu ", collected, *([" (đạt ", rate, " số phải thu)"] if rate else [])),
            w.clause("nộp lên cấp trên ", remitted) if remitted else None,
            w.clause("trích giữ lại ", kept) if kept else None,
            w.clause("còn ", arrears, " chưa đóng đủ đảng phí") if arrears else None,
        ],
    )


def _meetings(w: _Writer) -> Clause | None:
    """One sentence on cell meetings, only when meetings were recorded: "Về sinh hoạt chi
    bộ, các chi bộ đã tổ chức 1.234 buổi sinh hoạt (trong đó 310 buổi sinh hoạt chuyên
    đề); tỷ lệ đảng viên dự sinh hoạt đạt 93,4%; 05 đảng viên vắng sinh hoạt không lý do."."""
    held = w.count("meetings.held", "buổi sinh hoạt")
    if held is None:
        return None
    thematic = w.count("meetings.thematic", "buổi sinh hoạt chuyên đề")
    rate = w.pct("meetings.attendance_rate")
    absent = w.count("meetings.unexcused_members", "đảng viên")
    return _sentence(
        "Về sinh hoạt chi bộ, các chi bộ đã ",
        [
            w.clause(
                "tổ chức ",
                held,
                *([" (trong đó ", thematic, ")"] if thematic else []),
                w.change("meetings.held"),
            ),
            w.clause("tỷ lệ đảng viên dự sinh hoạt đạt ", rate) if rate else None,
            w.clause(absent, " vắng sinh hoạt không lý do") if absent else None,
        ],
    )


def _congresses(w: _Writer) -> Clause | None:
    """One sentence on party congresses: those held in the year, the season the year
    prepares or holds (the grassroots congresses of the 2025–2030 term in the reports of
    2024 and 2025), and the terms ended without a congress: "Về đại hội đảng, trong năm đã
    tổ chức 12 đại hội (trong đó 05 đại hội đảng bộ, chi bộ cơ sở); đại hội đảng bộ, chi bộ
    cơ sở nhiệm kỳ 2025–2030: 05 tổ chức cơ sở đảng đã tổ chức, 10 đã có kế hoạch, 03 chưa
    có kế hoạch; 02 tổ chức đảng hết nhiệm kỳ chưa tổ chức đại hội."."""
    from dangvu.congresses.queries import season_label, season_year

    held = w.count("congresses.held", "đại hội")
    grassroots = w.count("congresses.held_grassroots", "đại hội đảng bộ, chi bộ cơ sở")
    ended = w.count("congresses.ended_without", "tổ chức đảng")
    first = season_year(w.report.year)
    season: Clause | None = None
    if first in (w.report.year, w.report.year + 1):
        parts: list[Run] = []
        for code, what in (
            ("congresses.season.held", "đã tổ chức"),
            ("congresses.season.scheduled", "đã có kế hoạch"),
            ("congresses.season.not_scheduled", "chưa có kế hoạch"),
        ):
            f = w.fig(code)
            if f is None or not f.value:
                continue
            noun = " tổ chức cơ sở đảng" if not parts else ""
            parts += [
                Run(", " if parts else ""),
                Run(f"{fmt_count(round(f.value))}{noun}", code, f.url),
                Run(f" {what}"),
            ]
        if w.fig("congresses.season.held") or w.fig("congresses.season.scheduled"):
            season = [
                Run(f"đại hội đảng bộ, chi bộ cơ sở nhiệm kỳ {season_label(first)}: "),
                *[r for r in parts if r.text],
            ]
    return _sentence(
        "Về đại hội đảng, ",
        [
            w.clause(
                "trong năm đã tổ chức ",
                held,
                *([" (trong đó ", grassroots, ")"] if grassroots else []),
            )
            if held
            else None,
            season,
            w.clause(ended, " hết nhiệm kỳ chưa tổ chức đại hội") if ended else None,
        ],
    )


def _transfers(w: _Writer) -> list[Clause | None]:
    """Transfers in and out as one figure when it is registered ("tiếp nhận và chuyển
    sinh hoạt đảng cho 201 đảng viên"), each direction in brackets; otherwise apart."""
    received = w.count("members.transferred_in", "đảng viên")
    sent = w.count("members.transferred_out", "đảng viên")
    if w.fig("members.transfers") is None:
        return [
            w.clause("tiếp nhận ", received, " chuyển sinh hoạt đảng đến") if received else None,
            w.clause("chuyển sinh hoạt đảng đi cho ", sent) if sent else None,
        ]
    detail: Clause = []
    for label, run in (("tiếp nhận ", received), ("chuyển đi ", sent)):
        if run is not None:
            detail += [Run(", " if detail else " ("), Run(label), run]
    if detail:
        detail.append(Run(")"))
    return [
        w.clause(
            "tiếp nhận và chuyển sinh hoạt đảng cho ",
            w.count("members.transfers", "đảng viên"),
            *detail,
        )
    ]


def _political(w: _Writer) -> Clause | None:
    pct = w.fig("personnel.political_conclusions.pct_change")
    comparison = ""
    if pct is not None and pct.value:
        word = "tăng" if pct.value > 0 else "giảm"
        comparison = f" ({word} {fmt_percent(abs(pct.value), 1)} so với {w.previous_label})"
    else:
        comparison = w.change("personnel.political_conclusions")
    return w.clause(
        "kết luận tiêu chuẩn chính trị ",
        w.count("personnel.political_conclusions", "trường hợp"),
        comparison,
    )


def _kind_change(label: str) -> str:
    before, _, after = label.partition(" → ")
    return f"{before.lower()} thành {after.lower()}" if after else label.lower()


def _structure(w: _Writer) -> Clause | None:
    r = w.report
    grassroots = w.count("orgs.grassroots", "tổ chức cơ sở đảng trực thuộc")
    if grassroots is None:
        return None
    parts: list[Clause | None] = [
        w.clause(w.count("orgs.grassroots_cells", "chi bộ cơ sở")),
        w.clause(
            w.count("orgs.grassroots_committees", "đảng bộ cơ sở"),
            *(
                [" với ", w.count("orgs.cells_under_grassroots_committees", "chi bộ trực thuộc")]
                if w.fig("orgs.cells_under_grassroots_committees")
                else []
            ),
        ),
        w.clause(
            w.count("orgs.sub_committees", "đảng bộ bộ phận"),
            *(
                [" với ", w.count("orgs.cells_under_sub_committees", "chi bộ trực thuộc")]
                if w.fig("orgs.cells_under_sub_committees")
                else []
            ),
        ),
    ]
    kept = [p for p in parts if p]
    runs: Clause = [Run(f"Đến {fmt_date(r.period.end)}, {r.name} có "), grassroots]
    if kept:
        runs.append(Run(" (gồm "))
        for i, p in enumerate(kept):
            if i:
                runs.append(Run("; "))
            runs.extend(p)
        runs.append(Run(")"))
    runs.append(Run("."))
    return runs


# The committee's own inspecting bodies, as the inspection indicators label their levels.
OWN_BODIES = ("Ban Thường vụ", "Ủy ban Kiểm tra", "Các ban của cấp ủy")


def _by_bodies(w: _Writer, code: str, bodies: tuple[str, ...]) -> Run | None:
    """The part of `code` done by `bodies` (its breakdown by conducting level), as a run."""
    f = w.fig(code)
    if f is None:
        return None
    n = sum(v for k, v in f.breakdown.items() if k in bodies)
    if not n:
        return None
    return Run(fmt_count(round(n)), f.code, f.url)


def _bodies_phrase(w: _Writer, bodies: tuple[str, ...]) -> str:
    """ "Ủy ban Kiểm tra và các ban của cấp ủy": the bodies that did some of the work."""
    done = []
    for body in bodies:
        if any(
            (f := w.fig(code)) is not None and f.breakdown.get(body) for code in INSPECTION_CODES
        ):
            done.append(body)
    names = [d if i == 0 else d[:1].lower() + d[1:] for i, d in enumerate(done)]
    if len(names) > 1:
        return ", ".join(names[:-1]) + " và " + names[-1]
    return names[0] if names else ""


INSPECTION_CODES = (
    "inspection.inspected_orgs",
    "inspection.inspected_members",
    "inspection.supervised_orgs",
    "inspection.supervised_members",
)


def _inspection(w: _Writer) -> list[Paragraph]:
    r = w.report
    programme = _sentence(
        "",
        [
            w.clause(
                f"Ban Thường vụ {issuing_body(r.name, r.kind)} đã hoàn thành "
                if r.kind == OrgKind.BLOC
                else "Cấp ủy đã hoàn thành ",
                w.count("inspection.programme_done", "cuộc kiểm tra, giám sát"),
                f" theo chương trình kiểm tra, giám sát năm {r.year}",
            )
        ],
    )
    if r.kind == OrgKind.BLOC:
        # The committee's own bodies here; the grassroots and the cells in their sentences.
        bodies = OWN_BODIES
        subject = _bodies_phrase(w, bodies)
    else:
        bodies = tuple({k for code in INSPECTION_CODES if (f := w.fig(code)) for k in f.breakdown})
        subject = "Các cấp ủy, ủy ban kiểm tra và chi bộ"

    def part(verb: str, code: str, noun: str) -> Clause | None:
        run = _by_bodies(w, code, bodies)
        return w.clause(verb, run, f" {noun}") if run else None

    inspected = [
        part("", "inspection.inspected_orgs", "tổ chức đảng"),
        part("", "inspection.inspected_members", "đảng viên"),
    ]
    supervised = [
        part("", "inspection.supervised_orgs", "tổ chức đảng"),
        part("", "inspection.supervised_members", "đảng viên"),
    ]

    def joined(verb: str, parts: list[Clause | None]) -> Clause | None:
        kept = [p for p in parts if p]
        if not kept:
            return None
        runs: Clause = [Run(verb)]
        for i, p in enumerate(kept):
            if i:
                runs.append(Run(" và "))
            runs.extend(p)
        return runs

    inspections = (
        _sentence(
            f"{subject} đã ",
            [joined("kiểm tra ", inspected), joined("giám sát ", supervised)],
        )
        if subject
        else None
    )
    grassroots = _sentence(
        "Các đảng ủy cơ sở đã ",
        [
            w.clause("kiểm tra ", w.count("inspection.cells_inspected_by_grassroots", "chi bộ")),
            w.clause(
                "giám sát chuyên đề ",
                w.count("inspection.cells_supervised_by_grassroots", "chi bộ"),
            ),
        ],
    )
    cells = _sentence(
        "Các chi bộ đã ",
        [
            w.clause(
                "kiểm tra việc chấp hành của ",
                w.count("inspection.members_checked_by_cells", "đảng viên"),
            )
        ],
    )
    discipline = w.fig("discipline.members")
    forms = ", ".join(
        f"{label.lower()} {fmt_count(round(n))} đảng viên"
        for label, n in (discipline.breakdown.items() if discipline else [])
        if n
    )
    disciplined = _sentence(
        f"{w.whole_lower[:1].upper()}{w.whole_lower[1:]} đã ",
        [
            w.clause(
                "thi hành kỷ luật ",
                w.count("discipline.members", "đảng viên"),
                # The comparison belongs to the total, before the forms that make it up.
                w.change("discipline.members"),
                f", trong đó {forms}" if forms else "",
            )
        ],
    )
    return [
        p
        for p in (_paragraph(programme, inspections), _paragraph(grassroots, cells, disciplined))
        if p
    ]


def _propaganda(w: _Writer) -> list[Paragraph]:
    classes = _sentence(
        "Trong năm, đã ",
        [
            w.clause(
                "tổ chức ",
                w.count("education.info_conferences", "hội nghị thông tin"),
                *(
                    [" cho ", w.count("education.info_conference_attendance", "lượt người dự")]
                    if w.fig("education.info_conference_attendance")
                    else []
                ),
            ),
            w.clause(
                "mở ",
                w.count(
                    "education.candidate_classes",
                    w.report.candidate_class_name or CANDIDATE_CLASS_DEFAULT,
                ),
                *(
                    [" cho ", w.count("education.candidate_learners", "quần chúng ưu tú")]
                    if w.fig("education.candidate_learners")
                    else []
                ),
            ),
            w.clause(
                "mở ",
                w.count(
                    "education.new_member_classes",
                    "lớp bồi dưỡng lý luận chính trị cho đảng viên mới",
                ),
                *(
                    [" với ", w.count("education.new_member_learners", "học viên hoàn thành")]
                    if w.fig("education.new_member_learners")
                    else []
                ),
            ),
        ],
    )
    members_pct = w.fig("education.study.members_pct")
    others_pct = w.fig("education.study.nonmembers_pct")
    studies: list[Clause | None] = []
    for resolution, pct in members_pct.breakdown.items() if members_pct else []:
        if not pct:
            continue
        other = others_pct.breakdown.get(resolution) if others_pct else None
        number, _, name = resolution.partition(" — ")
        title = f"{name} (số {number})" if name else resolution
        studies.append(
            w.clause(
                f"{title} cho ",
                Run(fmt_percent(pct), members_pct.code, members_pct.url),
                " đảng viên",
                *(
                    [
                        " và ",
                        Run(fmt_percent(other), others_pct.code, others_pct.url),
                        " quần chúng",
                    ]
                    if other and others_pct
                    else []
                ),
                " tham gia",
            )
        )
    if members_pct is not None and not studies:
        studies.append(w.clause("tỷ lệ đảng viên tham gia ", w.pct("education.study.members_pct")))
    study = _sentence(
        "Các cấp ủy đã tổ chức học tập, quán triệt ",
        studies,
    )
    # Each contest's entries as it names them: "bài dự thi" or "đội thi".
    contests: list[Clause | None] = []
    for entries_code, sent_code, noun, chosen_words in (
        ("education.contest_entries", "education.contest_sent_up", "bài dự thi", "bài"),
        ("education.contest_teams", "education.contest_teams_sent_up", "đội thi", "đội"),
    ):
        entries = w.fig(entries_code)
        sent = w.fig(sent_code)
        for contest, n in entries.breakdown.items() if entries else []:
            if not n:
                continue
            chosen = sent.breakdown.get(contest) if sent else None
            contests.append(
                w.clause(
                    f"«{contest}» có ",
                    Run(f"{fmt_count(round(n))} {noun}", entries.code, entries.url),
                    *(
                        [
                            " (đã chọn ",
                            Run(f"{fmt_count(round(chosen))} {chosen_words}", sent.code, sent.url),
                            " dự thi cấp trên)",
                        ]
                        if chosen and sent
                        else []
                    ),
                )
            )
    contest = _sentence("Về các hội thi, cuộc thi: ", contests)
    return [p for p in (_paragraph(classes), _paragraph(study, contest)) if p]


def _mass_mobilisation(w: _Writer) -> list[Paragraph]:
    congresses = w.fig("massorgs.congresses")
    detail = _breakdown(congresses)
    led = _sentence(
        "Các cấp ủy đã lãnh đạo, chỉ đạo ",
        [
            w.clause(
                "tổ chức thành công ",
                w.count("massorgs.congresses", "đại hội đoàn thể"),
                f" ({detail})" if detail else "",
            )
        ],
    )
    rated = _sentence(
        "",
        [
            w.clause(
                "Có ",
                w.count("massorgs.ratings", "tổ chức đoàn thể"),
                f" được đánh giá hoàn thành xuất sắc nhiệm vụ năm {w.report.year}",
            )
        ],
    )
    p = _paragraph(led, rated)
    return [p] if p else []


def _emulation(w: _Writer) -> list[Paragraph]:
    collectives = w.fig("emulation.commended_collectives")
    individuals = w.fig("emulation.commended_individuals")
    reasons: list[str] = []
    for reason in dict.fromkeys(
        [
            *(collectives.breakdown if collectives else {}),
            *(individuals.breakdown if individuals else {}),
        ]
    ):
        c = collectives.breakdown.get(reason, 0) if collectives else 0
        i = individuals.breakdown.get(reason, 0) if individuals else 0
        bits = [
            f"{fmt_count(round(c))} tập thể" if c else "",
            f"{fmt_count(round(i))} cá nhân" if i else "",
        ]
        joined = " và ".join(b for b in bits if b)
        if joined:
            reasons.append(f"về «{reason}»: {joined}")
    detail = f" (trong đó, {'; '.join(reasons)})" if reasons else ""
    clause: Clause | None
    if collectives and individuals:
        clause = w.clause(
            "khen thưởng ",
            w.count("emulation.commended_collectives", "tập thể"),
            " và ",
            w.count("emulation.commended_individuals", "cá nhân"),
            detail,
        )
    elif collectives:
        clause = w.clause(
            "khen thưởng ", w.count("emulation.commended_collectives", "tập thể"), detail
        )
    else:
        clause = w.clause(
            "khen thưởng ", w.count("emulation.commended_individuals", "cá nhân"), detail
        )
    p = _paragraph(_sentence("Trong năm, các cấp ủy đã ", [clause]))
    return [p] if p else []


def _tasks(report: AnnualReport) -> list[Paragraph]:
    if not report.tasks:
        return [
            Paragraph(
                [
                    Run(
                        f"Chưa ghi nhận kế hoạch công tác năm {report.year + 1} trong hệ "
                        "thống; nhiệm vụ trọng tâm sẽ được bổ sung khi kế hoạch được ban hành."
                    )
                ]
            )
        ]
    paragraphs = []
    for i, task in enumerate(report.tasks):
        lead = f"{ORDINALS[i]} là, " if i < len(ORDINALS) else f"{i + 1}. "
        title = task.title.strip().rstrip(".")
        if i < len(ORDINALS) and not title[1:2].isupper():
            # "Một là, phối hợp …": the task continues the sentence, unless it opens
            # with an abbreviation or a name.
            title = title[:1].lower() + title[1:]
        text = f"{lead}{title}."
        if task.detail.strip():
            text += " " + task.detail.strip()
        paragraphs.append(Paragraph([Run(text)], style="task"))
    return paragraphs
