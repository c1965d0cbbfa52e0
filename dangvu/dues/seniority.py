"""Exemption from dues by party age (rule `dues.party_age_exemption`).

From 01/02/2026 (Quy định 01-QĐ/TW) a member with a full 50 years of party age or more
pays no dues, with no decision needed. Party age is the badges' (`members.queries.
party_age`: from the first admission decision, minus the time without membership). The day
that counts is the month's last: a member who completes the years on any day of a month is
exempt from that whole month on (the texts do not say; a month is owed or not as a whole,
and the member reaching the years in it should not owe it).

Bounded for any number of members: the candidates are those whose admission decision (or,
without one, first interval) lies the years before the last month's end; one query reads
them, one their intervals, one the rule of which gaps still count as membership.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q

from dangvu.core.dates import add_months
from dangvu.core.rules import RuleBook, rule
from dangvu.dues.calc import first_of_month, last_of_month
from dangvu.members.models import Member, MembershipInterval
from dangvu.members.queries import membership_gaps, party_age

PARTY_AGE_EXEMPTION = "dues.party_age_exemption"


def exemption_years(month: dt.date, book: RuleBook | None = None) -> int:
    """The party age (years) that exempts from dues in `month`; 0: none."""
    month = first_of_month(month)
    value: Any = (
        book(PARTY_AGE_EXEMPTION, month) if book is not None else rule(PARTY_AGE_EXEMPTION, month)
    )
    return int(Decimal(str(value.get("years", "0"))))


def label(years: int = 50) -> str:
    """How a page names the exemption: «Miễn (50 năm tuổi Đảng)»."""
    return f"Miễn ({years} năm tuổi Đảng)"


def party_age_exempt(
    candidates: Any, months: Iterable[dt.date], *, book: RuleBook | None = None
) -> dict[dt.date, set[int]]:
    """For each month of `months` under a party-age exemption, the ids among `candidates`
    (member ids: a list, or a query of them) exempt that month by their party age.

    Three queries at most, none when no month is under the exemption.
    """
    years = {m: exemption_years(m, book) for m in {first_of_month(m) for m in months}}
    years = {m: y for m, y in years.items() if y > 0}
    if not years:
        return {}
    # The latest admission that can reach the years by the end of some month (a few days
    # more: a 29 February admission reaches its years on 28 February).
    cutoff = max(add_months(last_of_month(m), -12 * y) for m, y in years.items())
    cutoff += dt.timedelta(days=3)
    early_interval = MembershipInterval.objects.filter(
        member=OuterRef("pk"), valid_from__lte=cutoff
    )
    members = list(
        Member.objects.filter(pk__in=candidates)
        .filter(
            Q(admission_decision_date__lte=cutoff)
            | Q(admission_decision_date__isnull=True) & Exists(early_interval)
        )
        .only("pk", "admission_decision_date", "earlier_left_date", "readmission_date")
    )
    if not members:
        return {}
    intervals: dict[int, list[MembershipInterval]] = {}
    for interval in MembershipInterval.objects.filter(member_id__in=[m.pk for m in members]).only(
        "member_id", "valid_from", "valid_to", "start_kind", "end_kind"
    ):
        intervals.setdefault(interval.member_id, []).append(interval)
    counting = membership_gaps(last_of_month(max(years)))
    found: dict[dt.date, set[int]] = {m: set() for m in years}
    for member in members:
        age = party_age(member, intervals.get(member.pk, []), counting=counting)
        if age is None:
            continue
        for month, y in years.items():
            if age.reaches(y) <= last_of_month(month):
                found[month].add(member.pk)
    return {m: ids for m, ids in found.items() if ids}
