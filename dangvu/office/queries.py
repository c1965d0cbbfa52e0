"""Read side of office work: records of a subtree, placed by position on their date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dangvu.accounts.scoping import visible_organisations
from dangvu.members.models import Member, MembershipInterval
from dangvu.members.queries import epochs
from dangvu.office.models import (
    Commendation,
    Document,
    MassCongress,
    MassOrganisation,
    MassRating,
    Plan,
)
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range


def _range(field: str, path: str) -> dict[str, str]:
    low, high = subtree_range(path)
    return {f"{field}__gte": low, f"{field}__lt": high}


def placed_in(
    org: Organisation,
    start: dt.date,
    end: dt.date,
    *,
    date_field: str,
    org_field: str,
) -> Q:
    """Rows dated start..end whose organisation stood in the subtree of `org` on that date.

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


def member_placed_in(org: Organisation, start: dt.date, end: dt.date) -> Q:
    """Commendations of members dated start..end who were in the subtree on that date."""
    q = Q(pk__in=[])
    for e in epochs(org, start, end):
        inside = MembershipInterval.objects.filter(
            member=OuterRef("member"),
            valid_from__lte=OuterRef("decision_date"),
            valid_to__gt=OuterRef("decision_date"),
            **_range("path", e.path),
        )
        q |= Q(Exists(inside), decision_date__gte=e.start, decision_date__lt=e.end)
    return q


def collectives_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[Commendation]:
    return Commendation.objects.filter(
        placed_in(org, start, end, date_field="decision_date", org_field="organisation"),
        kind=Commendation.Kind.COLLECTIVE,
        voided_at__isnull=True,
    )


def individuals_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[Commendation]:
    members = Q(member__isnull=False) & member_placed_in(org, start, end)
    others = Q(member__isnull=True) & placed_in(
        org, start, end, date_field="decision_date", org_field="organisation"
    )
    return Commendation.objects.filter(
        members | others, kind=Commendation.Kind.INDIVIDUAL, voided_at__isnull=True
    )


def congresses_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[MassCongress]:
    return MassCongress.objects.filter(
        placed_in(org, start, end, date_field="date", org_field="unit__organisation"),
        voided_at__isnull=True,
    )


def ratings_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[MassRating]:
    return MassRating.objects.filter(
        placed_in(org, start, end, date_field="as_of", org_field="unit__organisation"),
        voided_at__isnull=True,
    )


# --- scoped lists ---------------------------------------------------------------------


def visible_commendations(user: Any) -> QuerySet[Commendation]:
    return Commendation.objects.filter(organisation__in=visible_organisations(user))


def visible_mass_organisations(user: Any) -> QuerySet[MassOrganisation]:
    return MassOrganisation.objects.filter(organisation__in=visible_organisations(user))


def in_subtree(qs: QuerySet[Any], org: Organisation, field: str = "organisation") -> QuerySet[Any]:
    """Rows whose organisation now lies in the subtree of `org` (for list filters)."""
    return qs.filter(**_range(f"{field}__path", org.path))


def member_commendations(member: Member) -> QuerySet[Commendation]:
    """A member's commendations, newest first (for the member's record)."""
    return (
        member.commendations.filter(voided_at__isnull=True)
        .select_related("organisation")
        .order_by("-decision_date", "-id")
    )


def visible_plans(user: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(organisation__in=visible_organisations(user))


def visible_documents(user: Any) -> QuerySet[Document]:
    return Document.objects.filter(issuer__in=visible_organisations(user))
