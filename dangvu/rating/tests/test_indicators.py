"""The rating indicators: counts and shares by grade for members and organisations, sums
over the grassroots organisations, batch forms, the year before, bounded queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.rating.tests.test_queries import E, rated  # noqa: F401  (fixture)
from dangvu.reports.registry import Period, indicators, records_url, value, values_by_org

pytestmark = pytest.mark.django_db
Y2023 = Period.year(2023)
GRASSROOTS = ("GC1", "GC2", "GK1", "GK2")
CODES = [i.code for i in indicators() if i.owner == "rating"]


class TestMemberIndicators:
    def test_counts_and_shares_by_grade(self, tree: dict[str, Any], rated: Any) -> None:  # noqa: F811
        bloc = tree["BLOC"]
        assert value("rating.members.excellent", bloc, Y2023).value == 1
        assert value("rating.members.not_completed", bloc, Y2023).value == 1
        assert value("rating.members.graded", bloc, Y2023).value == 4
        assert value("rating.members.excellent_rate", bloc, Y2023).value == pytest.approx(25.0)
        not_rated = value("rating.members.not_rated", bloc, Y2023)
        assert not_rated.value == 1
        assert not_rated.breakdown == {"Được miễn công tác và sinh hoạt đảng": 1}
        assert value("rating.members.unrated", bloc, Y2023).value == 3

    def test_the_year_on_year_change(self, tree: dict[str, Any], rated: Any) -> None:  # noqa: F811
        # good: 2 in 2022, 1 in 2023
        change = value("rating.members.good.pct_change", tree["BLOC"], Y2023)
        assert change.value == pytest.approx(-50.0)

    def test_a_period_without_a_years_end_counts_nothing(
        self,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        import datetime as dt

        spring = Period(dt.date(2023, 1, 1), dt.date(2023, 6, 30))
        assert value("rating.members.graded", tree["BLOC"], spring).value == 0
        assert value("rating.members.excellent_rate", tree["BLOC"], spring).value is None


class TestOrganisationIndicators:
    def test_by_grade_with_a_breakdown_by_kind(self, tree: dict[str, Any], rated: Any) -> None:  # noqa: F811
        bloc = tree["BLOC"]
        excellent = value("rating.orgs.excellent", bloc, Y2023)
        assert excellent.value == 1
        assert excellent.breakdown["Tổ chức cơ sở đảng"] == 1
        good = value("rating.orgs.good", bloc, Y2023)
        assert good.breakdown["Chi bộ trực thuộc"] == 1
        rate = value("rating.orgs.excellent_rate", bloc, Y2023)
        assert rate.value == pytest.approx(100 / 3)
        assert rate.breakdown["Tổ chức cơ sở đảng"] == pytest.approx(50.0)
        assert value("rating.orgs.unrated", bloc, Y2023).value == 5


class TestAllIndicators:
    def test_additive_ones_sum_over_the_grassroots_organisations(
        self,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        for ind in indicators():
            if ind.owner != "rating" or not ind.additive:
                continue
            whole = value(ind.code, tree["BLOC"], Y2023).value or 0
            parts = sum(value(ind.code, tree[c], Y2023).value or 0 for c in GRASSROOTS)
            assert parts == whole, ind.code

    def test_batch_forms_give_each_organisation_its_single_figure(
        self,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        orgs = [tree[c] for c in (*GRASSROOTS, "BLOC", "C11")]
        for code in CODES:
            if code.endswith(".pct_change"):
                continue
            many = values_by_org(code, orgs, Y2023)
            for org in orgs:
                single = value(code, org, Y2023)
                assert many[org.pk].value == single.value, (code, org.code)
                assert many[org.pk].breakdown == single.breakdown, (code, org.code)

    def test_each_is_a_bounded_number_of_queries(
        self,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        for code in CODES:
            with CaptureQueriesContext(connection) as ctx:
                value(code, tree["BLOC"], Y2023)
            assert len(ctx.captured_queries) <= 16, code

    def test_record_links_name_the_organisation_and_year(
        self,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        url = records_url("rating.members.excellent", tree["GK1"], Y2023)
        assert url is not None
        assert "to_chuc=GK1" in url and "nam=2023" in url and f"xep_loai={E}" in url
        assert "chua-xep-loai" in (records_url("rating.members.unrated", tree["GK1"], Y2023) or "")


class TestAnnualReportSentence:
    def test_the_organisation_section_states_the_results_only_with_ratings(self) -> None:
        from dangvu.reports.tests.test_prose import fig, report, text

        with_ratings = report(
            fig("members.end", 120),
            fig("rating.members.graded", 120),
            fig("rating.members.excellent_rate", 12.5, unit="%"),
            fig("rating.members.good_rate", 70, unit="%"),
            fig("rating.members.completed_rate", 17.5, unit="%"),
            fig("rating.members.not_completed_rate", 0, unit="%"),
            fig("rating.orgs.graded", 30, breakdown={"Tổ chức cơ sở đảng": 4}),
            fig("rating.orgs.excellent_rate", 20, unit="%", breakdown={"Tổ chức cơ sở đảng": 25}),
            fig("rating.orgs.good_rate", 80, unit="%", breakdown={"Tổ chức cơ sở đảng": 75}),
        )
        assert (
            "Kết quả đánh giá, xếp loại chất lượng năm 2023: 120 đảng viên được xếp loại, trong "
            "đó 12,5% hoàn thành xuất sắc nhiệm vụ, 70% hoàn thành tốt nhiệm vụ, 17,5% hoàn "
            "thành nhiệm vụ; 04 tổ chức cơ sở đảng được xếp loại, trong đó 25% hoàn thành xuất "
            "sắc nhiệm vụ, 75% hoàn thành tốt nhiệm vụ."
        ) in text(with_ratings)
        assert "xếp loại" not in text(report(fig("members.end", 120)))
        unrated = report(fig("members.end", 120), fig("rating.members.graded", 0))
        assert "xếp loại chất lượng" not in text(unrated)


class TestOneComputation:
    def test_the_indicators_of_a_report_share_one_tally(
        self,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        from dangvu.reports.registry import computation, values

        member_codes = [c for c in CODES if c.startswith("rating.members.")]
        with CaptureQueriesContext(connection) as alone:
            values(member_codes[:1], tree["BLOC"], Y2023)
        with CaptureQueriesContext(connection) as shared, computation():
            found = values(member_codes, tree["BLOC"], Y2023)
        # this year's tally and, for the changes, last year's: twice one code's statements
        assert len(shared.captured_queries) <= 2 * len(alone.captured_queries)
        assert found["rating.members.graded"].value == 4
