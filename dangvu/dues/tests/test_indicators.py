"""The dues indicators: figures by construction, sums over the subtree, bounded queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.dues import queries
from dangvu.dues.actions import PaymentRow, do_record_payments, do_remit, do_set_basis
from dangvu.dues.calc import rate_amount
from dangvu.dues.models import Category, Exemption
from dangvu.members.tests.factories import existing
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db
Y2023 = Period.year(2023)
Q1 = Period(dt.date(2023, 1, 1), dt.date(2023, 3, 31))
JOINED = dt.date(2022, 6, 1)


def member(org: Any, name: str, *, income: int | None = 5_000_000, **basis: Any) -> Any:
    m = existing(org, JOINED, dt.date(2010, 1, 1), name)
    do_set_basis(
        m,
        valid_from=dt.date(2022, 6, 1),
        category=basis.pop("category", Category.STATE),
        income=income,
        acting_user=None,
        **basis,
    )
    return m


def pay(org: Any, month: dt.date, *members: Any, amount: int = 50_000, months: int = 1) -> None:
    do_record_payments(
        org,
        month,
        [PaymentRow(m, Decimal(amount * months), month, months=months) for m in members],
        acting_user=None,
    )


@pytest.fixture
def books(tree: dict[str, Any]) -> dict[str, Any]:
    """C11: two salaried members (50,000 đ a month); C21: one pensioner (25,000 đ) and one
    exempted member; GC1: one farmer (rural, fixed amount)."""
    return {
        "an": member(tree["C11"], "Nguyễn Văn An"),
        "binh": member(tree["C11"], "Trần Thị Bình"),
        "cuong": member(tree["C21"], "Lê Văn Cường", category=Category.PENSION),
        "dung": member(
            tree["C21"],
            "Phạm Văn Dũng",
            exemption=Exemption.EXEMPT,
            decision="Quyết định 12-QĐ/ĐU",
            decision_date=dt.date(2022, 5, 20),
        ),
        "em": member(
            tree["GC1"], "Hoàng Văn Em", category=Category.OTHER, income=None, area="RURAL"
        ),
    }


class TestDuesFigures:
    def test_expected_is_the_sum_of_each_members_monthly_amount(
        self, tree: dict[str, Any], books: dict[str, Any]
    ) -> None:
        fig = value("dues.expected", tree["BLOC"], Q1)
        farmer = rate_amount(Category.OTHER, dt.date(2023, 1, 1), income=None, area="RURAL")
        # 3 months × (2 × 50,000 + 25,000 + 0 + the farmer's fixed amount)
        assert fig.value == 3 * (100_000 + 25_000 + farmer)
        assert fig.breakdown[Category.STATE.label] == 300_000
        assert fig.breakdown[Category.PENSION.label] == 75_000
        assert value("dues.expected", tree["GK1"], Q1).value == 300_000
        assert value("dues.expected", tree["C21"], Q1).value == 75_000

    def test_collected_kept_remitted_and_rate(
        self, tree: dict[str, Any], books: dict[str, Any]
    ) -> None:
        c11, c21 = tree["C11"], tree["C21"]
        pay(c11, dt.date(2023, 1, 1), books["an"], months=3)
        pay(c11, dt.date(2023, 1, 1), books["binh"])
        pay(c21, dt.date(2023, 2, 1), books["cuong"], amount=25_000)
        do_remit(
            c11,
            period_start=dt.date(2023, 1, 1),
            period_end=dt.date(2023, 3, 31),
            amount=Decimal(140_000),
            sent_on=dt.date(2023, 4, 5),
            acting_user=None,
        )
        assert value("dues.collected", tree["BLOC"], Q1).value == 225_000
        assert value("dues.collected", tree["GK1"], Q1).value == 200_000
        assert value("dues.collected", c11, Q1).breakdown == {Category.STATE.label: 200_000}
        # C11 sent 140,000 to GK1: out of C11's subtree, inside GK1's.
        assert value("dues.remitted", c11, Q1).value == 140_000
        assert value("dues.kept", c11, Q1).value == 60_000
        assert value("dues.remitted", tree["GK1"], Q1).value == 0
        assert value("dues.kept", tree["GK1"], Q1).value == 200_000
        rate = value("dues.collection_rate", tree["GK1"], Q1)
        assert rate.value == pytest.approx(200_000 / 300_000 * 100)

    def test_figures_add_up_over_the_grassroots_organisations(
        self, tree: dict[str, Any], books: dict[str, Any]
    ) -> None:
        pay(tree["C11"], dt.date(2023, 1, 1), books["an"], books["binh"])
        pay(tree["C21"], dt.date(2023, 3, 1), books["cuong"], amount=25_000)
        pay(tree["GC1"], dt.date(2023, 2, 1), books["em"], amount=3_000)
        grassroots = ["GC1", "GC2", "GK1", "GK2"]
        for code in ("dues.expected", "dues.collected", "dues.members_in_arrears"):
            whole = value(code, tree["BLOC"], Q1).value
            assert whole == sum(value(code, tree[g], Q1).value for g in grassroots), code

    def test_arrears_count_unpaid_ended_months_and_never_the_exempted(
        self, tree: dict[str, Any], books: dict[str, Any]
    ) -> None:
        pay(tree["C11"], dt.date(2023, 1, 1), books["an"], months=3)
        pay(tree["C21"], dt.date(2023, 1, 1), books["cuong"], amount=25_000, months=2)
        found = queries.unpaid(tree["BLOC"], queries.ended_months(Q1.start, Q1.end))
        by_member = {m: len(a.months) for m, a in found.items()}
        assert by_member == {books["binh"].pk: 3, books["cuong"].pk: 1, books["em"].pk: 3}
        fig = value("dues.members_in_arrears", tree["BLOC"], Q1)
        assert fig.value == 3
        assert fig.breakdown[Category.STATE.label] == 1

    def test_statements_do_not_grow_with_members(self, tree: dict[str, Any]) -> None:
        def count(n: int) -> int:
            for i in range(n):
                m = member(tree["C12"], f"Đảng viên {n} {i}", income=4_000_000 + 1000 * (i % 2))
                pay(tree["C12"], dt.date(2023, 1, 1), m, amount=40_000)
            with CaptureQueriesContext(connection) as ctx:
                for code in ("dues.expected", "dues.collected", "dues.members_in_arrears"):
                    value(code, tree["GK1"], Q1)
                value("dues.kept", tree["GK1"], Q1)
            return len(ctx.captured_queries)

        assert count(3) == count(9)


class TestBatchForms:
    def test_the_batch_forms_give_each_organisation_its_single_figure(
        self, tree: dict[str, Any], books: dict[str, Any], decision: Any
    ) -> None:
        from dangvu.orgs.actions import do_move_organisation
        from dangvu.reports.registry import values_by_org

        pay(tree["C11"], dt.date(2023, 1, 1), books["an"], months=3)
        pay(tree["C21"], dt.date(2023, 2, 1), books["cuong"], amount=25_000)
        do_move_organisation(
            tree["C11"],
            new_parent=tree["GK2"],
            decision=decision(dt.date(2023, 2, 15)),
            acting_user=None,
        )
        pay(tree["C11"], dt.date(2023, 3, 1), books["binh"])
        orgs = [tree[c] for c in ("GC1", "GC2", "GK1", "GK2", "C11", "BLOC")]
        for code in ("dues.expected", "dues.collected"):
            batch = values_by_org(code, orgs, Q1)
            for org in orgs:
                single = value(code, org, Q1)
                assert (batch[org.pk].value, batch[org.pk].breakdown) == (
                    single.value,
                    single.breakdown,
                ), (code, org.code)


class TestAnnualReportSentence:
    def test_the_report_states_the_dues_in_one_sentence_only_with_dues_data(self) -> None:
        from dangvu.reports.tests.test_prose import fig, report, text

        with_dues = report(
            fig("members.end", 120),
            fig("dues.collected", 12_345_000, unit="đồng"),
            fig("dues.collection_rate", 96.5, unit="%"),
            fig("dues.remitted", 4_000_000, unit="đồng"),
            fig("dues.kept", 8_345_000, unit="đồng"),
            fig("dues.members_in_arrears", 5),
        )
        assert (
            "Về đảng phí, toàn Đảng bộ đã thu 12.345.000 đồng (đạt 96,5% số phải thu); nộp "
            "lên cấp trên 4.000.000 đồng; trích giữ lại 8.345.000 đồng; còn 05 đảng viên chưa "
            "đóng đủ đảng phí."
        ) in text(with_dues)
        assert "đảng phí" not in text(report(fig("members.end", 120)))


class TestOneReportComputesEachFigureOnce:
    def test_the_rate_reuses_expected_and_collected_within_a_computation(
        self, tree: dict[str, Any], books: dict[str, Any]
    ) -> None:
        from dangvu.reports.registry import computation

        pay(tree["C11"], dt.date(2023, 1, 1), books["an"], months=3)

        def statements(*codes: str) -> int:
            with CaptureQueriesContext(connection) as ctx:
                for code in codes:
                    value(code, tree["GK1"], Q1)
            return len(ctx.captured_queries)

        alone = statements("dues.collection_rate")
        assert alone > 0
        with computation():
            statements("dues.expected", "dues.collected")
            assert statements("dues.collection_rate") == 0
            # Another period is another figure.
            assert statements("dues.collected") == 0
            assert value("dues.collection_rate", tree["GK1"], Y2023).value is not None
        # Not kept beyond it: a payment recorded since is counted.
        before = value("dues.collected", tree["GK1"], Q1).value
        pay(tree["C11"], dt.date(2023, 1, 1), books["binh"])
        assert value("dues.collected", tree["GK1"], Q1).value == before + 50_000
        assert statements("dues.collection_rate") == alone

    def test_the_annual_report_composes_in_one_computation(
        self, tree: dict[str, Any], books: dict[str, Any], monkeypatch: Any
    ) -> None:
        from dangvu.reports import annual

        calls: list[tuple[Any, ...]] = []
        real = queries._expected

        def counted(*args: Any) -> Any:
            calls.append(args)
            return real(*args)

        monkeypatch.setattr(queries, "_expected", counted)
        annual.compose(tree["BLOC"], 2023, today=dt.date(2024, 2, 1))
        assert calls and len(calls) == len(set(calls))


def test_one_subtrees_payments_are_read_without_the_others(
    tree: dict[str, Any], books: dict[str, Any]
) -> None:
    """A cell's figure reads the payments collected in its own subtree, not the
    installation's; the root's path reads them all."""
    month = dt.date(2023, 2, 1)
    pay(tree["C11"], month, books["an"], books["binh"])
    pay(tree["C21"], month, books["cuong"], amount=25_000)
    cell = tree["C11"]
    own = queries.payment_table(month, month, cell.path)
    assert own and all(row.path.startswith(cell.path) for row in own)
    root = "/" + cell.path.strip("/").split("/")[0] + "/"
    everyone = queries.payment_table(month, month, root)
    assert len(everyone) > len(own)
    assert queries.collected(cell, month, month).total == Decimal(100_000)
    assert queries.collected(tree["C21"], month, month).total == Decimal(25_000)
