"""Read side of the annual quality rating: results of a subtree for a year, by grade.

Every figure is placed as every other count is: in the subtree of an organisation as it
stood on the day that places the record.

- **A member's rating** is placed by its cell (`organisation`) on its `as_of` day (the
  year's last day, or the day the member's time on the books ended that year). Only live
  (not voided) ratings count, and only results: a decided grade (`decided_on` and `grade`
  set), or a reason for not rating (`not_rated_reason`).
- **Not yet rated** ("chưa đánh giá", the coverage): the members on the books during the
  year who have no result for it, placed like a rating: by the path of their last time on
  the books that year (`MembershipInterval`), on its last day in the year.
- **An organisation's rating** is placed by the organisation itself on `as_of`, grouped by
  the kind it had that day (`ORG_GROUPS`); organisations of a rated kind that existed
  during the year and have no result are "not yet rated", placed on their last day in the
  year.
- Percentages are of those graded (a reason for not rating is not a grade).

The figures of many organisations (`tallies`) cost a fixed number of queries whatever the
number of members or organisations: the epochs of the organisations, the versions of the
organisations rated, the member ratings grouped by cell, day and result, the members not
yet rated grouped by path and end day, the organisation ratings. A single organisation's
figures are the same function given one organisation, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)

from dangvu.members.models import Member, MembershipInterval
from dangvu.members.queries import epochs
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range
from dangvu.orgs.queries import children_at, path_at, version_at
from dangvu.rating.models import Grade, MemberRating, NotRatedReason, OrgRating, RatingRound
from dangvu.reports.batch import Placement
from dangvu.reports.registry import Period, percent

ONE_DAY = dt.timedelta(days=1)
GRADES: tuple[str, ...] = tuple(Grade.values)

# Organisations are counted by the kind they had on the day that places them.
ORG_GROUPS: dict[str, str] = {
    "GRASSROOTS": "Tổ chức cơ sở đảng",
    "CELL": "Chi bộ trực thuộc",
    "SUB_COMMITTEE": "Đảng bộ bộ phận",
}
_GROUP_OF_KIND = {
    OrgKind.GRASSROOTS_CELL: "GRASSROOTS",
    OrgKind.GRASSROOTS_COMMITTEE: "GRASSROOTS",
    OrgKind.CELL: "CELL",
    OrgKind.SUB_COMMITTEE: "SUB_COMMITTEE",
}


def org_group(kind: str) -> str | None:
    """The group an organisation of `kind` is counted in (None: not rated, e.g. a bloc)."""
    return _GROUP_OF_KIND.get(kind)  # type: ignore[call-overload]


def result_q(prefix: str = "") -> Q:
    """A live rating that is a result: a decided grade, or a reason for not rating."""
    p = f"{prefix}__" if prefix else ""
    return Q(**{f"{p}voided_at__isnull": True}) & (
        (Q(**{f"{p}decided_on__isnull": False}) & ~Q(**{f"{p}grade": ""}))
        | ~Q(**{f"{p}not_rated_reason": ""})
    )


@dataclass
class Tally:
    """Results of one kind of rated body (members, or organisations of a group)."""

    by_grade: Counter[str] = field(default_factory=Counter)
    not_rated: Counter[str] = field(default_factory=Counter)
    unrated: int = 0

    @property
    def graded(self) -> int:
        return sum(self.by_grade.values())

    @property
    def not_rated_total(self) -> int:
        return sum(self.not_rated.values())

    @property
    def total(self) -> int:
        """Everyone to be accounted for: graded, not rated with a reason, not yet rated."""
        return self.graded + self.not_rated_total + self.unrated

    def count(self, grade: str) -> int:
        return self.by_grade.get(grade, 0)

    def rate(self, grade: str) -> float | None:
        """The share of `grade` among those graded, in percent (None when nobody is)."""
        return percent(self.count(grade), self.graded)

    def grades(self) -> list[tuple[str, str, int, float | None]]:
        """(code, label, count, percent) for each grade, in the grades' order."""
        return [(g, Grade(g).label, self.count(g), self.rate(g)) for g in GRADES]

    def reasons(self) -> list[tuple[str, int]]:
        """(label, count) of each reason for not rating that has any."""
        return [
            (label, self.not_rated[code])
            for code, label in NotRatedReason.choices
            if self.not_rated.get(code)
        ]

    def add(self, other: Tally) -> None:
        self.by_grade.update(other.by_grade)
        self.not_rated.update(other.not_rated)
        self.unrated += other.unrated

    def minus(self, other: Tally) -> Tally:
        by_grade = Counter({g: self.count(g) - other.count(g) for g in GRADES})
        reasons = {k: self.not_rated.get(k, 0) - other.not_rated.get(k, 0) for k in self.not_rated}
        return Tally(
            Counter({k: v for k, v in by_grade.items() if v}),
            Counter({k: v for k, v in reasons.items() if v}),
            self.unrated - other.unrated,
        )

    @property
    def empty(self) -> bool:
        return self.total == 0


