"""Read side of inspection work: records of a subtree, placed by position on their date.

A done inspection or supervision counts on its end date, where its conducting organisation
stood that day; a discipline decision on an organisation on its decision date, where the
organisation stood; a complaint where its handling organisation stood on the day it was
received (or closed, for the closed ones).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dangvu.accounts.scoping import visible_organisations
from dangvu.inspection.models import (
    Complaint,
    DisciplineDecision,
    Inspection,
    Programme,
    Status,
    Subject,
    Target,
)
from dangvu.members.models import Member
from dangvu.members.queries import epochs
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range

# The earliest day a record may lie on: stock figures (open complaints) look back to it.
EPOCH_START = dt.date(1930, 2, 3)


def _range(field: str, path: str) -> dict[str, str]:
    low, high = subtree_range(path)
    return {f"{field}__gte": low, f"{field}__lt": high}


def placed_in(
    org: Organisation, start: dt.date, end: dt.date, *, date_field: str, org_field: str
) -> Q:
    """Rows dated start..end whose organisation stood in the subtree of `org` on that date.

    The subtree itself may move or end in the period: each run of days on which its path is
    constant (an epoch) is one condition, so the query stays one aggregate.
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


def done_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[Inspection]:
    """Done, non-void inspections and supervisions ended start..end, conducted in the subtree."""
    return Inspection.objects.filter(
        placed_in(org, start, end, date_field="end_date", org_field="organisation"),
        status=Status.DONE,
        voided_at__isnull=True,
    )


def subjects_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[Subject]:
    """Subjects of the done records of `done_in` (one row per subject and record)."""
    return Subject.objects.filter(
        placed_in(
            org, start, end, date_field="inspection__end_date", org_field="inspection__organisation"
        ),
        inspection__status=Status.DONE,
        inspection__voided_at__isnull=True,
    )


def org_decisions_in(
    org: Organisation, start: dt.date, end: dt.date
) -> QuerySet[DisciplineDecision]:
    """Non-void decisions on organisations dated start..end, the organisation in the subtree."""
    return DisciplineDecision.objects.filter(
        placed_in(org, start, end, date_field="decision_date", org_field="organisation"),
        target=Target.ORGANISATION,
        voided_at__isnull=True,
    )


def complaints_received_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        placed_in(org, start, end, date_field="received_date", org_field="handling_organisation"),
        voided_at__isnull=True,
    )


def complaints_closed_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        placed_in(org, start, end, date_field="closed_date", org_field="handling_organisation"),
        voided_at__isnull=True,
    )


def complaints_overdue_on(org: Organisation, day: dt.date) -> QuerySet[Complaint]:
    """Complaints open at the end of `day` whose deadline had passed, handled in the subtree."""
    return Complaint.objects.filter(
        placed_in(
            org, EPOCH_START, day, date_field="received_date", org_field="handling_organisation"
        ),
        Q(closed_date__isnull=True) | Q(closed_date__gt=day),
        deadline__lt=day,
        voided_at__isnull=True,
    )


# --- scoped lists ---------------------------------------------------------------------


def visible_programmes(user: Any) -> QuerySet[Programme]:
    return Programme.objects.filter(organisation__in=visible_organisations(user))


def visible_inspections(user: Any) -> QuerySet[Inspection]:
    return Inspection.objects.filter(organisation__in=visible_organisations(user))


def visible_decisions(user: Any) -> QuerySet[DisciplineDecision]:
    """Decisions the user reaches through the issuing body or the one disciplined."""
    orgs = visible_organisations(user)
    return DisciplineDecision.objects.filter(
        Q(issuing_organisation__in=orgs) | Q(organisation__in=orgs)
    )


def visible_complaints(user: Any) -> QuerySet[Complaint]:
    return Complaint.objects.filter(handling_organisation__in=visible_organisations(user))


def in_subtree(qs: QuerySet[Any], org: Organisation, field: str = "organisation") -> QuerySet[Any]:
    """Rows whose organisation now lies in the subtree of `org` (for list filters)."""
    return qs.filter(**_range(f"{field}__path", org.path))


def member_decisions(member: Member) -> QuerySet[DisciplineDecision]:
    """A member's discipline decisions, newest first, void ones included (for the record)."""
    return member.discipline_decisions.select_related("issuing_organisation").order_by(
        "-decision_date", "-id"
    )
