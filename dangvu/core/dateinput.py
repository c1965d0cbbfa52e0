"""The one date input of the application: day first (dd/mm/yyyy) in every browser.

A browser's own date picker (`<input type="date">`) shows and reads dates in the
browser's language: on an English browser 4 December reads 12/04. So every date is a text
input that shows dd/mm/yyyy and reads what clerks type (see `dangvu.lib.vndate`: 31/12/2024,
31-12-2024, 31.12.2024, 31122024, 1/2/2024, and ISO 2024-12-31 from links).

- `VNDateInput`: the widget (text, numeric keypad, placeholder dd/mm/yyyy). It carries
  `data-date-input`, by which app.js writes out "31122024" as "31/12/2024" on leaving it.
- `VNDateField`: the form field; its widget is `VNDateInput`. Bounds (the Party's founding
  to ten years ahead, birth dates from 1900) are added by `core.fields.limit_fields` by the
  field's name, as for every field; pass `validators=[...]` to bound it elsewhere.
- `VNDateFilter`: the same field in a django-filter FilterSet, bounded like every list
  filter; a bad value there leaves the filter out (django-filter drops invalid fields).

Every date field of the forms is a `VNDateField` (a test holds them to it), and the
hand-written inputs of filters and the as-of picker use `{% date_input %}`
(`core/templatetags/date_input.py`), which renders this widget.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from dangvu.core.fields import date_range_for
from dangvu.lib.vndate import EXAMPLE, DateTextError, ImpossibleDate, ShortYear, parse_vn_date
from dangvu.lib.vnformat import fmt_date

PLACEHOLDER = "dd/mm/yyyy"
UNREADABLE = f"Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ {EXAMPLE}."
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def widget_attrs(attrs: dict[str, Any] | None = None) -> dict[str, Any]:
    """The attributes of every date input, with `attrs` added (or overriding)."""
    return {
        "inputmode": "numeric",
        "placeholder": PLACEHOLDER,
        "autocomplete": "off",
        "data-date-input": True,
        **(attrs or {}),
    }


def shown(value: Any) -> str:
    """`value` as the input shows it: a date (or an ISO date from a link) as dd/mm/yyyy,
    text typed by someone as they typed it."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return fmt_date(value)
    text = str(value)
    if _ISO.fullmatch(text.strip()):
        try:
            return fmt_date(dt.date.fromisoformat(text.strip()))
        except ValueError:
            pass
    return text


class VNDateInput(forms.DateInput):
    """A text input showing the date as dd/mm/yyyy, whatever the browser's language."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs=widget_attrs(attrs), format=format or "%d/%m/%Y")

    def format_value(self, value: Any) -> str | None:
        return shown(value) or None


class VNDateField(forms.DateField):
    """A date typed day first; ISO accepted too. Refusals say what is wrong, in Vietnamese."""

    widget = VNDateInput
    default_error_messages = {"invalid": UNREADABLE}

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_vn_date(str(value))
        except (ImpossibleDate, ShortYear) as error:
            raise ValidationError(error.message, code="invalid_date") from None
        except DateTextError:
            if not str(value).strip():
                return None
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class VNDateFilter(django_filters.DateFilter):
    """A django-filter date filter that reads dd/mm/yyyy (and ISO), bounded like the list
    filters of `core.listing`: a value out of bounds or junk leaves the filter out."""

    field_class = VNDateField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [date_range_for("")])
        super().__init__(*args, **kwargs)