@dataclass
class Results:
    """The rating results of one organisation's subtree for one year."""

    members: Tally = field(default_factory=Tally)
    orgs: dict[str, Tally] = field(default_factory=dict)

    def group(self, key: str) -> Tally:
        return self.orgs.get(key) or Tally()

    @property
    def org_total(self) -> Tally:
        whole = Tally()
        for t in self.orgs.values():
            whole.add(t)
        return whole

    def add(self, other: Results) -> None:
        self.members.add(other.members)
        for key, t in other.orgs.items():
            self.orgs.setdefault(key, Tally()).add(t)

    def minus(self, other: Results) -> Results:
        return Results(
            self.members.minus(other.members),
            {k: self.group(k).minus(other.group(k)) for k in set(self.orgs) | set(other.orgs)},
        )

    @property
    def empty(self) -> bool:
        return self.members.empty and self.org_total.empty


def _classify(t: Tally, grade: str, reason: str, decided: bool, n: int) -> None:
    if reason:
        t.not_rated[reason] += n
    elif grade and decided:
        t.by_grade[grade] += n


def _common_prefix(paths: list[str]) -> str | None:
    """The longest path that every one of `paths` lies under (a whole segment)."""
    if not paths:
        return None
    split = [path.strip("/").split("/") for path in paths]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if any(part != parts[0] for part in parts):
            break
        common.append(parts[0])
    return "/" + "".join(f"{part}/" for part in common)


def _range(field_name: str, path: str) -> dict[str, str]:
    low, high = subtree_range(path)
    return {f"{field_name}__gte": low, f"{field_name}__lt": high}


def _placed_day(valid_to: dt.date, end: dt.date) -> dt.date:
    """The last day in the period of a span that ends (exclusive) on `valid_to`."""
    return end if valid_to > end else valid_to - ONE_DAY


def tallies(
    orgs: list[Organisation], year: int, *, members: bool = True, organisations: bool = True
) -> dict[int, Results]:
    """The results of `year` for each of `orgs` (their subtrees), by organisation id; of
    members, of organisations, or both (the default).

    A fixed number of queries whatever the number of organisations and members.
    """
    period = Period.year(year)
    start, end = period.start, period.end
    results = {org.pk: Results() for org in orgs}
    if not orgs:
        return results
    placement = Placement(orgs, period)
    paths = list(
        OrganisationVersion.objects.filter(
            organisation_id__in=[o.pk for o in orgs], valid_from__lte=end, valid_to__gt=start
        )
        .values_list("path", flat=True)
        .distinct()
    )
    prefix = _common_prefix(paths)
    if prefix is None:
        return results
    under = OrganisationVersion.objects.filter(
        valid_from__lte=end, valid_to__gt=start, **_range("path", prefix)
    ).values("organisation_id")

    # The versions, over the year, of every organisation that was under the prefix then.
    versions: dict[int, list[tuple[dt.date, dt.date, str, str]]] = defaultdict(list)
    for org_id, v_from, v_to, path, kind in (
        OrganisationVersion.objects.filter(
            organisation_id__in=under, valid_from__lte=end, valid_to__gt=start
        )
        .exclude(valid_from=F("valid_to"))
        .order_by("valid_from", "id")
        .values_list("organisation_id", "valid_from", "valid_to", "path", "kind")
    ):
        versions[org_id].append((v_from, v_to, path, kind))

    def on(org_id: int, day: dt.date) -> tuple[str, str] | None:
        found = None
        for v_from, v_to, path, kind in versions.get(org_id, ()):
            if v_from <= day < v_to:
                found = (path, kind)
        return found

    if members:
        _members(results, placement, on, under, prefix, year)
    if organisations:
        _organisations(results, placement, on, versions, under, year)
    return results


