"""Read side of the ledger: members at a date, flows of a period, party age, what falls due.

Counts read `MembershipInterval` with a range on the interval's path. A subtree X may
itself move or end during a period, so the period is cut into X's "epochs" (days on
which its path is constant); each epoch and each boundary between two epochs is one
aggregate query. Inflows are intervals that start in X on day T without coming from X
as it was on T-1; outflows end in X on T without continuing inside X as it is on T. So
start + inflows - outflows = end holds exactly, for every subtree and period.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value

from dangvu.core.dates import (
    FOREVER,
    add_months,
    add_working_days,
    add_years,
    full_years_between,
    today,
)
from dangvu.core.rules import rule, rule_reader
from dangvu.members.kinds import EXPELLED, EventKind, Status
from dangvu.members.models import Member, MemberEvent, MembershipInterval
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range
from dangvu.orgs.queries import path_at

if TYPE_CHECKING:
    from dangvu.members.badges import BadgeRow

ONE_DAY = dt.timedelta(days=1)


def _in(field: str, path: str | None) -> Q:
    if path is None:
        return Q(pk__in=[])
    low, high = subtree_range(path)
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


def intervals_at(org: Organisation, day: dt.date) -> QuerySet[MembershipInterval]:
    path = path_at(org, day)
    if path is None:
        return MembershipInterval.objects.none()
    return MembershipInterval.objects.filter(
        _in("path", path), valid_from__lte=day, valid_to__gt=day
    )


def ever_in(org: Organisation) -> QuerySet[MembershipInterval]:
    """Ids of everyone who was ever in the subtree of `org`, wherever it stood in the tree."""
    paths = set(OrganisationVersion.objects.filter(organisation=org).values_list("path", flat=True))
    q = Q(pk__in=[])
    for path in paths:
        q |= _in("path", path)
    return MembershipInterval.objects.filter(q).values("member_id")


def members_at(org: Organisation, day: dt.date) -> dict[str, int]:
    """{"PROBATIONARY": n, "FULL": n, "total": n} for the subtree of `org` on `day`."""
    counts = {Status.PROBATIONARY.value: 0, Status.FULL.value: 0}
    for status, n in (
        intervals_at(org, day).values_list("status").annotate(n=Count("id")).order_by()
    ):
        counts[status] = n
    return {**counts, "total": sum(counts.values())}


@dataclass(frozen=True)
class Epoch:
    start: dt.date  # first day
    end: dt.date  # day after the last
    path: str


def epochs(org: Organisation, first: dt.date, last: dt.date) -> list[Epoch]:
    """The runs of days in [first, last] on which `org` exists with one path."""
    rows = (
        OrganisationVersion.objects.filter(
            organisation=org, valid_from__lte=last, valid_to__gt=first
        )
        .exclude(valid_from=models_f("valid_to"))
        .order_by("valid_from")
        .values_list("valid_from", "valid_to", "path")
    )
    result: list[Epoch] = []
    for start, end, path in rows:
        start, end = max(start, first), min(end, last + ONE_DAY)
        if result and result[-1].path == path and result[-1].end == start:
            result[-1] = Epoch(result[-1].start, end, path)
        else:
            result.append(Epoch(start, end, path))
    return result


def models_f(name: str):  # type: ignore[no-untyped-def]
    from django.db.models import F

    return F(name)


def _path_on(eps: list[Epoch], day: dt.date) -> str | None:
    for e in eps:
        if e.start <= day < e.end:
            return e.path
    return None


def flows(org: Organisation, start: dt.date, end: dt.date) -> dict[str, Counter[str]]:
    """Inflows and outflows of the subtree of `org` over the days start..end, by kind.

    These are the ledger's transitions: the roll's OPENING intervals are among them under
    "OPENING". Reports read them through `balance` and the indicators, which count the
    roll in the start stock, not as an inflow.
    """
    inflow: Counter[str] = Counter()
    outflow: Counter[str] = Counter()
    _read_flows(inflow, outflow, _flow_parts(epochs(org, start - ONE_DAY, end), start, end))
    return {"in": inflow, "out": outflow}


def _flow_parts(eps: list[Epoch], start: dt.date, end: dt.date) -> list[QuerySet]:
    """One aggregate per direction for each run of days with one path, and for each day on
    which the path changes (days T in [start, end] where the path of T-1 or T differs)."""
    boundaries = sorted(
        {e.start for e in eps if start <= e.start <= end}
        | {e.end for e in eps if start <= e.end <= end}
    )
    parts: list[QuerySet] = []
    for e in eps:
        lo = max(e.start + ONE_DAY, start)
        hi = min(e.end - ONE_DAY, end)
        if lo <= hi:
            parts += _transitions(lo, hi, e.path, e.path)
    for day in boundaries:
        parts += _transitions(day, day, _path_on(eps, day - ONE_DAY), _path_on(eps, day))
    return parts


def _transitions(lo: dt.date, hi: dt.date, before: str | None, after: str | None) -> list[QuerySet]:
    """Transitions on days lo..hi, where X's path is `before` on T-1 and `after` on T, as
    rows (direction, kind, n): intervals that start inside X without coming from X, and
    intervals that end inside X without going on inside X."""
    parts: list[QuerySet] = []
    if after is not None:
        parts.append(
            MembershipInterval.objects.filter(
                _in("path", after), valid_from__gte=lo, valid_from__lte=hi
            )
            .exclude(_in("prev_path", before))
            .annotate(direction=Value("in"), kind=F("start_kind"))
            .values_list("direction", "kind")
            .annotate(n=Count("id"), m=Value(0))
            .order_by()
        )
    if before is not None:
        parts.append(
            MembershipInterval.objects.filter(
                _in("path", before), valid_to__gte=lo, valid_to__lte=hi
            )
            .exclude(_in("next_path", after))
            .annotate(direction=Value("out"), kind=F("end_kind"))
            .values_list("direction", "kind")
            .annotate(n=Count("id"), m=Value(0))
            .order_by()
        )
    return parts


def _stocks(path: str | None, first: dt.date, path_last: str | None, last: dt.date) -> QuerySet:
    """One row ("stock", "", n, m): the members of the subtree on `first` (at `path`) and
    on `last` (at `path_last`). When the path is the same, one scan of the intervals open
    on either day answers both counts."""
    on_first = Q(_in("path", path), valid_from__lte=first, valid_to__gt=first)
    on_last = Q(_in("path", path_last), valid_from__lte=last, valid_to__gt=last)
    where = on_first | on_last
    if path is not None and path == path_last:
        where = Q(_in("path", path), valid_from__lte=last, valid_to__gt=first)
    return (
        MembershipInterval.objects.filter(where)
        .annotate(direction=Value("stock"), kind=Value(""))
        .values_list("direction", "kind")
        .annotate(n=Count("id", filter=on_first), m=Count("id", filter=on_last))
        .order_by()
    )


def _union(parts: list[QuerySet]) -> list[tuple[str, str, int, int]]:
    """The rows of every part, in one statement."""
    if not parts:
        return []
    first, *rest = parts
    return list(first.union(*rest, all=True)) if rest else list(first)


def _read_flows(inflow: Counter[str], outflow: Counter[str], parts: list[QuerySet]) -> None:
    for direction, kind, n, _ in _union(parts):
        (inflow if direction == "in" else outflow)[kind] += n


def events_in(
    org: Organisation, start: dt.date, end: dt.date, kinds: list[str]
) -> QuerySet[MemberEvent]:
    """Non-void events of `kinds` dated start..end of members then in the subtree of `org`.

    A member stands where their interval is open on the event's date; an expulsion closes
    the interval on its own date, so it is placed by the interval it closed. A posthumous
    badge (truy tặng), recorded after the death, is placed where the member died.
    """
    q = Q(pk__in=[])
    for e in epochs(org, start, end):
        inside = MembershipInterval.objects.filter(
            Q(valid_to__gt=OuterRef("date")) | Q(valid_to=OuterRef("date"), end_kind=EXPELLED),
            _in("path", e.path),
            member=OuterRef("member"),
            valid_from__lte=OuterRef("date"),
        )
        q |= Q(Exists(inside), date__gte=e.start, date__lt=e.end)
        died_inside = MembershipInterval.objects.filter(
            _in("path", e.path),
            member=OuterRef("member"),
            end_kind=EventKind.DIED,
            valid_to__lte=OuterRef("date"),
        )
        q |= Q(Exists(died_inside), details__case="POSTHUMOUS", date__gte=e.start, date__lt=e.end)
    return MemberEvent.objects.filter(q, kind__in=kinds, voided_at__isnull=True)


def loaded(org: Organisation, start: dt.date, end: dt.date) -> int:
    """Members brought onto the books of the subtree of `org` by the roll (OPENING) in
    start..end: those on the books when the committee took the system into use.

    The same count as `flows(...)["in"]["OPENING"]`, in one aggregate per epoch: an OPENING
    interval comes from nowhere, so it counts wherever it starts inside the subtree.
    """
    total = 0
    for e in epochs(org, start, end):
        total += MembershipInterval.objects.filter(
            _in("path", e.path),
            start_kind=EventKind.OPENING,
            valid_from__gte=e.start,
            valid_from__lt=e.end,
        ).count()
    return total


def last_loading_day(org: Organisation, start: dt.date, end: dt.date) -> dt.date | None:
    """The last day in start..end on which the roll brought members onto the subtree's books."""
    found = None
    for e in epochs(org, start, end):
        day = (
            MembershipInterval.objects.filter(
                _in("path", e.path),
                start_kind=EventKind.OPENING,
                valid_from__gte=e.start,
                valid_from__lt=e.end,
            )
            .order_by("-valid_from")
            .values_list("valid_from", flat=True)
            .first()
        )
        if day is not None and (found is None or day > found):
            found = day
    return found


