"""What Quy định 01-QĐ/TW (from 01/02/2026) changed in dues, each on both sides of its
first month: the exemption at 50 years of party age, reductions by 30, 50 or 70% lasting
at most 12 months, the sickness and maternity category, and how a payment was made."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.core.errors import DomainError
from dangvu.dues import queries
from dangvu.dues.actions import PaymentRow, do_record_payments, do_set_basis
from dangvu.dues.calc import expected_amount
from dangvu.dues.models import Category, Channel, DuesBasis, DuesPayment, Exemption
from dangvu.dues.seniority import party_age_exempt
from dangvu.members.models import Member
from dangvu.members.tests.factories import existing
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db
JAN, FEB, MAR, APR = (dt.date(2026, m, 1) for m in (1, 2, 3, 4))
JAN_2025 = dt.date(2025, 1, 1)
ON_BOOKS = dt.date(2022, 6, 1)


def basis(category: str = Category.STATE, **kw: Any) -> DuesBasis:
    kw.setdefault("income", Decimal(5_000_000))
    return DuesBasis(category=category, valid_from=JAN_2025, **kw)


def salaried(org: Any, name: str, admitted: dt.date) -> Member:
    m = existing(org, ON_BOOKS, admitted, name)
    do_set_basis(
        m, valid_from=ON_BOOKS, category=Category.STATE, income=5_000_000, acting_user=None
    )
    return m


class TestReductionsAndTheirLastMonth:
    def test_a_percent_reduces_the_rate_and_the_old_amount_stays_for_old_records(self) -> None:
        reduced = basis(exemption=Exemption.REDUCED, reduction_percent=30)
        assert expected_amount(reduced, MAR) == Decimal(35_000)  # 50,000 less 30%
        old = basis(exemption=Exemption.REDUCED, reduced_amount=Decimal(20_000))
        assert expected_amount(old, JAN) == Decimal(20_000)
        assert expected_amount(old, MAR) == Decimal(20_000)

    def test_after_its_last_month_the_member_owes_the_full_rate(self) -> None:
        exempt = basis(exemption=Exemption.EXEMPT, exemption_until=FEB)
        assert expected_amount(exempt, FEB) == 0
        assert expected_amount(exempt, MAR) == Decimal(50_000)
        reduced = basis(exemption=Exemption.REDUCED, reduction_percent=70, exemption_until=FEB)
        assert expected_amount(reduced, FEB) == Decimal(15_000)
        assert expected_amount(reduced, MAR) == Decimal(50_000)

    def test_the_action_takes_only_the_percents_of_the_bases_month(
        self, tree: dict[str, Any]
    ) -> None:
        m = existing(tree["C11"], ON_BOOKS, dt.date(2010, 1, 1), "Nguyễn Văn Giảm")
        common = {"category": Category.STATE, "income": 5_000_000, "decision": "5-QĐ/ĐU"}
        with pytest.raises(DomainError) as before:
            do_set_basis(
                m,
                valid_from=JAN,
                exemption=Exemption.REDUCED,
                reduction_percent=30,
                acting_user=None,
                **common,
            )
        assert before.value.field == "reduction_percent"
        assert "01/2026" in before.value.message
        with pytest.raises(DomainError) as wrong:
            do_set_basis(
                m,
                valid_from=FEB,
                exemption=Exemption.REDUCED,
                reduction_percent=40,
                acting_user=None,
                **common,
            )
        assert "30%, 50%, 70%" in wrong.value.message
        with pytest.raises(DomainError) as none:
            do_set_basis(m, valid_from=FEB, exemption=Exemption.REDUCED, acting_user=None, **common)
        assert none.value.field == "reduction_percent"
        made = do_set_basis(
            m,
            valid_from=FEB,
            exemption=Exemption.REDUCED,
            reduction_percent=50,
            acting_user=None,
            **common,
        )
        assert made.reduction_percent == 50
        assert made.exemption_until == dt.date(2027, 1, 1)  # 12 months at most by default

    def test_a_span_over_twelve_months_is_refused_in_words_and_before_it_none_applies(
        self, tree: dict[str, Any]
    ) -> None:
        m = existing(tree["C11"], ON_BOOKS, dt.date(2010, 1, 1), "Trần Văn Miễn")
        with pytest.raises(DomainError) as over:
            do_set_basis(
                m,
                valid_from=FEB,
                category=Category.STATE,
                income=5_000_000,
                exemption=Exemption.EXEMPT,
                exemption_until=dt.date(2027, 2, 1),
                decision="7-QĐ/ĐU",
                acting_user=None,
            )
        assert over.value.field == "exemption_until"
        assert "tối đa 12 tháng" in over.value.message and "01/2027" in over.value.message
        old = do_set_basis(
            m,
            valid_from=JAN_2025,
            category=Category.STATE,
            income=5_000_000,
            exemption=Exemption.EXEMPT,
            decision="7-QĐ/ĐU",
            acting_user=None,
        )
        assert old.exemption_until is None  # 342-QĐ/TW set no limit


class TestSicknessAndMaternity:
    def test_one_percent_of_the_allowance_from_february_2026(self) -> None:
        sick = basis(Category.SICK_MATERNITY, income=Decimal(4_200_000))
        assert expected_amount(sick, FEB) == Decimal(42_000)
        assert expected_amount(sick, JAN) == 0  # 342-QĐ/TW named no rate for it


class TestFiftyYearsOfPartyAge:
    @pytest.fixture
    def cell(self, tree: dict[str, Any]) -> dict[str, Any]:
        """C11: Old (admitted 10/12/1975: fifty years on 10/12/2025), Turning (15/03/1976:
        fifty years in March 2026), Young (2010); each owes 50,000 đ a month."""
        c11 = tree["C11"]
        return {
            "old": salaried(c11, "Lê Văn Lão", dt.date(1975, 12, 10)),
            "turning": salaried(c11, "Phạm Văn Tròn", dt.date(1976, 3, 15)),
            "young": salaried(c11, "Hồ Văn Trẻ", dt.date(2010, 1, 1)),
        }

    def test_exempt_from_the_month_the_years_are_reached_and_never_before_february_2026(
        self, cell: dict[str, Any]
    ) -> None:
        ids = [m.pk for m in cell.values()]
        found = party_age_exempt(ids, [dt.date(2025, 12, 1), JAN, FEB, MAR])
        old, turning = cell["old"].pk, cell["turning"].pk
        assert found == {FEB: {old}, MAR: {old, turning}}

    def test_a_gap_in_membership_delays_the_fifty_years(self, cell: dict[str, Any]) -> None:
        Member.objects.filter(pk=cell["turning"].pk).update(
            earlier_left_date=dt.date(1990, 1, 1), readmission_date=dt.date(1991, 1, 1)
        )
        found = party_age_exempt([cell["turning"].pk], [MAR, dt.date(2027, 3, 1)])
        assert found == {dt.date(2027, 3, 1): {cell["turning"].pk}}

    def test_expected_and_arrears_leave_them_out(
        self, tree: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        period = Period(JAN, dt.date(2026, 4, 30))
        # Old owes January; Turning January and February; Young four months.
        assert value("dues.expected", tree["C11"], period).value == 50_000 * (1 + 2 + 4)
        assert value("dues.expected", tree["BLOC"], period).value == 50_000 * 7
        many = value("dues.expected", tree["BLOC"], Period(JAN, dt.date(2026, 4, 30)))
        assert many.value == 350_000
        unpaid = queries.unpaid(tree["C11"], [JAN, FEB, MAR, APR])
        assert {k: len(a.months) for k, a in unpaid.items()} == {
            cell["old"].pk: 1,
            cell["turning"].pk: 2,
            cell["young"].pk: 4,
        }
        # Before 01/02/2026 nothing changes: all three owe 2025.
        year = Period.year(2025)
        assert value("dues.expected", tree["C11"], year).value == 50_000 * 3 * 12

    def test_the_book_shows_them_owing_nothing(
        self, tree: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        from dangvu.dues import book as books

        found = books.book(tree["C11"], JAN, MAR)
        rows = {r.member.pk: r for r in found.rows}
        assert rows[cell["old"].pk].basis == 0 and rows[cell["turning"].pk].basis == 0
        assert "Miễn (50 năm tuổi Đảng)" in rows[cell["old"].pk].category
        assert rows[cell["young"].pk].basis == Decimal(50_000)
        before = books.book(tree["C11"], dt.date(2025, 10, 1), dt.date(2025, 12, 1))
        assert {r.basis for r in before.rows} == {Decimal(50_000)}

    def test_the_batch_form_gives_the_single_figure(
        self, tree: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        from dangvu.dues.indicators import expected_many

        period = Period(JAN, dt.date(2026, 4, 30))
        orgs = [tree["GK1"], tree["GK2"]]
        many = expected_many(orgs, period)
        for org in orgs:
            assert many[org.pk].value == value("dues.expected", org, period).value

    def test_the_statements_do_not_grow_with_the_exempt(self, tree: dict[str, Any]) -> None:
        period = Period(JAN, dt.date(2026, 4, 30))

        def count(n: int) -> int:
            for i in range(n):
                salaried(tree["C12"], f"Đảng viên Lão {n} {i}", dt.date(1970, 1, 1 + i))
            with CaptureQueriesContext(connection) as ctx:
                value("dues.expected", tree["GK1"], period)
                value("dues.members_in_arrears", tree["GK1"], period)
            return len(ctx.captured_queries)

        assert count(2) == count(6)

    def test_a_payment_records_nothing_expected_of_them(
        self, tree: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        rows = [
            PaymentRow(cell["old"], Decimal(100_000), dt.date(2026, 2, 10), months=2),
            PaymentRow(cell["young"], Decimal(50_000), dt.date(2026, 2, 10)),
        ]
        do_record_payments(tree["C11"], JAN, rows, acting_user=None)
        expected = {(p.member_id, p.month): p.expected for p in DuesPayment.objects.all()}
        assert expected[(cell["old"].pk, JAN)] == Decimal(50_000)
        assert expected[(cell["old"].pk, FEB)] == 0
        assert expected[(cell["young"].pk, JAN)] == Decimal(50_000)


class TestChannel:
    def test_cash_by_default_and_the_portal_when_said(self, tree: dict[str, Any]) -> None:
        a = salaried(tree["C11"], "Nguyễn Văn Tiền", dt.date(2010, 1, 1))
        b = salaried(tree["C11"], "Trần Văn Cổng", dt.date(2010, 1, 1))
        do_record_payments(
            tree["C11"],
            MAR,
            [
                PaymentRow(a, Decimal(50_000), dt.date(2026, 3, 5)),
                PaymentRow(b, Decimal(50_000), dt.date(2026, 3, 5), channel=Channel.PORTAL),
            ],
            acting_user=None,
        )
        by_member = dict(DuesPayment.objects.values_list("member_id", "channel"))
        assert by_member == {a.pk: Channel.CASH, b.pk: Channel.PORTAL}
        with pytest.raises(DomainError) as junk:
            do_record_payments(
                tree["C11"],
                APR,
                [PaymentRow(a, Decimal(50_000), dt.date(2026, 4, 5), channel="PIGEON")],
                acting_user=None,
            )
        assert junk.value.field == "channel"

    def test_the_level_report_totals_by_channel(
        self, client: Any, admin_user: Any, tree: dict[str, Any]
    ) -> None:
        import io

        from openpyxl import load_workbook

        from dangvu.dues.queries import collected_by_channel

        a = salaried(tree["C11"], "Nguyễn Văn Tiền", dt.date(2010, 1, 1))
        b = salaried(tree["C21"], "Trần Văn Cổng", dt.date(2010, 1, 1))
        do_record_payments(
            tree["C11"],
            MAR,
            [PaymentRow(a, Decimal(50_000), dt.date(2026, 3, 5))],
            acting_user=None,
        )
        do_record_payments(
            tree["C21"],
            MAR,
            [PaymentRow(b, Decimal(60_000), dt.date(2026, 3, 5), channel=Channel.PORTAL)],
            acting_user=None,
        )
        assert collected_by_channel(tree["BLOC"], MAR, MAR) == {
            "Tiền mặt nộp chi bộ": Decimal(50_000),
            "Cổng Dịch vụ công Quốc gia": Decimal(60_000),
        }
        assert collected_by_channel(tree["GK1"], MAR, MAR) == {
            "Tiền mặt nộp chi bộ": Decimal(50_000)
        }
        client.force_login(admin_user)
        params = {"to_chuc": "BLOC", "nam": "2026", "quy": "1"}
        page = client.get("/dues/bao-cao/", params).content.decode()
        assert "Cổng Dịch vụ công Quốc gia <strong>60.000</strong> đồng" in page
        xlsx = client.get("/dues/bao-cao/", {**params, "xuat": "xlsx"})
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        assert "Trong đó: Cổng Dịch vụ công Quốc gia" in cells, cells
        # The cells' books: the split only where more than cash was used.
        months = {"tu": "01/2026", "den": "03/2026"}
        book = client.get("/dues/so/C21/", months).content.decode()
        assert "Trong đó: Cổng Dịch vụ công Quốc gia" in book
        assert 'data-testid="channel"' not in client.get("/dues/so/C11/", months).content.decode()
        book_xlsx = client.get("/dues/so/C21/", {**months, "xuat": "xlsx"})
        sheet = load_workbook(io.BytesIO(book_xlsx.content)).active
        assert any(
            "Trong đó: Cổng Dịch vụ công Quốc gia" in row and 60_000 in row
            for row in sheet.iter_rows(values_only=True)
        )
