"""The roll of a meeting comes from the ledger as of the meeting's day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.meetings.models import Presence
from dangvu.meetings.roll import assigned_attendee, roll_at
from dangvu.meetings.tests.helpers import cell_members
from dangvu.members.actions import (
    Decision,
    do_exempt_member,
    do_move_member,
    do_record_temporary,
)
from dangvu.members.kinds import EventKind

pytestmark = pytest.mark.django_db


def _defaults(org: Any, day: dt.date) -> dict[str, str]:
    return {line.member.full_name: line.default for line in roll_at(org, day)}


class TestCellRoll:
    def test_members_of_the_cell_that_day_are_present_by_default(self, tree: Any) -> None:
        cell_members(tree["C11"])
        cell_members(tree["C12"], ("Hoàng Văn Em",))
        roll = _defaults(tree["C11"], dt.date(2024, 3, 5))
        assert len(roll) == 4 and set(roll.values()) == {Presence.PRESENT}
        # Members of a cell below are not on the committee's cells' rolls.
        assert "Hoàng Văn Em" not in roll

    def test_an_exemption_counts_from_its_day_and_ends_when_ended(self, tree: Any) -> None:
        an, *_ = cell_members(tree["C11"])
        do_exempt_member(an, decision=Decision(dt.date(2024, 3, 10)), acting_user=None)
        an.refresh_from_db()
        do_exempt_member(an, decision=Decision(dt.date(2024, 9, 1)), acting_user=None, ended=True)
        assert _defaults(tree["C11"], dt.date(2024, 3, 5))[an.full_name] == Presence.PRESENT
        assert _defaults(tree["C11"], dt.date(2024, 5, 5))[an.full_name] == Presence.EXEMPT
        # The member's flag today says not exempted; the roll of May says exempted still.
        an.refresh_from_db()
        assert not an.exempted
        assert _defaults(tree["C11"], dt.date(2024, 9, 5))[an.full_name] == Presence.PRESENT

    def test_a_temporary_attachment_is_away_until_its_end(self, tree: Any) -> None:
        an, binh, *_ = cell_members(tree["C11"])
        do_record_temporary(
            an,
            kind=EventKind.TEMP_OUT,
            place="Chi bộ Trường Chính trị tỉnh",
            until=dt.date(2024, 6, 30),
            decision=Decision(dt.date(2024, 2, 1)),
            acting_user=None,
        )
        do_record_temporary(
            binh,
            kind=EventKind.TEMP_IN,
            place="Chi bộ Thanh tra Sở Y tế",
            until=None,
            decision=Decision(dt.date(2024, 4, 1)),
            acting_user=None,
        )
        march = roll_at(tree["C11"], dt.date(2024, 3, 5))
        line = next(x for x in march if x.member == an)
        assert line.default == Presence.AWAY and "Trường Chính trị" in line.why
        assert _defaults(tree["C11"], dt.date(2024, 3, 5))[binh.full_name] == Presence.PRESENT
        assert _defaults(tree["C11"], dt.date(2024, 7, 5))[an.full_name] == Presence.PRESENT
        assert _defaults(tree["C11"], dt.date(2024, 7, 5))[binh.full_name] == Presence.AWAY

    def test_a_member_moved_mid_month_is_on_each_cells_roll_on_its_days(self, tree: Any) -> None:
        an, *_ = cell_members(tree["C11"])
        do_move_member(
            an, to=tree["C12"], decision=Decision(dt.date(2024, 3, 15)), acting_user=None
        )
        assert an.full_name in _defaults(tree["C11"], dt.date(2024, 3, 14))
        assert an.full_name not in _defaults(tree["C11"], dt.date(2024, 3, 20))
        assert an.full_name in _defaults(tree["C12"], dt.date(2024, 3, 20))
        assert an.full_name not in _defaults(tree["C12"], dt.date(2024, 3, 14))

    def test_an_organisation_that_does_not_meet_has_no_roll(self, tree: Any) -> None:
        assert roll_at(tree["BLOC"], dt.date(2024, 3, 5)) == []
        assert roll_at(tree["C11"], dt.date(2019, 3, 5)) == []

    def test_the_roll_costs_the_same_statements_whatever_its_size(self, tree: Any) -> None:
        cell_members(tree["C11"], ("Một Văn A", "Hai Văn B"))
        with CaptureQueriesContext(connection) as small:
            roll_at(tree["C11"], dt.date(2024, 3, 5))
        cell_members(tree["C11"])
        with CaptureQueriesContext(connection) as large:
            assert len(roll_at(tree["C11"], dt.date(2024, 3, 5))) == 6
        assert len(large) == len(small)


class TestCommitteeRoll:
    def test_a_committee_meets_with_its_executive_seats_open_that_day(self, tree: Any) -> None:
        from dangvu.personnel.actions import do_add_seat, do_create_committee

        an, binh, *_ = cell_members(tree["C13"])
        body = do_create_committee(
            organisation=tree["SUB1"], kind="EXECUTIVE", term="2020–2025", acting_user=None
        )
        do_add_seat(
            body, member=an, position="SECRETARY", start_date=dt.date(2020, 6, 1), acting_user=None
        )
        do_add_seat(
            body,
            member=binh,
            position="COMMITTEE_MEMBER",
            start_date=dt.date(2024, 6, 1),
            acting_user=None,
        )
        roll = roll_at(tree["SUB1"], dt.date(2024, 3, 5))
        assert [line.member for line in roll] == [an]
        assert roll[0].why == "Bí thư"
        assert {line.member for line in roll_at(tree["SUB1"], dt.date(2024, 7, 5))} == {an, binh}


class TestAssignedAttendee:
    def test_the_assignment_in_force_that_day(self, tree: Any) -> None:
        from dangvu.personnel.actions import (
            do_add_seat,
            do_assign_cell_attendance,
            do_create_committee,
        )

        (boss,) = cell_members(tree["GK1"].__class__.objects.get(code="C12"), ("Đỗ Văn Giám",))
        body = do_create_committee(
            organisation=tree["GK1"], kind="EXECUTIVE", term="2020–2025", acting_user=None
        )
        do_add_seat(
            body,
            member=boss,
            position="COMMITTEE_MEMBER",
            start_date=dt.date(2020, 6, 1),
            acting_user=None,
        )
        do_assign_cell_attendance(
            member=boss,
            cell=tree["C11"],
            start_date=dt.date(2024, 1, 1),
            end_date=dt.date(2024, 6, 30),
            acting_user=None,
        )
        assert assigned_attendee(tree["C11"], dt.date(2024, 3, 5)) == boss
        assert assigned_attendee(tree["C11"], dt.date(2024, 7, 5)) is None
