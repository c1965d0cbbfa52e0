"""Checks every app's `tests/test_records.py` runs on its declared record kinds: the list
links to the record and both exports carry the table's headings and the record's row,
and the kind's form records through its view."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
from django.test import Client
from django.urls import reverse

from dangvu.core.records import RecordKind


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def export_rows(response: Any, first: str) -> list[list[str]]:
    """The rows of a CSV or workbook export as text from the heading row (the one holding
    `first`) on, without the row number (STT) a workbook adds."""
    if response.content.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        rows = [[_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = next(i for i, row in enumerate(rows) if first in row)
    skip = rows[header].index("STT") if "STT" in rows[header] else -1
    width = len(rows[header])  # a workbook row ends at its last cell written
    return [
        [v for i, v in enumerate(row + [""] * (width - len(row))) if i != skip]
        for row in rows[header:]
    ]


def check_list_and_exports(client: Client, kind: RecordKind, record: Any, user: Any) -> str:
    """The list links to `record`; its CSV and workbook have the table's headings and the
    record's row as the table writes it. Returns the list page's HTML."""
    assert kind.table is not None and kind.filters is not None
    url = reverse(kind.list_url)
    response = client.get(url)
    assert response.status_code == 200, kind.plural
    body = response.content.decode()
    assert f'href="{record.get_absolute_url()}"' in body, kind.plural
    filterset = kind.filters(None, queryset=kind.rows(user), request=response.wsgi_request)
    table = kind.table([])
    expected = [_text(v) for v in next(table.export_rows(filterset.qs.filter(pk=record.pk)))]
    for fmt in ("csv", "xlsx"):
        rows = export_rows(client.get(url, {"xuat": fmt}), table.export_headers()[0])
        assert rows[0][: len(expected)] == table.export_headers(), (kind.plural, fmt)
        assert expected in [row[: len(expected)] for row in rows[1:]], (kind.plural, fmt, expected)
    return body


def check_form_records(client: Client, kind: RecordKind, data: dict[str, Any]) -> Any:
    """The kind's form loads, and `data` posted through it writes one record and goes to
    its page. Returns the record written."""
    url = reverse(kind.create_url)
    assert 'method="post"' in client.get(url).content.decode(), kind.plural
    before = set(kind.model.objects.values_list("pk", flat=True))
    response = client.post(url, data)
    assert response.status_code == 302, (kind.plural, response.content.decode()[:3000])
    (created,) = kind.model.objects.exclude(pk__in=before)
    assert response["Location"] == created.get_absolute_url()
    return created
