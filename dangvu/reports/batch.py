"""Batch placing: the records of a period, tallied for many organisations at once.

A single-organisation indicator places a record in the subtree of X when the record's
organisation, as it stood on the record's date, had a path inside X's subtree as X stood on
that date (X's epochs: `dangvu.members.queries.epochs`). The statistical table asks the same
figure of every grassroots organisation; doing that one organisation at a time costs a few
queries per organisation and indicator.

Here the same rule is applied to a whole set of organisations in two queries, whatever
their number: one reads the epochs of all of them over the period, one reads the records of
the period with the path their organisation (or member) had on the record's date, grouped.
Each group is then given to every organisation of the set whose path on that date is a
prefix of the group's path. The set may hold nested organisations, and an organisation
that moved or was restructured during the period is placed through each of its epochs, so
the result is exactly the single form's, organisation by organisation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Aggregate,
    Count,
    DateField,
    Expression,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)

from dangvu.members.models import MembershipInterval
from dangvu.orgs.models import Organisation, OrganisationVersion
from dangvu.reports.registry import Period

ONE_DAY = dt.timedelta(days=1)
PATH = "_placed_path"
DAY = "_placed_day"

Day = str | dt.date  # a date field of the rows, or one date for all of them


def _outer_day(day: Day) -> Any:
    return OuterRef(day) if isinstance(day, str) else day


def org_path(org_field: str, day: Day) -> Subquery:
    """The path the row's organisation (`org_field`) had on the row's date (or `day`)."""
    on = _outer_day(day)
    return Subquery(
        OrganisationVersion.objects.filter(
            organisation=OuterRef(org_field), valid_from__lte=on, valid_to__gt=on
        )
        .order_by("-valid_from", "-id")
        .values("path")[:1]
    )


def member_path(member_field: str, day: Day) -> Subquery:
    """The path of the organisation the row's member belonged to on the row's date."""
    on = _outer_day(day)
    return Subquery(
        MembershipInterval.objects.filter(
            member=OuterRef(member_field), valid_from__lte=on, valid_to__gt=on
        )
        .order_by("-valid_from", "-id")
        .values("path")[:1]
    )


@dataclass(frozen=True)
class _Span:
    org_id: int
    start: dt.date  # first day
    end: dt.date  # day after the last


class Placement:
    """The epochs of a set of organisations over a period, indexed by path (one query).

    The epochs are those of `dangvu.members.queries.epochs`: the versions in force on some
    day of the period, clipped to it (a same-day version, valid on no date, is left out).
    """

    def __init__(self, orgs: Iterable[Organisation], period: Period) -> None:
        self.period = period
        self.ids = [org.pk for org in orgs]
        self._by_path: dict[str, list[_Span]] = defaultdict(list)
        rows = (
            OrganisationVersion.objects.filter(
                organisation_id__in=self.ids,
                valid_from__lte=period.end,
                valid_to__gt=period.start,
            )
            .exclude(valid_from=F("valid_to"))
            .values_list("organisation_id", "valid_from", "valid_to", "path")
        )
        for org_id, start, end, path in rows:
            span = _Span(org_id, max(start, period.start), min(end, period.end + ONE_DAY))
            self._by_path[path].append(span)

    def common_path(self) -> str | None:
        """The path of the deepest organisation whose subtree holds every path of the set
        over the period (their common ancestor, or one of them); None for an empty set or
        organisations under different roots."""
        parts = [p.strip("/").split("/") for p in self._by_path]
        common: list[str] = []
        for segments in zip(*parts, strict=False):
            if any(s != segments[0] for s in segments):
                break
            common.append(segments[0])
        return f"/{'/'.join(common)}/" if parts and common else None

    def owners(self, path: str | None, day: dt.date) -> set[int]:
        """The organisations of the set whose subtree held `path` on `day`."""
        if not path:
            return set()
        found: set[int] = set()
        parts = path.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/" + "/".join(parts[:depth]) + "/"
            for span in self._by_path.get(prefix, ()):
                if span.start <= day < span.end:
                    found.add(span.org_id)
        return found


def tally(
    qs: QuerySet[Any],
    orgs: Sequence[Organisation],
    period: Period,
    *,
    day: Day,
    path: Expression,
    keys: Sequence[str] = (),
    measure: Aggregate | None = None,
    placement: Placement | None = None,
) -> dict[int, Counter[Hashable]]:
    """For each organisation, the rows of `qs` placed in its subtree, grouped by `keys`.

    `day` is the rows' date field (only rows dated within the period are read) or one date
    that stands for all of them; `path` gives the path that places a row on that date
    (`org_path` or `member_path`). Each organisation gets a Counter from the key (the one
    field's value, or the tuple of values for several keys, or None for no key) to the
    number of rows, or to `measure` (a Sum) over them; organisations without rows get an
    empty Counter. One grouped query, plus one for the epochs unless `placement` is given.
    """
    placement = placement if placement is not None else Placement(orgs, period)
    if isinstance(day, str):
        qs = qs.filter(**{f"{day}__gte": period.start, f"{day}__lte": period.end})
        day_expr: Any = F(day)
    else:
        day_expr = Value(day, output_field=DateField())
    rows = (
        qs.annotate(**{PATH: path, DAY: day_expr})
        .values_list(PATH, DAY, *keys)
        .annotate(_n=measure if measure is not None else Count("pk"))
        .order_by()
    )
    result: dict[int, Counter[Hashable]] = {org.pk: Counter() for org in orgs}
    for row in rows:
        row_path, row_day, *values, n = row
        if not n:
            continue
        key: Hashable = values[0] if len(values) == 1 else (tuple(values) if values else None)
        for org_id in placement.owners(row_path, _as_date(row_day)):
            result[org_id][key] += n
    return result


def _as_date(day: dt.date | str) -> dt.date:
    """A date read back from the database (a constant date may come back as text)."""
    return day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])
