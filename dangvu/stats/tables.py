"""The statistical tables of party members, as data, and `build` that fills one.

A table is declared, not programmed: its number, code (the URL's slug), title, period
kind ("day": members on a day; "year": admissions or departures of a year), its column
groups, and what its rows are. Every cell is a registered indicator, or one label of an
indicator's breakdown, read only through `dangvu.reports.registry`: `values_by_org` for
the organisations directly under the chosen one, `value` for the «Tổng cộng» line, which
is the committee's own figure (a test holds that it equals the sum of the lines in every
additive column). Shares and the average age are computed for the total, never summed.

Columns of a breakdown whose labels are a vocabulary's values (qualification,
occupation…) and rows of the ethnicity and religion tables are the vocabulary's values in
force on the table's day, then any other label the figures carry (a value retired since),
then «Chưa có thông tin» when the table counts the unknown. The numbering of the tables
(Biểu số 01-TKĐV …) is our own; their content follows the member statistics of the
central guidance (Hướng dẫn 11-HD/BTCTW ngày 13/12/2021) as we read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from dangvu.core.dates import today
from dangvu.lib.text import search_key
from dangvu.lib.vnformat import fmt_date
from dangvu.orgs.models import Organisation, OrganisationVersion
from dangvu.orgs.queries import valid_on
from dangvu.reports import registry
from dangvu.reports.registry import Figure, Period
from dangvu.vocab.models import UNKNOWN_LABEL, Vocabulary, VocabularyValue

Number = int | float | None

DAY = "day"
YEAR = "year"
ORGS = "orgs"  # a line per organisation directly under the chosen one
VALUES = "values"  # a line per value of a vocabulary, a column per organisation

TOTAL_LABEL = "Tổng cộng"
TOTAL_COLUMN = "Tổng số"
REST_LABEL = "Trực thuộc trực tiếp, chuyển đến hoặc thôi trực thuộc trong kỳ"


@dataclass(frozen=True)
class Column:
    """One column: its heading, the indicator, and the label of its breakdown (None: the
    indicator's value). `decimals`: how the figure is written (shares, average age)."""

    heading: str
    indicator: str
    label: str | None = None
    decimals: int = 0


@dataclass(frozen=True)
class Breakdown:
    """Columns (or rows) that are the labels of an indicator's breakdown.

    The labels: `vocabulary`'s values in force on the day (by their order) when given,
    else `labels`; then any other label the figures carry; then «Chưa có thông tin» when
    `unknown`.
    """

    indicator: str
    vocabulary: str | None = None
    labels: tuple[str, ...] = ()
    unknown: bool = True


@dataclass(frozen=True)
class Group:
    """A heading over columns. A group of one column with no heading of its own (heading
    "") stands alone across both heading rows."""

    heading: str
    columns: tuple[Column, ...] = ()
    breakdown: Breakdown | None = None


@dataclass(frozen=True)
class Table:
    number: str  # "Biểu số 01-TKĐV"
    code: str  # the URL's slug
    title: str
    period: str  # DAY or YEAR
    groups: tuple[Group, ...] = ()
    rows: str = ORGS
    # For VALUES tables: the breakdown whose labels are the lines.
    lines: Breakdown | None = None
    note: str = ""

    def indicators(self) -> list[str]:
        """Every indicator the table reads, once, in order."""
        codes: list[str] = []
        for group in self.groups:
            for col in group.columns:
                codes.append(col.indicator)
            if group.breakdown is not None:
                codes.append(group.breakdown.indicator)
        if self.lines is not None:
            codes.append(self.lines.indicator)
        return list(dict.fromkeys(codes))


def _alone(heading: str, indicator: str, label: str | None = None, decimals: int = 0) -> Group:
    return Group("", (Column(heading, indicator, label, decimals),))


EDUCATION = ("Tiểu học", "Trung học cơ sở", "Trung học phổ thông")
THEORY = ("Chưa qua đào tạo", "Sơ cấp", "Trung cấp", "Cao cấp, cử nhân")

TABLES: list[Table] = [
    Table(
        "Biểu số 01-TKĐV",
        "so-luong",
        "Số lượng đảng viên",
        DAY,
        (
            _alone("Tổng số đảng viên", "members.end"),
            Group(
                "Chia ra",
                (
                    Column("Chính thức", "members.end", "Chính thức"),
                    Column("Dự bị", "members.end", "Dự bị"),
                ),
            ),
            Group(
                "Trong tổng số",
                (
                    Column("Nữ", "members.women"),
                    Column("Dân tộc thiểu số", "members.ethnic_minority"),
                    Column("Có tôn giáo", "members.religious"),
                ),
            ),
            Group(
                "Tỷ lệ so với tổng số (%)",
                (
                    Column("Nữ", "members.women.pct", decimals=2),
                    Column("Dân tộc thiểu số", "members.ethnic_minority.pct", decimals=2),
                    Column("Có tôn giáo", "members.religious.pct", decimals=2),
                ),
            ),
            _alone("Tuổi đời bình quân", "members.average_age", decimals=1),
        ),
    ),
    Table(
        "Biểu số 02-TKĐV",
        "tuoi-doi",
        "Đảng viên chia theo tuổi đời",
        DAY,
        (
            _alone("Tổng số đảng viên", "members.by_age"),
            # The age groups are a dated rule: the labels the committee's figure carries.
            Group("Chia theo nhóm tuổi", breakdown=Breakdown("members.by_age")),
            _alone("Tuổi đời bình quân", "members.average_age", decimals=1),
        ),
    ),
    Table(
        "Biểu số 03-TKĐV",
        "trinh-do",
        "Đảng viên chia theo trình độ",
        DAY,
        (
            _alone("Tổng số đảng viên", "members.end"),
            Group(
                "Giáo dục phổ thông", breakdown=Breakdown("members.by_education", labels=EDUCATION)
            ),
            Group(
                "Chuyên môn, nghiệp vụ",
                breakdown=Breakdown("members.by_qualification", Vocabulary.QUALIFICATION),
            ),
            Group("Lý luận chính trị", breakdown=Breakdown("members.by_theory", labels=THEORY)),
            Group(
                "Quản lý nhà nước",
                breakdown=Breakdown("members.by_state_management", Vocabulary.STATE_MANAGEMENT),
            ),
            Group(
                "Học hàm",
                breakdown=Breakdown(
                    "members.by_academic_title", Vocabulary.ACADEMIC_TITLE, unknown=False
                ),
            ),
        ),
    ),
    Table(
        "Biểu số 04-TKĐV",
        "nghe-nghiep",
        "Đảng viên chia theo nghề nghiệp",
        DAY,
        (
            _alone("Tổng số đảng viên", "members.by_occupation"),
            Group(
                "Chia theo nghề nghiệp",
                breakdown=Breakdown("members.by_occupation", Vocabulary.OCCUPATION),
            ),
        ),
    ),
    Table(
        "Biểu số 05-TKĐV",
        "dan-toc",
        "Đảng viên chia theo dân tộc",
        DAY,
        rows=VALUES,
        lines=Breakdown("members.by_ethnicity", Vocabulary.ETHNICITY),
    ),
    Table(
        "Biểu số 06-TKĐV",
        "ton-giao",
        "Đảng viên chia theo tôn giáo",
        DAY,
        rows=VALUES,
        lines=Breakdown("members.by_religion", Vocabulary.RELIGION),
    ),
    Table(
        "Biểu số 07-TKĐV",
        "tuoi-dang",
        "Đảng viên chia theo tuổi đảng",
        DAY,
        (
            _alone("Tổng số đảng viên", "members.by_party_age"),
            Group("Chia theo tuổi đảng", breakdown=Breakdown("members.by_party_age")),
        ),
    ),
    Table(
        "Biểu số 08-TKĐV",
        "ket-nap",
        "Kết nạp đảng viên",
        YEAR,
        (
            _alone("Tổng số đảng viên mới kết nạp", "members.admitted"),
            Group(
                "Trong tổng số",
                (
                    Column("Nữ", "members.admitted.by_sex", "Nữ"),
                    Column("Dân tộc thiểu số", "members.admitted.by_ethnicity", "Dân tộc thiểu số"),
                    Column("Có tôn giáo", "members.admitted.by_religion", "Có tôn giáo"),
                ),
            ),
            Group("Tuổi đời", breakdown=Breakdown("members.admitted.by_age")),
            Group(
                "Giáo dục phổ thông",
                breakdown=Breakdown("members.admitted.by_education", labels=EDUCATION),
            ),
            Group(
                "Chuyên môn, nghiệp vụ",
                breakdown=Breakdown("members.admitted.by_qualification", Vocabulary.QUALIFICATION),
            ),
            Group(
                "Nghề nghiệp",
                breakdown=Breakdown("members.admitted.by_occupation", Vocabulary.OCCUPATION),
            ),
        ),
    ),
    Table(
        "Biểu số 09-TKĐV",
        "giam",
        "Đảng viên giảm trong năm",
        YEAR,
        (
            _alone("Tổng số đảng viên giảm", "members.left"),
            Group(
                "Chia theo lý do",
                (
                    Column("Từ trần", "members.died"),
                    Column("Khai trừ", "members.expelled"),
                    Column("Xóa tên", "members.removed"),
                    Column("Xin ra khỏi Đảng", "members.resigned"),
                    Column("Chuyển sinh hoạt đảng đi", "members.transferred_out"),
                ),
            ),
        ),
    ),
]


def get_table(code: str) -> Table:
    """The table whose code is `code`; KeyError if none."""
    for table in TABLES:
        if table.code == code:
            return table
    raise KeyError(code)


# --- building ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltColumn:
    group: str  # the heading above ("" when the column stands alone)
    heading: str
    indicator: str  # "" for the columns of organisations in a VALUES table
    label: str | None
    decimals: int
    additive: bool
    organisation: Organisation | None = None  # VALUES tables: the column's organisation


@dataclass
class Line:
    """A line of the table: an organisation, a vocabulary value, or the total."""

    label: str
    cells: list[Number]
    number: int | None = None  # STT; None for the total and the rest line
    organisation: Organisation | None = None
    value: str | None = None  # VALUES tables: the label of the line
    note: str = ""  # "thành lập …", "kết thúc …"


@dataclass
class Built:
    table: Table
    organisation: Organisation
    name: str  # the organisation's name on the day (or at the end of the year)
    superior: str  # the name of the organisation above it then ("" for a root)
    period: Period
    period_label: str  # "Có đến ngày 31/12/2025" or "Năm 2025"
    columns: list[BuiltColumn]
    rows: list[Line]
    total: Line
    rest: Line | None = None  # what the lines do not hold, when it is not zero
    coverage: str = ""  # a year partly lived: which days the figures cover
    day: dt.date | None = None
    year: int | None = None
    groups: list[tuple[str, int]] = field(default_factory=list)  # (heading, span)

    def all_lines(self) -> list[Line]:
        return [*self.rows, *([self.rest] if self.rest else []), self.total]


def period_for(table: Table, *, day: dt.date | None, year: int | None) -> tuple[Period, str]:
    """The table's period and how its heading says it."""
    if table.period == DAY:
        on = day or today()
        return Period(on, on), f"Có đến ngày {fmt_date(on)}"
    if year is None:
        year = today().year - 1
    period = Period.year(year)
    now = today()
    if period.start <= now < period.end:
        return Period(period.start, now), f"Năm {year} (đến ngày {fmt_date(now)})"
    return period, f"Năm {year}"


def _part(figure: Figure, label: str | None) -> Number:
    if label is None:
        return figure.value
    return figure.breakdown.get(label, 0)


def _labels(spec: Breakdown, figures: Iterable[Figure], day: dt.date) -> list[str]:
    if spec.vocabulary is not None:
        base = list(
            VocabularyValue.objects.of(spec.vocabulary)
            .valid_on(day)
            .order_by("order", "name")
            .values_list("name", flat=True)
        )
    else:
        base = list(spec.labels)
    seen = set(base) | {UNKNOWN_LABEL}
    extra: list[str] = []
    for figure in figures:
        for label in figure.breakdown:
            if label not in seen:
                seen.add(label)
                extra.append(label)
    if spec.vocabulary is not None:
        extra.sort(key=lambda s: (search_key(s), s))
    labels = base + extra
    if spec.unknown:
        labels.append(UNKNOWN_LABEL)
    return labels


def _lines_of(org: Organisation, period: Period) -> list[tuple[OrganisationVersion, str]]:
    """The organisations directly under `org`: on the day, or at any time of the year
    (one version each, its last in the period), ordered by their place in the tree."""
    if period.start == period.end:
        versions = list(
            OrganisationVersion.objects.filter(parent=org, **valid_on(period.end))
            .select_related("organisation")
            .order_by("path")
        )
        return [(v, "") for v in versions]
    found = (
        OrganisationVersion.objects.filter(
            parent=org, valid_from__lte=period.end, valid_to__gt=period.start
        )
        .select_related("organisation")
        .order_by("organisation_id", "-valid_from", "-id")
    )
    last: dict[int, OrganisationVersion] = {}
    for v in found:
        last.setdefault(v.organisation_id, v)
    result = []
    for v in sorted(last.values(), key=lambda v: v.path):
        notes = []
        if v.valid_from > period.start:
            notes.append(f"từ {fmt_date(v.valid_from)}")
        if v.valid_to <= period.end:
            notes.append(f"đến {fmt_date(v.valid_to - dt.timedelta(days=1))}")
        result.append((v, ", ".join(notes)))
    return result


def _names_on(org: Organisation, period: Period) -> tuple[str, str]:
    """(the organisation's name, its superior's name) as they stood in the period."""
    version = (
        OrganisationVersion.objects.filter(
            organisation=org, valid_from__lte=period.end, valid_to__gt=period.start
        )
        .select_related("parent")
        .order_by("-valid_from", "-id")
        .first()
    )
    if version is None:
        return org.name, ""
    parent = version.parent
    if parent is None:
        return version.name, ""
    on = min(period.end, version.valid_to - dt.timedelta(days=1))
    above = (
        OrganisationVersion.objects.filter(organisation=parent, **valid_on(on))
        .order_by("-valid_from", "-id")
        .first()
    )
    return version.name, above.name if above is not None else parent.name


def build(
    table: Table, org: Organisation, *, day: dt.date | None = None, year: int | None = None
) -> Built:
    """Fill `table` for `org` on `day` (day tables) or in `year` (year tables).

    A bounded number of statements whatever the number of members or organisations: one
    batch per indicator for the lines, one figure per indicator for the total.
    """
    period, label = period_for(table, day=day, year=year)
    with registry.computation():
        lines = _lines_of(org, period)
        orgs = [v.organisation for v, _ in lines]
        codes = table.indicators()
        by_org = {code: registry.values_by_org(code, orgs, period) for code in codes}
        total = {code: registry.value(code, org, period) for code in codes}
        name, superior = _names_on(org, period)
        built = Built(
            table=table,
            organisation=org,
            name=name,
            superior=superior,
            period=period,
            period_label=label,
            columns=[],
            rows=[],
            total=Line(TOTAL_LABEL, []),
            day=period.end if table.period == DAY else None,
            year=period.start.year if table.period == YEAR else None,
        )
        if table.rows == VALUES:
            _fill_values(built, table, lines, by_org, total)
        else:
            _fill_orgs(built, table, lines, by_org, total)
    _rest(built)
    return built


def _fill_orgs(
    built: Built,
    table: Table,
    lines: list[tuple[OrganisationVersion, str]],
    by_org: dict[str, dict[int, Figure]],
    total: dict[str, Figure],
) -> None:
    day = built.period.end
    for group in table.groups:
        if group.breakdown is not None:
            spec = group.breakdown
            figures = [total[spec.indicator], *by_org[spec.indicator].values()]
            columns = [
                Column(label, spec.indicator, label) for label in _labels(spec, figures, day)
            ]
        else:
            columns = list(group.columns)
        for col in columns:
            built.columns.append(
                BuiltColumn(
                    group=group.heading,
                    heading=col.heading,
                    indicator=col.indicator,
                    label=col.label,
                    decimals=col.decimals,
                    additive=registry.get(col.indicator).additive and col.decimals == 0,
                )
            )
        built.groups.append((group.heading, len(columns)))
    for n, (version, note) in enumerate(lines, start=1):
        org = version.organisation
        built.rows.append(
            Line(
                version.name,
                [_part(by_org[c.indicator][org.pk], c.label) for c in built.columns],
                number=n,
                organisation=org,
                note=note,
            )
        )
    built.total.cells = [_part(total[c.indicator], c.label) for c in built.columns]


def _fill_values(
    built: Built,
    table: Table,
    lines: list[tuple[OrganisationVersion, str]],
    by_org: dict[str, dict[int, Figure]],
    total: dict[str, Figure],
) -> None:
    assert table.lines is not None
    spec = table.lines
    additive = registry.get(spec.indicator).additive
    built.columns.append(
        BuiltColumn("", TOTAL_COLUMN, spec.indicator, None, 0, additive, built.organisation)
    )
    for version, note in lines:
        heading = version.name + (f" ({note})" if note else "")
        built.columns.append(
            BuiltColumn(
                "Chia theo tổ chức trực thuộc",
                heading,
                spec.indicator,
                None,
                0,
                additive,
                version.organisation,
            )
        )
    built.groups = [("", 1)] + ([("Chia theo tổ chức trực thuộc", len(lines))] if lines else [])
    figures = [total[spec.indicator], *by_org[spec.indicator].values()]
    per_org = [by_org[spec.indicator][v.organisation.pk] for v, _ in lines]
    for n, label in enumerate(_labels(spec, figures, built.period.end), start=1):
        built.rows.append(
            Line(
                label,
                [_part(total[spec.indicator], label), *(_part(f, label) for f in per_org)],
                number=n,
                value=label,
            )
        )
    built.total.cells = [total[spec.indicator].value, *(f.value for f in per_org)]


def _rest(built: Built) -> None:
    """The line of what the organisations' lines do not hold (members directly in the
    committee, organisations moved in or out during the year), only when not zero."""
    if built.table.rows == VALUES:
        return
    cells: list[Number] = []
    any_rest = False
    for i, col in enumerate(built.columns):
        if not col.additive or built.total.cells[i] is None:
            cells.append(None)
            continue
        rest = built.total.cells[i] - sum(r.cells[i] or 0 for r in built.rows)
        any_rest = any_rest or bool(rest)
        cells.append(rest)
    if any_rest:
        built.rest = Line(REST_LABEL, cells)