_On = Callable[[int, dt.date], "tuple[str, str] | None"]
_DECIDED = ExpressionWrapper(Q(decided_on__isnull=False), output_field=BooleanField())


def _members(
    results: dict[int, Results],
    placement: Placement,
    on: _On,
    under: QuerySet[OrganisationVersion],
    prefix: str,
    year: int,
) -> None:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # Member ratings, grouped by the cell and day that place them.
    rows = (
        MemberRating.objects.filter(year=year, voided_at__isnull=True, organisation_id__in=under)
        .annotate(_decided=_DECIDED)
        .values_list("organisation_id", "as_of", "grade", "not_rated_reason", "_decided")
        .annotate(n=Count("id"))
        .order_by()
    )
    for org_id, as_of, grade, reason, is_decided, n in rows:
        where = on(org_id, as_of)
        if where is None:
            continue
        for owner in placement.owners(where[0], as_of):
            _classify(results[owner].members, grade, reason, is_decided, n)

    # Members on the books during the year with no result: their last time on the books.
    later = MembershipInterval.objects.filter(
        member=OuterRef("member"), valid_from__gt=OuterRef("valid_from"), valid_from__lte=end
    ).exclude(valid_from=F("valid_to"))
    rated = MemberRating.objects.filter(result_q(), member=OuterRef("member"), year=year)
    unrated = (
        MembershipInterval.objects.filter(
            valid_from__lte=end, valid_to__gt=start, **_range("path", prefix)
        )
        .exclude(valid_from=F("valid_to"))
        .exclude(Exists(later))
        .exclude(Exists(rated))
        .values_list("path", "valid_to")
        .annotate(n=Count("id"))
        .order_by()
    )
    for path, valid_to, n in unrated:
        day = _placed_day(valid_to, end)
        for owner in placement.owners(path, day):
            results[owner].members.unrated += n


def _organisations(
    results: dict[int, Results],
    placement: Placement,
    on: _On,
    versions: dict[int, list[tuple[dt.date, dt.date, str, str]]],
    under: QuerySet[OrganisationVersion],
    year: int,
) -> None:
    end = dt.date(year, 12, 31)
    # Organisation ratings, by the organisation's own place and kind on `as_of`.
    with_result: set[int] = set()
    org_rows = (
        OrgRating.objects.filter(year=year, voided_at__isnull=True, organisation_id__in=under)
        .annotate(_decided=_DECIDED)
        .values_list("organisation_id", "as_of", "grade", "not_rated_reason", "_decided")
        .order_by()
    )
    for org_id, as_of, grade, reason, is_decided in org_rows:
        if reason or (grade and is_decided):
            with_result.add(org_id)
        where = on(org_id, as_of)
        group = org_group(where[1]) if where else None
        if where is None or group is None:
            continue
        for owner in placement.owners(where[0], as_of):
            _classify(results[owner].orgs.setdefault(group, Tally()), grade, reason, is_decided, 1)

    # Organisations of a rated kind that existed during the year with no result.
    for org_id, spans in versions.items():
        if org_id in with_result or not spans:
            continue
        _v_from, v_to, path, kind = spans[-1]
        group = org_group(kind)
        if group is None:
            continue
        for owner in placement.owners(path, _placed_day(v_to, end)):
            results[owner].orgs.setdefault(group, Tally()).unrated += 1


def results(org: Organisation, year: int) -> Results:
    """The results of `year` in the subtree of `org`."""
    return tallies([org], year)[org.pk]


# --- the results table of a level -----------------------------------------------------------


