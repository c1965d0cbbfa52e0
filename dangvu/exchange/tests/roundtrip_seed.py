"""Seeds for the round trip between two databases, run inside `manage.py shell -c`.

Each installation gets its own small tree (a bloc, a grassroots committee, a cell); the
sender's member has a full life (admission, confirmation, card, a move) and is then
transferred out.
"""

from __future__ import annotations

import datetime as dt

from dangvu.core.dates import today
from dangvu.members.actions import (
    Decision,
    do_confirm_member,
    do_issue_card,
    do_move_member,
    do_transfer_out,
    probation_end,
)
from dangvu.members.tests.factories import admit
from dangvu.orgs.actions import Decision as OrgDecision
from dangvu.orgs.actions import do_create_organisation
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation


def _tree(prefix: str, bloc_name: str) -> dict[str, Organisation]:
    start = dt.date(2015, 1, 1)
    made: dict[str, Organisation] = {}
    for code, name, kind, parent in (
        (f"{prefix}B", bloc_name, OrgKind.BLOC, None),
        (f"{prefix}K", f"Đảng bộ Sở Nội vụ ({prefix})", OrgKind.GRASSROOTS_COMMITTEE, f"{prefix}B"),
        (f"{prefix}C1", f"Chi bộ Văn phòng ({prefix})", OrgKind.CELL, f"{prefix}K"),
        (f"{prefix}C2", f"Chi bộ Thanh tra ({prefix})", OrgKind.CELL, f"{prefix}K"),
    ):
        made[code] = do_create_organisation(
            code=code,
            name=name,
            kind=kind,
            parent=made[parent] if parent else None,
            decision=OrgDecision(effective_date=start, number="1-QĐ", date=start, reason=""),
            acting_user=None,
        )
    return made


def seed_sender() -> None:
    orgs = _tree("A", "Đảng bộ Khối các cơ quan tỉnh Bình Định")
    member = admit(
        orgs["AC1"],
        dt.date(2016, 3, 2),
        "Lê Thị Chuyển",
        birth=dt.date(1988, 4, 9),
        sex="F",
        identity_number="052188004321",
    )
    end = probation_end(member)
    assert end is not None
    do_confirm_member(
        member,
        decision=Decision(end, "21-QĐ/ĐU", end),
        acting_user=None,
        class_reason="Đã học lớp đảng viên mới ở nơi công tác cũ.",
    )
    do_issue_card(
        member,
        card_number="45123456",
        decision=Decision(dt.date(2018, 5, 19), "30-QĐ/ĐU", dt.date(2018, 5, 19)),
        acting_user=None,
    )
    do_move_member(
        member,
        to=orgs["AC2"],
        decision=Decision(dt.date(2020, 9, 1), "44-QĐ/ĐU", dt.date(2020, 9, 1), "Điều động."),
        acting_user=None,
    )
    day = today() - dt.timedelta(days=3)
    do_transfer_out(
        member,
        external_party="Đảng bộ Khối các cơ quan tỉnh Gia Lai",
        decision=Decision(day, "77-QĐ/ĐU", day),
        acting_user=None,
    )
    print(member.pk)


def seed_receiver() -> None:
    _tree("B", "Đảng bộ Khối các cơ quan tỉnh Gia Lai")
