"""Dates as the domain sees them: local today, open-ended validity, working days."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

# Open-ended validity is stored as this date rather than NULL, so that "valid at D" is
# the plain indexed comparison valid_from <= D < valid_to on every database.
FOREVER = dt.date(9999, 12, 31)


def today() -> dt.date:
    """Today's date in the installation's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day-of-month `months` later, clamped to the month's end (31/01 + 1 -> 28/02)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def add_working_days(day: dt.date, days: int) -> dt.date:
    """`days` working days after `day`: Monday to Friday less Vietnam's public holidays
    (Tết included, Bộ luật Lao động 2019, Điều 112) and the declared days off, plus the
    Saturdays worked in exchange (see `dangvu.core.workdays`)."""
    from dangvu.core.workdays import working_calendar

    return working_calendar().add_working_days(day, days)


def full_years_between(start: dt.date, end: dt.date) -> int:
    """Whole years from start to end (a birthday on 29/02 counts on 28/02 in other years)."""
    years = end.year - start.year
    if add_years(start, years) > end:
        years -= 1
    return years