@dataclass
class Row:
    organisation: Organisation
    name: str
    results: Results
    direct: bool = False


@dataclass
class Table:
    """The results of a level for a year, one row per directly subordinate organisation
    (and the organisation's own remainder when there is any), with the year before."""

    organisation: Organisation
    year: int
    rows: list[Row]
    total: Results
    previous: Results

    @property
    def groups(self) -> list[tuple[str, str]]:
        """The organisation groups that have anyone this year or the year before."""
        return [
            (key, label)
            for key, label in ORG_GROUPS.items()
            if not self.total.group(key).empty or not self.previous.group(key).empty
        ]


def table(org: Organisation, year: int) -> Table:
    """The rating results of `org`'s level for `year`: a bounded number of queries."""
    day = dt.date(year, 12, 31)
    parts = [(v.organisation, v.name) for v in sorted(children_at(org, day), key=lambda v: v.path)]
    found = tallies([child for child, _ in parts] + [org], year)
    previous = results(org, year - 1)
    whole = found[org.pk]
    rows = [Row(child, name, found[child.pk]) for child, name in parts]
    summed = Results()
    for r in rows:
        summed.add(r.results)
    rest = whole.minus(summed)
    if not rest.empty or not rows:
        version = version_at(org, day)
        name = version.name if version else org.name
        rows.append(Row(org, f"{name} (trực tiếp)" if parts else name, rest, direct=True))
    return Table(org, year, rows, whole, previous)


# --- lists ------------------------------------------------------------------------------------


def _placed_in(org: Organisation, year: int, *, org_field: str) -> Q:
    """Ratings of `year` whose organisation stood in the subtree of `org` on `as_of`."""
    q = Q(pk__in=[])
    for e in epochs(org, dt.date(year, 1, 1), dt.date(year, 12, 31)):
        inside = OrganisationVersion.objects.filter(
            organisation=OuterRef(org_field),
            valid_from__lte=OuterRef("as_of"),
            valid_to__gt=OuterRef("as_of"),
            **_range("path", e.path),
        )
        q |= Q(Exists(inside), as_of__gte=e.start, as_of__lt=e.end)
    return q


def member_results(org: Organisation, year: int) -> QuerySet[MemberRating]:
    """The live member results of `year` placed in the subtree (grades and reasons)."""
    return MemberRating.objects.filter(
        _placed_in(org, year, org_field="organisation"), result_q(), year=year
    )


def graded_members(
    org: Organisation, year: int, grade: str | None = None
) -> QuerySet[MemberRating]:
    """Members graded for `year` in the subtree (of `grade` when given)."""
    qs = member_results(org, year).exclude(grade="")
    return qs.filter(grade=grade) if grade else qs


def org_results(org: Organisation, year: int) -> QuerySet[OrgRating]:
    return OrgRating.objects.filter(
        _placed_in(org, year, org_field="organisation"), result_q(), year=year
    )


def unrated_members(org: Organisation, year: int) -> QuerySet[MembershipInterval]:
    """The last time on the books during `year` of each member of the subtree with no
    result for it (the intervals; `member` and `organisation` joined)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    q = Q(pk__in=[])
    for e in epochs(org, start, end):
        placed = Q(valid_to__gt=e.start, valid_to__lte=min(e.end, end))
        if e.start <= end < e.end:
            placed |= Q(valid_to__gt=end)
        q |= Q(placed, **_range("path", e.path))
    later = MembershipInterval.objects.filter(
        member=OuterRef("member"), valid_from__gt=OuterRef("valid_from"), valid_from__lte=end
    ).exclude(valid_from=F("valid_to"))
    rated = MemberRating.objects.filter(result_q(), member=OuterRef("member"), year=year)
    return (
        MembershipInterval.objects.filter(q, valid_from__lte=end, valid_to__gt=start)
        .exclude(valid_from=F("valid_to"))
        .exclude(Exists(later))
        .exclude(Exists(rated))
        .select_related("member", "organisation")
        .order_by("path", "member__search_key", "member_id")
    )


def failing_twice(org: Organisation, year: int) -> QuerySet[MemberRating]:
    """Members rated «không hoàn thành nhiệm vụ» for `year` and for the year before (live,
    decided), placed in the subtree by this year's rating."""
    before = MemberRating.objects.filter(
        voided_at__isnull=True,
        decided_on__isnull=False,
        member=OuterRef("member"),
        year=year - 1,
        grade=Grade.NOT_COMPLETED,
    )
    return (
        graded_members(org, year, Grade.NOT_COMPLETED)
        .filter(Exists(before))
        .select_related("member", "organisation")
        .order_by("organisation__code", "member__search_key", "member_id")
    )


