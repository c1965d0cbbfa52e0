"""Template filters for Vietnamese numbers and dates (built in to every template)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from dangvu.lib import vnformat

register = template.Library()


@register.filter
def vn_number(value: int | float | None, decimals: int = 0) -> str:
    return vnformat.fmt_number(value, int(decimals))


@register.filter
def vn_count(value: int | None) -> str:
    return vnformat.fmt_count(value)


@register.filter
def vn_percent(value: float | None, decimals: int = 2) -> str:
    return vnformat.fmt_percent(value, int(decimals))


@register.filter
def vn_date(value: dt.date | None) -> str:
    if isinstance(value, dt.datetime):
        # A moment (a void, a recording) is dated where the office is, not in UTC.
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return vnformat.fmt_date(value)


@register.filter
def vn_date_long(value: dt.date | None) -> str:
    return vnformat.fmt_date_long(value) if value else ""


@register.filter
def iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
