"""The indicator registry: every figure Dangvu shows is a named function of (scope, period).

An indicator is registered by the app whose records it reads, with a code
(`members.admitted`), a Vietnamese label, a unit and a one-line definition. Derived
indicators (percent of plan, percent of the start-of-period total, change on the previous
period) are built from others. Reports, pages, tables, charts and the API read figures
only through `value()` / `values()`; none computes a figure of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from dangvu.orgs.models import Organisation


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def previous(self) -> Period:
        """The period of the same length just before (the previous year for a year)."""
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            years = self.end.year - self.start.year + 1
            return Period(
                self.start.replace(year=self.start.year - years),
                self.end.replace(year=self.end.year - years),
            )
        length = self.end - self.start
        end = self.start - dt.timedelta(days=1)
        return Period(end - length, end)


def member_counts(org: Organisation, day: dt.date) -> dict[str, int | float | None]:
    """Members of the subtree on `day`, total and by status, from `members.end`."""
    figure = value("members.end", org, Period(day, day))
    return {
        "total": figure.value,
        "FULL": figure.breakdown.get("Chính thức", 0),
        "PROBATIONARY": figure.breakdown.get("Dự bị", 0),
    }


@dataclass
class Figure:
    """A computed value, with an optional breakdown (label -> number)."""

    value: float | int | None
    breakdown: dict[str, float | int] = field(default_factory=dict)


Compute = Callable[[Organisation, Period], Figure | int | float | None]

# The address of the list of records behind a figure (for links from reports), or None.
Records = Callable[[Organisation, Period], str | None]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str  # "người", "tổ chức", "lượt", "%", …
    definition: str
    compute: Compute
    owner: str  # the app whose records it reads
    additive: bool = True  # sums over the grassroots organisations equal the committee's
    records: Records | None = None  # where the records behind the figure are listed


_REGISTRY: dict[str, Indicator] = {}


def register(
    code: str,
    label: str,
    unit: str,
    definition: str,
    *,
    owner: str,
    additive: bool = True,
    records: Records | None = None,
) -> Callable[[Compute], Compute]:
    """Decorator: register `fn(org, period)` as indicator `code`.

    `records(org, period)`, when given, returns the address of the page that lists the
    records the figure counts, so that a report can link each figure to its evidence.
    """

    def wrap(fn: Compute) -> Compute:
        if code in _REGISTRY and _REGISTRY[code].compute is not fn:
            raise ValueError(f"indicator {code} registered twice")
        _REGISTRY[code] = Indicator(code, label, unit, definition, fn, owner, additive, records)
        return fn

    return wrap


def indicators() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda i: i.code)


def get(code: str) -> Indicator:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"không có chỉ tiêu «{code}»") from None


# What indicators computed within one report (`computation`), by their own keys.
_MEMO: ContextVar[dict[Any, Any] | None] = ContextVar("indicator_memo", default=None)


@contextmanager
def computation() -> Iterator[None]:
    """The span of one report's computation: within it `memo` keeps what an indicator
    computed for others of the same report (the collection rate reuses the expected and
    collected dues). Never across requests; a nested one shares the outer one's memo."""
    token = _MEMO.set({} if _MEMO.get() is None else _MEMO.get())
    try:
        yield
    finally:
        _MEMO.reset(token)


