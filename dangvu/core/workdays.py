"""Working days: Monday to Friday less Vietnam's public holidays and the declared swaps.

Bộ luật Lao động 2019, Điều 112 lists the public holidays (Tết Dương lịch, five days of
Tết Âm lịch, Giỗ Tổ Hùng Vương, 30/4, 1/5, two days of Quốc khánh) and gives a day off in
lieu when one falls on the weekly rest day; the `holidays` package knows them, lunar dates
included. Each year the government also announces compensatory days off and the Saturdays
worked in exchange (ngày nghỉ bù, làm bù); those are the rule `core.declared_days`, which
an administrator extends with a new version (admin → Phiên bản quy định) when they are
announced.

A calendar is read once (the holiday tables per year, the rule's database rows in one
query) and kept in this process until a rule version is saved or deleted, or a new request
starts; a deadline never costs a query per day.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

import holidays

from dangvu.core.rules import register_rule, registered_rules

DECLARED_DAYS = "core.declared_days"

register_rule(
    DECLARED_DAYS,
    "Ngày nghỉ bù và ngày làm bù do Chính phủ công bố (ngoài các ngày lễ, Tết)",
    (
        dt.date(2025, 1, 1),
        {"days_off": ["2025-05-02"], "working_days": ["2025-04-26"]},
        "Thông báo của Bộ Nội vụ năm 2025 về hoán đổi ngày làm việc dịp 30/4–1/5: nghỉ "
        "thứ Sáu 02/5/2025, làm bù thứ Bảy 26/4/2025 (chưa đối chiếu được nguyên văn)",
    ),
    use=(
        "Cộng dồn mọi phiên bản đã có hiệu lực: mỗi phiên bản ghi thêm những ngày nghỉ bù "
        "(days_off) và ngày thứ Bảy, Chủ nhật làm bù (working_days) đã công bố, dạng "
        '"YYYY-MM-DD". Mọi thời hạn tính bằng ngày làm việc (lễ kết nạp trong 30 ngày làm '
        "việc, xét chuyển chính thức, thời hạn giải quyết đơn) bỏ qua thứ Bảy, Chủ nhật, các "
        "ngày lễ, Tết theo Bộ luật Lao động 2019, Điều 112 và các ngày nghỉ bù này, và tính "
        "các ngày làm bù."
    ),
    check=lambda value: _declared_day_errors(value),
)


def _declared_day_errors(value: dict[str, Any]) -> list[str]:
    """Each declared day must be a real date written YYYY-MM-DD, in one list only."""
    errors = []
    seen: dict[str, str] = {}
    for name, label in (("days_off", "ngày nghỉ bù"), ("working_days", "ngày làm bù")):
        for text in value.get(name, []):
            try:
                dt.date.fromisoformat(text)
            except (TypeError, ValueError):
                errors.append(
                    f"«{text}» trong {name} ({label}) không phải một ngày dạng YYYY-MM-DD; "
                    'hãy ghi ví dụ "2026-04-27".'
                )
                continue
            if text in seen and seen[text] != name:
                errors.append(f"Ngày {text} vừa là ngày nghỉ bù vừa là ngày làm bù.")
            seen[text] = name
    return errors


@functools.lru_cache(maxsize=256)
def _public_holidays(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """Vietnam's public holidays of `year` (days off) and its Saturdays worked in exchange."""
    table = holidays.country_holidays("VN", years=year)
    worked = frozenset(d for d in getattr(table, "weekend_workdays", ()) if d.year == year)
    return frozenset(table), worked


@dataclass
class WorkingCalendar:
    """Which days are working days, with the declared swaps known when it was loaded."""

    # (effective from, days off, days worked) of each version of core.declared_days.
    declared: list[tuple[dt.date, frozenset[dt.date], frozenset[dt.date]]] = field(
        default_factory=list
    )

    @classmethod
    def load(cls) -> WorkingCalendar:
        """Read the rule's versions: the shipped ones and the administrator's (one query)."""
        from dangvu.core.models import RuleVersion

        shipped = next(r for r in registered_rules() if r.key == DECLARED_DAYS)
        versions: list[tuple[dt.date, Any]] = [
            (start, value) for start, value, _ in shipped.versions
        ]
        versions += list(
            RuleVersion.objects.filter(key=DECLARED_DAYS).values_list("effective_from", "value")
        )
        # Latest first, so that a later announcement overrides an earlier one for a day.
        versions.sort(key=lambda v: v[0], reverse=True)
        return cls(
            [
                (start, _dates(value, "days_off"), _dates(value, "working_days"))
                for start, value in versions
            ]
        )

    def is_working_day(self, day: dt.date) -> bool:
        off, worked = _public_holidays(day.year)
        for start, declared_off, declared_worked in self.declared:
            # Versions add up: each records what was announced from its date on.
            if start <= day:
                if day in declared_worked:
                    return True
                if day in declared_off:
                    return False
        if day in worked:
            return True
        return day.weekday() < 5 and day not in off

    def add_working_days(self, day: dt.date, days: int) -> dt.date:
        """The date `days` working days after `day` (the day itself not counted)."""
        current = day
        remaining = days
        while remaining > 0:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


def _dates(value: Any, key: str) -> frozenset[dt.date]:
    out: set[dt.date] = set()
    for text in (value or {}).get(key, []) if isinstance(value, dict) else []:
        try:
            out.add(dt.date.fromisoformat(str(text)))
        except ValueError:
            continue  # a malformed date is refused by the admin form; never fatal here
    return frozenset(out)


_cached: WorkingCalendar | None = None


def working_calendar() -> WorkingCalendar:
    """The calendar of this process, loaded on first use (see the module's docstring)."""
    global _cached
    if _cached is None:
        _cached = WorkingCalendar.load()
    return _cached


def forget_calendar(*args: Any, **kwargs: Any) -> None:
    """Drop the loaded calendar (a rule version changed, or a new request began)."""
    global _cached
    _cached = None
