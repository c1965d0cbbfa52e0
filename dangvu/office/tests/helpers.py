"""Shortcuts that record office data through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.members.models import Member
from dangvu.office import actions
from dangvu.office.models import Commendation, Reason
from dangvu.orgs.models import Organisation


def commend(
    day: dt.date,
    *,
    org: Organisation | None = None,
    member: Member | None = None,
    name: str = "",
    reason: str = Reason.HCM,
    user: Any = None,
) -> Commendation:
    return actions.do_commend(
        reason=reason,
        level="Ban Thường vụ Đảng ủy Khối",
        decision_date=day,
        decision_number="12-QĐ/ĐUK",
        organisation=org,
        member=member,
        person_name=name,
        acting_user=user,
    )