def balance(org: Organisation, start: dt.date, end: dt.date) -> dict[str, object]:
    """Start stock, flows and end of a period, as every report states them.

    Loading the roll is not a flow of members. Those on the books when the committee took
    the system into use (OPENING, on any day of the period) are stock: they count in the
    period's start with the members of the day before the period ("loaded" says how many),
    never among the inflows. So start + in - out = end holds in the first year and after.
    """
    eps = epochs(org, start - ONE_DAY, end)
    # The stocks of the day before and of the last day, and every flow: one statement.
    parts = _flow_parts(eps, start, end)
    before, after = _path_on(eps, start - ONE_DAY), _path_on(eps, end)
    if before is not None or after is not None:
        parts.append(_stocks(before, start - ONE_DAY, after, end))
    inflow: Counter[str] = Counter()
    outflow: Counter[str] = Counter()
    at_start = at_end = 0
    for direction, kind, n, m in _union(parts):
        if direction == "stock":
            at_start, at_end = at_start + n, at_end + m
        else:
            (inflow if direction == "in" else outflow)[kind] += n
    opened = inflow.pop(EventKind.OPENING.value, 0)
    return {
        "start": at_start + opened,
        "loaded": opened,
        "end": at_end,
        "in": inflow,
        "out": outflow,
    }


