"""The roll of a meeting, read from the ledger as of the meeting's day (never typed).

A cell (or a grassroots cell) meets with the members whose membership interval is in the
cell itself that day. Each line carries its default presence: a member exempted from
activities on that day (their last EXEMPTED event up to the day does not end the
exemption) is shown but not required (EXEMPT); a member on a temporary attachment
elsewhere recorded at this cell and open that day (TEMP_OUT or TEMP_IN, through its
`until`) is AWAY; everyone else is PRESENT until marked otherwise.

A sub-committee or a grassroots committee meets as a committee: its roll is the seats of
its executive committee open that day. The roll costs a fixed number of statements
whatever its size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from dangvu.lib.vnformat import fmt_date
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member, MemberEvent, MembershipInterval
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at

# The kinds of organisation that hold meetings, and those that meet as a committee.
CELL_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)
COMMITTEE_KINDS = (OrgKind.SUB_COMMITTEE, OrgKind.GRASSROOTS_COMMITTEE)
MEETING_KINDS = CELL_KINDS + COMMITTEE_KINDS


@dataclass
class RollLine:
    member: Member
    default: str  # a Presence value
    why: str = ""  # why the default is not PRESENT, or the seat held (committees)


def meets(org: Organisation, day: dt.date) -> bool:
    """Whether `org` exists on `day` as a kind of organisation that holds meetings."""
    version = version_at(org, day)
    return version is not None and version.kind in MEETING_KINDS


def _exempted(member_ids: list[int], day: dt.date) -> dict[int, dt.date]:
    """Members exempted from activities on `day`, with the day their exemption began."""
    rows = (
        MemberEvent.objects.filter(
            member_id__in=member_ids,
            kind=EventKind.EXEMPTED,
            date__lte=day,
            voided_at__isnull=True,
        )
        .order_by("member_id", "date", "pk")
        .values_list("member_id", "date", "details")
    )
    last: dict[int, tuple[dt.date, bool]] = {}
    for member_id, date, details in rows:
        last[member_id] = (date, bool((details or {}).get("ended")))
    return {m: date for m, (date, ended) in last.items() if not ended}


def _until(details: dict | None) -> dt.date | None:
    text = (details or {}).get("until")
    try:
        return dt.date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _away(org: Organisation, member_ids: list[int], day: dt.date) -> dict[int, str]:
    """Members of `org` on a temporary attachment elsewhere open on `day`: where, to when."""
    rows = (
        MemberEvent.objects.filter(
            member_id__in=member_ids,
            organisation=org,
            kind__in=(EventKind.TEMP_OUT, EventKind.TEMP_IN),
            date__lte=day,
            voided_at__isnull=True,
        )
        .order_by("member_id", "date", "pk")
        .values_list("member_id", "external_party", "details")
    )
    away: dict[int, str] = {}
    for member_id, place, details in rows:
        until = _until(details)
        if until is None or until >= day:
            to = f" đến hết ngày {fmt_date(until)}" if until else ""
            away[member_id] = f"Sinh hoạt tạm thời tại {place}{to}"
    return away


def roll_at(org: Organisation, day: dt.date) -> list[RollLine]:
    """The roll of `org`'s meeting on `day`, in the order of the members' names."""
    from dangvu.meetings.models import Presence

    version = version_at(org, day)
    if version is None or version.kind not in MEETING_KINDS:
        return []
    if version.kind in COMMITTEE_KINDS:
        return _committee_roll(org, day)
    members = [
        interval.member
        for interval in MembershipInterval.objects.filter(
            organisation=org, valid_from__lte=day, valid_to__gt=day
        )
        .select_related("member")
        .order_by("member__search_key", "member_id")
    ]
    ids = [m.pk for m in members]
    exempted = _exempted(ids, day)
    away = _away(org, ids, day)
    lines = []
    for member in members:
        if member.pk in exempted:
            since = exempted[member.pk]
            line = RollLine(member, Presence.EXEMPT, f"Miễn sinh hoạt từ ngày {fmt_date(since)}")
        elif member.pk in away:
            line = RollLine(member, Presence.AWAY, away[member.pk])
        else:
            line = RollLine(member, Presence.PRESENT)
        lines.append(line)
    return lines


def _committee_roll(org: Organisation, day: dt.date) -> list[RollLine]:
    from dangvu.meetings.models import Presence
    from dangvu.personnel.models import CommitteeKind, CommitteeMember

    seats = CommitteeMember.objects.filter(
        committee__organisation=org,
        committee__kind=CommitteeKind.EXECUTIVE,
        committee__voided_at__isnull=True,
        voided_at__isnull=True,
        start_date__lte=day,
        ended_on__gt=day,
    )
    seen: dict[int, RollLine] = {}
    for seat in seats.select_related("member").order_by("member__search_key", "member_id"):
        if seat.member_id not in seen:
            seen[seat.member_id] = RollLine(
                seat.member, Presence.PRESENT, seat.get_position_display()
            )
    exempted = _exempted(list(seen), day)
    for member_id, since in exempted.items():
        line = seen[member_id]
        line.default = Presence.EXEMPT
        line.why = f"Miễn sinh hoạt từ ngày {fmt_date(since)}"
    return list(seen.values())


def assigned_attendee(org: Organisation, day: dt.date) -> Member | None:
    """The superior committee member assigned to attend `org`'s meetings on `day`, if any."""
    from dangvu.personnel.models import CellAttendance

    assignment = (
        CellAttendance.objects.filter(cell=org, start_date__lte=day, voided_at__isnull=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("member")
        .order_by("-start_date", "-pk")
        .first()
    )
    return assignment.member if assignment is not None else None


@dataclass
class MemberAttendance:
    """A member's meetings over the twelve months up to a day: counts and the absences."""

    since: dt.date
    counts: dict[str, int]
    absences: list[Any]  # Attendance rows, EXCUSED or UNEXCUSED, newest first
    guest: int  # meetings attended elsewhere, temporarily

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def member_attendance(member: Member, day: dt.date) -> MemberAttendance:
    """`member`'s lines in live meetings from a year before `day` to `day`: two statements."""
    from django.db.models import Count

    from dangvu.core.dates import add_months
    from dangvu.meetings.models import Attendance, Presence

    since = add_months(day, -12) + dt.timedelta(days=1)
    lines = Attendance.objects.filter(
        member=member,
        meeting__voided_at__isnull=True,
        meeting__date__gte=since,
        meeting__date__lte=day,
    )
    counts = {p: 0 for p in Presence.values}
    guest = 0
    for presence, is_guest, n in (
        lines.values_list("presence", "is_guest").annotate(n=Count("id")).order_by()
    ):
        if is_guest:
            guest += n
        else:
            counts[presence] += n
    absences = list(
        lines.filter(is_guest=False, presence__in=(Presence.EXCUSED, Presence.UNEXCUSED))
        .select_related("meeting__organisation")
        .order_by("-meeting__date")[:24]
    )
    return MemberAttendance(since, counts, absences, guest)
