"""Records of the transit tests, made through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.members import actions as member_actions
from dangvu.members.actions import Decision
from dangvu.members.models import Member, MemberEvent
from dangvu.members.tests.factories import existing
from dangvu.orgs.models import Organisation
from dangvu.transit import actions
from dangvu.transit.models import Announcement, TemporaryAttendee


def transferred_out(
    org: Organisation, day: dt.date, name: str = "", *, paper: dt.date | None = None
) -> MemberEvent:
    """A member of `org` since 2020, transferred out on `day` (paper dated `paper`)."""
    member = existing(org, dt.date(2020, 1, 1), dt.date(2001, 5, 1), name)
    return member_actions.do_transfer_out(
        member,
        external_party="Đảng bộ tỉnh Quảng Nam",
        decision=Decision(day, f"{member.pk}-QĐ/ĐU", paper or day),
        acting_user=None,
    )


def announce(
    org: Organisation, paper: dt.date, name: str = "Lê Thị Đến", **kw: Any
) -> Announcement:
    user = kw.pop("acting_user", None)
    values: dict[str, Any] = {
        "full_name": name,
        "birth_date": dt.date(1985, 4, 2),
        "sex": "F",
        "from_party": "Đảng bộ tỉnh Bình Định",
        "paper_number": "45-GGT/TU",
        "paper_date": paper,
        "organisation": org,
    }
    return actions.do_announce(**(values | kw), acting_user=user)


def attendee(
    org: Organisation,
    start: dt.date,
    end: dt.date,
    name: str = "Phạm Văn Khách",
    **kw: Any,
) -> TemporaryAttendee:
    values: dict[str, Any] = {
        "full_name": name,
        "birth_date": dt.date(1980, 1, 9),
        "sex": "M",
        "home_party": "Chi bộ Trường Đại học Y Hà Nội, Đảng bộ Bộ Y tế",
        "paper_number": "7-GGT/CB",
        "paper_date": start,
        "organisation": org,
        "purpose": "WORK",
        "start_date": start,
        "planned_end": end,
    }
    return actions.do_register_attendee(**(values | kw), acting_user=None)


def member_of(event: MemberEvent) -> Member:
    return event.member
