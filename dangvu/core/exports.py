"""Every list page exports what it shows (its filters applied) to .xlsx or .csv."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import HttpRequest, HttpResponse

from dangvu.audit import log as audit
from dangvu.core.dates import today
from dangvu.lib import sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")


def requested_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("xuat", "")
    return fmt if fmt in FORMATS else None


def export_response(
    fmt: str,
    name: str,
    headers: list[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str = "",
    text_columns: frozenset[int] = frozenset(),
) -> HttpResponse:
    """A download of `rows` under Vietnamese `headers`, formula-safe, named by date."""
    filename = f"{name}-{today():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(
            sheets.write_csv(headers, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        data = sheets.write_table(headers, rows, title=title, text_columns=text_columns)
        response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit.record(audit.AuditEvent.Action.EXPORT, note=f"{filename}: {title or name}")
    return response
