"""Indicators of party congresses: congresses held, terms ended without a congress, and
the progress of the congress season.

- `congresses.held`: live congresses held (results recorded) opening in the period,
  placed by their organisation's position on the opening day; by level (the
  organisation's kind that day). `congresses.held_grassroots`: those of grassroots
  organisations, by form (congress of delegates, of all members).
- `congresses.ended_without`: terms whose due day falls in the period that no congress had
  ended by the period's end, placed by the organisation's position on the due day; by kind.
- `congresses.season.held`, `.scheduled`, `.not_scheduled`: the grassroots organisations of
  the subtree on the period's last day by the state of their regular congress of the
  season the period's year prepares or holds (`queries.season_year`: 2024 and 2025 -> the
  2025–2030 term): held, planned with a date, not yet planned; by kind.

Each has a batch form giving many organisations in the same few statements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from urllib.parse import urlencode

from django.urls import reverse

from dangvu.congresses import queries
from dangvu.congresses.models import CongressForm
from dangvu.orgs.kinds import GRASSROOTS_KINDS, OrgKind
from dangvu.orgs.models import Organisation
from dangvu.reports.registry import Figure, Period, memo, register, register_many

OWNER = "congresses"


def _kind_label(kind: object) -> str:
    return OrgKind(kind).label if kind in OrgKind.values else str(kind or "Không rõ")


def _form_label(form: object) -> str:
    return CongressForm(form).label if form in CongressForm.values else str(form)


def _figure(found: Counter[Hashable], label: Callable[[Hashable], str]) -> Figure:
    breakdown: dict[str, float | int] = {}
    for key, n in sorted(found.items(), key=lambda kv: str(kv[0])):
        if n:
            name = label(key)
            breakdown[name] = breakdown.get(name, 0) + n
    return Figure(sum(found.values()), breakdown)


def _held(orgs: list[Organisation], period: Period) -> dict[int, Counter[Hashable]]:
    key = ("congresses.held", tuple(o.pk for o in orgs), period)
    return memo(key, lambda: queries.held_counts(orgs, period))


def _held_all(found: Counter[Hashable]) -> Figure:
    by_level: Counter[Hashable] = Counter()
    for (level, _form), n in found.items():  # type: ignore[misc]
        by_level[level] += n
    return _figure(by_level, _kind_label)


def _held_grassroots(found: Counter[Hashable]) -> Figure:
    by_form: Counter[Hashable] = Counter()
    for (level, form), n in found.items():  # type: ignore[misc]
        if level in GRASSROOTS_KINDS:
            by_form[form] += n
    return _figure(by_form, _form_label)


def _ended(orgs: list[Organisation], period: Period) -> dict[int, Counter[Hashable]]:
    key = ("congresses.ended_without", tuple(o.pk for o in orgs), period)
    return memo(key, lambda: queries.ended_without_counts(orgs, period))


def _season(orgs: list[Organisation], period: Period) -> dict[int, Counter[tuple[str, str]]]:
    first = queries.season_year(period.end.year)
    kinds = queries.LEVELS["co-so"][1]
    key = ("congresses.season", tuple(o.pk for o in orgs), period.end, first)
    return memo(key, lambda: queries.season_counts(orgs, period.end, first, kinds))


def _in_state(state: str) -> Callable[[Counter[tuple[str, str]]], Figure]:
    def measure(found: Counter[tuple[str, str]]) -> Figure:
        mine: Counter[Hashable] = Counter()
        for (s, kind), n in found.items():
            if s == state:
                mine[kind] += n
        return _figure(mine, _kind_label)

    return measure


def season_url(org: Organisation, period: Period) -> str | None:
    """The progress table of the season the period's year prepares or holds."""
    label = queries.season_label(queries.season_year(period.end.year))
    query = urlencode({"to_chuc": org.code, "nhiem_ky": label, "cap": "co-so"})
    return f"{reverse('congresses:progress')}?{query}"


