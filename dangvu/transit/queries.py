"""The read side of the transit records: scopes, the lists with their deadlines, the roll.

No writes. Every list is of a subtree (`org` and what lies under it now, as access
follows the latest structure) and is sorted overdue first, then by the deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from dangvu.accounts.scoping import member_editable_organisations, visible_organisations
from dangvu.core.records import in_subtree
from dangvu.core.rules import rule_reader
from dangvu.members.kinds import EventKind
from dangvu.members.models import MemberEvent
from dangvu.orgs.models import Organisation
from dangvu.transit.actions import arrival_deadline, paper_date_of
from dangvu.transit.models import (
    Announcement,
    ArrivalConfirmation,
    TemporaryAttendee,
    TemporaryDuesPayment,
)


def visible_confirmations(user: Any) -> QuerySet[ArrivalConfirmation]:
    return ArrivalConfirmation.objects.filter(organisation__in=visible_organisations(user))


def visible_announcements(user: Any) -> QuerySet[Announcement]:
    return Announcement.objects.filter(organisation__in=visible_organisations(user))


def visible_attendees(user: Any) -> QuerySet[TemporaryAttendee]:
    return TemporaryAttendee.objects.filter(organisation__in=visible_organisations(user))


def visible_temporary_dues(user: Any) -> QuerySet[TemporaryDuesPayment]:
    """The attendees' payments at cells of the user's subtree (the host cell's scope)."""
    return TemporaryDuesPayment.objects.filter(organisation__in=visible_organisations(user))


def paid_by_attendee(
    attendees: list[TemporaryAttendee], month: dt.date
) -> dict[int, TemporaryDuesPayment]:
    """The live payment of each attendee for `month`, by attendee: the dues page's block."""
    return {
        p.attendee_id: p
        for p in TemporaryDuesPayment.objects.filter(
            attendee__in=attendees, month=month, voided_at__isnull=True
        )
    }


def can_record(user: Any, org: Organisation | None = None) -> bool:
    """Whether `user` records transit matters (in `org`, or anywhere when None)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    qs = member_editable_organisations(user)
    return qs.filter(pk=org.pk).exists() if org is not None else qs.exists()


@dataclass(frozen=True)
class Pending:
    """A line of a transit list: who, the paper, where to or from, and the deadline."""

    record: Any  # the TRANSFER_OUT event or the Announcement
    name: str
    organisation: Organisation
    paper_number: str
    paper_date: dt.date
    other_party: str  # the destination (out) or the committee they come from (in)
    deadline: dt.date
    day: dt.date

    @property
    def overdue(self) -> bool:
        return self.day > self.deadline

    @property
    def days(self) -> int:
        """Calendar days left to the deadline (negative: days overdue)."""
        return (self.deadline - self.day).days

    @property
    def days_text(self) -> str:
        if self.days < 0:
            return f"quá hạn {-self.days} ngày"
        if self.days == 0:
            return "hết hạn hôm nay"
        return f"còn {self.days} ngày"


def _sorted(lines: list[Pending]) -> list[Pending]:
    return sorted(lines, key=lambda p: (not p.overdue, p.deadline, p.name, p.record.pk))


def in_transit(org: Organisation, day: dt.date) -> list[Pending]:
    """Members transferred out of the subtree of `org` up to `day` (live TRANSFER_OUT
    events) whose arrival at the receiving committee is not confirmed, overdue first."""
    events = (
        in_subtree(
            MemberEvent.objects.filter(
                kind=EventKind.TRANSFER_OUT, voided_at__isnull=True, date__lte=day
            ),
            org,
        )
        .exclude(
            pk__in=ArrivalConfirmation.objects.filter(voided_at__isnull=True).values("event_id")
        )
        .select_related("member", "organisation")
    )
    read = rule_reader("transit.arrival_working_days")
    return _sorted(
        [
            Pending(
                e,
                e.member.full_name,
                e.organisation,
                e.decision_number,
                paper_date_of(e),
                e.external_party,
                arrival_deadline(paper_date_of(e), read),
                day,
            )
            for e in events
        ]
    )


def announced(org: Organisation, day: dt.date) -> list[Pending]:
    """Members announced as coming to the subtree of `org` who have not arrived."""
    rows = in_subtree(
        Announcement.objects.filter(
            voided_at__isnull=True, state=Announcement.State.OPEN, paper_date__lte=day
        ),
        org,
    ).select_related("organisation")
    read = rule_reader("transit.arrival_working_days")
    return _sorted(
        [
            Pending(
                a,
                a.full_name,
                a.organisation,
                a.paper_number,
                a.paper_date,
                a.from_party,
                arrival_deadline(a.paper_date, read),
                day,
            )
            for a in rows
        ]
    )


def _open_on(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (
        Q(actual_end__isnull=True, planned_end__gte=day) | Q(actual_end__gte=day)
    )


def attendees_open(org: Organisation, day: dt.date) -> QuerySet[TemporaryAttendee]:
    """Attendees of the subtree of `org` attending on `day`, ending first."""
    return (
        in_subtree(TemporaryAttendee.objects.filter(voided_at__isnull=True), org)
        .filter(_open_on(day))
        .select_related("organisation")
        .order_by("planned_end", "full_name", "pk")
    )


def attendees_at(cell: Organisation, day: dt.date) -> list[TemporaryAttendee]:
    """The attendees of `cell` itself on `day`: the roll's block of members from elsewhere."""
    return list(
        TemporaryAttendee.objects.filter(voided_at__isnull=True, organisation=cell)
        .filter(_open_on(day))
        .order_by("full_name", "pk")
    )


@dataclass(frozen=True)
class Ending:
    attendee: TemporaryAttendee
    day: dt.date

    @property
    def overdue(self) -> bool:
        """Past the planned end with no end recorded: the cell is to record it or renew."""
        return self.attendee.planned_end < self.day

    @property
    def days(self) -> int:
        return (self.attendee.planned_end - self.day).days

    @property
    def late(self) -> int:
        return -self.days


def attendees_ending(org: Organisation, day: dt.date, within: int) -> list[Ending]:
    """Attendees of the subtree with no end recorded whose planned end falls within
    `within` days of `day`, or has passed (overdue), the earliest first."""
    rows = (
        in_subtree(
            TemporaryAttendee.objects.filter(
                voided_at__isnull=True,
                actual_end__isnull=True,
                start_date__lte=day,
                planned_end__lte=day + dt.timedelta(days=within),
            ),
            org,
        )
        .select_related("organisation")
        .order_by("planned_end", "full_name", "pk")
    )
    return [Ending(a, day) for a in rows]


def attendees_paying(cell: Organisation, first: dt.date, last: dt.date) -> list[TemporaryAttendee]:
    """Attendees of `cell` itself some day from `first` to `last` who pay dues at the cell:
    the dues page's block of its own, never among the members' figures. Each carries
    `paid`, its live payment for the month of `first` (None when not yet recorded)."""
    attendees = list(
        TemporaryAttendee.objects.filter(
            voided_at__isnull=True, organisation=cell, pays_dues_here=True, start_date__lte=last
        )
        .filter(Q(actual_end__isnull=True, planned_end__gte=first) | Q(actual_end__gte=first))
        .order_by("full_name", "pk")
    )
    paid = paid_by_attendee(attendees, first.replace(day=1))
    for attendee in attendees:
        attendee.paid = paid.get(attendee.pk)  # type: ignore[attr-defined]
    return attendees
