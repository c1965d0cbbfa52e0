"""The annual report of an organisation: every registered indicator for one year.

`compose(org, year)` reads each indicator through the registry for the year and for the
year before, with the recorded plan and the breakdown, plus the figures the charts need
(members at the end of the last five years, admissions against plan) and next year's
planned tasks. The renderers (JSON, Excel, web page, Word) only format an `AnnualReport`;
none computes a figure of its own.

The number of SQL queries is bounded by the number of registered indicators (each
indicator runs a bounded number of aggregates), never by the number of members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Q
from django.urls import NoReverseMatch

from dangvu.accounts.scoping import visible_organisations
from dangvu.core.dates import today as local_today
from dangvu.core.errors import DomainError
from dangvu.education.rules import candidate_class_name
from dangvu.lib.vnformat import fmt_date
from dangvu.orgs import lifespan
from dangvu.orgs.kinds import GRASSROOTS_KINDS, OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range
from dangvu.reports import registry
from dangvu.reports.registry import Figure, Period, PlannedTask

FIRST_YEAR = 2000
# Years of membership shown in the chart "members over the years".
HISTORY_YEARS = 5

Number = int | float


@dataclass(frozen=True)
class ReportFigure:
    """One indicator in the report: this year, the year before, the plan, the detail."""

    code: str
    label: str
    unit: str
    additive: bool
    value: Number | None
    previous: Number | None
    plan: Number | None
    breakdown: dict[str, Number]
    url: str | None = None

    @property
    def known(self) -> bool:
        """True when the figure is a fact worth stating (neither unknown nor zero)."""
        return self.value is not None and self.value != 0


@dataclass
class AnnualReport:
    organisation: Organisation
    year: int
    period: Period
    previous_period: Period
    name: str  # the organisation's name at the end of the period
    kind: str  # its kind then (OrgKind)
    superior_name: str  # the name of its parent then ("" for a root)
    figures: dict[str, ReportFigure]
    # (year, members at the end of that year), oldest first
    members_history: list[tuple[int, Number | None]]
    # (year, admitted, planned admissions or None), oldest first
    admissions_history: list[tuple[int, Number | None, Number | None]]
    tasks: list[PlannedTask]
    generated_on: dt.date
    partial: bool = False  # the year is still running: figures to `period.end`
    notes: list[str] = field(default_factory=list)
    # The organisation did not exist at all in the period (founded later or ended before):
    # the report says so in words (`coverage`) and has no figures, never a page of zeros.
    absent: bool = False
    # What the committee called the candidate class in the year (rule
    # "education.candidate_class_name"); the prose names the class so.
    candidate_class_name: str = ""
    # "" when the organisation existed the whole period; else the sentence saying when it
    # was founded or ended and which days the figures cover.
    coverage: str = ""
    # Where the year before's figures come from: "" when recomputed from the records, else
    # the sentence naming the issued report they were taken from (`compose(previous=…)`).
    comparison: str = ""
    compared_with: int | None = None  # the IssuedReport's id

    @property
    def has_data(self) -> bool:
        """Whether anything was recorded for the subtree in the year.

        A report without data says so plainly; it never presents zeros as facts.
        """
        return any(f.known for f in self.figures.values())

    def figure(self, code: str) -> ReportFigure | None:
        return self.figures.get(code)

    def value(self, code: str) -> Number | None:
        f = self.figures.get(code)
        return f.value if f is not None else None

    def to_json(self) -> dict[str, Any]:
        """The JSON document of the issue: plain numbers, never formatted strings."""
        return {
            "organisation": {"code": self.organisation.code, "name": self.name},
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "has_data": self.has_data,
            "coverage": {
                "exists": not self.absent,
                "complete": not self.coverage,
                "note": self.coverage,
            },
            "indicators": {
                code: {
                    "label": f.label,
                    "unit": f.unit,
                    "value": f.value,
                    "previous": f.previous,
                    "plan": f.plan,
                    "breakdown": dict(f.breakdown),
                }
                for code, f in sorted(self.figures.items())
            },
            "previous_source": {
                "issued_report": self.compared_with,
                "note": self.comparison,
            },
        }


def year_period(year: int, today: dt.date) -> tuple[Period, bool]:
    """The report's period: the whole year, or up to today for the running year."""
    if year == today.year:
        return Period(dt.date(year, 1, 1), today), True
    return Period.year(year), False


def previous_of(period: Period) -> Period:
    """The same days one year earlier (29/02 becomes 28/02)."""

    def back(day: dt.date) -> dt.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return Period(back(period.start), back(period.end))


def check_year(year: int, today: dt.date | None = None) -> None:
    """Refuse a year the report cannot be about, with a message saying which years can."""
    today = today or local_today()
    if year > today.year:
        raise DomainError(
            f"Năm {year} chưa đến: báo cáo chỉ lập cho năm {today.year} trở về trước.",
            field="year",
        )
    if year < FIRST_YEAR:
        raise DomainError(
            f"Năm {year} không hợp lệ: chọn một năm từ {FIRST_YEAR} đến {today.year}.",
            field="year",
        )


