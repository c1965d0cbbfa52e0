"""Member indicators count events where the member stood on the event's date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.members import actions
from dangvu.members.actions import Decision
from dangvu.members.tests.factories import existing
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db
YEAR = Period.year(2024)


def _discipline(member: Any, form: str, day: dt.date) -> None:
    actions.do_discipline_member(
        member,
        form=form,
        issuing_level="COMMISSION",
        violation_date=day - dt.timedelta(days=60),
        decision=Decision(day, "01-QĐ/UBKT", day),
        acting_user=None,
    )


def test_discipline_counts_every_form_an_expulsion_included(tree: dict[str, Any]) -> None:
    """An expulsion ends the membership on its own date; it is still counted there."""
    people = [
        existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), f"Người Số {n}")
        for n in range(3)
    ]
    _discipline(people[0], "REPRIMAND", dt.date(2024, 3, 1))
    _discipline(people[1], "WARNING", dt.date(2024, 4, 1))
    _discipline(people[2], "EXPULSION", dt.date(2024, 5, 1))
    for org in (tree["C11"], tree["GK1"], tree["BLOC"]):
        figure = value("discipline.members", org, YEAR)
        assert figure.value == 3, org.code
        assert sum(figure.breakdown.values()) == 3
    assert value("discipline.members", tree["C21"], YEAR).value == 0
    assert value("members.expelled", tree["BLOC"], YEAR).value == 1
    assert value("discipline.members", tree["BLOC"], Period.year(2023)).value == 0


def test_a_member_moved_after_discipline_is_counted_where_they_were(tree: dict[str, Any]) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Trần Văn Chuyển")
    _discipline(member, "REPRIMAND", dt.date(2024, 3, 1))
    actions.do_move_member(
        member, to=tree["C21"], decision=Decision(dt.date(2024, 6, 1)), acting_user=None
    )
    assert value("discipline.members", tree["C11"], YEAR).value == 1
    assert value("discipline.members", tree["C21"], YEAR).value == 0
