"""The member list's export is an office document: a title block naming the list, the
organisation and the date; people in the Party's order (given name, middle name, family
name); organisations by name with their code beside; numbers masked as on screen."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core import exports
from dangvu.members.models import Member
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

# Given names Ánh < Bình < Đào, whatever the family name; two Bình: middle name first.
PEOPLE = [
    ("C11", "Nguyễn Văn Đào", "012345678901"),
    ("C12", "Trần Thị Bình", "012345678902"),
    ("C11", "Lê Văn Bình", "012345678903"),
    ("C13", "Phạm Ánh", "012345678904"),
]
ORDER = ["Phạm Ánh", "Trần Thị Bình", "Lê Văn Bình", "Nguyễn Văn Đào"]


@pytest.fixture
def people(tree: dict[str, Any]) -> None:
    for code, name, number in PEOPLE:
        existing(tree[code], dt.date(2020, 1, 1), dt.date(2001, 5, 1), name, identity_number=number)


def sheet_rows(response: Any) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


class TestRollExport:
    def test_xlsx_has_a_title_block_numbered_rows_and_the_party_order(
        self, client: Client, cast: dict[str, Any], people: None
    ) -> None:
        client.force_login(cast["officer"])
        response = client.get(
            reverse("members:list"), {"xuat": "xlsx", "to_chuc": "GK1", "ngay": "31/12/2024"}
        )
        rows = sheet_rows(response)
        assert rows[0][0] == "Danh sách đảng viên"
        assert rows[1][0] == "Tổ chức: Đảng bộ Sở Y tế"
        assert rows[2][0] == "Tính đến ngày 31/12/2024"
        assert rows[3][0].startswith("Ngày xuất ")
        at = next(i for i, r in enumerate(rows) if r[:2] == ["STT", "Họ và tên"])
        headers, data = rows[at], rows[at + 1 :]
        assert [r[1] for r in data] == ORDER
        assert [r[0] for r in data] == [1, 2, 3, 4]
        chi_bo, code = headers.index("Chi bộ"), headers.index("Mã tổ chức")
        assert code == chi_bo + 1
        assert [(r[chi_bo], r[code]) for r in data] == [
            ("Chi bộ Khoa Nội", "C13"),
            ("Chi bộ Thanh tra Sở Y tế", "C12"),
            ("Chi bộ Văn phòng Sở Y tế", "C11"),
            ("Chi bộ Văn phòng Sở Y tế", "C11"),
        ]
        numbers = [r[headers.index("Số CCCD")] for r in data]
        assert numbers == ["012*******04", "012*******02", "012*******03", "012*******01"]

    def test_csv_has_the_same_order_without_title_or_row_numbers(
        self, client: Client, cast: dict[str, Any], people: None
    ) -> None:
        client.force_login(cast["officer"])
        response = client.get(reverse("members:list"), {"xuat": "csv"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][0] == "Họ và tên"
        assert [r[0] for r in rows[1:]] == ORDER
        assert rows[1][rows[0].index("Mã tổ chức")] == "C13"

    def test_descending_name_order_and_other_sorts_are_kept(
        self, client: Client, cast: dict[str, Any], people: None
    ) -> None:
        client.force_login(cast["officer"])
        url = reverse("members:list")
        descending = client.get(url, {"xuat": "csv", "sap_xep": "-ten"})
        names = [r[0] for r in csv.reader(io.StringIO(descending.content.decode("utf-8-sig")))]
        assert names[1:] == ORDER[::-1]
        by_birth = client.get(url, {"xuat": "csv", "sap_xep": "ngay_sinh"})
        assert by_birth.status_code == 200


class TestInPartyOrder:
    def test_sorting_per_organisation_gives_tree_order_then_names(
        self, tree: dict[str, Any], people: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        members = Member.objects.select_related("organisation")
        assert [m.full_name for m in exports.in_party_order(members)] == ORDER
        # Above the limit of one sort, each organisation is sorted on its own.
        monkeypatch.setattr(exports, "SORT_IN_ONE", 2)
        chunked = [(m.organisation.code, m.full_name) for m in exports.in_party_order(members)]
        assert chunked == [
            ("C11", "Lê Văn Bình"),
            ("C11", "Nguyễn Văn Đào"),
            ("C12", "Trần Thị Bình"),
            ("C13", "Phạm Ánh"),
        ]

    def test_org_columns_name_then_code(self, tree: dict[str, Any]) -> None:
        assert exports.org_columns(tree["C11"]) == ("Chi bộ Văn phòng Sở Y tế", "C11")
        assert exports.org_columns(None) == ("", "")
        assert exports.ORG_HEADERS == ["Tổ chức", "Mã tổ chức"]