def top_organisation(on: dt.date | None = None) -> Organisation:
    """The installation's top organisation: the single root in force on `on` (today by
    default), so a past year's report starts from the committee of that year."""
    roots: list[Organisation] = []
    for day in dict.fromkeys([on or local_today(), local_today()]):
        # A year before anything existed falls back to today's top, whose report then
        # says it was founded later.
        roots = list(
            Organisation.objects.filter(
                pk__in=OrganisationVersion.objects.filter(
                    parent__isnull=True, valid_from__lte=day, valid_to__gt=day
                ).values("organisation_id")
            ).order_by("path")
        )
        if roots:
            break
    if not roots:
        raise DomainError("Chưa có tổ chức đảng nào trong hệ thống.", field="org")
    if len(roots) > 1:
        codes = ", ".join(r.code for r in roots)
        raise DomainError(
            f"Hệ thống có nhiều tổ chức cấp cao nhất ({codes}): chọn một tổ chức bằng mã.",
            field="org",
        )
    return roots[0]


def resolve_organisation(
    code: str | None, user: Any = None, on: dt.date | None = None
) -> Organisation:
    """The organisation a report is asked for, by code; without a code, the top one on
    `on` (today by default).

    With a `user`, the organisation must be in their scope; a code outside it gets the
    same answer as a code that does not exist, so that codes are not disclosed.
    """
    if not code:
        return top_organisation(on)
    code = code.strip().upper()
    qs = Organisation.objects.all() if user is None else visible_organisations(user)
    org = qs.filter(code=code).first()
    if org is None:
        raise DomainError(
            f"Không tìm thấy tổ chức có mã «{code}» (hoặc tổ chức nằm ngoài phạm vi được xem).",
            field="org",
        )
    return org


def _version_in(org: Organisation, period: Period) -> OrganisationVersion | None:
    """The organisation's last version in force during the period."""
    return (
        OrganisationVersion.objects.filter(
            organisation=org, valid_from__lte=period.end, valid_to__gt=period.start
        )
        .select_related("parent")
        .order_by("-valid_from", "-id")
        .first()
    )


class _Values:
    """Indicator values, computed once per (code, period) within one report."""

    def __init__(self, org: Organisation) -> None:
        self.org = org
        self._cache: dict[tuple[str, Period], Figure] = {}

    def __call__(self, code: str, period: Period) -> Figure:
        key = (code, period)
        if key not in self._cache:
            self._cache[key] = registry.value(code, self.org, period)
        return self._cache[key]


def _plain(n: Any) -> Number | None:
    """A figure as a plain JSON number (Decimal and numpy-like values become int/float)."""
    if n is None:
        return None
    if isinstance(n, bool):
        return int(n)
    if isinstance(n, int | float):
        return n
    number = float(n)
    return int(number) if number.is_integer() else number


def _records_url(code: str, org: Organisation, period: Period) -> str | None:
    """The link to the records behind a figure; none while its list page is not wired."""
    try:
        return registry.records_url(code, org, period)
    except NoReverseMatch:
        return None


# Where "so với năm trước" comes from: the report issued for the year before, or the records.
PREVIOUS_ISSUED = "issued"
PREVIOUS_RECOMPUTED = "recomputed"


def compose(
    org: Organisation,
    year: int,
    *,
    today: dt.date | None = None,
    previous: str = PREVIOUS_ISSUED,
) -> AnnualReport:
    """The annual report of `org`'s subtree for `year` (see `_compose`), computed in one
    `registry.computation`: indicators that share a figure compute it once."""
    with registry.computation():
        return _compose(org, year, today=today, previous=previous)


