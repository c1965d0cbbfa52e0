"""The congresses' read side: terms falling due and past due, organisations without a
term, congresses held, terms ended without a congress, a season's progress — across a
restructuring, with voided records left out, in statements that do not grow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.congresses import queries
from dangvu.congresses.models import Congress
from dangvu.congresses.tests.read_factories import congress, term
from dangvu.orgs.actions import do_move_organisation
from dangvu.reports.registry import Period

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 3, 1)


@pytest.fixture
def terms(tree: dict[str, Any]) -> dict[str, Any]:
    """GC1 due in two months; GC2 past due by 8 months (beyond the 6 allowed); GK1 past
    due by 2 months with a congress planned; GK2's term ended by its 2025 congress; C11
    past due but voided; C12 and SUB1 and C13 and C21 and the bloc with no term."""
    return {
        "GC1": term(tree["GC1"], "2020–2025", dt.date(2020, 5, 1), dt.date(2025, 5, 1)),
        "GC2": term(tree["GC2"], "2019–2024", dt.date(2019, 7, 1), dt.date(2024, 7, 1)),
        "GK1": term(tree["GK1"], "2020–2025", dt.date(2020, 1, 1), dt.date(2025, 1, 1)),
        "GK1_plan": congress(tree["GK1"], "2025–2030", dt.date(2025, 4, 10), held=False),
        "GK2": term(tree["GK2"], "2020–2025", dt.date(2020, 2, 1), dt.date(2025, 2, 1)),
        "GK2_held": congress(tree["GK2"], "2025–2030", dt.date(2025, 1, 20)),
        "C11": term(
            tree["C11"], "2022–2024", dt.date(2022, 1, 1), dt.date(2024, 7, 1), voided=True
        ),
    }


class TestTermsFallingDue:
    def test_terms_ending_within_the_months_asked(self, tree: Any, terms: Any) -> None:
        found = queries.terms_ending(tree["BLOC"], DAY, 6)
        assert [d.where.code for d in found] == ["GC1"]
        assert found[0].due_on == dt.date(2025, 5, 1)
        assert not found[0].past_due
        assert queries.terms_ending(tree["BLOC"], DAY, 1) == []

    def test_past_due_with_months_and_the_allowed_delay(self, tree: Any, terms: Any) -> None:
        import dangvu.congresses.rules  # noqa: F401  (registers the delay rule)

        found = {d.where.code: d for d in queries.terms_past_due(tree["BLOC"], DAY)}
        # GK2 held its congress (its term's ended_on not yet written): not past due; the
        # voided term of C11 is not counted.
        assert set(found) == {"GC2", "GK1"}
        assert found["GC2"].months_overdue == 8
        assert found["GC2"].allowed_delay == 6 and found["GC2"].beyond_delay
        assert found["GK1"].months_overdue == 2 and not found["GK1"].beyond_delay
        assert found["GK1"].planned_on == dt.date(2025, 4, 10)

    def test_organisations_without_a_term_are_shown_apart(self, tree: Any, terms: Any) -> None:
        codes = [p.code for p in queries.without_term(tree["BLOC"], DAY)]
        assert set(codes) == {"BLOC", "C11", "C12", "SUB1", "C13", "C21"}

    def test_a_moved_organisation_keeps_its_term_under_its_new_committee(
        self, tree: Any, terms: Any, decision: Any
    ) -> None:
        term(tree["C11"], "2022–2025", dt.date(2022, 11, 1), dt.date(2025, 5, 1))
        do_move_organisation(
            tree["C11"],
            new_parent=tree["GK2"],
            decision=decision(dt.date(2025, 1, 15)),
            acting_user=None,
        )
        assert [d.where.code for d in queries.terms_ending(tree["GK2"], DAY, 6)] == ["C11"]
        assert queries.terms_ending(tree["GK1"], DAY, 6) == []
        # Before the move it stood under GK1.
        early = dt.date(2024, 12, 1)
        assert queries.terms_ending(tree["GK2"], early, 6) == []
        assert [d.where.code for d in queries.terms_ending(tree["GK1"], early, 6)] == [
            "GK1",
            "C11",
        ]

    def test_a_scope_sees_only_its_subtree(self, tree: Any, terms: Any) -> None:
        assert queries.terms_past_due(tree["GK2"], DAY) == []
        assert [p.code for p in queries.without_term(tree["GK2"], DAY)] == ["C21"]

    def test_statements_do_not_grow_with_organisations(self, tree: Any, terms: Any) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                queries.terms_ending(tree["BLOC"], DAY, 12)
                queries.terms_past_due(tree["BLOC"], DAY)
                queries.without_term(tree["BLOC"], DAY)
            return len(ctx.captured_queries)

        before = count()
        for code in ("C12", "C13", "C21", "SUB1"):
            term(tree[code], "2022–2024", dt.date(2022, 6, 1), dt.date(2024, 12, 1))
        assert count() == before


class TestPeriodCounts:
    def test_held_by_level_and_form_placed_on_the_opening_day(
        self, tree: Any, terms: Any, decision: Any
    ) -> None:
        congress(tree["C21"], "2025–2027", dt.date(2025, 2, 10), form="DELEGATES")
        congress(tree["C12"], "2025–2027", dt.date(2025, 2, 11), voided=True)
        do_move_organisation(
            tree["C21"],
            new_parent=tree["GK1"],
            decision=decision(dt.date(2025, 6, 1)),
            acting_user=None,
        )
        year = Period.year(2025)
        found = queries.held_counts([tree["BLOC"], tree["GK1"], tree["GK2"]], year)
        assert found[tree["BLOC"].pk] == {
            ("GRASSROOTS_COMMITTEE", "ALL_MEMBERS"): 1,
            ("CELL", "DELEGATES"): 1,
        }
        # C21 held its congress under GK2, before it moved.
        assert sum(found[tree["GK2"].pk].values()) == 2
        assert sum(found[tree["GK1"].pk].values()) == 0

    def test_terms_ended_without_a_congress(self, tree: Any, terms: Any) -> None:
        year = Period.year(2025)
        found = queries.ended_without_counts([tree["BLOC"], tree["GK2"]], year)
        # GC1 (due 05/2025) and GK1 (due 01/2025) had no congress held by the year's end;
        # GK2 held one; GC2 fell due in 2024.
        assert found[tree["BLOC"].pk] == {"GRASSROOTS_CELL": 1, "GRASSROOTS_COMMITTEE": 1}
        assert sum(found[tree["GK2"].pk].values()) == 0
        listed = queries.ended_without(tree["BLOC"], year)
        assert [t.organisation.code for t in listed] == ["GK1", "GC1"]
        Congress.objects.filter(pk=terms["GK1_plan"].pk).update(
            held=True, opens_on=dt.date(2025, 12, 1)
        )
        found = queries.ended_without_counts([tree["BLOC"]], year)
        assert found[tree["BLOC"].pk] == {"GRASSROOTS_CELL": 1}


class TestSeason:
    def test_season_of_a_year(self) -> None:
        assert queries.season_year(2024) == 2025
        assert queries.season_year(2025) == 2025
        assert queries.season_year(2026) == 2025
        assert queries.season_year(2029) == 2030
        assert queries.parse_label("2025-2030") == (2025, 2030)
        assert queries.parse_label("2030–2025") is None
        assert queries.parse_label("abc") is None

    def test_the_three_states_of_the_grassroots(self, tree: Any, terms: Any) -> None:
        # GK1 planned, GK2 held, GC1 planned then voided, GC2 nothing.
        congress(tree["GC1"], "2025–2030", dt.date(2025, 5, 1), held=False, voided=True)
        season = queries.season_progress(tree["BLOC"], "2025–2030", "co-so", DAY)
        states = {r.where.code: r.state for r in season.rows}
        assert states == {
            "GC1": queries.NOT_SCHEDULED,
            "GC2": queries.NOT_SCHEDULED,
            "GK1": queries.SCHEDULED,
            "GK2": queries.HELD,
        }
        assert (season.held, season.scheduled, season.not_scheduled) == (1, 1, 2)
        gk2 = next(r for r in season.rows if r.where.code == "GK2")
        assert gk2.parent_name == "Đảng bộ Khối các cơ quan tỉnh"
        assert gk2.congress is not None and gk2.congress.opens_on == dt.date(2025, 1, 20)

    def test_the_cells_of_a_grassroots_committee(self, tree: Any) -> None:
        congress(tree["C11"], "2025–2027", dt.date(2025, 2, 1))
        congress(tree["C12"], "2022–2025", dt.date(2022, 6, 1))
        season = queries.season_progress(tree["GK1"], "2025–2030", "truc-thuoc", DAY)
        states = {r.where.code: r.state for r in season.rows}
        assert states == {
            "C11": queries.HELD,
            "C12": queries.NOT_SCHEDULED,
            "SUB1": queries.NOT_SCHEDULED,
            "C13": queries.NOT_SCHEDULED,
        }

    def test_counts_for_many_organisations_agree_with_the_table(
        self, tree: Any, terms: Any
    ) -> None:
        orgs = [tree[c] for c in ("BLOC", "GC1", "GC2", "GK1", "GK2")]
        kinds = queries.LEVELS["co-so"][1]
        with CaptureQueriesContext(connection) as ctx:
            found = queries.season_counts(orgs, DAY, 2025, kinds)
        assert len(ctx.captured_queries) <= 4
        season = queries.season_progress(tree["BLOC"], "2025–2030", "co-so", DAY)
        bloc = found[tree["BLOC"].pk]
        assert sum(n for (s, _k), n in bloc.items() if s == queries.HELD) == season.held
        assert sum(bloc.values()) == season.total == 4
        assert found[tree["GK2"].pk] == {(queries.HELD, "GRASSROOTS_COMMITTEE"): 1}


class TestSeasonTotals:
    def test_one_organisation_in_two_statements_as_the_batch_gives(
        self, tree: Any, terms: Any
    ) -> None:
        kinds = queries.LEVELS["co-so"][1]
        for day in (DAY, dt.date(2025, 1, 10)):
            with CaptureQueriesContext(connection) as ctx:
                found = queries.season_totals(tree["BLOC"], day, 2025, kinds)
            assert len(ctx.captured_queries) == 2
            batch = queries.season_counts([tree["BLOC"]], day, 2025, kinds)[tree["BLOC"].pk]
            by_state: dict[str, int] = {}
            for (state, _kind), n in batch.items():
                by_state[state] = by_state.get(state, 0) + n
            assert dict(found) == by_state
        # On 10/01/2025 GK2's congress of 20/01 was still to come.
        assert found[queries.HELD] == 0 and found[queries.SCHEDULED] == 2
