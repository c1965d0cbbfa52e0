"""Shortcuts that record inspection work through the real actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from dangvu.inspection import actions
from dangvu.inspection.models import Inspection, Level, Status
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation


def inspect(
    org: Organisation,
    level: str,
    kind: str,
    end: dt.date,
    *,
    orgs: Sequence[Organisation] = (),
    members: Sequence[Member] = (),
    members_checked: int | None = None,
    status: str = Status.DONE,
    board_name: str = "",
    item: Any = None,
    user: Any = None,
) -> Inspection:
    """A record started 20 days before `end` (done on `end` unless told otherwise)."""
    return actions.do_record_inspection(
        organisation=org,
        level=level,
        board_name=board_name or ("Ban Tổ chức" if level == Level.BOARD else ""),
        kind=kind,
        title=f"Kiểm tra, giám sát {org.code} {end.isoformat()}",
        start_date=end - dt.timedelta(days=20),
        end_date=end if status in (Status.DONE, Status.CANCELLED) else None,
        status=status,
        organisations=orgs,
        members=members,
        members_checked=members_checked,
        programme_item=item,
        acting_user=user,
    )
