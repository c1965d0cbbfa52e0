"""Record lists: reading their filters from the query string (junk is ignored, never an
error), and the export-or-page step every list shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from dangvu.core.dates import add_years, today
from dangvu.core.exports import export_response, requested_format
from dangvu.core.fields import FUTURE_YEARS, PARTY_FOUNDED, year_range
from dangvu.lib.vndate import parse_vn_date


def choice(request: HttpRequest, name: str, values: list[str]) -> str:
    """The value of `name` if it is one of `values`, else "" (no filter)."""
    value = request.GET.get(name, "")
    return value if value in values else ""


def select(name: str, label: str, choices: list[tuple[str, str]], value: str) -> dict[str, Any]:
    """A drop-down filter as the list templates draw it."""
    return {"name": name, "label": label, "choices": choices, "value": value}


def integer(text: str | None, low: int, high: int) -> int | None:
    """`text` as a whole number within [low, high], or None.

    ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses, and a
    40-digit number would overflow the database's integers.
    """
    text = (text or "").strip()
    if not text or len(text) > 12 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if low <= value <= high else None


def identifier(text: str | None) -> int | None:
    """A record's id given in the query string, or None when it cannot be one."""
    return integer(text, 1, 2**31 - 1)


def day(request: HttpRequest, name: str) -> dt.date | None:
    """A date filter, or None when absent, junk or implausible. It reads what the date
    fields read (`dangvu.lib.vndate`: 31/12/2024, 31-12-2024, 31.12.2024, 31122024,
    1/2/2024, and 2024-12-31 from links).

    Bounded like every date field (the Party's founding to ten years ahead), so that a
    list asked for 9999-12-31 never computes the day after it.
    """
    return date_within(request.GET.get(name), *date_bounds())


def date_within(text: str | None, low: dt.date, high: dt.date) -> dt.date | None:
    """The date `text` writes, if it lies in [low, high]; else None (never an error)."""
    try:
        value = parse_vn_date(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def date_bounds() -> tuple[dt.date, dt.date]:
    return PARTY_FOUNDED, add_years(today(), FUTURE_YEARS)


def year(request: HttpRequest, name: str = "nam") -> int | None:
    """The year filter, or None when absent or not a plausible year (1930 to ten ahead)."""
    return integer(request.GET.get(name), *year_range())


def page_number(request: HttpRequest, name: str = "trang") -> int:
    """The page asked for, 1 when absent or junk (Paginator clamps a number past the end)."""
    return integer(request.GET.get(name), 1, 10**6) or 1


def export_or_page(
    request: HttpRequest,
    rows: QuerySet[Any],
    *,
    title: str,
    headers: list[str],
    cells: Callable[[Any], list[object]],
    export_name: str,
    per_page: int,
) -> HttpResponse | dict[str, Any]:
    """What every record list does first: the export the user asked for, or the page.

    Returns the export response, or the context of the page (page, its rows as (address,
    cells) and the total) for the caller to complete with its own filters and buttons.
    """
    fmt = requested_format(request)
    if fmt is not None:
        return export_response(
            fmt,
            export_name,
            headers,
            (cells(r) for r in rows.iterator(chunk_size=500)),
            title=title,
        )
    page = Paginator(rows, per_page).get_page(page_number(request))
    return {
        "title": title,
        "headers": headers,
        "page": page,
        "rows": [(r.get_absolute_url(), cells(r)) for r in page],
        "total": page.paginator.count,
    }
