"""Fields shared by the apps: model fields, and the limits of every form field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models


class BytewiseCharField(models.CharField):
    """A CharField compared and sorted byte by byte on every database.

    Prefix searches are then ranges of an ordinary index (`low <= value < high`), read in
    index order, which only holds under bytewise ordering: PostgreSQL's default collation
    may ignore spaces and punctuation, so the column gets the "C" collation there. SQLite
    compares bytes already.
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def prefix_range(prefix: str) -> tuple[str, str]:
    """The [low, high) bounds of the values that start with `prefix`, bytewise."""
    if not prefix:
        raise ValueError("an empty prefix has no range")
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


# --- limits of every form field -------------------------------------------------------
#
# Forms declare their fields with Django's classes; `limit_fields` gives each one the
# bounds that no field of this domain may exceed, unless the field already says tighter
# ones. Junk is then refused by the form, in Vietnamese, before any action sees it (no
# OverflowError from a 30-digit number, no 1800 or 9999 dates, no 100,000-character text).

PARTY_FOUNDED = dt.date(1930, 2, 3)
EARLIEST_BIRTH = dt.date(1900, 1, 1)
# Youngest age at which a person appears in the records (candidates, cadres); the 18
# years at admission are judged by the member actions.
YOUNGEST_AGE = 16
# How far ahead a planned date (a deadline, an end date, an "until") may lie.
FUTURE_YEARS = 10
# A one-line text without its own limit, and a multi-line one (notes, conclusions).
LINE_MAX = 255
TEXT_MAX = 10_000
# Counts of people, documents, organisations: never negative, never beyond a million.
COUNT_MAX = 1_000_000


def _fmt(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass(frozen=True)
class DateRange:
    """A validator: the date lies between `earliest` and `latest` (callables: today moves)."""

    earliest: Callable[[], dt.date]
    latest: Callable[[], dt.date]
    what: str = "Ngày"

    def __call__(self, value: dt.date | None) -> None:
        if value is None:
            return
        low, high = self.earliest(), self.latest()
        if value < low:
            raise ValidationError(
                f"{self.what} {_fmt(value)} không hợp lý: chỉ nhận từ {_fmt(low)} trở đi.",
                code="date_range",
            )
        if value > high:
            raise ValidationError(
                f"{self.what} {_fmt(value)} ở tương lai, không hợp lý: chỉ nhận đến {_fmt(high)}.",
                code="date_range",
            )


@dataclass(frozen=True)
class IntRange:
    """A validator: the number lies between `low` and `high`."""

    low: int
    high: int

    def __call__(self, value: int | None) -> None:
        if value is None or self.low <= value <= self.high:
            return
        shown = value if abs(value) < 10**12 else ("quá lớn" if value > 0 else "quá nhỏ")
        negative = " (không thể là số âm)" if value < 0 <= self.low else ""
        raise ValidationError(
            f"Số {shown} không hợp lý{negative}: chỉ nhận từ {self.low} đến {self.high}.",
            code="int_range",
        )


def date_range_for(name: str) -> DateRange:
    """The plausible dates of a field, by what its name says it holds.

    Birth dates: from 1900 to 16 years ago. Decision dates: from the Party's founding
    (03/02/1930) to today. Any other date: from the founding to ten years ahead (a
    deadline, a planned end).
    """
    from dangvu.core.dates import add_years, today

    if name.endswith("birth_date"):
        return DateRange(
            lambda: EARLIEST_BIRTH, lambda: add_years(today(), -YOUNGEST_AGE), "Ngày sinh"
        )
    if name.endswith("decision_date"):
        return DateRange(lambda: PARTY_FOUNDED, today, "Ngày quyết định")
    return DateRange(lambda: PARTY_FOUNDED, lambda: add_years(today(), FUTURE_YEARS))


def year_range() -> tuple[int, int]:
    """Plausible years of a record: from the Party's founding to ten years ahead."""
    from dangvu.core.dates import today

    return PARTY_FOUNDED.year, today().year + FUTURE_YEARS


def limit_fields(form: forms.BaseForm) -> None:
    """Give every field of `form` the domain's bounds, unless it declares its own."""
    for name, f in form.fields.items():
        if getattr(f, "_limited", False):
            continue
        f._limited = True  # type: ignore[attr-defined]
        if isinstance(f, forms.DateTimeField):
            continue
        if isinstance(f, forms.DateField):
            f.validators.append(date_range_for(name))
        elif isinstance(f, forms.IntegerField):
            low, high = year_range() if "year" in name else (0, COUNT_MAX)
            low = low if f.min_value is None else f.min_value
            high = high if f.max_value is None else f.max_value
            # One message for both bounds, in place of Django's two.
            f.validators = [
                v
                for v in f.validators
                if not isinstance(v, validators.MinValueValidator | validators.MaxValueValidator)
            ]
            f.validators.append(IntRange(low, high))
            f.widget.attrs.setdefault("min", str(low))
            f.widget.attrs.setdefault("max", str(high))
        elif isinstance(f, forms.CharField) and f.max_length is None:
            f.max_length = TEXT_MAX if isinstance(f.widget, forms.Textarea) else LINE_MAX
            f.validators.append(MaxLength(f.max_length))
            f.widget.attrs.setdefault("maxlength", str(f.max_length))


@dataclass(frozen=True)
class MaxLength:
    """A validator: at most `limit` characters, said in Vietnamese."""

    limit: int

    def __call__(self, value: str | None) -> None:
        if value is not None and len(value) > self.limit:
            raise ValidationError(
                f"Nội dung dài {len(value)} ký tự; chỉ nhận tối đa {self.limit} ký tự.",
                code="max_length",
            )


def checked_text(value: str, *, field: str, what: str, limit: int = TEXT_MAX) -> str:
    """`value` if it fits in `limit` characters and holds no null character, else a
    DomainError naming `what`. For actions that take text straight from a request."""
    from dangvu.core.errors import DomainError

    if "\x00" in value:
        raise DomainError(f"{what} có ký tự rỗng (mã 0); hãy gõ lại.", field=field)
    if len(value) > limit:
        raise DomainError(
            f"{what} dài {len(value)} ký tự; chỉ nhận tối đa {limit} ký tự.", field=field
        )
    return value
