"""A bloc dissolved in 2025 after its grassroots organisations moved to a new committee.

Shared by the tests of pages and reports at a past date (issue 13, point 17).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.members.tests.factories import full_member
from dangvu.orgs import actions
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation

FOUNDED = dt.date(2025, 3, 1)  # the new committee; the bloc ends the same day
NEW_CODE = "DBCQ"
NEW_NAME = "Đảng bộ các cơ quan Đảng tỉnh"
GRASSROOTS = ("GC1", "GC2", "GK1", "GK2")


def dissolve_bloc(tree: dict[str, Any], decision: Any) -> Organisation:
    """Members in 2021; on 01/03/2025 a new committee takes the bloc's four grassroots
    organisations and the bloc ends. Returns the new committee."""
    full_member(tree["C11"], dt.date(2021, 3, 1), "Trần Thị Lưu Trữ")
    full_member(tree["GC1"], dt.date(2021, 4, 1), "Lê Văn Khối Cũ")
    new = actions.do_create_organisation(
        code=NEW_CODE,
        name=NEW_NAME,
        kind=OrgKind.BLOC,
        parent=None,
        decision=decision(FOUNDED),
        acting_user=None,
    )
    for code in GRASSROOTS:
        actions.do_move_organisation(
            tree[code], new_parent=new, decision=decision(FOUNDED), acting_user=None
        )
    actions.do_dissolve_organisation(tree["BLOC"], decision=decision(FOUNDED), acting_user=None)
    for org in [*tree.values(), new]:
        org.refresh_from_db()
    return new