# --- party age and what falls due ----------------------------------------------------


@dataclass(frozen=True)
class PartyAge:
    start: dt.date  # the first admission decision
    gap_days: int  # days without membership (never the time in another committee)

    def years_on(self, day: dt.date) -> int:
        return max(0, full_years_between(self.start + dt.timedelta(days=self.gap_days), day))

    def reaches(self, years: int) -> dt.date:
        # The first day on which `years_on` says `years`: the start moved on by the gaps.
        return add_years(self.start + dt.timedelta(days=self.gap_days), years)


def membership_gaps(on: dt.date) -> set[tuple[str, str]]:
    """The (end kind, start kind) pairs whose gap is still membership, by the rule on `on`."""
    value = rule("members.party_age_counting", on)
    return {(end, start) for end, start in value["membership_gaps"]}


def party_age(
    member: Member,
    intervals: list[MembershipInterval] | None = None,
    *,
    on: dt.date | None = None,
    counting: set[tuple[str, str]] | None = None,
) -> PartyAge | None:
    """Party age: from the first admission decision, minus only the time without membership.

    Rule "members.party_age_counting" (Quy định 24-QĐ/TW 2021, điểm 4.5; Hướng dẫn 06-HD/TW
    2025) says which gaps between the member's periods on our books are still membership:
    a transfer out and back (the member belonged to another committee), a wrongful
    expulsion undone. Any other gap (removed, expelled, resigned, until readmitted) is
    subtracted, and so is the interruption the file brought (left -> readmitted). `counting`
    is the rule's value when the caller read it once for many members.
    """
    rows = sorted(
        intervals if intervals is not None else list(member.intervals.all()),
        key=lambda i: (i.valid_from, i.valid_to),
    )
    if not rows:
        return None
    if counting is None:
        counting = membership_gaps(on or today())
    start = member.admission_decision_date or rows[0].valid_from
    gap = 0
    if member.earlier_left_date and member.readmission_date:
        gap += max(0, (member.readmission_date - member.earlier_left_date).days)
    # The end of membership so far: intervals may touch (moves, confirmation) or be empty.
    prev = rows[0]
    for cur in rows[1:]:
        if cur.valid_from > prev.valid_to and (prev.end_kind, cur.start_kind) not in counting:
            gap += (cur.valid_from - prev.valid_to).days
        if cur.valid_to >= prev.valid_to:
            prev = cur
    return PartyAge(start, gap)


