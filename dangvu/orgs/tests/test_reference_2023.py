"""The reference bloc's 2023 restructuring, replayed, with counts at both ends of the year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.orgs import actions, queries
from dangvu.orgs.kinds import OrgKind

pytestmark = pytest.mark.django_db


def test_the_2023_restructuring_gives_the_counts_of_the_year_end(
    tree: dict[str, Any], decision: Any
) -> None:
    bloc = tree["BLOC"]
    start, end = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    before = queries.counts_by_kind(bloc, start)
    assert (before[OrgKind.GRASSROOTS_CELL], before[OrgKind.GRASSROOTS_COMMITTEE]) == (2, 2)
    assert before[OrgKind.CELL] == 4

    # Dissolve one cell.
    actions.do_dissolve_organisation(
        tree["C12"], decision=decision(dt.date(2023, 3, 1), "168-QĐ/ĐUK"), acting_user=None
    )
    # Convert two grassroots cells into grassroots committees.
    for code, day in (("GC1", dt.date(2023, 6, 1)), ("GC2", dt.date(2023, 8, 1))):
        actions.do_convert_organisation(
            tree[code],
            new_kind=OrgKind.GRASSROOTS_COMMITTEE,
            decision=decision(day),
            acting_user=None,
        )
    # Convert one grassroots committee into a grassroots cell (its cell joins it).
    actions.do_convert_organisation(
        tree["GK2"],
        new_kind=OrgKind.GRASSROOTS_CELL,
        absorb_children=True,
        decision=decision(dt.date(2023, 10, 1)),
        acting_user=None,
    )

    after = queries.counts_by_kind(bloc, end)
    assert after[OrgKind.GRASSROOTS_CELL] == 2 - 2 + 1
    assert after[OrgKind.GRASSROOTS_COMMITTEE] == 2 + 2 - 1
    assert after[OrgKind.CELL] == 4 - 1 - 1  # one dissolved, one absorbed
    assert after[OrgKind.SUB_COMMITTEE] == 1
    # The start of the year is unchanged by what happened later.
    assert queries.counts_by_kind(bloc, start) == before
    # Grassroots organisations at the end of the year: cells plus committees.
    assert after[OrgKind.GRASSROOTS_CELL] + after[OrgKind.GRASSROOTS_COMMITTEE] == 4