def due_url(org: Organisation, period: Period) -> str | None:
    """The due page's list of the terms of the period's year ended without a congress."""
    if period.start.year != period.end.year:
        return None
    query = urlencode({"to_chuc": org.code, "nam": period.end.year})
    return f"{reverse('congresses:due')}?{query}#het-nhiem-ky"


def _define(
    code: str,
    label: str,
    unit: str,
    definition: str,
    source: Callable[[list[Organisation], Period], dict[int, Counter]],  # type: ignore[type-arg]
    measure: Callable[[Counter], Figure],  # type: ignore[type-arg]
    records: Callable[[Organisation, Period], str | None] | None = None,
) -> None:
    def compute(org: Organisation, period: Period) -> Figure:
        return measure(source([org], period)[org.pk])

    def compute_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
        found = source(orgs, period)
        return {o.pk: measure(found[o.pk]) for o in orgs}

    register(code, label, unit, definition, owner=OWNER, records=records)(compute)
    register_many(code)(compute_many)


_define(
    "congresses.held",
    "Đại hội đảng đã tổ chức",
    "đại hội",
    "Số đại hội đảng (còn hiệu lực, đã ghi kết quả) khai mạc trong kỳ, theo vị trí của tổ "
    "chức đảng ngày khai mạc; chi tiết theo cấp (loại tổ chức đảng ngày khai mạc).",
    _held,
    _held_all,
)
_define(
    "congresses.held_grassroots",
    "Đại hội đảng bộ, chi bộ cơ sở đã tổ chức",
    "đại hội",
    "Số đại hội của tổ chức cơ sở đảng (đảng bộ cơ sở, chi bộ cơ sở) còn hiệu lực, đã ghi "
    "kết quả, khai mạc trong kỳ, theo vị trí ngày khai mạc; chi tiết theo hình thức (đại hội "
    "đại biểu, đại hội đảng viên).",
    _held,
    _held_grassroots,
)
_define(
    "congresses.ended_without",
    "Tổ chức đảng hết nhiệm kỳ chưa tổ chức đại hội",
    "tổ chức",
    "Số nhiệm kỳ (còn hiệu lực) có hạn tổ chức đại hội nhiệm kỳ sau trong kỳ mà đến ngày cuối "
    "kỳ chưa có đại hội nào được tổ chức, theo vị trí của tổ chức đảng ngày đến hạn; chi "
    "tiết theo loại tổ chức đảng.",
    _ended,
    lambda found: _figure(found, _kind_label),
    due_url,
)
SEASON = (
    "tổ chức cơ sở đảng trong phạm vi vào ngày cuối kỳ, theo đại hội thường lệ của nhiệm kỳ "
    "mà năm của kỳ chuẩn bị hoặc tiến hành (năm 2024 và 2025: nhiệm kỳ 2025–2030; đại hội "
    "khớp theo năm đầu nhiệm kỳ)"
)
_define(
    "congresses.season.held",
    "Tổ chức cơ sở đảng đã đại hội nhiệm kỳ mới",
    "tổ chức",
    f"Số {SEASON} đã tổ chức đại hội (đã ghi kết quả); chi tiết theo loại tổ chức.",
    _season,
    _in_state(queries.HELD),
    season_url,
)
_define(
    "congresses.season.scheduled",
    "Tổ chức cơ sở đảng đã có kế hoạch đại hội nhiệm kỳ mới",
    "tổ chức",
    f"Số {SEASON} đã có kế hoạch đại hội (ngày khai mạc dự kiến) nhưng chưa tổ chức; chi "
    "tiết theo loại tổ chức.",
    _season,
    _in_state(queries.SCHEDULED),
    season_url,
)
_define(
    "congresses.season.not_scheduled",
    "Tổ chức cơ sở đảng chưa có kế hoạch đại hội nhiệm kỳ mới",
    "tổ chức",
    f"Số {SEASON} chưa có đại hội nào được ghi (kể cả kế hoạch); chi tiết theo loại tổ chức.",
    _season,
    _in_state(queries.NOT_SCHEDULED),
    season_url,
)
