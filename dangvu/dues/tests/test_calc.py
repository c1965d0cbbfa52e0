"""What a member owes for a month, by the rule of that month, and what each level keeps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangvu.core.models import RuleVersion
from dangvu.core.rules import RuleBook, rule_text
from dangvu.dues.calc import (
    UNIT_COMMUNE,
    expected_amount,
    first_of_month,
    last_of_month,
    months,
    rate_amount,
    retention_share,
    split,
    to_dong,
)
from dangvu.dues.models import Area, Category, DuesBasis, Exemption
from dangvu.orgs.kinds import OrgKind, UnitType

pytestmark = pytest.mark.django_db


def basis(category: str, *, income: int | None = None, area: str = "", **kw: object) -> DuesBasis:
    """An unsaved basis: the calculation reads only its fields."""
    return DuesBasis(
        category=category,
        income=None if income is None else Decimal(income),
        area=area,
        valid_from=dt.date(2011, 4, 1),
        **kw,
    )


class TestMonths:
    def test_first_and_last_day_and_the_months_between_both_included(self) -> None:
        assert first_of_month(dt.date(2024, 2, 29)) == dt.date(2024, 2, 1)
        assert last_of_month(dt.date(2024, 2, 10)) == dt.date(2024, 2, 29)
        assert months(dt.date(2023, 11, 15), dt.date(2024, 2, 3)) == [
            dt.date(2023, 11, 1),
            dt.date(2023, 12, 1),
            dt.date(2024, 1, 1),
            dt.date(2024, 2, 1),
        ]
        assert months(dt.date(2024, 3, 5), dt.date(2024, 2, 1)) == []


class TestPercentages:
    @pytest.mark.parametrize(
        ("category", "income", "expected"),
        [
            (Category.STATE, 5_234_567, "52346"),  # 52 345,67 rounds up
            (Category.ARMED, 8_000_000, "80000"),
            (Category.ENTERPRISE, 12_345_650, "123457"),  # 123 456,5 rounds half up
            (Category.PENSION, 6_000_001, "30000"),  # 30 000,005 rounds down
        ],
    )
    def test_each_salaried_category_pays_its_share_rounded_to_the_dong(
        self, category: str, income: int, expected: str
    ) -> None:
        for month in (dt.date(2015, 3, 1), dt.date(2026, 3, 1)):
            assert expected_amount(basis(category, income=income), month) == Decimal(expected)

    def test_a_percentage_without_an_income_gives_nothing(self) -> None:
        assert expected_amount(basis(Category.STATE), dt.date(2023, 1, 1)) == 0

    def test_a_month_before_every_rule_is_refused_naming_the_date(self) -> None:
        from dangvu.core.rules import NoRuleInForce

        with pytest.raises(NoRuleInForce, match="01/03/2011"):
            expected_amount(basis(Category.STATE, income=1_000_000), dt.date(2011, 3, 1))

    def test_an_administrators_version_changes_the_rate_from_its_month_on(self) -> None:
        RuleVersion.objects.create(
            key="dues.percent",
            effective_from=dt.date(2024, 1, 1),
            value={"STATE": "1", "ARMED": "1", "PENSION": "0.6", "ENTERPRISE": "1", "ABROAD": "1"},
            note="Quyết định thử",
        )
        pension = basis(Category.PENSION, income=5_000_000)
        assert expected_amount(pension, dt.date(2023, 12, 1)) == Decimal("25000")
        assert expected_amount(pension, dt.date(2024, 1, 1)) == Decimal("30000")
        book = RuleBook()
        assert expected_amount(pension, dt.date(2024, 5, 1), book=book) == Decimal("30000")
        assert rule_text("dues.percent", dt.date(2024, 2, 1)) == "Quyết định thử"


class TestFixedAmounts:
    def test_the_2016_guidance_applies_from_the_month_after_it_was_issued(self) -> None:
        farmer = basis(Category.OTHER, area=Area.METRO)
        # Issued 06/07/2016: July is counted by the rule in force on its first day.
        assert expected_amount(farmer, dt.date(2016, 7, 1)) == Decimal("2000")
        assert expected_amount(farmer, dt.date(2016, 8, 1)) == Decimal("10000")

    @pytest.mark.parametrize(
        ("area", "amount"),
        [(Area.METRO, "10000"), (Area.URBAN, "8000"), (Area.RURAL, "6000"), (Area.REMOTE, "4000")],
    )
    def test_others_pay_by_area_under_the_2016_guidance(self, area: str, amount: str) -> None:
        assert expected_amount(basis(Category.OTHER, area=area), dt.date(2020, 6, 1)) == Decimal(
            amount
        )

    def test_others_past_working_age_pay_their_own_amount_under_each_text(self) -> None:
        aged = basis(Category.OTHER_AGED, area=Area.METRO)
        assert expected_amount(aged, dt.date(2016, 7, 1)) == Decimal("1000")
        assert expected_amount(aged, dt.date(2016, 8, 1)) == Decimal("5000")
        assert expected_amount(aged, dt.date(2026, 1, 1)) == Decimal("5000")
        assert expected_amount(aged, dt.date(2026, 2, 1)) == Decimal("10620")
        assert expected_amount(aged, dt.date(2028, 1, 1)) == Decimal("15930")

    def test_students_pay_5000_from_february_2026(self) -> None:
        student = basis(Category.STUDENT, area=Area.URBAN)
        assert expected_amount(student, dt.date(2026, 1, 1)) == Decimal("3000")
        assert expected_amount(student, dt.date(2026, 2, 1)) == Decimal("5000")

    def test_others_step_up_in_2028_under_the_2026_regulation(self) -> None:
        farmer = basis(Category.OTHER, area=Area.RURAL)
        assert expected_amount(farmer, dt.date(2027, 12, 1)) == Decimal("12420")
        assert expected_amount(farmer, dt.date(2028, 1, 1)) == Decimal("20700")

    def test_a_member_abroad_pays_on_an_allowance_or_the_fixed_amount(self) -> None:
        month = dt.date(2026, 4, 1)
        assert expected_amount(basis(Category.ABROAD, income=20_000_000), month) == 200_000
        assert expected_amount(basis(Category.ABROAD), month) == Decimal("30000")

    def test_a_fixed_amount_without_an_area_reads_the_rural_one(self) -> None:
        assert rate_amount(Category.OTHER, dt.date(2020, 1, 1), income=None, area="") == 6000


class TestExemptionAndReduction:
    def test_an_exempt_member_and_a_member_without_basis_owe_nothing(self) -> None:
        exempt = basis(Category.STATE, income=9_000_000, exemption=Exemption.EXEMPT)
        assert expected_amount(exempt, dt.date(2023, 1, 1)) == 0
        assert expected_amount(None, dt.date(2023, 1, 1)) == 0

    def test_a_reduction_is_the_reduced_amount_never_more_than_the_rate(self) -> None:
        month = dt.date(2023, 1, 1)
        reduced = basis(
            Category.STATE,
            income=5_000_000,
            exemption=Exemption.REDUCED,
            reduced_amount=Decimal("20000"),
        )
        assert expected_amount(reduced, month) == Decimal("20000")
        reduced.reduced_amount = Decimal("90000")
        assert expected_amount(reduced, month) == Decimal("50000")


class TestRetention:
    def test_each_level_keeps_its_share(self) -> None:
        month = dt.date(2023, 5, 1)
        assert retention_share(OrgKind.CELL, month) == Decimal("0.30")
        assert retention_share(OrgKind.GRASSROOTS_COMMITTEE, month) == Decimal("0.70")
        assert retention_share(OrgKind.GRASSROOTS_CELL, month, unit=UNIT_COMMUNE) == Decimal("0.90")
        for unit in (UnitType.ENTERPRISE, UnitType.AGENCY, UnitType.OTHER, ""):
            share = retention_share(OrgKind.GRASSROOTS_CELL, month, unit=unit)
            assert share == Decimal("0.70"), unit
        assert retention_share(OrgKind.BLOC, month) == Decimal("0.50")
        assert retention_share(OrgKind.SUB_COMMITTEE, month) == 0

    @pytest.mark.parametrize("collected", ["0", "1", "3", "333333", "1000001"])
    def test_kept_and_sent_up_add_up_to_the_dong(self, collected: str) -> None:
        for share in (Decimal("0.3"), Decimal("0.5"), Decimal("0.7"), Decimal("0.9")):
            kept, up = split(Decimal(collected), share)
            assert kept + up == Decimal(collected)
            assert kept == to_dong(kept) and kept >= 0 and up >= 0
