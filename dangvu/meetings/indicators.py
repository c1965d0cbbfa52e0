"""Indicators of cell meetings (`meetings.*`), from `dangvu.meetings.queries.tallies`.

A meeting counts in the subtree where its organisation stood on the meeting's day; only
live meetings count. Within a `registry.computation` (the annual report, the home page)
the indicators of one organisation and period share one tally; the batch forms give many
organisations at once in the same number of queries.

- `meetings.held`: meetings held, by kind; `meetings.thematic`: thematic meetings, by the
  group of the organisation that met.
- `meetings.attendance_rate`: the sum of those present over the sum of those required
  (guests and members exempted not counted), by group.
- `meetings.unexcused_members`: members absent without reason at least once, by their
  number of distinct months (the Statute's threshold last).
- `meetings.months_missed`: months a cell went without a meeting (cells × whole months).
- `meetings.held.pct_change`: the change on the year before.
"""

from __future__ import annotations

from collections.abc import Callable

from dangvu.meetings import queries
from dangvu.orgs.models import Organisation
from dangvu.reports.registry import (
    Figure,
    Period,
    memo,
    records_link,
    register,
    register_many,
    register_pct_change,
)

OWNER = "meetings"
_QUALITY = records_link("meetings:quality")
_DUE = records_link("meetings:due", year=False)


def stats_many(orgs: list[Organisation], period: Period) -> dict[int, queries.Stats]:
    key = ("meetings.tallies", tuple(o.pk for o in orgs), period)
    return memo(key, lambda: queries.tallies(orgs, period))


Measure = Callable[[queries.Stats, Period], Figure]


def _groups(values: dict[str, float | int | None]) -> dict[str, float | int]:
    return {
        queries.GROUPS[g]: round(v, 1) if isinstance(v, float) else v
        for g, v in values.items()
        if v
    }


def _held(s: queries.Stats, period: Period) -> Figure:
    return Figure(
        s.held,
        {queries.KIND_LABELS[k]: s.meetings[k] for k in queries.KIND_LABELS if s.meetings[k]},
    )


def _thematic(s: queries.Stats, period: Period) -> Figure:
    return Figure(s.thematic, _groups(dict(s.thematic_by_group)))


def _rate(s: queries.Stats, period: Period) -> Figure:
    return Figure(s.rate, _groups({g: s.group_rate(g) for g in s.required_by_group}))


def _unexcused(s: queries.Stats, period: Period) -> Figure:
    threshold = int(queries.rule_on("meetings.removal", period.end)["months"])
    return Figure(s.absentees(), s.absentees_by_months(threshold))


def _missed(s: queries.Stats, period: Period) -> Figure:
    return Figure(s.months_missed)


def _define(
    code: str,
    label: str,
    unit: str,
    definition: str,
    measure: Measure,
    *,
    additive: bool = True,
    records: Callable[[Organisation, Period], str | None] | None = _QUALITY,
) -> None:
    def compute(org: Organisation, period: Period) -> Figure:
        return measure(stats_many([org], period)[org.pk], period)

    def compute_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
        found = stats_many(orgs, period)
        return {pk: measure(s, period) for pk, s in found.items()}

    register(code, label, unit, definition, owner=OWNER, additive=additive, records=records)(
        compute
    )
    register_many(code)(compute_many)


PLACED = "tính theo vị trí của tổ chức đảng vào ngày sinh hoạt; không tính buổi đã hủy"

_define(
    "meetings.held",
    "Buổi sinh hoạt chi bộ",
    "buổi",
    f"Số buổi sinh hoạt của chi bộ, đảng bộ trong kỳ ({PLACED}); chi tiết theo hình thức "
    "(thường kỳ, chuyên đề, bất thường).",
    _held,
)
_define(
    "meetings.thematic",
    "Buổi sinh hoạt chuyên đề",
    "buổi",
    f"Số buổi sinh hoạt chuyên đề trong kỳ ({PLACED}); chi tiết theo loại tổ chức đã sinh hoạt.",
    _thematic,
)
_define(
    "meetings.attendance_rate",
    "Tỷ lệ đảng viên dự sinh hoạt",
    "%",
    f"Tổng số đảng viên có mặt so với tổng số đảng viên phải dự của các buổi sinh hoạt trong "
    f"kỳ ({PLACED}); không tính đảng viên được miễn sinh hoạt, đảng viên sinh hoạt tạm thời "
    "nơi khác và đảng viên nơi khác đến sinh hoạt tạm thời; chi tiết theo loại tổ chức.",
    _rate,
    additive=False,
)
_define(
    "meetings.unexcused_members",
    "Đảng viên vắng sinh hoạt không lý do",
    "đảng viên",
    f"Số đảng viên vắng mặt không có lý do ít nhất một buổi sinh hoạt trong kỳ ({PLACED}); "
    "chi tiết theo số tháng khác nhau có buổi vắng không lý do, mức cuối là ngưỡng xem xét "
    "xóa tên theo Điều lệ Đảng (quy định meetings.removal).",
    _unexcused,
    additive=False,
    records=_DUE,
)
_define(
    "meetings.months_missed",
    "Tháng chi bộ không sinh hoạt",
    "chi bộ-tháng",
    "Tổng số tháng trọn trong kỳ mà một chi bộ (chi bộ trực thuộc, chi bộ cơ sở) có tên suốt "
    "tháng không có buổi sinh hoạt thường kỳ (hoặc chuyên đề) nào được ghi; mỗi chi bộ tính "
    "theo vị trí vào ngày cuối tháng.",
    _missed,
)
register_pct_change("meetings.held", "Buổi sinh hoạt chi bộ so với năm trước")

__all__ = ["stats_many"]
