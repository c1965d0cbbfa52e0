"""Reading an export back as text, whatever its format (an .xlsx is a zip: searching its
bytes for a name finds nothing, so tests must open it)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl


def export_text(response: Any) -> str:
    """Every cell of the CSV or workbook in `response`, one line per row, tab-separated."""
    data = response.content
    if data.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        lines = [
            "\t".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]
        return "\n".join(lines)
    return data.decode("utf-8-sig")
