"""Who a bulk production covers: the members a kind of paper calls for in a period or cell.

A paper documenting an event covers the events of that kind in the month, in the issuing
organisation's subtree; the confirmation decision also covers the probationary members
whose probation ends in the month (the due list of `members.queries.probation_due`), so an
office produces the month's decisions before the events are recorded. The forms cover the
members of a cell on a day; the badge list the members due a badge at the next occasion.
"""

from __future__ import annotations

import datetime as dt

from dangvu.members.models import MemberEvent
from dangvu.members.queries import badges_due, members_in, probation_due
from dangvu.orgs.models import Organisation
from dangvu.papers.kinds import PaperKind
from dangvu.papers.values import Line


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of "2024-03"."""
    year, number = (int(part) for part in month.split("-"))
    first = dt.date(year, number, 1)
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def months(today: dt.date, count: int = 24) -> list[tuple[str, str]]:
    """The choices of month, this month first: ("2024-03", "Tháng 3/2024")."""
    choices = []
    year, number = today.year, today.month
    for _ in range(count):
        choices.append((f"{year}-{number:02d}", f"Tháng {number}/{year}"))
        year, number = (year, number - 1) if number > 1 else (year - 1, 12)
    return choices


def _milestone(event: MemberEvent) -> int | None:
    value = (event.details or {}).get("milestone")
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def lines_for(
    paper: PaperKind, issuer: Organisation, *, month: str, cell: Organisation, day: dt.date
) -> list[Line]:
    """The members `paper` covers, in the order they are numbered."""
    if not paper.events:
        members = members_in(cell, day).select_related("organisation").order_by("search_key")
        return [Line(m) for m in members]
    if paper.code == "BADGE_LIST":
        return [Line(row.member, None, milestone=row.milestone) for row in badges_due(issuer, day)]
    first, last = month_bounds(month)
    events = (
        MemberEvent.objects.filter(
            kind__in=paper.events,
            date__gte=first,
            date__lte=last,
            voided_at__isnull=True,
            member__org_path__contains=f"/{issuer.pk}/",
        )
        .select_related("member", "member__organisation", "organisation", "from_organisation")
        .order_by("date", "member__search_key", "id")
    )
    lines = [
        Line(e.member, e, milestone=_milestone(e))
        for e in events
        if paper.documents(e.kind, e.details)
    ]
    if paper.code == "CONFIRMATION":
        covered = {line.member.pk for line in lines}
        for item in probation_due(issuer, last, 0):
            if first <= item.due <= last and item.member.pk not in covered:
                lines.append(Line(item.member))
    return lines


__all__ = ["lines_for", "month_bounds", "months"]
