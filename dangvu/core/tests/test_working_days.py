"""Working days skip Vietnam's public holidays (Bộ luật Lao động 2019, Điều 112), Tết
included, and the compensatory days off and Saturdays worked that the government announces
(rule `core.declared_days`, extended by an administrator)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import holidays
import pytest

from dangvu.core.dates import add_working_days
from dangvu.core.models import RuleVersion
from dangvu.core.workdays import DECLARED_DAYS, forget_calendar, working_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    # A rolled-back test leaves no row; the process's calendar must not keep it either.
    forget_calendar()
    yield
    forget_calendar()


@pytest.mark.parametrize("year", [2019, 2021, 2023, 2024, 2025, 2026, 2027])
def test_every_public_holiday_of_the_labour_code_is_not_a_working_day(year: int) -> None:
    """Điều 112: Tết Dương lịch, Tết Âm lịch (five days), Giỗ Tổ Hùng Vương (10/3 âm lịch),
    30/4, 1/5, Quốc khánh (two days), and the day in lieu of one falling on a rest day."""
    calendar = working_calendar()
    days = holidays.country_holidays("VN", years=year)
    names = {name for name in days.values()}
    assert any("Lunar New Year" in n for n in names) and any("Hung Kings" in n for n in names)
    for day in days:
        assert not calendar.is_working_day(day), day
        # The day before a holiday that falls on a weekday: the next working day is past it.
        if day.weekday() < 5:
            after = add_working_days(day - dt.timedelta(days=1), 1)
            assert after > day and after not in days


def test_a_deadline_across_tet_skips_the_lunar_new_year_holidays() -> None:
    """Tết Ất Tỵ 2025: 27/01 to 31/01 are holidays; one working day after Friday 24/01 is
    Monday 03/02, and 30 working days after it reach 10 days further than Monday to Friday."""
    assert add_working_days(dt.date(2025, 1, 24), 1) == dt.date(2025, 2, 3)
    # 30 working days from Friday 17/01/2025: Monday-Friday alone would give 28/02.
    assert add_working_days(dt.date(2025, 1, 17), 30) == dt.date(2025, 3, 7)


def test_declared_swap_of_2025_moves_the_day_off_and_the_saturday_worked() -> None:
    """Nghỉ thứ Sáu 02/5/2025, làm bù thứ Bảy 26/4/2025 (the shipped version of the rule)."""
    calendar = working_calendar()
    assert calendar.is_working_day(dt.date(2025, 4, 26))
    assert not calendar.is_working_day(dt.date(2025, 5, 2))
    assert add_working_days(dt.date(2025, 4, 25), 1) == dt.date(2025, 4, 26)
    assert add_working_days(dt.date(2025, 4, 29), 1) == dt.date(2025, 5, 5)


def test_an_administrator_adds_the_days_announced_for_a_new_year() -> None:
    """A new version adds to the earlier ones: the 2025 swap still holds."""
    assert add_working_days(dt.date(2026, 1, 1), 1) == dt.date(2026, 1, 2)
    RuleVersion.objects.create(
        key=DECLARED_DAYS,
        effective_from=dt.date(2026, 1, 1),
        value={"days_off": ["2026-01-02"], "working_days": ["2026-01-10"]},
        note="Thông báo nghỉ Tết Dương lịch 2026",
    )
    assert add_working_days(dt.date(2026, 1, 1), 1) == dt.date(2026, 1, 5)
    assert add_working_days(dt.date(2026, 1, 9), 1) == dt.date(2026, 1, 10)
    assert not working_calendar().is_working_day(dt.date(2025, 5, 2))


def test_a_long_deadline_reads_the_declared_days_once(
    django_assert_max_num_queries: object,
) -> None:
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        for start in (dt.date(2024, 1, 2), dt.date(2025, 6, 1), dt.date(2026, 12, 1)):
            add_working_days(start, 250)
