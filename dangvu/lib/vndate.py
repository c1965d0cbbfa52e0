"""Dates as people here type them: day first, whatever the browser's language.

One reader for every place a date arrives as text (form fields, list filters, the as-of
picker, imported sheets), so that they all accept the same forms:

    31/12/2024   31-12-2024   31.12.2024   31 12 2024   1/2/2024   31122024
    2024-12-31   (ISO: links and old bookmarks; also 2024/12/31)

An optional time after the date ("05/03/1990 00:00:00", "2024-12-31T08:00") is ignored,
as spreadsheets write one. A two-digit year is refused (which century?), and so is a
date that does not exist, with what is wrong in words.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dangvu.lib.text import clean

EXAMPLE = "31/12/2024"
# Longer than any date with a time; junk beyond it is not worth a regular expression.
_LONGEST = 40

_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
_AROUND_SEPARATOR = re.compile(r" ?([/.\-]) ?")
_DMY = re.compile(r"([0-9]{1,2})([/.\- ])([0-9]{1,2})\2([0-9]{4})" + _TIME)
_YMD = re.compile(r"([0-9]{4})([/.\-])([0-9]{1,2})\2([0-9]{1,2})" + _TIME)
_COMPACT = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")
_SHORT_YEAR = re.compile(r"[0-9]{1,2}([/.\- ])[0-9]{1,2}\1[0-9]{2}|[0-9]{6}")


class DateTextError(ValueError):
    """Text that is not a date; the message says why, in Vietnamese."""

    @property
    def message(self) -> str:
        return str(self.args[0])


class UnreadableDate(DateTextError):
    """Not written as a date at all."""


class ShortYear(DateTextError):
    """Day and month with a two-digit year."""


class ImpossibleDate(DateTextError):
    """Written as a date, but no such day exists (31/02, month 13, day 0)."""


def parse_vn_date(value: str | None) -> dt.date:
    """The date written in `value`, day first (see the module's docstring).

    Raises UnreadableDate, ShortYear or ImpossibleDate (all ValueError) with a message in
    Vietnamese that says what to type.
    """
    text = clean(value)
    if not text or len(text) > _LONGEST:
        raise UnreadableDate(
            f"Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ {EXAMPLE}." if text else "Chưa có ngày."
        )
    text = _AROUND_SEPARATOR.sub(r"\1", text)
    if match := _DMY.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _YMD.fullmatch(text):
        year, month, day = int(match[1]), int(match[3]), int(match[4])
    elif match := _COMPACT.fullmatch(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif _SHORT_YEAR.fullmatch(text):
        raise ShortYear(f"Năm phải ghi đủ 4 chữ số, ví dụ {EXAMPLE}.")
    else:
        raise UnreadableDate(f"Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ {EXAMPLE}.")
    return checked_date(year, month, day)


def checked_date(year: int, month: int, day: int) -> dt.date:
    """The date, or ImpossibleDate saying which part does not exist."""
    shown = f"Ngày {day:02d}/{month:02d}/{year:04d} không tồn tại"
    if year < 1:
        raise ImpossibleDate(f"{shown}: không có năm 0.")
    if not 1 <= month <= 12:
        if month > 12 and 1 <= day <= 12:
            raise ImpossibleDate(
                f"{shown} (có thể đã ghi tháng trước ngày): một năm chỉ có 12 tháng; "
                f"hãy ghi ngày/tháng/năm, ví dụ {month:02d}/{day:02d}/{year:04d}."
            )
        raise ImpossibleDate(f"{shown}: tháng phải từ 1 đến 12.")
    days = calendar.monthrange(year, month)[1]
    if day < 1:
        raise ImpossibleDate(f"{shown}: ngày phải từ 1 đến {days}.")
    if day > days:
        raise ImpossibleDate(f"{shown}: tháng {month} năm {year} chỉ có {days} ngày.")
    return dt.date(year, month, day)
