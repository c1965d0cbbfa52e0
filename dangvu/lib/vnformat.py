"""Numbers and dates written the way Vietnamese party documents write them.

"." groups thousands, "," is the decimal mark, counts below 10 take a leading zero in
reports ("02 chi bộ"), and document dates read "ngày 01 tháng 02 năm 2023".
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def _group(digits: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.append(digits[-3:])
        digits = digits[:-3]
    parts.append(digits)
    return ".".join(reversed(parts))


def fmt_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """5136 -> "5.136"; 4.1234 with decimals=2 -> "4,12". None -> "—"."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):.{decimals}f}"
    whole, _, frac = text.partition(".")
    result = _group(whole)
    if frac:
        result += "," + frac
    return sign + result


def fmt_count(value: int | None) -> str:
    """A count as reports write it: below 10 with a leading zero ("02"), else grouped."""
    if value is None:
        return "—"
    if 0 <= value < 10:
        return f"{value:02d}"
    return fmt_number(value)


def fmt_percent(value: float | Decimal | None, decimals: int = 2) -> str:
    """4.1234 -> "4,12%"; trailing zeros after the comma are dropped ("100%", "31,3%")."""
    if value is None:
        return "—"
    text = fmt_number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text + "%"


def fmt_date(value: dt.date | None) -> str:
    """Press style: 30/01/2024."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def fmt_date_long(value: dt.date) -> str:
    """Document style: "ngày 01 tháng 02 năm 2023" (month zero-padded only for 1 and 2)."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def fmt_change(current: float | None, previous: float | None, previous_label: str) -> str:
    """The comparison a report states: "tăng 31,3% so với năm 2022", "giảm 5% so với …",
    "bằng năm 2022". Empty when there is nothing to compare (no previous value, or zero).

    `previous_label` names the earlier period ("năm 2022").
    """
    if current is None or not previous:
        return ""
    change = Decimal(str(100.0 * (current - previous) / previous)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    if change == 0:
        return f"bằng {previous_label}"
    word = "tăng" if change > 0 else "giảm"
    return f"{word} {fmt_percent(abs(change), 1)} so với {previous_label}"


def fmt_quantity(value: int | float | None, noun: str) -> str:
    """A count with its noun, as reports write it: "02 chi bộ", "5.136 đảng viên"."""
    return f"{fmt_count(None if value is None else int(value))} {noun}".strip()
