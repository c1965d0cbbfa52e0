"""Read side of personnel work: who holds which seat on a date, and the records of a
subtree placed by their organisation's position on the record's date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from dangvu.accounts.scoping import visible_organisations
from dangvu.members.models import Member
from dangvu.members.queries import epochs
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range
from dangvu.personnel.models import (
    ActingAssignment,
    CellAttendance,
    Committee,
    CommitteeDecision,
    CommitteeKind,
    CommitteeMember,
    LeaderEvaluation,
    PoliticalConclusion,
    Position,
)


def _range(field: str, path: str) -> dict[str, str]:
    low, high = subtree_range(path)
    return {f"{field}__gte": low, f"{field}__lt": high}


# --- seats on a date ------------------------------------------------------------------


def seats_on(day: dt.date, prefix: str = "") -> Q:
    """Seats held on `day` (live rows whose span covers it)."""
    return Q(
        **{
            f"{prefix}voided_at__isnull": True,
            f"{prefix}start_date__lte": day,
            f"{prefix}ended_on__gt": day,
        }
    )


def committee_on(org: Organisation, kind: str, day: dt.date) -> Committee | None:
    """The body `kind` of `org` whose term covers `day` (the latest term if two touch)."""
    return (
        Committee.objects.filter(
            organisation=org,
            kind=kind,
            voided_at__isnull=True,
            first_year__lte=day.year,
            last_year__gte=day.year - 1,
        )
        .filter(Exists(CommitteeMember.objects.filter(seats_on(day), committee=OuterRef("pk"))))
        .order_by("-first_year")
        .first()
    )


def holder(org: Organisation, position: str, day: dt.date) -> Member | None:
    """Who held `position` in `org`'s executive committee (or inspection commission) on
    `day`: one indexed query."""
    kind = (
        CommitteeKind.INSPECTION if position.startswith("INSPECTION") else CommitteeKind.EXECUTIVE
    )
    seat = (
        CommitteeMember.objects.filter(
            seats_on(day),
            committee__organisation=org,
            committee__kind=kind,
            committee__voided_at__isnull=True,
            position=position,
        )
        .select_related("member")
        .order_by("-start_date")
        .first()
    )
    return seat.member if seat is not None else None


def secretary_of(org: Organisation, day: dt.date) -> Member | None:
    """The secretary of `org` on `day`, or None."""
    return holder(org, Position.SECRETARY, day)


def seats_of(committee: Committee, day: dt.date) -> QuerySet[CommitteeMember]:
    """The seats of `committee` held on `day`, secretary first."""
    return (
        committee.seats.filter(seats_on(day))
        .select_related("member", "start_decision")
        .order_by(POSITION_ORDER, "member__search_key", "id")
    )


# Seats listed by rank: the secretary first, then deputies, then members.
POSITION_ORDER = Case(
    *[When(position=p, then=Value(i)) for i, p in enumerate(Position.values)],
    output_field=IntegerField(),
)


# The seats named on an organisation's page; the other members are counted.
LEADING = (
    Position.SECRETARY,
    Position.DEPUTY_SECRETARY,
    Position.INSPECTION_CHAIR,
    Position.INSPECTION_DEPUTY,
)


def org_committees(org: Organisation, day: dt.date) -> list[dict[str, Any]]:
    """The bodies of `org` in force on `day`: each with its leading seats on that day and
    the number of its members."""
    result = []
    for kind in CommitteeKind.values:
        committee = committee_on(org, kind, day)
        if committee is not None:
            seats = list(seats_of(committee, day))
            result.append(
                {
                    "committee": committee,
                    "leaders": [s for s in seats if s.position in LEADING],
                    "size": len(seats),
                }
            )
    return result


def member_seats(member: Member) -> QuerySet[CommitteeMember]:
    """A member's seats, newest first (for the member's record)."""
    return (
        member.committee_seats.filter(voided_at__isnull=True, committee__voided_at__isnull=True)
        .select_related("committee__organisation", "start_decision", "end_decision")
        .order_by("-start_date", "-id")
    )


# --- records of a subtree in a period -------------------------------------------------


def placed_in(
    org: Organisation,
    start: dt.date,
    end: dt.date,
    *,
    date_field: str,
    org_field: str,
) -> Q:
    """Rows dated start..end whose organisation stood in the subtree of `org` that day.

    The subtree itself may move or end in the period: each run of days on which its path
    is constant (an epoch) is one condition.
    """
    q = Q(pk__in=[])
    for e in epochs(org, start, end):
        inside = OrganisationVersion.objects.filter(
            organisation=OuterRef(org_field),
            valid_from__lte=OuterRef(date_field),
            valid_to__gt=OuterRef(date_field),
            **_range("path", e.path),
        )
        q |= Q(Exists(inside), **{f"{date_field}__gte": e.start, f"{date_field}__lt": e.end})
    return q


def kind_on(org_field: str, date_field: str) -> Subquery:
    """The kind of the row's organisation on the row's date (for breakdowns by kind)."""
    return Subquery(
        OrganisationVersion.objects.filter(
            organisation=OuterRef(org_field),
            valid_from__lte=OuterRef(date_field),
            valid_to__gt=OuterRef(date_field),
        )
        .order_by("-valid_from")
        .values("kind")[:1]
    )


def decisions_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[CommitteeDecision]:
    return CommitteeDecision.objects.filter(
        placed_in(org, start, end, date_field="decision_date", org_field="committee__organisation"),
        voided_at__isnull=True,
        committee__voided_at__isnull=True,
    )


def acting_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[ActingAssignment]:
    return ActingAssignment.objects.filter(
        placed_in(org, start, end, date_field="decision_date", org_field="organisation"),
        voided_at__isnull=True,
    )


def evaluations_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[LeaderEvaluation]:
    return LeaderEvaluation.objects.filter(
        placed_in(org, start, end, date_field="date", org_field="organisation"),
        voided_at__isnull=True,
    )


def conclusions_in(
    org: Organisation, start: dt.date, end: dt.date
) -> QuerySet[PoliticalConclusion]:
    return PoliticalConclusion.objects.filter(
        placed_in(org, start, end, date_field="date", org_field="organisation"),
        voided_at__isnull=True,
    )


def attendances_on(org: Organisation, day: dt.date) -> QuerySet[CellAttendance]:
    """Assignments in force on `day` to attend cells that stood in the subtree that day."""
    found = epochs(org, day, day)
    if not found:
        return CellAttendance.objects.none()
    inside = OrganisationVersion.objects.filter(
        organisation=OuterRef("cell"),
        valid_from__lte=day,
        valid_to__gt=day,
        **_range("path", found[0].path),
    )
    return CellAttendance.objects.filter(
        Exists(inside),
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        voided_at__isnull=True,
        start_date__lte=day,
        seat__voided_at__isnull=True,
    )


# --- scoped lists ---------------------------------------------------------------------


def visible_committees(user: Any) -> QuerySet[Committee]:
    return Committee.objects.filter(organisation__in=visible_organisations(user))


def visible_seats(user: Any) -> QuerySet[CommitteeMember]:
    return CommitteeMember.objects.filter(committee__organisation__in=visible_organisations(user))


def visible_decisions(user: Any) -> QuerySet[CommitteeDecision]:
    return CommitteeDecision.objects.filter(committee__organisation__in=visible_organisations(user))


def visible_acting(user: Any) -> QuerySet[ActingAssignment]:
    return ActingAssignment.objects.filter(organisation__in=visible_organisations(user))


def visible_evaluations(user: Any) -> QuerySet[LeaderEvaluation]:
    return LeaderEvaluation.objects.filter(organisation__in=visible_organisations(user))


def visible_conclusions(user: Any) -> QuerySet[PoliticalConclusion]:
    return PoliticalConclusion.objects.filter(organisation__in=visible_organisations(user))


def visible_attendances(user: Any) -> QuerySet[CellAttendance]:
    return CellAttendance.objects.filter(cell__in=visible_organisations(user))
