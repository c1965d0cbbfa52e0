"""Read side: the board's records of a subtree in a period, and what a member studied.

A record belongs to the subtree of X when its organiser's version in force on the record's
date has a path inside X's subtree as X stood on that date. X may itself move during the
period, so the period is cut into X's epochs (days on which its path is constant).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dangvu.education.models import (
    ClassLearner,
    Conference,
    ContestEntry,
    PoliticalClass,
    Resolution,
    StudyReturn,
)
from dangvu.members.models import Member
from dangvu.members.queries import epochs
from dangvu.orgs.kinds import GRASSROOTS_KINDS
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range
from dangvu.orgs.queries import subtree_at


def in_subtree(
    qs: QuerySet[Any],
    org: Organisation,
    start: dt.date,
    end: dt.date,
    *,
    date_field: str,
    org_field: str = "organiser",
) -> QuerySet[Any]:
    """Rows of `qs` dated start..end whose `org_field` was then inside the subtree of `org`."""
    q = Q(pk__in=[])
    for epoch in epochs(org, start, end):
        low, high = subtree_range(epoch.path)
        inside = OrganisationVersion.objects.filter(
            organisation=OuterRef(org_field),
            valid_from__lte=OuterRef(date_field),
            valid_to__gt=OuterRef(date_field),
            path__gte=low,
            path__lt=high,
        )
        q |= Q(
            Exists(inside),
            **{f"{date_field}__gte": epoch.start, f"{date_field}__lt": epoch.end},
        )
    return qs.filter(q)


def classes_in(
    org: Organisation, start: dt.date, end: dt.date, kind: str | None = None
) -> QuerySet[PoliticalClass]:
    """Classes organised in the subtree that ended start..end (a class counts when it ends)."""
    qs = PoliticalClass.objects.filter(voided_at__isnull=True)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return in_subtree(qs, org, start, end, date_field="end_date")


def conferences_in(
    org: Organisation, start: dt.date, end: dt.date, kind: str | None = None
) -> QuerySet[Conference]:
    qs = Conference.objects.filter(voided_at__isnull=True)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return in_subtree(qs, org, start, end, date_field="date")


def returns_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[StudyReturn]:
    return in_subtree(
        StudyReturn.objects.filter(voided_at__isnull=True),
        org,
        start,
        end,
        date_field="date",
        org_field="organisation",
    )


def entries_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[ContestEntry]:
    """Entries of contests organised in the subtree and ending start..end."""
    return in_subtree(
        ContestEntry.objects.filter(voided_at__isnull=True, contest__voided_at__isnull=True),
        org,
        start,
        end,
        date_field="contest__end_date",
        org_field="contest__organiser",
    )


def missing_returns(resolution: Resolution, org: Organisation, day: dt.date) -> list[Any]:
    """Grassroots organisations of the subtree of `org` on `day` without a return."""
    sent = StudyReturn.objects.filter(resolution=resolution, voided_at__isnull=True).values(
        "organisation_id"
    )
    return list(
        subtree_at(org, day)
        .filter(kind__in=GRASSROOTS_KINDS)
        .exclude(organisation_id__in=sent)
        .select_related("organisation")
        .order_by("path")
    )


def classes_of_member(member: Member) -> QuerySet[ClassLearner]:
    """The classes a member attended, as a member or earlier as an admission candidate."""
    q = Q(member=member)
    candidacy = getattr(member, "candidacy", None) if member.pk else None
    if candidacy is not None:
        q |= Q(candidate=candidacy)
    return (
        ClassLearner.objects.filter(q, political_class__voided_at__isnull=True)
        .select_related("political_class", "political_class__organiser")
        .order_by("-political_class__end_date", "-id")
    )
