"""The read side of meetings: what counts, where it is placed, and what falls due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.meetings import queries
from dangvu.meetings.models import MeetingKind, Presence
from dangvu.meetings.tests.helpers import cell_members
from dangvu.meetings.tests.read_factories import all_present, meeting
from dangvu.reports.registry import Period

pytestmark = pytest.mark.django_db

P, E, U, X = Presence.PRESENT, Presence.EXCUSED, Presence.UNEXCUSED, Presence.EXEMPT
Y2024 = Period.year(2024)


class TestCounts:
    def test_voided_meetings_count_nowhere(self, tree: dict[str, Any]) -> None:
        people = cell_members(tree["C11"])
        meeting(tree["C11"], dt.date(2024, 3, 5), all_present(people))
        meeting(tree["C11"], dt.date(2024, 3, 6), [(people[0], U)], voided=True)
        s = queries.stats(tree["GK1"], Y2024)
        assert s.held == 1
        assert s.absentees() == 0
        assert s.rate == 100.0

    def test_the_rate_is_present_over_required_without_guests_or_exempt(
        self, tree: dict[str, Any]
    ) -> None:
        a, b, c, d = cell_members(tree["C11"])
        meeting(
            tree["C11"], dt.date(2024, 3, 5), [(a, P), (b, E), (c, X), (d, P)], guests=["Khách"]
        )
        meeting(tree["C12"], dt.date(2024, 3, 6), [(a, P), (b, U)])
        s = queries.stats(tree["GK1"], Y2024)
        # 3 present of 5 required: the exempt member and the guest are in neither figure.
        assert (s.present, s.required, s.guests) == (3, 5, 1)
        assert s.rate == pytest.approx(60.0)
        assert s.meetings[MeetingKind.REGULAR] == 2

    def test_meetings_are_split_by_kind_and_thematic_by_quarter(self, tree: dict[str, Any]) -> None:
        people = cell_members(tree["C11"])
        meeting(tree["C11"], dt.date(2024, 1, 5), all_present(people))
        meeting(tree["C11"], dt.date(2024, 2, 5), all_present(people), kind=MeetingKind.THEMATIC)
        meeting(
            tree["C11"], dt.date(2024, 5, 5), all_present(people), kind=MeetingKind.EXTRAORDINARY
        )
        s = queries.stats(tree["BLOC"], Y2024)
        assert (s.held, s.thematic, s.meetings[MeetingKind.EXTRAORDINARY]) == (3, 1, 1)
        assert s.thematic_in_quarter == {dt.date(2024, 1, 1): 1}


class TestPlacement:
    def test_a_cell_that_moved_counts_under_each_parent_for_its_own_months(
        self, tree: dict[str, Any], decision: Any
    ) -> None:
        from dangvu.orgs.actions import do_move_organisation

        people = cell_members(tree["C11"])
        meeting(tree["C11"], dt.date(2024, 3, 5), all_present(people))
        do_move_organisation(
            tree["C11"],
            new_parent=tree["GK2"],
            decision=decision(dt.date(2024, 6, 1)),
            acting_user=None,
        )
        meeting(tree["C11"], dt.date(2024, 7, 5), [(people[0], U), *all_present(people[1:])])
        found = queries.tallies([tree["GK1"], tree["GK2"], tree["BLOC"]], Y2024)
        assert found[tree["GK1"].pk].held == 1
        assert found[tree["GK2"].pk].held == 1
        assert found[tree["BLOC"].pk].held == 2
        assert found[tree["GK2"].pk].absentees() == 1
        assert found[tree["GK1"].pk].absentees() == 0
        # Coverage: C11 is due January to May under GK1, July to December under GK2 (June
        # is the month of the move: on its last day it stood under GK2).
        gk1, gk2 = found[tree["GK1"].pk], found[tree["GK2"].pk]
        c11 = tree["C11"].pk
        assert {m.month for o, m in gk1.months_due if o == c11} == {1, 2, 3, 4, 5}
        assert {m.month for o, m in gk2.months_due if o == c11} == set(range(6, 13))
        assert (c11, dt.date(2024, 3, 1)) in gk1.months_met

    def test_the_batch_agrees_with_one_organisation_at_a_time(self, tree: dict[str, Any]) -> None:
        people = cell_members(tree["C13"])
        meeting(tree["C13"], dt.date(2024, 4, 2), [(people[0], U), *all_present(people[1:])])
        meeting(tree["GC1"], dt.date(2024, 4, 3), [])
        orgs = [tree[c] for c in ("BLOC", "GK1", "SUB1", "C13", "GC1", "GK2")]
        found = queries.tallies(orgs, Y2024)
        for org in orgs:
            one = queries.stats(org, Y2024)
            assert (one.held, one.present, one.absentees(), one.months_missed) == (
                found[org.pk].held,
                found[org.pk].present,
                found[org.pk].absentees(),
                found[org.pk].months_missed,
            ), org.code

    def test_the_queries_do_not_grow_with_cells_or_meetings(self, tree: dict[str, Any]) -> None:
        people = cell_members(tree["C11"])

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                queries.tallies([tree["BLOC"], tree["GK1"]], Y2024)
            return len(ctx.captured_queries)

        meeting(tree["C11"], dt.date(2024, 1, 5), [(people[0], U)])
        few = count()
        for code in ("C12", "C13", "C21", "GC1", "GC2"):
            for month in range(1, 13):
                meeting(tree[code], dt.date(2024, month, 9), [(people[0], U), (people[1], P)])
        assert count() == few


class TestCoverage:
    def test_months_and_quarters_without_meetings(self, tree: dict[str, Any]) -> None:
        people = cell_members(tree["C11"])
        for month in (1, 2, 4, 5, 6):
            meeting(tree["C11"], dt.date(2024, month, 10), all_present(people))
        meeting(tree["C11"], dt.date(2024, 5, 20), all_present(people), kind=MeetingKind.THEMATIC)
        q1q2 = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
        s = queries.tallies([tree["C11"]], q1q2)[tree["C11"].pk]
        assert len(s.months_due) == 6 and s.months_missed == 1  # March
        assert len(s.quarters_due) == 2 and s.quarters_missed == 1  # Q1 had no thematic one

    def test_cells_without_a_meeting_last_month(self, tree: dict[str, Any]) -> None:
        people = cell_members(tree["C11"])
        meeting(tree["C11"], dt.date(2024, 4, 10), all_present(people))
        meeting(tree["C12"], dt.date(2024, 4, 10), [], voided=True)
        found = {
            c.organisation.code
            for c in queries.cells_without_meeting(tree["GK1"], dt.date(2024, 5, 3))
        }
        assert found == {"C12", "C13"}

    def test_cells_without_a_thematic_meeting_this_quarter(self, tree: dict[str, Any]) -> None:
        people = cell_members(tree["C11"])
        meeting(tree["C11"], dt.date(2024, 4, 10), all_present(people), kind=MeetingKind.THEMATIC)
        meeting(tree["C12"], dt.date(2024, 4, 10), all_present(people))
        found = {
            c.organisation.code
            for c in queries.cells_without_thematic(tree["GK1"], dt.date(2024, 5, 3))
        }
        assert found == {"C12", "C13"}


class TestAbsentees:
    def test_three_distinct_months_in_twelve_reach_the_threshold(
        self, tree: dict[str, Any]
    ) -> None:
        a, b, c, _ = cell_members(tree["C11"])
        for day in (
            dt.date(2023, 9, 5),
            dt.date(2024, 1, 5),
            dt.date(2024, 1, 20),
            dt.date(2024, 5, 5),
        ):
            meeting(tree["C11"], day, [(a, U), (b, U if day.month == 1 else P), (c, E)])
        found = {x.name: x for x in queries.absentees(tree["GK1"], dt.date(2024, 6, 1), at_least=1)}
        assert found[a.full_name].count == 3 and found[a.full_name].consider_removal
        assert found[b.full_name].count == 1 and not found[b.full_name].consider_removal
        assert c.full_name not in found
        # A year later the months of 2023 have left the window.
        later = {
            x.name: x for x in queries.absentees(tree["GK1"], dt.date(2024, 10, 1), at_least=1)
        }
        assert later[a.full_name].count == 2

    def test_the_default_list_starts_at_the_rules_near_mark(self, tree: dict[str, Any]) -> None:
        a, b, _, _ = cell_members(tree["C11"])
        meeting(tree["C11"], dt.date(2024, 1, 5), [(a, U), (b, U)])
        meeting(tree["C11"], dt.date(2024, 2, 5), [(a, U), (b, P)])
        names = [x.name for x in queries.absentees(tree["BLOC"], dt.date(2024, 3, 1))]
        assert names == [a.full_name]


class TestSuperior:
    def test_the_assigned_member_is_told_from_another(self, tree: dict[str, Any]) -> None:
        from dangvu.personnel.actions import do_add_seat, do_create_committee

        people = cell_members(tree["C11"])
        boss, other = cell_members(tree["GK1"], ("Hoàng Văn Em", "Đỗ Thị Gấm"))
        body = do_create_committee(
            organisation=tree["GK1"], kind="EXECUTIVE", term="2020–2025", acting_user=None
        )
        seat = do_add_seat(
            body,
            member=boss,
            position="COMMITTEE_MEMBER",
            start_date=dt.date(2020, 6, 1),
            acting_user=None,
        )
        from dangvu.personnel.models import CellAttendance

        CellAttendance.objects.create(
            member=boss, seat=seat, cell=tree["C11"], start_date=dt.date(2024, 1, 1)
        )
        meeting(tree["C11"], dt.date(2024, 2, 5), all_present(people), superior=boss)
        meeting(tree["C11"], dt.date(2024, 3, 5), all_present(people), superior=other)
        meeting(tree["C11"], dt.date(2024, 4, 5), all_present(people))
        meeting(
            tree["C12"], dt.date(2024, 4, 5), all_present(people), superior_name="Đồng chí ở tỉnh"
        )
        s = queries.stats(tree["GK1"], Y2024)
        assert (s.with_superior, s.with_assignment, s.assigned_came) == (3, 3, 1)
