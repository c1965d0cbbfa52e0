"""Import files built in memory and run through the real import, for the tests."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.importing import Report, get_kind, run_import


def sheet(kind_code: str, rows: list[dict[str, Any]]) -> bytes:
    """A file with every header of the kind; text cells formatted as text."""
    heads = [c.header for c in get_kind(kind_code).columns]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(heads)
    for row in rows:
        unknown = set(row) - set(heads)
        assert not unknown, f"{kind_code} has no column {unknown}"
        ws.append([row.get(h) for h in heads])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(kind_code: str, rows: list[dict[str, Any]], user: Any, scope: Any = None) -> Report:
    return run_import(
        get_kind(kind_code),
        sheet(kind_code, rows),
        "tep.xlsx",
        user=user,
        scope=member_editable_organisations(user) if scope is None else scope,
        commit=True,
    )


def problems(report: Report) -> str:
    return "\n".join(f"{p.column}: {p.message}" for p in [*report.problems, *report.duplicates])