def failing_due(org: Organisation, day: dt.date) -> QuerySet[MemberRating]:
    """Members whose latest decided result is «không hoàn thành nhiệm vụ» for this year or
    last year, and for the year before it too, placed in the subtree by that latest rating.

    A round open for this year does not hide last year's case until this year's decision is
    recorded (a later live result, grade or reason, ends it).
    """
    q = Q(pk__in=[])
    for year in (day.year - 1, day.year):
        q |= Q(_placed_in(org, year, org_field="organisation"), year=year)
    before = MemberRating.objects.filter(
        voided_at__isnull=True,
        decided_on__isnull=False,
        member=OuterRef("member"),
        year=OuterRef("year") - 1,
        grade=Grade.NOT_COMPLETED,
    )
    later = MemberRating.objects.filter(
        result_q(), member=OuterRef("member"), year__gt=OuterRef("year")
    )
    return (
        MemberRating.objects.filter(q, result_q(), grade=Grade.NOT_COMPLETED)
        .filter(Exists(before))
        .exclude(Exists(later))
        .select_related("member", "organisation")
        .order_by("organisation__code", "member__search_key", "member_id")
    )


def results_year(day: dt.date) -> int:
    """The year the results pages open on: the latest year up to this one with a decided
    member rating (one query), else the year of `default_year`."""
    found = (
        MemberRating.objects.filter(
            voided_at__isnull=True, decided_on__isnull=False, year__lte=day.year
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return found if found is not None else default_year(day)


def default_year(day: dt.date) -> int:
    """The year the lists look at: this year once a round for it is open, else last year."""
    opened = RatingRound.objects.filter(
        voided_at__isnull=True, year=day.year, opened_on__lte=day
    ).exists()
    return day.year if opened else day.year - 1


@dataclass(frozen=True)
class RoundDue:
    """An open round whose deadline is near or past, and its members not yet rated in the
    part of the subtree both the round and the viewer cover."""

    round: RatingRound
    scope: Organisation
    unrated: QuerySet[MembershipInterval]


def rounds_due(org: Organisation, day: dt.date, within_days: int) -> list[RoundDue]:
    """Open rounds over or under `org` whose deadline falls by `day + within_days`."""
    found: list[RoundDue] = []
    own = path_at(org, day)
    if own is None:
        return found
    rounds = RatingRound.objects.filter(
        voided_at__isnull=True,
        closed_on__isnull=True,
        deadline__isnull=False,
        deadline__lte=day + dt.timedelta(days=within_days),
    ).select_related("organisation")
    for r in rounds.order_by("deadline", "pk"):
        theirs = path_at(r.organisation, day)
        if theirs is None:
            continue
        if own.startswith(theirs):
            scope = org
        elif theirs.startswith(own):
            scope = r.organisation
        else:
            continue
        found.append(RoundDue(r, scope, unrated_members(scope, r.year)))
    return found


@dataclass(frozen=True)
class YearGrade:
    """A member's result for one year, as their page shows it."""

    year: int
    label: str
    rating: MemberRating
    corrected_from: str  # the first decision's result when this one corrects it, else ""


def member_history(member: Member) -> list[YearGrade]:
    """The member's live results by year, latest first, each correction marked with the
    result it replaced (two queries)."""
    rows = list(
        MemberRating.objects.filter(result_q(), member=member)
        .select_related("correction_of", "organisation")
        .order_by("-year")
    )
    return [
        YearGrade(
            r.year,
            r.result_label,
            r,
            r.correction_of.result_label if r.correction_of is not None else "",
        )
        for r in rows
    ]
