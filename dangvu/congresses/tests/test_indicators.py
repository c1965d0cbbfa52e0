"""The congresses' indicators: held by level and form, terms ended without a congress,
the season's progress — sums over the grassroots organisations, batch forms equal to the
single ones, voided records left out, statements that do not grow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.congresses.tests.read_factories import congress, term
from dangvu.reports.registry import Period, indicators, records_url, value, values_by_org

pytestmark = pytest.mark.django_db
Y2025 = Period.year(2025)
GRASSROOTS = ("GC1", "GC2", "GK1", "GK2")
CODES = [i.code for i in indicators() if i.owner == "congresses"]


@pytest.fixture
def records(tree: dict[str, Any]) -> None:
    term(tree["GC1"], "2020–2025", dt.date(2020, 5, 1), dt.date(2025, 5, 1))
    term(tree["GK1"], "2020–2025", dt.date(2020, 1, 1), dt.date(2025, 1, 1))
    congress(tree["GK1"], "2025–2030", dt.date(2026, 2, 10), held=False)
    term(tree["GK2"], "2020–2025", dt.date(2020, 2, 1), dt.date(2025, 2, 1))
    congress(tree["GK2"], "2025–2030", dt.date(2025, 1, 20), form="DELEGATES")
    congress(tree["C21"], "2025–2027", dt.date(2025, 1, 5))
    congress(tree["C11"], "2025–2027", dt.date(2025, 1, 6), voided=True)
    congress(tree["GC2"], "2025–2030", dt.date(2025, 3, 1), held=False, voided=True)
    term(tree["GC2"], "2020–2025", dt.date(2020, 3, 1), dt.date(2025, 3, 1), voided=True)


class TestValues:
    def test_held_by_level_and_the_grassroots_by_form(self, tree: Any, records: None) -> None:
        held = value("congresses.held", tree["BLOC"], Y2025)
        assert held.value == 2
        assert held.breakdown == {"Chi bộ trực thuộc": 1, "Đảng bộ cơ sở": 1}
        grassroots = value("congresses.held_grassroots", tree["BLOC"], Y2025)
        assert grassroots.value == 1
        assert grassroots.breakdown == {"Đại hội đại biểu": 1}
        assert value("congresses.held", tree["BLOC"], Period.year(2024)).value == 0

    def test_terms_ended_without_a_congress(self, tree: Any, records: None) -> None:
        ended = value("congresses.ended_without", tree["BLOC"], Y2025)
        # GC1 and GK1 fell due in 2025 with no congress held by its end; GC2's is voided.
        assert ended.value == 2
        assert ended.breakdown == {"Chi bộ cơ sở": 1, "Đảng bộ cơ sở": 1}

    def test_the_season_of_the_year(self, tree: Any, records: None) -> None:
        bloc = tree["BLOC"]
        assert value("congresses.season.held", bloc, Y2025).value == 1
        assert value("congresses.season.scheduled", bloc, Y2025).value == 1
        not_scheduled = value("congresses.season.not_scheduled", bloc, Y2025)
        assert not_scheduled.value == 2
        assert not_scheduled.breakdown == {"Chi bộ cơ sở": 2}
        # 2024 prepares the same season (on 31/12/2024 GK2's congress was still to come);
        # 2029 the next one, where nothing is recorded.
        assert value("congresses.season.held", bloc, Period.year(2024)).value == 0
        assert value("congresses.season.scheduled", bloc, Period.year(2024)).value == 2
        assert value("congresses.season.held", bloc, Period.year(2029)).value == 0
        url = records_url("congresses.season.held", bloc, Y2025)
        assert url is not None and "nhiem_ky=2025%E2%80%932030" in url


class TestAllIndicators:
    def test_additive_ones_sum_over_the_grassroots_organisations(
        self, tree: Any, records: None
    ) -> None:
        for ind in indicators():
            if ind.owner != "congresses" or not ind.additive:
                continue
            whole = value(ind.code, tree["BLOC"], Y2025).value or 0
            parts = sum(value(ind.code, tree[c], Y2025).value or 0 for c in GRASSROOTS)
            assert parts == whole, ind.code

    def test_batch_forms_give_each_organisation_its_single_figure(
        self, tree: Any, records: None
    ) -> None:
        orgs = list(tree.values())
        for code in CODES:
            many = values_by_org(code, orgs, Y2025)
            for org in orgs:
                single = value(code, org, Y2025)
                assert many[org.pk].value == single.value, (code, org.code)
                assert many[org.pk].breakdown == single.breakdown, (code, org.code)

    def test_statements_do_not_grow_with_organisations(self, tree: Any, records: None) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                for code in CODES:
                    values_by_org(code, list(tree.values()), Y2025)
            return len(ctx.captured_queries)

        before = count()
        for code in ("C12", "C13", "SUB1"):
            term(tree[code], "2022–2025", dt.date(2022, 6, 1), dt.date(2025, 1, 1))
            congress(tree[code], "2025–2027", dt.date(2025, 2, 1))
        assert count() == before
