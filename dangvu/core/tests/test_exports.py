"""List pages export what they show, scoped to the user and safe against formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree: dict[str, Any]) -> None:
    existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2001, 5, 1),
        "Nguyễn Văn An",
        post='=HYPERLINK("http://x")',
        identity_number="012345678901",
    )
    existing(tree["C21"], dt.date(2020, 1, 1), dt.date(1999, 3, 2), "Đặng Thị Đào")


def test_members_export_to_csv_is_scoped_and_formula_safe(
    client: Client, cast: dict[str, Any], people: None
) -> None:
    client.force_login(cast["grassroots"])  # GK1: sees An, not Đào
    response = client.get(reverse("members:list"), {"xuat": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="dang-vien-')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Họ và tên"
    names = [r[0] for r in rows[1:]]
    assert names == ["Nguyễn Văn An"]
    post = rows[1][rows[0].index("Chức vụ")]
    assert post.startswith("'=")
    assert rows[1][rows[0].index("Số CCCD")] == "012*******01"  # masked as on screen


def test_members_export_to_xlsx_keeps_identity_numbers_as_text(
    client: Client, cast: dict[str, Any], people: None
) -> None:
    client.force_login(cast["officer"])  # the organisation board, asking for full numbers
    response = client.get(
        reverse("members:list"), {"xuat": "xlsx", "q": "nguyen van an", "day_du": "1"}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[0][0] == "Danh sách đảng viên"  # a title above the table
    at = next(i for i, r in enumerate(rows) if r[:2] == ["STT", "Họ và tên"])  # below the title
    headers, data = rows[at], rows[at + 1 :]
    assert len(data) == 1  # the filter applies to the export
    assert data[0][headers.index("Số CCCD")] == "012345678901"


def test_organisations_export_follows_the_filters(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["officer"])
    response = client.get(reverse("orgs:list"), {"xuat": "csv", "loai": "CELL"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã tổ chức", "Tên tổ chức", "Loại tổ chức"]
    assert {r[2] for r in rows[1:]} == {"Chi bộ trực thuộc"}
    assert len(rows) - 1 == 4
