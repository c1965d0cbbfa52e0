"""A year of records in the shared `tree`, recorded through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.education import actions as edu
from dangvu.members import actions
from dangvu.members.actions import Decision
from dangvu.members.tests.factories import admit, existing
from dangvu.office.actions import do_commend

YEAR = 2023


def record_year(tree: dict[str, Any]) -> dict[str, Any]:
    """Members in 2022 and 2023 under the grassroots organisations, and a year of work.

    2022: 10 members on the books (opening), 2 admitted. 2023: 3 admitted, 1 confirmed,
    1 transferred out; 2 information conferences (one by GK1, one by GC1), a candidate
    class, 1 commendation.
    """
    members = [
        existing(tree[code], dt.date(2022, 1, 1), dt.date(2010, 3, 1))
        for code in ("C11", "C11", "C12", "C13", "C13", "C21", "GC1", "GC1", "GC2", "C21")
    ]
    early = [admit(tree["C11"], dt.date(2022, 4, 1)), admit(tree["GC1"], dt.date(2022, 6, 1))]
    admitted = [
        admit(tree["C12"], dt.date(YEAR, 3, 1)),
        admit(tree["C21"], dt.date(YEAR, 5, 1)),
        admit(tree["GC2"], dt.date(YEAR, 9, 1)),
    ]
    end = actions.probation_end(early[0])
    assert end is not None
    actions.do_confirm_member(
        early[0], decision=Decision(end + dt.timedelta(days=3)), acting_user=None
    )
    actions.do_transfer_out(
        members[-1],
        external_party="Đảng bộ tỉnh Phú Yên",
        decision=Decision(dt.date(YEAR, 7, 1), "15-QĐ/ĐUK", dt.date(YEAR, 7, 1)),
        acting_user=None,
    )
    for org, attendance in ((tree["GK1"], 120), (tree["GC1"], 35)):
        edu.do_create_conference(
            kind="INFO",
            title=f"Hội nghị thông tin {org.code}",
            date=dt.date(YEAR, 4, 10),
            organiser=org,
            attendance=attendance,
            acting_user=None,
        )
    edu.do_create_class(
        kind="CANDIDATE",
        name="Lớp bồi dưỡng đối tượng kết nạp",
        organiser=tree["GK2"],
        start_date=dt.date(YEAR, 6, 1),
        end_date=dt.date(YEAR, 6, 5),
        acting_user=None,
    )
    do_commend(
        reason="HCM",
        level="Ban Thường vụ Đảng ủy Khối",
        decision_date=dt.date(YEAR, 5, 19),
        organisation=tree["C11"],
        acting_user=None,
    )
    return {"members": members, "early": early, "admitted": admitted}
