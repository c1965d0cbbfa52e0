"""Batch forms of the ledger's reads: many organisations in a few grouped queries.

The statistical table asks every member indicator for each grassroots organisation of a
committee. Asked one organisation at a time, `queries.members_at`, `queries.flows` and
`queries.events_in` cost a few queries each; here each is answered for a whole list of
organisations at once:

- one query reads the organisations' versions over the period, which gives each its
  epochs (runs of days with one path) exactly as `queries.epochs` does;
- one aggregate per figure reads the ledger inside the range that covers all their
  subtrees, grouped by the path of the interval (and the adjoining path for flows);
- each group is given, in Python, to every organisation whose subtree holds its path
  (an organisation of the list may contain another: a group may go to both).

An organisation founded or ended within the period keeps one path while it exists: its
flows are read grouped by day as well, to count its first and last days as the single
form does. An organisation whose path changed within the period (moved in the tree:
several epochs) is computed with the single form, which cuts the period at each change;
so is anything this module cannot place exactly. The number of queries does not depend
on the number of members, nor on the number of organisations beyond those moved in the
tree during the period.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Count, F, Q

from dangvu.members import queries
from dangvu.members.kinds import EXPELLED, EventKind, Status
from dangvu.members.models import MemberEvent, MembershipInterval
from dangvu.members.queries import Epoch
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range

ONE_DAY = dt.timedelta(days=1)


def epochs_many(orgs: list[Organisation], first: dt.date, last: dt.date) -> dict[int, list[Epoch]]:
    """`queries.epochs(org, first, last)` for each of `orgs`, in one query."""
    rows = (
        OrganisationVersion.objects.filter(
            organisation_id__in=[o.pk for o in orgs], valid_from__lte=last, valid_to__gt=first
        )
        .exclude(valid_from=F("valid_to"))
        .order_by("organisation_id", "valid_from", "id")
        .values_list("organisation_id", "valid_from", "valid_to", "path")
    )
    result: dict[int, list[Epoch]] = {o.pk: [] for o in orgs}
    for org_id, start, end, path in rows:
        eps = result[org_id]
        start, end = max(start, first), min(end, last + ONE_DAY)
        if eps and eps[-1].path == path and eps[-1].end == start:
            eps[-1] = Epoch(eps[-1].start, end, path)
        else:
            eps.append(Epoch(start, end, path))
    return result


def one_path(
    orgs: list[Organisation], first: dt.date, last: dt.date
) -> tuple[dict[int, Epoch], list[Organisation]]:
    """({org id: its epoch} for the orgs with one path on the days first..last, the others).

    The epoch may cover only part of those days (an organisation founded or ended in
    them). An organisation that did not exist on any of those days is in neither: every
    figure of the ledger is nothing for it.
    """
    eps = epochs_many(orgs, first, last)
    single: dict[int, Epoch] = {}
    others: list[Organisation] = []
    for org in orgs:
        mine = eps[org.pk]
        if not mine:
            continue
        if len(mine) == 1 and mine[0].path.endswith("/"):
            single[org.pk] = mine[0]
        else:
            others.append(org)
    return single, others


class _Placer:
    """Finds the organisations whose subtree holds a path (an ancestor's path is a prefix)."""

    def __init__(self, paths: dict[int, str]) -> None:
        self.by_path: dict[str, list[int]] = defaultdict(list)
        for org_id, path in paths.items():
            self.by_path[path].append(org_id)
        self.paths = paths
        self._cache: dict[str, list[int]] = {}

    def covering(self) -> Q:
        """The one range that holds every organisation's subtree (a filter on `path`)."""
        ranges = [subtree_range(p) for p in self.paths.values()]
        return Q(path__gte=min(r[0] for r in ranges), path__lt=max(r[1] for r in ranges))

    def owners(self, path: str) -> list[int]:
        found = self._cache.get(path)
        if found is None:
            found = []
            for i, char in enumerate(path):
                if char == "/":
                    found.extend(self.by_path.get(path[: i + 1], ()))
            self._cache[path] = found
        return found

    def holds(self, org_id: int, path: str) -> bool:
        low, high = subtree_range(self.paths[org_id])
        return low <= path < high


def members_at_many(orgs: list[Organisation], day: dt.date) -> dict[int, dict[str, int]]:
    """`queries.members_at(org, day)` for each of `orgs`."""
    single, others = one_path(orgs, day, day)  # one day: an epoch covers it
    steady = {org_id: e.path for org_id, e in single.items()}
    counts: dict[int, dict[str, int]] = {
        o.pk: {Status.PROBATIONARY.value: 0, Status.FULL.value: 0} for o in orgs
    }
    if steady:
        placer = _Placer(steady)
        rows = (
            MembershipInterval.objects.filter(
                placer.covering(), valid_from__lte=day, valid_to__gt=day
            )
            .values_list("path", "status")
            .annotate(n=Count("id"))
            .order_by()
        )
        for path, status, n in rows:
            for org_id in placer.owners(path):
                mine = counts[org_id]
                mine[status] = mine.get(status, 0) + n
    result = {org_id: {**c, "total": sum(c.values())} for org_id, c in counts.items()}
    for org in others:
        result[org.pk] = queries.members_at(org, day)
    return result


def loaded_many(orgs: list[Organisation], start: dt.date, end: dt.date) -> dict[int, int]:
    """`queries.loaded(org, start, end)` for each of `orgs`: the roll loaded in the period.

    An OPENING interval comes from nowhere, so it counts for every organisation whose
    subtree held its path on its first day: one grouped query, by path and day.
    """
    single, others = one_path(orgs, start, end)
    result = {o.pk: 0 for o in orgs}
    if single:
        placer = _Placer({k: e.path for k, e in single.items()})
        rows = (
            MembershipInterval.objects.filter(
                placer.covering(),
                start_kind=EventKind.OPENING,
                valid_from__gte=start,
                valid_from__lte=end,
            )
            .values_list("path", "valid_from")
            .annotate(n=Count("id"))
            .order_by()
        )
        for path, day, n in rows:
            for org_id in placer.owners(path):
                if single[org_id].start <= day < single[org_id].end:
                    result[org_id] += n
    for org in others:
        result[org.pk] = queries.loaded(org, start, end)
    return result


def flows_many(
    orgs: list[Organisation],
    start: dt.date,
    end: dt.date,
    directions: Iterable[str] = ("in", "out"),
) -> dict[int, dict[str, Counter[str]]]:
    """`queries.flows(org, start, end)` for each of `orgs` (only the `directions` asked)."""
    directions = tuple(directions)
    single, others = one_path(orgs, start - ONE_DAY, end)
    whole = (start - ONE_DAY, end + ONE_DAY)
    steady = {k: e.path for k, e in single.items() if (e.start, e.end) == whole}
    result: dict[int, dict[str, Counter[str]]] = {
        o.pk: {"in": Counter(), "out": Counter()} for o in orgs
    }
    partial = {k: e for k, e in single.items() if k not in steady}
    if partial:
        _partial_flows(partial, start, end, directions, result)
    if steady:
        placer = _Placer(steady)
        # With one path P all along, the single form is one count over start..end: what
        # starts inside P and did not come from inside P, what ends inside P and does not
        # go on inside P.
        if "in" in directions:
            rows = (
                MembershipInterval.objects.filter(
                    placer.covering(), valid_from__gte=start, valid_from__lte=end
                )
                .values_list("path", "prev_path", "start_kind")
                .annotate(n=Count("id"))
                .order_by()
            )
            for path, prev_path, kind, n in rows:
                for org_id in placer.owners(path):
                    if not placer.holds(org_id, prev_path):
                        result[org_id]["in"][kind] += n
        if "out" in directions:
            rows = (
                MembershipInterval.objects.filter(
                    placer.covering(), valid_to__gte=start, valid_to__lte=end
                )
                .values_list("path", "next_path", "end_kind")
                .annotate(n=Count("id"))
                .order_by()
            )
            for path, next_path, kind, n in rows:
                for org_id in placer.owners(path):
                    if not placer.holds(org_id, next_path):
                        result[org_id]["out"][kind] += n
    for org in others:
        result[org.pk] = queries.flows(org, start, end)
    return result


def _partial_flows(
    partial: dict[int, Epoch],
    start: dt.date,
    end: dt.date,
    directions: tuple[str, ...],
    result: dict[int, dict[str, Counter[str]]],
) -> None:
    """Flows of organisations with one path P from day a to day b-1, inside start-1..end.

    The single form then counts, on the days after a, what crosses P's border; on day a
    (founded that day) every interval that starts inside P; on day b (ended that day)
    every interval that ends inside P. The same, grouped by day.
    """
    placer = _Placer({k: e.path for k, e in partial.items()})
    if "in" in directions:
        rows = (
            MembershipInterval.objects.filter(
                placer.covering(), valid_from__gte=start, valid_from__lte=end
            )
            .values_list("path", "prev_path", "start_kind", "valid_from")
            .annotate(n=Count("id"))
            .order_by()
        )
        for path, prev_path, kind, day, n in rows:
            for org_id in placer.owners(path):
                e = partial[org_id]
                if not max(e.start, start) <= day <= min(e.end - ONE_DAY, end):
                    continue
                if day == e.start or not placer.holds(org_id, prev_path):
                    result[org_id]["in"][kind] += n
    if "out" in directions:
        rows = (
            MembershipInterval.objects.filter(
                placer.covering(), valid_to__gte=start, valid_to__lte=end
            )
            .values_list("path", "next_path", "end_kind", "valid_to")
            .annotate(n=Count("id"))
            .order_by()
        )
        for path, next_path, kind, day, n in rows:
            for org_id in placer.owners(path):
                e = partial[org_id]
                if not max(e.start + ONE_DAY, start) <= day <= min(e.end, end):
                    continue
                if day == e.end or not placer.holds(org_id, next_path):
                    result[org_id]["out"][kind] += n


def events_many(
    orgs: list[Organisation], start: dt.date, end: dt.date, kinds: list[str], detail: str
) -> dict[int, list[object]]:
    """For each of `orgs`, the `detail` field of each event `queries.events_in` counts.

    `detail` is a field of the event ("id", "details__form", …): one value per event.
    """
    single, others = one_path(orgs, start, end)
    steady = {org_id: e.path for org_id, e in single.items()}
    found: dict[int, dict[int, object]] = {o.pk: {} for o in orgs}
    if steady:
        placer = _Placer(steady)
        low = min(subtree_range(p)[0] for p in steady.values())
        high = max(subtree_range(p)[1] for p in steady.values())
        # One filter() call: every condition on the intervals is about the same interval,
        # the one the member stood in on the event's date (as the single form's EXISTS).
        rows = MemberEvent.objects.filter(
            Q(member__intervals__valid_to__gt=F("date"))
            | Q(member__intervals__valid_to=F("date"), member__intervals__end_kind=EXPELLED),
            member__intervals__path__gte=low,
            member__intervals__path__lt=high,
            member__intervals__valid_from__lte=F("date"),
            kind__in=kinds,
            voided_at__isnull=True,
            date__gte=start,
            date__lte=end,
        ).values_list("id", "date", "member__intervals__path", detail)
        # A posthumous badge (truy tặng) is recorded after the death: placed where they died.
        posthumous = MemberEvent.objects.filter(
            member__intervals__end_kind=EventKind.DIED,
            member__intervals__valid_to__lte=F("date"),
            member__intervals__path__gte=low,
            member__intervals__path__lt=high,
            details__case="POSTHUMOUS",
            kind__in=kinds,
            voided_at__isnull=True,
            date__gte=start,
            date__lte=end,
        ).values_list("id", "date", "member__intervals__path", detail)
        for event_id, day, path, value in [*rows, *posthumous]:
            for org_id in placer.owners(path):
                if single[org_id].start <= day < single[org_id].end:
                    found[org_id][event_id] = value
    result = {org_id: list(events.values()) for org_id, events in found.items()}
    for org in others:
        result[org.pk] = list(
            queries.events_in(org, start, end, kinds).values_list(detail, flat=True)
        )
    return result
