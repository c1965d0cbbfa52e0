"""Indicators of the annual quality rating: members and organisations by grade.

A rating is of a year: a period counts the years that end in it (a year's period counts
that year; a quarter that does not hold 31 December counts none). Each figure comes from
`dangvu.rating.queries.tallies` (a fixed number of queries whatever the number of members);
the batch forms give many organisations at once in the same number. Within a
`registry.computation` (the annual report, the home page) the indicators of one
organisation and year share one tally.

- `rating.members.<grade>`: members graded so (live, decided), placed by their cell on the
  rating's day; `rating.members.<grade>_rate`: their share of the members graded (%).
- `rating.members.not_rated`: members not rated with a reason the rules give (by reason);
  `rating.members.unrated`: members on the books during the year with neither a grade nor
  a reason yet.
- `rating.orgs.*`: the same for organisations (grassroots organisations, cells and
  sub-committees), broken down by kind.
- Year on year: `<code>.pct_change` for each count, from the registry's previous period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dangvu.orgs.models import Organisation
from dangvu.rating import queries
from dangvu.rating.models import Grade, NotRatedReason
from dangvu.reports.registry import (
    Figure,
    Period,
    memo,
    records_link,
    register,
    register_many,
    register_pct_change,
)

OWNER = "rating"
_BY_GRADE = records_link("rating:by_grade")
_DUE = records_link("rating:due")

# code suffix -> grade
GRADE_CODES: dict[str, str] = {
    "excellent": Grade.EXCELLENT,
    "good": Grade.GOOD,
    "completed": Grade.COMPLETED,
    "not_completed": Grade.NOT_COMPLETED,
}


def years(period: Period) -> list[int]:
    """The years whose last day falls in the period."""
    return [
        y
        for y in range(period.start.year, period.end.year + 1)
        if period.start <= dt.date(y, 12, 31) <= period.end
    ]


def _sum(found: list[queries.Results]) -> queries.Results:
    whole = queries.Results()
    for r in found:
        whole.add(r)
    return whole


def results_many(
    orgs: list[Organisation], period: Period, *, members: bool, organisations: bool
) -> dict[int, queries.Results]:
    # Within one report's computation every rating indicator of an organisation and year
    # shares one tally (the counts, the shares, the change on the year before).
    key = ("rating.tallies", tuple(org.pk for org in orgs), members, organisations)
    per_year = [
        memo(
            (*key, y),
            lambda y=y: queries.tallies(orgs, y, members=members, organisations=organisations),
        )
        for y in years(period)
    ]
    return {org.pk: _sum([found[org.pk] for found in per_year]) for org in orgs}


Measure = Callable[[queries.Results], Figure]


def _members_count(grade: str) -> Measure:
    return lambda r: Figure(r.members.count(grade))


def _members_rate(grade: str) -> Measure:
    return lambda r: Figure(r.members.rate(grade))


def _groups(r: queries.Results, fn: Callable[[queries.Tally], float | int | None]) -> dict:
    found: dict[str, float | int] = {}
    for key, label in queries.ORG_GROUPS.items():
        if key in r.orgs:
            v = fn(r.orgs[key])
            if v is not None:
                found[label] = round(v, 1) if isinstance(v, float) else v
    return found


def _orgs_count(grade: str) -> Measure:
    return lambda r: Figure(r.org_total.count(grade), _groups(r, lambda t: t.count(grade)))


def _orgs_rate(grade: str) -> Measure:
    return lambda r: Figure(r.org_total.rate(grade), _groups(r, lambda t: t.rate(grade)))


def _reasons(t: queries.Tally) -> dict[str, float | int]:
    return dict(t.reasons())


def _define(
    code: str,
    label: str,
    unit: str,
    definition: str,
    measure: Measure,
    *,
    members: bool,
    additive: bool = True,
    records: Callable[[Organisation, Period], str | None] | None = None,
) -> None:
    def compute(org: Organisation, period: Period) -> Figure:
        found = results_many([org], period, members=members, organisations=not members)
        return measure(found[org.pk])

    def compute_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
        found = results_many(orgs, period, members=members, organisations=not members)
        return {pk: measure(r) for pk, r in found.items()}

    register(code, label, unit, definition, owner=OWNER, additive=additive, records=records)(
        compute
    )
    register_many(code)(compute_many)


def _grade_records(grade: str) -> Callable[[Organisation, Period], str | None]:
    return records_link("rating:by_grade", xep_loai=grade)


PLACED = (
    "xếp loại (còn hiệu lực, đã có quyết định) cho các năm kết thúc trong kỳ, tính cho chi bộ "
    "của đảng viên vào ngày chốt xếp loại"
)
ORGS_PLACED = (
    "xếp loại (còn hiệu lực, đã có quyết định) cho các năm kết thúc trong kỳ, theo vị trí của "
    "tổ chức vào ngày chốt xếp loại; chi tiết theo loại tổ chức (tổ chức cơ sở đảng, chi bộ "
    "trực thuộc, đảng bộ bộ phận)"
)

for suffix, grade in GRADE_CODES.items():
    label = Grade(grade).label
    _define(
        f"rating.members.{suffix}",
        f"Đảng viên {label[0].lower()}{label[1:]}",
        "đảng viên",
        f"Số đảng viên được {PLACED}, mức «{label}».",
        _members_count(grade),
        members=True,
        records=_grade_records(grade),
    )
    _define(
        f"rating.members.{suffix}_rate",
        f"Tỷ lệ đảng viên {label[0].lower()}{label[1:]}",
        "%",
        f"Số đảng viên xếp loại «{label}» so với tổng số đảng viên được xếp loại (có mức "
        "xếp loại) cho các năm kết thúc trong kỳ (%); trống khi chưa ai được xếp loại.",
        _members_rate(grade),
        members=True,
        additive=False,
    )
    _define(
        f"rating.orgs.{suffix}",
        f"Tổ chức đảng {label[0].lower()}{label[1:]}",
        "tổ chức",
        f"Số tổ chức đảng được {ORGS_PLACED}, mức «{label}».",
        _orgs_count(grade),
        members=False,
    )
    _define(
        f"rating.orgs.{suffix}_rate",
        f"Tỷ lệ tổ chức đảng {label[0].lower()}{label[1:]}",
        "%",
        f"Số tổ chức đảng xếp loại «{label}» so với tổng số tổ chức đảng được xếp loại cho "
        "các năm kết thúc trong kỳ (%); chi tiết theo loại tổ chức.",
        _orgs_rate(grade),
        members=False,
        additive=False,
    )

_define(
    "rating.members.graded",
    "Đảng viên được xếp loại",
    "đảng viên",
    f"Số đảng viên được {PLACED}, mọi mức; chi tiết theo mức xếp loại.",
    lambda r: Figure(r.members.graded, {label: n for _c, label, n, _p in r.members.grades() if n}),
    members=True,
    records=_BY_GRADE,
)
_define(
    "rating.members.not_rated",
    "Đảng viên không xếp loại",
    "đảng viên",
    "Số đảng viên có tên trong năm được ghi không xếp loại với lý do theo quy định (miễn "
    "công tác và sinh hoạt, mới kết nạp, nghỉ dài ngày…) cho các năm kết thúc trong kỳ; "
    "chi tiết theo lý do.",
    lambda r: Figure(r.members.not_rated_total, _reasons(r.members)),
    members=True,
)
_define(
    "rating.members.unrated",
    "Đảng viên chưa đánh giá, xếp loại",
    "đảng viên",
    "Số đảng viên có tên trong phạm vi trong năm (tính theo ngày cuối cùng có tên trong năm) "
    "chưa có quyết định xếp loại, cũng không có lý do không xếp loại, cho các năm kết thúc "
    "trong kỳ.",
    lambda r: Figure(r.members.unrated),
    members=True,
    records=_DUE,
)
_define(
    "rating.orgs.graded",
    "Tổ chức đảng được xếp loại",
    "tổ chức",
    f"Số tổ chức đảng được {ORGS_PLACED}, mọi mức.",
    lambda r: Figure(r.org_total.graded, _groups(r, lambda t: t.graded)),
    members=False,
)
_define(
    "rating.orgs.not_rated",
    "Tổ chức đảng không xếp loại",
    "tổ chức",
    "Số tổ chức đảng được ghi không xếp loại với lý do theo quy định (mới thành lập…) cho "
    "các năm kết thúc trong kỳ; chi tiết theo loại tổ chức.",
    lambda r: Figure(r.org_total.not_rated_total, _groups(r, lambda t: t.not_rated_total)),
    members=False,
)
_define(
    "rating.orgs.unrated",
    "Tổ chức đảng chưa đánh giá, xếp loại",
    "tổ chức",
    "Số tổ chức đảng (tổ chức cơ sở đảng, chi bộ trực thuộc, đảng bộ bộ phận) có trong "
    "phạm vi trong năm (tính theo ngày cuối cùng tồn tại trong năm) chưa có quyết định xếp "
    "loại, cũng không có lý do không xếp loại; chi tiết theo loại tổ chức.",
    lambda r: Figure(r.org_total.unrated, _groups(r, lambda t: t.unrated)),
    members=False,
)

for suffix, grade in GRADE_CODES.items():
    label = Grade(grade).label
    register_pct_change(
        f"rating.members.{suffix}", f"Đảng viên {label[0].lower()}{label[1:]} so với năm trước"
    )
    register_pct_change(
        f"rating.orgs.{suffix}", f"Tổ chức đảng {label[0].lower()}{label[1:]} so với năm trước"
    )

__all__ = ["GRADE_CODES", "NotRatedReason", "years"]