def _compose(
    org: Organisation,
    year: int,
    *,
    today: dt.date | None = None,
    previous: str = PREVIOUS_ISSUED,
) -> AnnualReport:
    """The annual report of `org`'s subtree for `year` (refuses future and absurd years).

    With `previous="issued"` (the default), a year that is over compares with what was
    reported: each figure's `previous` is the value of the latest annual report issued for
    `org` and the year before, when there is one (`comparison` names it); figures it did
    not carry, and the running year (compared with the same days of the year before), are
    recomputed from the records. `previous="recomputed"` recomputes them all.
    """
    if previous not in (PREVIOUS_ISSUED, PREVIOUS_RECOMPUTED):
        raise ValueError(f"unknown source of the previous year: {previous}")
    source = previous  # `previous` names the year before's period below
    today = today or local_today()
    check_year(year, today)
    period, partial = year_period(year, today)
    previous = previous_of(period)
    version = _version_in(org, period)
    values = _Values(org)
    name = version.name if version else org.name
    label = f"năm {year}" + (f" đến ngày {fmt_date(period.end)}" if partial else "")
    cover = lifespan.coverage(org, period.start, period.end, label, name)
    if not cover.exists:
        return AnnualReport(
            organisation=org,
            year=year,
            period=period,
            previous_period=previous,
            name=name,
            kind=version.kind if version else org.kind,
            superior_name="",
            figures={},
            members_history=[],
            admissions_history=[],
            tasks=[],
            generated_on=today,
            partial=partial,
            notes=[cover.note],
            absent=True,
            coverage=cover.note,
        )

    figures: dict[str, ReportFigure] = {}
    for ind in registry.indicators():
        now = values(ind.code, period)
        before = values(ind.code, previous)
        figures[ind.code] = ReportFigure(
            code=ind.code,
            label=ind.label,
            unit=ind.unit,
            additive=ind.additive,
            value=_plain(now.value),
            previous=_plain(before.value),
            plan=_plain(registry.plan(ind.code, org, period)),
            breakdown={k: _plain(v) for k, v in now.breakdown.items()},  # type: ignore[misc]
            url=_records_url(ind.code, org, period) if ind.records else None,
        )

    members_history: list[tuple[int, Number | None]] = []
    admissions_history: list[tuple[int, Number | None, Number | None]] = []
    first = max(year - HISTORY_YEARS + 1, FIRST_YEAR)
    for y in range(first, year + 1):
        p = period if y == year else Period.year(y)
        if "members.end" in figures:
            members_history.append((y, _plain(values("members.end", p).value)))
        if "members.admitted" in figures:
            admissions_history.append(
                (
                    y,
                    _plain(values("members.admitted", p).value),
                    _plain(registry.plan("members.admitted", org, p)),
                )
            )

    comparison, compared_with = "", None
    if source == PREVIOUS_ISSUED and not partial:
        figures, comparison, compared_with = _previous_as_issued(org, year, figures)

    notes = [cover.note] if cover.note else []
    return AnnualReport(
        organisation=org,
        year=year,
        period=period,
        previous_period=previous,
        name=name,
        kind=version.kind if version else org.kind,
        superior_name=version.parent.name if version and version.parent else "",
        figures=figures,
        members_history=members_history,
        admissions_history=admissions_history,
        tasks=registry.planned_tasks(org, year + 1),
        generated_on=today,
        partial=partial,
        notes=notes,
        coverage=cover.note,
        candidate_class_name=candidate_class_name(period.end),
        comparison=comparison,
        compared_with=compared_with,
    )


def _previous_as_issued(
    org: Organisation, year: int, figures: dict[str, ReportFigure]
) -> tuple[dict[str, ReportFigure], str, int | None]:
    """`figures` with the year before's values taken from its latest issued annual report.

    The latest issue is the one in force: a correction always corrects the last one.
    """
    from dangvu.reports.models import IssuedReport

    issued = (
        IssuedReport.objects.filter(organisation=org, kind=IssuedReport.Kind.ANNUAL, year=year - 1)
        .select_related("document")
        .order_by("-issued_at", "-id")
        .first()
    )
    if issued is None:
        return figures, "", None
    taken = {}
    for code, f in figures.items():
        stored = issued.figures.get(code)
        if isinstance(stored, dict) and "value" in stored:
            taken[code] = replace(f, previous=_plain(stored["value"]))
        else:
            taken[code] = f
    until = (
        f", số liệu đến ngày {fmt_date(issued.period_end)}"
        if issued.period_end != dt.date(year - 1, 12, 31)
        else ""
    )
    note = (
        f"Số liệu năm {year - 1} để so sánh lấy từ báo cáo số {issued.document.full_number} "
        f"ngày {fmt_date(issued.document.date)} đã ban hành{until}."
    )
    return taken, note, issued.pk


def grassroots_in(org: Organisation, period: Period) -> list[OrganisationVersion]:
    """The grassroots organisations of `org`'s subtree at any time in the period.

    One version per organisation (its last one in the period), ordered by code, so that the
    statistical table lists those dissolved or merged during the year too: their records of
    the year count in the committee's figures.
    """
    if org.kind in GRASSROOTS_KINDS:
        return []
    paths = set(
        OrganisationVersion.objects.filter(
            organisation=org, valid_from__lte=period.end, valid_to__gt=period.start
        ).values_list("path", flat=True)
    )
    q = Q(pk__in=[])
    for path in paths:
        low, high = subtree_range(path)
        q |= Q(path__gte=low, path__lt=high)
    versions = (
        OrganisationVersion.objects.filter(
            q,
            kind__in=[OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE],
            valid_from__lte=period.end,
            valid_to__gt=period.start,
        )
        .select_related("organisation")
        .order_by("organisation_id", "-valid_from", "-id")
    )
    last: dict[int, OrganisationVersion] = {}
    for v in versions:
        last.setdefault(v.organisation_id, v)
    return sorted(last.values(), key=lambda v: v.organisation.code)
