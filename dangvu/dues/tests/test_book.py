"""The cell's dues book and the dues report of a level: figures, sums across levels, Excel."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from dangvu.dues import book as books
from dangvu.dues.actions import do_remit
from dangvu.dues.calc import retention_share, split
from dangvu.dues.models import Category
from dangvu.dues.tests.test_indicators import books as dues_books  # noqa: F401  (fixture)
from dangvu.dues.tests.test_indicators import pay
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = dt.date(2023, 1, 1), dt.date(2023, 2, 1), dt.date(2023, 3, 1)


@pytest.fixture
def paid(tree: dict[str, Any], dues_books: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    pay(tree["C11"], JAN, dues_books["an"], months=3)
    pay(tree["C11"], FEB, dues_books["binh"])
    pay(tree["C21"], JAN, dues_books["cuong"], amount=25_000)
    pay(tree["GC1"], MAR, dues_books["em"], amount=6_000)
    do_remit(
        tree["C11"],
        period_start=JAN,
        period_end=dt.date(2023, 3, 31),
        amount=Decimal(100_000),
        sent_on=dt.date(2023, 4, 5),
        acting_user=None,
    )
    return dues_books


class TestCellBook:
    def test_one_row_per_member_a_column_per_month_and_the_months_totals(
        self, tree: dict[str, Any], paid: dict[str, Any]
    ) -> None:
        found = books.book(tree["C11"], JAN, MAR)
        assert found.months == [JAN, FEB, MAR]
        by_name = {r.member.full_name: r for r in found.rows}
        assert set(by_name) == {"Nguyễn Văn An", "Trần Thị Bình"}
        assert by_name["Nguyễn Văn An"].paid == [Decimal(50_000)] * 3
        assert by_name["Trần Thị Bình"].paid == [None, Decimal(50_000), None]
        assert by_name["Trần Thị Bình"].category == Category.STATE.label
        assert by_name["Trần Thị Bình"].basis == Decimal(50_000)
        assert found.collected == [Decimal(50_000), Decimal(100_000), Decimal(50_000)]
        share = retention_share(tree["C11"].kind, FEB)
        assert (found.kept[1], found.sent_up[1]) == split(Decimal(100_000), share)
        assert sum(found.kept) + sum(found.sent_up) == sum(found.collected)

    def test_the_page_and_the_excel_file(
        self, client: Any, admin_user: Any, tree: dict[str, Any], paid: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        page = client.get("/dues/so/C11/", {"tu": "01/2023", "den": "03/2023"})
        assert page.status_code == 200
        assert "Nguyễn Văn An" in page.content.decode()
        assert "200.000" in page.content.decode()
        xlsx = client.get("/dues/so/C11/", {"tu": "01/2023", "den": "03/2023", "xuat": "xlsx"})
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        assert "Sổ thu, nộp đảng phí" in cells
        assert "Tổng số thu" in cells and 200_000 in cells

    def test_junk_months_fall_back_to_the_defaults(
        self, client: Any, admin_user: Any, tree: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        for params in ({"tu": "13/2023"}, {"tu": "x", "den": "99/99999"}, {"den": "01/1800"}):
            assert client.get("/dues/so/C11/", params).status_code == 200
        assert client.get("/dues/so/KHONGCO/").status_code == 404


class TestLevelReport:
    def test_the_committee_is_the_sum_of_its_organisations(
        self, tree: dict[str, Any], paid: dict[str, Any]
    ) -> None:
        start, end = books.quarter(2023, 1)
        bloc = books.level_report(tree["BLOC"], start, end)
        assert [r.organisation.code for r in bloc.rows] == ["GC1", "GC2", "GK1", "GK2"]
        q1 = Period(start, end)
        assert bloc.total.collected == value("dues.collected", tree["BLOC"], q1).value == 231_000
        for r in bloc.rows:
            level = books.level_report(r.organisation, start, end)
            assert level.total.collected == r.collected
            assert level.total.by_category == r.by_category
        gk1 = books.level_report(tree["GK1"], start, end)
        c11 = next(r for r in gk1.rows if r.organisation.code == "C11")
        assert (c11.collected, c11.sent_up, c11.kept) == (200_000, 100_000, 100_000)
        assert bloc.total.by_category[Category.STATE.label] == 200_000

    def test_page_and_excel_and_junk(
        self, client: Any, admin_user: Any, tree: dict[str, Any], paid: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        page = client.get("/dues/bao-cao/", {"to_chuc": "BLOC", "nam": "2023", "quy": "1"})
        assert page.status_code == 200 and "231.000" in page.content.decode()
        xlsx = client.get(
            "/dues/bao-cao/", {"to_chuc": "BLOC", "nam": "2023", "quy": "1", "xuat": "xlsx"}
        )
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        assert "Tổng cộng" in cells and 231_000 in cells
        for params in ({"nam": "abc", "quy": "9"}, {"nam": "99999"}, {"quy": "-1"}):
            assert client.get("/dues/bao-cao/", params).status_code == 200


def test_the_book_the_report_and_the_due_list_do_not_grow_with_members(
    tree: dict[str, Any],
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvu.dues import queries
    from dangvu.dues.tests.test_indicators import member

    def count(n: int) -> int:
        for i in range(n):
            m = member(tree["C12"], f"Đảng viên {n} {i}")
            pay(tree["C12"], JAN, m, amount=50_000)
        with CaptureQueriesContext(connection) as ctx:
            books.book(tree["C12"], JAN, MAR)
            books.level_report(tree["GK1"], JAN, dt.date(2023, 3, 31))
            queries.arrears_due(tree["GK1"], dt.date(2023, 4, 20))
        return len(ctx.captured_queries)

    assert count(3) == count(9)
