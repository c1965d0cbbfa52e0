"""The deadline of an arrival, counted in working days of the project's calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from dangvu.core.rules import rule
from dangvu.transit import actions, queries
from dangvu.transit.tests.helpers import announce, transferred_out

pytestmark = pytest.mark.django_db


def test_the_rule_gives_thirty_working_days_with_its_source() -> None:
    value = rule("transit.arrival_working_days", dt.date(2024, 1, 1))
    assert value == {"working_days": 30}


def test_it_skips_the_tet_holidays_of_2025() -> None:
    # Friday 24/01/2025; Tết closes Monday 27/01 to Saturday 01/02. Thirty working days
    # from Monday 03/02 end on Friday 14/03, a week later than without Tết (07/03).
    assert actions.arrival_deadline(dt.date(2025, 1, 24)) == dt.date(2025, 3, 14)


def test_it_counts_weekdays_only_outside_the_holidays() -> None:
    # Monday 03/06/2024: six weeks of five working days, no holiday among them.
    assert actions.arrival_deadline(dt.date(2024, 6, 3)) == dt.date(2024, 7, 15)


def test_a_transfer_before_the_2021_rules_gets_its_deadline_too() -> None:
    # Tuesday 01/10/2019: the earlier rules' thirty working days end on 12/11/2019.
    assert actions.arrival_deadline(dt.date(2019, 10, 1)) == dt.date(2019, 11, 12)


@time_machine.travel(dt.datetime(2025, 3, 20, 9, 0), tick=False)
def test_members_in_transit_are_listed_overdue_first(tree: dict[str, Any]) -> None:
    late = transferred_out(tree["C11"], dt.date(2025, 1, 24), "Trần Văn Trễ")  # due 14/03
    fresh = transferred_out(tree["C12"], dt.date(2025, 3, 10), "Nguyễn Văn Mới")
    later = transferred_out(tree["C13"], dt.date(2025, 3, 1), "Đỗ Văn Sau")
    lines = queries.in_transit(tree["GK1"], dt.date(2025, 3, 20))
    assert [p.record.pk for p in lines] == [late.pk, later.pk, fresh.pk]
    assert lines[0].overdue and lines[0].days_text == "quá hạn 6 ngày"
    assert not lines[1].overdue and lines[1].deadline > dt.date(2025, 3, 20)


@time_machine.travel(dt.datetime(2025, 3, 20, 9, 0), tick=False)
def test_announced_members_are_listed_overdue_first(tree: dict[str, Any]) -> None:
    late = announce(tree["C11"], dt.date(2025, 1, 24), "Người Quá Hạn")
    fresh = announce(tree["C12"], dt.date(2025, 3, 10), "Người Còn Hạn")
    lines = queries.announced(tree["GK1"], dt.date(2025, 3, 20))
    assert [p.record.pk for p in lines] == [late.pk, fresh.pk]
    assert lines[0].overdue and not lines[1].overdue
    # Another subtree sees neither.
    assert queries.announced(tree["GK2"], dt.date(2025, 3, 20)) == []
