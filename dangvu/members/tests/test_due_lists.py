"""What falls due: end of probation, badge milestones, cards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.members import actions, queries
from dangvu.members.actions import Decision
from dangvu.members.tests.factories import admit, existing, full_member

pytestmark = pytest.mark.django_db


def test_probation_ending_soon_and_overdue(tree: dict[str, Any]) -> None:
    soon = admit(tree["C11"], dt.date(2022, 5, 2), ceremony=dt.date(2022, 5, 10))
    late = admit(tree["C11"], dt.date(2022, 1, 3), ceremony=dt.date(2022, 1, 10))
    admit(tree["C11"], dt.date(2022, 9, 1), ceremony=dt.date(2022, 9, 9))  # not yet
    items = queries.probation_due(tree["BLOC"], dt.date(2023, 4, 25), within_days=30)
    by_member = {i.member.pk: i for i in items}
    assert set(by_member) == {soon.pk, late.pk}
    assert by_member[soon.pk].due == dt.date(2023, 5, 10) and not by_member[soon.pk].overdue
    assert by_member[late.pk].overdue
    assert "quá hạn" in by_member[late.pk].note


def test_badge_milestones_by_the_next_occasion(tree: dict[str, Any]) -> None:
    thirty = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(1993, 4, 10), "Võ Văn Ba Mươi")
    existing(tree["C11"], dt.date(2020, 1, 1), dt.date(1995, 4, 10), "Chưa Đến Mốc")
    forty = existing(tree["C21"], dt.date(2020, 1, 1), dt.date(1983, 5, 1), "Đỗ Thị Bốn Mươi")
    items = queries.badges_due(tree["BLOC"], dt.date(2023, 3, 1))
    assert queries.next_occasion(dt.date(2023, 3, 1)) == dt.date(2023, 5, 19)
    assert {(i.member.pk, i.milestone) for i in items} == {(thirty.pk, 30), (forty.pk, 40)}


def test_a_warning_defers_the_badge(tree: dict[str, Any]) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(1993, 4, 10))
    actions.do_discipline_member(
        member,
        form="WARNING",
        issuing_level="COMMISSION",
        violation_date=None,
        decision=Decision(dt.date(2023, 2, 1)),
        acting_user=None,
    )
    items = queries.badges_due(tree["BLOC"], dt.date(2023, 3, 1))
    assert len(items) == 1
    assert "chưa xét do kỷ luật" in items[0].note


def test_a_badge_proposal_needs_the_milestone_and_counts_once(tree: dict[str, Any]) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(1993, 4, 10))
    actions.do_propose_badge(
        member, milestone=30, decision=Decision(dt.date(2023, 3, 1)), acting_user=None
    )
    assert queries.badges_due(tree["BLOC"], dt.date(2023, 3, 2)) == []
    from dangvu.core.errors import DomainError

    with pytest.raises(DomainError, match="chưa đến mốc 40"):
        actions.do_propose_badge(
            member, milestone=40, decision=Decision(dt.date(2023, 3, 1)), acting_user=None
        )
    year = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert queries.events_in(tree["BLOC"], *year, ["BADGE_PROPOSED"]).count() == 1


def test_full_members_without_a_card(tree: dict[str, Any]) -> None:
    member = full_member(tree["C11"], dt.date(2021, 3, 1))
    assert list(queries.without_card(tree["BLOC"], dt.date(2023, 1, 1))) == [member]
    actions.do_issue_card(
        member, card_number="012345", decision=Decision(dt.date(2023, 2, 3)), acting_user=None
    )
    assert list(queries.without_card(tree["BLOC"], dt.date(2023, 3, 1))) == []