def badge_due_date(member: Member, milestone: int, on: dt.date | None = None) -> dt.date | None:
    age = party_age(member, on=on)
    return age.reaches(milestone) if age else None


def next_occasion(after: dt.date) -> dt.date:
    """The next badge award occasion (3/2, 19/5, 2/9, 7/11) on or after `after`."""
    occasions = rule("members.badge_occasions", after)
    candidates = [
        dt.date(year, month, day)
        for year in (after.year, after.year + 1)
        for day, month in occasions
    ]
    return min(d for d in candidates if d >= after)


def members_in(org: Organisation, day: dt.date) -> QuerySet[Member]:
    ids = intervals_at(org, day).values("member_id")
    return Member.objects.filter(pk__in=ids)


@dataclass
class DueItem:
    member: Member
    due: dt.date
    note: str = ""
    overdue: bool = False
    milestone: int | None = None


def probation_begins(member: Member, admission: MemberEvent | None) -> tuple[dt.date | None, bool]:
    """The day the member's probation began, and whether that day is the ceremony's.

    Probation runs from the admission ceremony wherever it was held (Điều lệ Đảng, Điều 5,
    khoản 1): the ceremony of the last admission or readmission recorded here (`admission`),
    else the ceremony on the member's file: a member loaded by the roll or transferred in
    brings the ceremony held elsewhere. A missing ceremony leaves the decision
    (readmission, else admission) standing in for it. `actions.probation_start` (the
    confirmation) reads it here too, so the list and the confirmation agree.
    """
    if admission is not None:
        held = admission.details.get("ceremony_date")
        return (dt.date.fromisoformat(held), True) if held else (admission.date, False)
    if member.ceremony_date is not None:
        return member.ceremony_date, True
    return member.readmission_date or member.admission_decision_date, False


def probation_due(org: Organisation, day: dt.date, within_days: int) -> list[DueItem]:
    """Probationary members whose 12 months end within `within_days`, and overdue ones.

    Every probationary member on the books is dated from their ceremony
    (`probation_begins`), however they came onto the books: admitted or readmitted here,
    loaded by the roll, transferred in. The cell considers confirmation within the rule's
    working days after the end (public holidays skipped); past that day the item is overdue.
    """
    probationary = intervals_at(org, day).filter(status=Status.PROBATIONARY)
    members = list(
        Member.objects.filter(pk__in=probationary.values("member_id")).select_related(
            "organisation"
        )
    )
    admissions = MemberEvent.objects.filter(
        member__in=[m.pk for m in members],
        voided_at__isnull=True,
        kind__in=[EventKind.ADMITTED, EventKind.READMITTED],
    ).order_by("member_id", "date", "id")
    latest: dict[int, MemberEvent] = {}
    for event in admissions:
        latest[event.member_id] = event
    # Each member's rules are those of their own days: read once, picked per date.
    probation_months = rule_reader("members.probation_months")
    within_working_days = rule_reader("members.confirmation_within_working_days")
    items = []
    for member in members:
        begin_day, is_ceremony = probation_begins(member, latest.get(member.pk))
        if begin_day is None:
            continue
        end = add_months(begin_day, probation_months(begin_day))
        if end > day + dt.timedelta(days=within_days):
            continue
        limit = add_working_days(end, within_working_days(end))
        overdue = day > limit
        note = (
            f"quá hạn xét (hạn chót {limit:%d/%m/%Y})"
            if overdue
            else f"xét chậm nhất ngày {limit:%d/%m/%Y}"
        )
        if not is_ceremony:
            note += "; hồ sơ chưa có ngày lễ kết nạp, tạm tính từ ngày quyết định kết nạp"
        items.append(DueItem(member, end, note, overdue))
    return sorted(items, key=lambda i: (i.due, i.member.search_key))


def badges_due(
    org: Organisation, day: dt.date, *, early: bool = False, load_members: bool = True
) -> list[BadgeRow]:
    """The badges to propose by the next award occasion, one row per member, each saying
    its case (đến hạn, tồn đọng từ năm…, truy tặng, xét tặng sớm) and any deferral after
    discipline; see `members.badges.due_list` (and `load_members` there, for a page)."""
    from dangvu.members.badges import due_list

    return due_list(org, day, early=early, load_members=load_members)


def without_card(org: Organisation, day: dt.date) -> QuerySet[Member]:
    full = intervals_at(org, day).filter(status=Status.FULL).values("member_id")
    return Member.objects.filter(pk__in=full, card_number="").order_by("search_key")


__all__ = ["EXPELLED", "FOREVER"]
