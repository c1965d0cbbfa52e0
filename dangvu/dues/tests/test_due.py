"""Due lists of dues: months unpaid (1, 2, 3 or more; the exempted never), organisations
that sent nothing up for the last quarter; on the page, on the home page's groups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from dangvu.core.due import due_for
from dangvu.dues import queries
from dangvu.dues.actions import do_remit
from dangvu.dues.tests.test_indicators import books as dues_books  # noqa: F401  (fixture)
from dangvu.dues.tests.test_indicators import pay

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 4, 20)  # January to March have ended; the last quarter is Q1


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2023, 4, 20, 9, 0), tick=False):
        yield


@pytest.fixture
def paid(tree: dict[str, Any], dues_books: dict[str, Any], frozen: Any) -> dict[str, Any]:  # noqa: F811
    b = dues_books
    pay(tree["C11"], dt.date(2023, 1, 1), b["an"], months=3)  # nothing unpaid
    pay(tree["C11"], dt.date(2023, 1, 1), b["binh"], months=2)  # March unpaid: 1
    pay(tree["C21"], dt.date(2023, 1, 1), b["cuong"], amount=25_000)  # Feb, March: 2
    # em (GC1) paid nothing: 3; dung (C21) is exempted: never in arrears
    do_remit(
        tree["C21"],
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 3, 31),
        amount=Decimal(20_000),
        sent_on=dt.date(2023, 4, 5),
        acting_user=None,
    )
    return b


class TestArrears:
    def test_months_unpaid_by_member_with_the_thresholds(
        self, tree: dict[str, Any], paid: dict[str, Any]
    ) -> None:
        lines = queries.arrears_due(tree["BLOC"], DAY)
        by_name = {a.name: a.count for a in lines}
        assert by_name == {"Hoàng Văn Em": 3, "Lê Văn Cường": 2, "Trần Thị Bình": 1}
        assert [a.name for a in lines if a.consider_removal] == ["Hoàng Văn Em"]
        assert [a.name for a in queries.arrears_due(tree["BLOC"], DAY, least=2)] == [
            "Hoàng Văn Em",
            "Lê Văn Cường",
        ]
        assert paid["dung"].full_name not in by_name
        assert {a.name for a in queries.arrears_due(tree["GK1"], DAY)} == {"Trần Thị Bình"}

    def test_the_year_of_the_last_ended_month_is_counted(self) -> None:
        assert queries.arrears_year_months(dt.date(2023, 4, 20)) == [
            dt.date(2023, 1, 1),
            dt.date(2023, 2, 1),
            dt.date(2023, 3, 1),
        ]
        assert len(queries.arrears_year_months(dt.date(2024, 1, 5))) == 12

    def test_organisations_that_sent_nothing_up_for_the_last_quarter(
        self, tree: dict[str, Any], paid: dict[str, Any]
    ) -> None:
        start, end, rows = queries.not_remitted(tree["BLOC"], DAY)
        assert (start, end) == (dt.date(2023, 1, 1), dt.date(2023, 3, 31))
        # C21 sent up; C11 collected and did not; GK2 received from C21; GC1 collected nothing.
        assert sorted(r.code for r in rows) == ["C11", "GK2"]


class TestDueGroupsAndPage:
    def test_the_home_pages_groups(self, tree: dict[str, Any], paid: dict[str, Any]) -> None:
        groups = {g.key: g for g in due_for(tree["BLOC"], DAY)}
        arrears = groups["dues_arrears"]
        assert (arrears.count, arrears.overdue) == (3, 1)
        assert "xóa tên" in arrears.lines[0].text
        assert arrears.url.startswith("/dues/no/?to_chuc=BLOC")
        assert groups["dues_remittance"].count == 2

    def test_the_page_lists_them_paged_and_survives_junk(
        self, client: Any, admin_user: Any, tree: dict[str, Any], paid: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        page = client.get("/dues/no/", {"to_chuc": "BLOC", "muc": "3"})
        text = page.content.decode()
        assert page.status_code == 200
        assert "Hoàng Văn Em" in text and "Trần Thị Bình" not in text
        assert "Điều lệ Đảng" in text
        for params in ({"muc": "x", "trang": "-4"}, {"trang_nop": "abc"}, {"muc": "99"}):
            assert client.get("/dues/no/", params).status_code == 200
        assert client.get("/dues/no/", {"to_chuc": "KHONGCO"}).status_code == 404


class TestExemptionsEnding:
    """Quy định 01-QĐ/TW: an exemption or reduction lasts at most 12 months; the one ending
    this month or the next is listed for the cell to reconsider, until a later basis is
    recorded."""

    @pytest.fixture
    def decided(self, tree: dict[str, Any]) -> dict[str, Any]:
        from dangvu.dues.actions import do_set_basis
        from dangvu.members.tests.factories import existing

        people = {}
        for key, name, start, until, kw in (
            ("ends", "Nguyễn Văn Hết", dt.date(2026, 3, 1), dt.date(2027, 1, 1), {}),
            ("later", "Trần Văn Sau", dt.date(2026, 6, 1), None, {}),
            ("cut", "Lê Văn Giảm", dt.date(2026, 2, 1), dt.date(2026, 12, 1), {"pct": 50}),
        ):
            m = existing(tree["C11"], dt.date(2022, 6, 1), dt.date(2010, 1, 1), name)
            pct = kw.get("pct")
            do_set_basis(
                m,
                valid_from=start,
                category="STATE",
                income=5_000_000,
                exemption="REDUCED" if pct else "EXEMPT",
                reduction_percent=pct,
                exemption_until=until,
                decision="3-QĐ/ĐU",
                acting_user=None,
            )
            people[key] = m
        return people

    def test_this_month_and_the_next_until_reconsidered(
        self, tree: dict[str, Any], decided: dict[str, Any]
    ) -> None:
        from dangvu.dues.actions import do_set_basis

        day = dt.date(2026, 12, 7)
        found = queries.exemptions_ending(tree["BLOC"], day)
        assert [(e.name, e.what, e.until) for e in found] == [
            ("Lê Văn Giảm", "Giảm 50%", dt.date(2026, 12, 1)),
            ("Nguyễn Văn Hết", "Miễn đóng đảng phí", dt.date(2027, 1, 1)),
        ]
        assert queries.exemptions_ending(tree["BLOC"], dt.date(2026, 10, 7)) == []
        assert queries.exemptions_ending(tree["GK2"], day) == []
        group = {g.key: g for g in due_for(tree["BLOC"], day)}["dues_exemptions"]
        assert group.count == 2 and "chi bộ xem xét lại" in group.lines[0].text
        do_set_basis(
            decided["cut"],
            valid_from=dt.date(2027, 1, 1),
            category="STATE",
            income=5_000_000,
            acting_user=None,
        )
        assert [e.name for e in queries.exemptions_ending(tree["BLOC"], day)] == ["Nguyễn Văn Hết"]
