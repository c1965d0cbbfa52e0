"""Restructuring moves members with their organisations; counts before and after agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.core.errors import DomainError
from dangvu.members import queries
from dangvu.members.kinds import EventKind
from dangvu.members.models import MemberEvent
from dangvu.members.tests.factories import existing
from dangvu.orgs import actions as org_actions
from dangvu.orgs.kinds import OrgKind

pytestmark = pytest.mark.django_db
ON = dt.date(2020, 1, 1)
D = dt.date(2023, 6, 1)
BEFORE = D - dt.timedelta(days=1)


def populate(tree: dict[str, Any]) -> None:
    for code, n in (("C11", 3), ("C12", 2), ("C13", 4), ("C21", 5), ("GC1", 2), ("GC2", 1)):
        for _ in range(n):
            existing(tree[code], ON, dt.date(2005, 3, 1))


def test_merging_moves_the_members_to_the_target(tree: dict[str, Any], decision: Any) -> None:
    populate(tree)
    org_actions.do_merge_organisations(
        [tree["C12"]], target=tree["C11"], decision=decision(D), acting_user=None
    )
    assert queries.members_at(tree["C11"], D)["total"] == 5
    assert queries.members_at(tree["BLOC"], D)["total"] == 17
    moved = MemberEvent.objects.filter(kind=EventKind.MOVED, restructuring__isnull=False)
    assert moved.count() == 2


def test_moving_an_organisation_moves_its_members_between_subtrees(
    tree: dict[str, Any], decision: Any
) -> None:
    populate(tree)
    org_actions.do_move_organisation(
        tree["SUB1"], new_parent=tree["GK2"], decision=decision(D), acting_user=None
    )
    assert queries.members_at(tree["GK1"], BEFORE)["total"] == 9
    assert queries.members_at(tree["GK1"], D)["total"] == 5
    assert queries.members_at(tree["GK2"], D)["total"] == 9
    year = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert queries.flows(tree["GK1"], *year)["out"]["MOVED"] == 4
    assert queries.flows(tree["GK2"], *year)["in"]["MOVED"] == 4
    assert queries.flows(tree["BLOC"], *year)["in"]["MOVED"] == 0
    # The moved organisation itself sees no flow from its own move.
    assert sum(queries.flows(tree["SUB1"], *year)["in"].values()) == 0


def test_splitting_sends_named_members_to_their_part(tree: dict[str, Any], decision: Any) -> None:
    populate(tree)
    members = list(queries.members_in(tree["C21"], BEFORE).order_by("pk"))
    parts = org_actions.do_split_organisation(
        tree["C21"],
        parts=[
            org_actions.NewOrganisation("C21A", "Chi bộ A", OrgKind.CELL),
            org_actions.NewOrganisation(
                "C21B", "Chi bộ B", OrgKind.CELL, member_ids=[m.pk for m in members[:2]]
            ),
        ],
        decision=decision(D),
        acting_user=None,
    )
    assert queries.members_at(parts[0], D)["total"] == 3
    assert queries.members_at(parts[1], D)["total"] == 2
    assert queries.members_at(tree["GK2"], D)["total"] == 5


def test_dissolving_needs_a_home_for_the_members(tree: dict[str, Any], decision: Any) -> None:
    populate(tree)
    with pytest.raises(DomainError, match="còn 2 đảng viên"):
        org_actions.do_dissolve_organisation(tree["C12"], decision=decision(D), acting_user=None)
    org_actions.do_dissolve_organisation(
        tree["C12"], members_to=tree["C11"], decision=decision(D), acting_user=None
    )
    assert queries.members_at(tree["C11"], D)["total"] == 5


def test_converting_with_absorbed_cells_keeps_every_member(
    tree: dict[str, Any], decision: Any
) -> None:
    populate(tree)
    org_actions.do_convert_organisation(
        tree["GK2"],
        new_kind=OrgKind.GRASSROOTS_CELL,
        absorb_children=True,
        decision=decision(D),
        acting_user=None,
    )
    assert queries.members_at(tree["GK2"], D)["total"] == 5
    assert (
        queries.members_at(tree["BLOC"], D)["total"]
        == queries.members_at(tree["BLOC"], BEFORE)["total"]
    )


def test_the_year_balances_for_every_organisation(tree: dict[str, Any], decision: Any) -> None:
    populate(tree)
    org_actions.do_merge_organisations(
        [tree["GK1"], tree["GK2"]],
        new=org_actions.NewOrganisation(
            "GK9", "Đảng bộ mới", OrgKind.GRASSROOTS_COMMITTEE, tree["BLOC"]
        ),
        decision=decision(D),
        acting_user=None,
    )
    start, end = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    for org in tree.values():
        b = queries.balance(org, start, end)
        assert b["start"] + sum(b["in"].values()) - sum(b["out"].values()) == b["end"], org.code
