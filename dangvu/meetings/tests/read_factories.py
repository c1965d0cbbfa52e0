"""Meetings written straight into the tables for the read side's tests.

The write path (`dangvu.meetings.actions`) is tested on its own; here a meeting and its roll
are laid down directly, with the counts on the meeting consistent with its lines, so that
the read side's tests depend only on the models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dangvu.meetings.models import REQUIRED, Attendance, Meeting, MeetingKind, Presence


def meeting(
    org: Any,
    day: dt.date,
    roll: list[tuple[Any, str]] = (),  # type: ignore[assignment]
    *,
    kind: str = MeetingKind.REGULAR,
    guests: list[Any] = (),  # type: ignore[assignment]
    superior: Any = None,
    superior_name: str = "",
    voided: bool = False,
) -> Meeting:
    """A meeting of `org` on `day` with its roll: (member, presence) lines, and guests
    (members, or names of members from elsewhere) marked present."""
    statuses = [p for _, p in roll]
    m = Meeting.objects.create(
        organisation=org,
        date=day,
        kind=kind,
        topic="Chuyên đề học tập" if kind == MeetingKind.THEMATIC else "",
        superior_attendee=superior,
        superior_attendee_name=superior_name,
        required=sum(1 for p in statuses if p in REQUIRED),
        present=statuses.count(Presence.PRESENT),
        excused=statuses.count(Presence.EXCUSED),
        unexcused=statuses.count(Presence.UNEXCUSED),
        guests=len(guests),
        voided_at=timezone.now() if voided else None,
        void_reason="Ghi nhầm" if voided else "",
    )
    Attendance.objects.bulk_create(
        [Attendance(meeting=m, member=member, presence=p) for member, p in roll]
        + [
            Attendance(
                meeting=m,
                member=g if not isinstance(g, str) else None,
                guest_name=g if isinstance(g, str) else "",
                guest_from="Đảng bộ nơi khác" if isinstance(g, str) else "",
                is_guest=True,
                presence=Presence.PRESENT,
            )
            for g in guests
        ]
    )
    return m


def all_present(members: list[Any]) -> list[tuple[Any, str]]:
    return [(m, Presence.PRESENT) for m in members]