def memo(key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per `key` within a `computation` (outside one: every time)."""
    store = _MEMO.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def value(code: str, org: Organisation, period: Period) -> Figure:
    result = get(code).compute(org, period)
    if isinstance(result, Figure):
        return result
    return Figure(result)


def values(codes: list[str], org: Organisation, period: Period) -> dict[str, Figure]:
    return {code: value(code, org, period) for code in codes}


def records_url(code: str, org: Organisation, period: Period) -> str | None:
    """The address of the records behind indicator `code`, if it declares one."""
    records = get(code).records
    return records(org, period) if records is not None else None


# Plans: the app that records plans and targets registers a source here, so that the
# registry can answer "what was planned" without knowing where plans are kept.
PlanSource = Callable[[str, Organisation, Period], float | None]
TaskSource = Callable[[Organisation, int], list["PlannedTask"]]
_PLAN_SOURCES: list[PlanSource] = []
_TASK_SOURCES: list[TaskSource] = []


@dataclass(frozen=True)
class PlannedTask:
    """One task of a recorded plan (for "next year's tasks" in a report)."""

    title: str
    detail: str = ""


def register_plan_source(source: PlanSource) -> PlanSource:
    """Register `source(code, org, period) -> target or None` (targets bound to indicators)."""
    if source not in _PLAN_SOURCES:
        _PLAN_SOURCES.append(source)
    return source


def register_task_source(source: TaskSource) -> TaskSource:
    """Register `source(org, year) -> [PlannedTask]` (the tasks planned for a year)."""
    if source not in _TASK_SOURCES:
        _TASK_SOURCES.append(source)
    return source


def plan(code: str, org: Organisation, period: Period) -> float | None:
    """The recorded target of indicator `code` for `org` over `period`, or None."""
    for source in _PLAN_SOURCES:
        target = source(code, org, period)
        if target is not None:
            return target
    return None


def planned_tasks(org: Organisation, year: int) -> list[PlannedTask]:
    """The tasks recorded in `org`'s plans for `year`, in their order."""
    return [task for source in _TASK_SOURCES for task in source(org, year)]


def percent(part: float | None, whole: float | None) -> float | None:
    """part / whole × 100, or None when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return 100.0 * part / whole


def change(current: float | None, previous: float | None) -> float | None:
    """The change on the previous value, in percent (None without a previous value)."""
    if current is None or not previous:
        return None
    return 100.0 * (current - previous) / previous


def register_pct_change(base: str, label: str) -> None:
    """`<base>.pct_change`: the change of `base` on the previous period, in percent."""

    def compute(org: Organisation, period: Period) -> Figure:
        now = value(base, org, period).value
        before = value(base, org, period.previous()).value
        return Figure(change(now, before))

    register(
        f"{base}.pct_change",
        label,
        "%",
        f"Thay đổi của «{get(base).label}» so với kỳ trước (%).",
        owner=get(base).owner,
        additive=False,
    )(compute)


# Batch forms: the statistical table asks every indicator for each grassroots organisation
# of a committee, which is (organisations × indicators) small queries. An owner may give an
# indicator a batch form that answers for many organisations in a few grouped queries; the
# table then uses it, and falls back to one call per organisation otherwise.
ComputeMany = Callable[[list[Organisation], Period], dict[int, Figure | int | float | None]]
_MANY: dict[str, ComputeMany] = {}


def register_many(code: str) -> Callable[[ComputeMany], ComputeMany]:
    """Decorator: `fn(orgs, period) -> {organisation id: value}`, the batch form of `code`.

    It must give, for each organisation, exactly what `value(code, org, period)` gives.
    """

    def wrap(fn: ComputeMany) -> ComputeMany:
        get(code)  # the indicator must be registered first
        _MANY[code] = fn
        return fn

    return wrap


def values_by_org(code: str, orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    """Indicator `code` for each of `orgs` over `period`, by organisation id."""
    many = _MANY.get(code)
    if many is None:
        return {org.pk: value(code, org, period) for org in orgs}
    results = many(orgs, period)
    return {
        org.pk: r if isinstance(r, Figure) else Figure(r)
        for org in orgs
        for r in [results.get(org.pk)]
    }


def records_link(
    url_name: str,
    *,
    org_param: str = "to_chuc",
    year: bool = True,
    day: str | None = None,
    **params: str,
) -> Records:
    """A `records=` function for a list page filtered by organisation (and year or day).

    `year` adds `nam=<the period's year>` when the period lies in one year; `day` adds
    `ngay=dd/mm/yyyy`, the period's last day ("end") or the day before it ("before_start").
    """
    from urllib.parse import urlencode

    from django.urls import reverse

    def link(org: Organisation, period: Period) -> str | None:
        query: dict[str, str] = {org_param: org.code}
        if year:
            if period.start.year != period.end.year:
                return None
            query["nam"] = str(period.end.year)
        if day is not None:
            on = period.end if day == "end" else period.start - dt.timedelta(days=1)
            query["ngay"] = f"{on.day:02d}/{on.month:02d}/{on.year}"
        query.update(params)
        return f"{reverse(url_name)}?{urlencode(query)}"

    return link
