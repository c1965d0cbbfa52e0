"""Indicator codes are technical: the figures page shows them only in a tooltip or when asked
(?ma_chi_tieu=1), and the annual workbook's headings and sheet names are all Vietnamese,
with the codes only in a last column "Mã chỉ tiêu"."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.reports import annual, xlsx
from dangvu.reports.outputs import render
from dangvu.reports.registry import indicators
from dangvu.reports.tests.records import YEAR, record_year

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2024, 3, 15, 9, 0)
# An indicator code: "app.words_with_underscores" (lower-case ASCII with a dot).
CODE = re.compile(r"^[a-z_]+\.[a-z0-9_.]+$")


@pytest.fixture
def recorded(tree: dict[str, Any]) -> dict[str, Any]:
    with time_machine.travel(TODAY, tick=False):
        record_year(tree)
    return tree


class TestFiguresPage:
    def _page(self, client: Client, **params: Any) -> str:
        with time_machine.travel(TODAY, tick=False):
            response = client.get(reverse("reports:figures"), {"nam": YEAR, **params})
        assert response.status_code == 200
        return response.content.decode()

    def test_codes_only_in_tooltips_by_default(
        self, client: Client, admin_user: Any, recorded: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        page = self._page(client, to_chuc="BLOC")
        codes = [ind.code for ind in indicators()]
        table = page[page.index('data-testid="figures"') :]
        visible = re.sub(r"<[^>]+>", " ", table)
        assert not [c for c in codes if c in visible.split()]
        assert 'data-testid="code"' not in page
        assert 'title="Mã chỉ tiêu: members.end"' in page
        assert "Hiện mã chỉ tiêu" in page

    def test_the_technical_toggle_shows_them(
        self, client: Client, admin_user: Any, recorded: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        page = self._page(client, to_chuc="BLOC", ma_chi_tieu="1")
        shown = re.findall(r'data-testid="code">([^<]+)<', page)
        assert "members.end" in shown
        assert len(shown) == len(indicators())
        # The form keeps the choice, and the link turns it off again.
        assert 'name="ma_chi_tieu" value="1"' in page
        toggle = re.search(r'<a href="([^"]+)" data-testid="codes-toggle">([^<]+)<', page)
        assert toggle and toggle.group(2) == "Ẩn mã chỉ tiêu"
        assert "ma_chi_tieu" not in toggle.group(1)
        assert "to_chuc=BLOC" in toggle.group(1)


class TestWorkbookHeadings:
    @pytest.fixture
    def book(self, recorded: dict[str, Any]) -> Any:
        with time_machine.travel(TODAY, tick=False):
            report = annual.compose(recorded["BLOC"], YEAR)
        return load_workbook(io.BytesIO(render(report, "xlsx").content))

    def test_sheet_names_and_headings_are_vietnamese(self, book: Any) -> None:
        assert book.sheetnames == [xlsx.SHEET_GRASSROOTS, xlsx.SHEET_COMMITTEE, xlsx.SHEET_DETAIL]
        for ws in book.worksheets:
            header = [c.value for c in ws[4] if c.value is not None]
            assert header, ws.title
            english = [h for h in header if CODE.match(str(h)) or str(h).isascii()]
            # Only "STT" (số thứ tự) is plain ASCII, and no heading is an indicator code.
            assert set(english) <= {"STT"}, (ws.title, english)

    def test_codes_only_in_the_last_column(self, book: Any) -> None:
        for name in (xlsx.SHEET_COMMITTEE, xlsx.SHEET_DETAIL):
            ws = book[name]
            header = [c.value for c in ws[4]]
            assert header[-1] == "Mã chỉ tiêu"
            rows = list(ws.iter_rows(min_row=5, values_only=True))
            assert rows
            for row in rows:
                assert CODE.match(row[-1]), row
                assert not any(isinstance(v, str) and CODE.match(v) for v in row[:-1]), row
        committee = {
            row[-1]: row
            for row in book[xlsx.SHEET_COMMITTEE].iter_rows(min_row=5, values_only=True)
        }
        assert committee["members.end"][0] == "Tổng số đảng viên cuối kỳ"
