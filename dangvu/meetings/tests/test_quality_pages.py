"""The meetings' read pages: the quality table with Excel, the due lists; scope and junk
filters."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from dangvu.meetings.models import MeetingKind, Presence
from dangvu.meetings.tests.helpers import cell_members
from dangvu.meetings.tests.read_factories import all_present, meeting

pytestmark = pytest.mark.django_db

U = Presence.UNEXCUSED


@pytest.fixture
def met(tree: dict[str, Any]) -> list[Any]:
    """C11 meets every month of 2024 to October, with a thematic meeting in Q1; Lê Văn
    Cường is absent without reason in August, September and October; C21 meets in March."""
    people = cell_members(tree["C11"])
    for month in range(1, 11):
        roll = [(p, U if p == people[2] and month >= 8 else Presence.PRESENT) for p in people]
        meeting(tree["C11"], dt.date(2024, month, 6), roll)
    meeting(tree["C11"], dt.date(2024, 2, 20), all_present(people), kind=MeetingKind.THEMATIC)
    meeting(tree["C21"], dt.date(2024, 3, 6), [])
    return people


class TestQualityPage:
    def test_the_table_and_the_excel_file(
        self, client: Client, admin_user: Any, met: list[Any]
    ) -> None:
        client.force_login(admin_user)
        page = client.get("/meetings/chat-luong/", {"to_chuc": "GK1", "nam": "2024"})
        assert page.status_code == 200
        text = page.content.decode()
        assert "Chi bộ Văn phòng Sở Y tế" in text and "Chi bộ Thanh tra Sở Y tế" in text
        assert "10/12" in text  # C11 met ten months of twelve
        xlsx = client.get(
            "/meetings/chat-luong/", {"to_chuc": "GK1", "nam": "2024", "xuat": "xlsx"}
        )
        assert xlsx.status_code == 200
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        flat = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
        assert "Tổng cộng" in flat and "Chuyên đề Quý 1/2024" in flat

    def test_each_row_names_what_it_stands_under(
        self, client: Client, admin_user: Any, met: list[Any]
    ) -> None:
        """A bloc's table lists the cells of many grassroots organisations: each row says
        which, on the page and in the file."""
        client.force_login(admin_user)
        page = client.get("/meetings/chat-luong/", {"to_chuc": "BLOC", "nam": "2024"})
        text = page.content.decode()
        assert 'data-testid="parent">Đảng bộ Sở Y tế<' in text
        xlsx = client.get(
            "/meetings/chat-luong/", {"to_chuc": "BLOC", "nam": "2024", "xuat": "xlsx"}
        )
        rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(xlsx.content)).active]
        head = next(r for r in rows if "Trực thuộc" in r)
        at = head.index("Trực thuộc")
        c11 = next(r for r in rows if "Chi bộ Văn phòng Sở Y tế" in r)
        assert c11[at] == "Đảng bộ Sở Y tế"

    def test_a_quarter_narrows_the_table(
        self, client: Client, admin_user: Any, met: list[Any]
    ) -> None:
        client.force_login(admin_user)
        page = client.get("/meetings/chat-luong/", {"to_chuc": "GK1", "nam": "2024", "quy": "1"})
        assert "Quý 1/2024" in page.content.decode()
        assert "3/3" in page.content.decode()

    def test_a_user_sees_only_their_subtree(
        self, client: Client, cast: dict[str, Any], met: Any
    ) -> None:
        client.force_login(cast["grassroots"])
        page = client.get("/meetings/chat-luong/", {"nam": "2024"})
        assert page.status_code == 200
        assert "Chi bộ Văn phòng Sở Y tế" in page.content.decode()
        assert "Chi bộ Văn phòng Sở Tài chính" not in page.content.decode()
        assert client.get("/meetings/chat-luong/", {"to_chuc": "GK2"}).status_code == 404

    def test_junk_filters_get_a_notice(self, client: Client, admin_user: Any, tree: Any) -> None:
        client.force_login(admin_user)
        page = client.get("/meetings/chat-luong/", {"to_chuc": "BLOC", "nam": "x9", "quy": "7"})
        assert page.status_code == 200
        text = page.content.decode()
        assert "Năm «x9» không hợp lệ" in text and "Quý «7» không có" in text


class TestDuePage:
    @time_machine.travel(dt.datetime(2024, 11, 15, 9, 0), tick=False)
    def test_the_three_lists(self, client: Client, admin_user: Any, met: list[Any]) -> None:
        client.force_login(admin_user)
        page = client.get("/meetings/chua-sinh-hoat/", {"to_chuc": "GK1"})
        assert page.status_code == 200
        text = page.content.decode()
        # October: C11 met, C12 and C13 did not.
        assert "Chi bộ Thanh tra Sở Y tế" in text and "Chi bộ Khoa Nội" in text
        assert "tháng 10/2024" in text
        assert "Lê Văn Cường" in text and "Đề nghị chi bộ xem xét xóa tên" in text

    def test_a_cell_secretary_sees_only_their_cell(
        self, client: Client, cast: Any, met: Any
    ) -> None:
        client.force_login(cast["cell"])
        page = client.get("/meetings/chua-sinh-hoat/")
        assert page.status_code == 200
        assert "Lê Văn Cường" not in page.content.decode()
