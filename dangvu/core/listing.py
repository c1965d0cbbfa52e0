"""Record lists: reading their filters from the query string (junk is ignored, never an
error), and the export-or-page step every list shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from dangvu.core.exports import export_response, requested_format


def choice(request: HttpRequest, name: str, values: list[str]) -> str:
    """The value of `name` if it is one of `values`, else "" (no filter)."""
    value = request.GET.get(name, "")
    return value if value in values else ""


def select(name: str, label: str, choices: list[tuple[str, str]], value: str) -> dict[str, Any]:
    """A drop-down filter as the list templates draw it."""
    return {"name": name, "label": label, "choices": choices, "value": value}


def year(request: HttpRequest, name: str = "nam") -> int | None:
    """The year filter, or None when absent or not a plausible year."""
    text = request.GET.get(name, "").strip()
    return int(text) if text.isdigit() and 1930 <= int(text) <= 2200 else None


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
    page = Paginator(rows, per_page).get_page(request.GET.get("trang"))
    return {
        "title": title,
        "headers": headers,
        "page": page,
        "rows": [(r.get_absolute_url(), cells(r)) for r in page],
        "total": page.paginator.count,
    }
