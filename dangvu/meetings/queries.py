"""Read side of cell meetings: meetings held, coverage, attendance and unexcused absences.

Every figure is placed as every other count is: a meeting counts in the subtree of X when
its organisation, as it stood on the meeting's date, lay in X's subtree as X stood that day
(`reports.batch.Placement`), so a cell that moved under another committee in June counts
under the first until June and under the second after. Only live meetings count (a voided
meeting's attendance counts nowhere).

- **Meetings held**: live meetings by kind (regular, thematic, extraordinary), and by the
  group of the organisation that met (its kind on the day).
- **Attendance**: the sum of those present over the sum of those required, from the counts
  the write path keeps on each meeting (`Meeting.required` leaves out members exempted
  from activities and those attending elsewhere; guests are counted apart, never in the
  rate). Never a mean of the meetings' own rates.
- **Coverage**: a cell (a cell under a committee, or a grassroots cell) is due a meeting for
  each whole month of the period in which it existed on the first and on the last day, and
  is placed by its path on the month's last day; the month is met with a live meeting of a
  kind the rule `meetings.schedule` counts. Likewise each whole quarter and its thematic
  meetings.
- **Unexcused absences**: the roll's lines marked absent without reason at live meetings
  placed in the subtree, counted per member in distinct months (the rule `meetings.removal`:
  three months within twelve bring the Statute's consideration of removal).
- **The superior's member**: a meeting where a member of the superior committee came, and
  whether it was the one assigned to the cell that day (`personnel.CellAttendance`).

`tallies(orgs, period)` answers for many organisations in a fixed number of queries (the
epochs of the organisations, the versions under them, the meetings, the unexcused lines),
whatever the number of cells, meetings or members; one organisation's figures are the same
function given one organisation, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from dangvu.core.dates import add_months
from dangvu.core.rules import NoRuleInForce, RuleBook, rule
from dangvu.meetings.models import Attendance, Meeting, MeetingKind, Presence
from dangvu.members.models import MembershipInterval
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range
from dangvu.reports.batch import Placement
from dangvu.reports.registry import Period, memo, percent

ONE_DAY = dt.timedelta(days=1)

# The organisations that must meet every month (the coverage and the due lists).
CELL_KINDS = (OrgKind.CELL.value, OrgKind.GRASSROOTS_CELL.value)

# Organisations are counted by the kind they had on the meeting's day.
GROUPS: dict[str, str] = {
    "CELL": "Chi bộ trực thuộc",
    "GRASSROOTS_CELL": "Chi bộ cơ sở",
    "COMMITTEE": "Đảng ủy cơ sở, đảng ủy bộ phận",
    "OTHER": "Tổ chức khác",
}
_GROUP_OF_KIND = {
    OrgKind.CELL.value: "CELL",
    OrgKind.GRASSROOTS_CELL.value: "GRASSROOTS_CELL",
    OrgKind.GRASSROOTS_COMMITTEE.value: "COMMITTEE",
    OrgKind.SUB_COMMITTEE.value: "COMMITTEE",
}
KIND_LABELS: dict[str, str] = {
    MeetingKind.REGULAR.value: "Thường kỳ",
    MeetingKind.THEMATIC.value: "Chuyên đề",
    MeetingKind.EXTRAORDINARY.value: "Bất thường",
}


def group_of(kind: str) -> str:
    return _GROUP_OF_KIND.get(kind, "OTHER")


def rule_on(key: str, day: dt.date) -> Any:
    """`rule(key, day)`, or its first version for a day before every text."""
    try:
        return rule(key, day)
    except NoRuleInForce:
        from dangvu.core.rules import registered_rules

        first = next(r for r in registered_rules() if r.key == key).versions[0]
        return rule(key, first[0])


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return add_months(month_start(day), 1) - ONE_DAY


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: dt.date) -> dt.date:
    return add_months(quarter_start(day), 3) - ONE_DAY


def whole_months(period: Period) -> list[dt.date]:
    """The first days of the months lying wholly in the period."""
    found: list[dt.date] = []
    m = month_start(period.start)
    if m < period.start:
        m = add_months(m, 1)
    while month_end(m) <= period.end:
        found.append(m)
        m = add_months(m, 1)
    return found


def whole_quarters(period: Period) -> list[dt.date]:
    """The first days of the quarters lying wholly in the period."""
    return [
        m for m in whole_months(period) if m == quarter_start(m) and quarter_end(m) <= period.end
    ]


def quarter_label(first: dt.date) -> str:
    return f"Quý {(first.month - 1) // 3 + 1}/{first.year}"


@dataclass
class Stats:
    """The meetings of one subtree (or one cell) over one period."""

    meetings: Counter[str] = field(default_factory=Counter)  # by kind
    meetings_by_group: Counter[str] = field(default_factory=Counter)
    thematic_by_group: Counter[str] = field(default_factory=Counter)
    required: int = 0
    present: int = 0
    excused: int = 0
    unexcused: int = 0
    guests: int = 0
    required_by_group: Counter[str] = field(default_factory=Counter)
    present_by_group: Counter[str] = field(default_factory=Counter)
    with_superior: int = 0  # meetings a member of the superior committee came to
    with_assignment: int = 0  # meetings of a cell with an assigned member that day
    assigned_came: int = 0  # ... where the assigned member came
    good: int = 0  # meetings meeting the attendance criterion of `meetings.quality`
    months_due: set[tuple[int, dt.date]] = field(default_factory=set)  # (cell, month)
    months_met: set[tuple[int, dt.date]] = field(default_factory=set)
    quarters_due: set[tuple[int, dt.date]] = field(default_factory=set)  # (cell, quarter)
    quarters_thematic: set[tuple[int, dt.date]] = field(default_factory=set)
    thematic_in_quarter: Counter[dt.date] = field(default_factory=Counter)
    # member id -> the months with an unexcused absence
    absent_months: dict[int, set[dt.date]] = field(default_factory=lambda: defaultdict(set))
    # With `tallies(per_cell=True)`: the same figures for each organisation under it, and
    # the versions they were read from (names, kinds, paths).
    cells: dict[int, Stats] = field(default_factory=dict)
    frame: Frame | None = None

    @property
    def held(self) -> int:
        return sum(self.meetings.values())

    @property
    def thematic(self) -> int:
        return self.meetings.get(MeetingKind.THEMATIC.value, 0)

    @property
    def rate(self) -> float | None:
        """Present over required, in percent (None when nobody was required)."""
        return percent(self.present, self.required)

    def group_rate(self, group: str) -> float | None:
        return percent(self.present_by_group[group], self.required_by_group[group])

    @property
    def months_missed(self) -> int:
        return len(self.months_due - self.months_met)

    @property
    def coverage(self) -> float | None:
        return percent(len(self.months_met & self.months_due), len(self.months_due))

    @property
    def quarters_missed(self) -> int:
        return len(self.quarters_due - self.quarters_thematic)

    def absentees(self, at_least: int = 1) -> int:
        return sum(1 for months in self.absent_months.values() if len(months) >= at_least)

    def absentees_by_months(self, threshold: int) -> dict[str, int]:
        """Members with unexcused absences by their number of distinct months."""
        found: Counter[int] = Counter(min(len(m), threshold) for m in self.absent_months.values())
        out: dict[str, int] = {}
        for n in range(1, threshold + 1):
            if found.get(n):
                label = f"Từ {n} tháng trở lên" if n == threshold else f"{n} tháng"
                out[label] = found[n]
        return out

    @property
    def empty(self) -> bool:
        return not self.held and not self.months_due and not self.absent_months


def _common_prefix(paths: list[str]) -> str | None:
    if not paths:
        return None
    split = [p.strip("/").split("/") for p in paths]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if any(part != parts[0] for part in parts):
            break
        common.append(parts[0])
    return "/" + "".join(f"{p}/" for p in common)


def _range(field_name: str, path: str) -> dict[str, str]:
    low, high = subtree_range(path)
    return {f"{field_name}__gte": low, f"{field_name}__lt": high}


Version = tuple[dt.date, dt.date, str, str, str]  # from, to, path, kind, name


@dataclass
class Frame:
    """The organisations under a set of organisations over a period, with their versions."""

    placement: Placement
    under: QuerySet[OrganisationVersion] | None
    versions: dict[int, list[Version]]

    _spans: dict[str, list[Any]] = field(default_factory=dict)

    def on(self, org_id: int, day: dt.date) -> Version | None:
        for v in self.versions.get(org_id, ()):
            if v[0] <= day < v[1]:
                return v
        return None

    def owners(self, path: str, day: dt.date) -> tuple[int, ...]:
        """`Placement.owners`, with the epochs over each path's prefixes found once (and
        the answer itself when those epochs span the whole period, as they mostly do)."""
        found = self._spans.get(path)
        if found is None:
            parts = path.strip("/").split("/")
            spans = [
                span
                for depth in range(1, len(parts) + 1)
                for span in self.placement._by_path.get("/" + "/".join(parts[:depth]) + "/", ())
            ]
            period = self.placement.period
            whole = all(s.start <= period.start and s.end > period.end for s in spans)
            found = (tuple(sorted({s.org_id for s in spans})) if whole else None, spans)
            self._spans[path] = found
        constant, spans = found
        if constant is not None:
            return constant
        return tuple(sorted({s.org_id for s in spans if s.start <= day < s.end}))


def frame(orgs: list[Organisation], period: Period) -> Frame:
    """The epochs of `orgs` and the versions of everything under them in the period (three
    queries, whatever the number of organisations)."""
    placement = Placement(orgs, period)
    paths = list(
        OrganisationVersion.objects.filter(
            organisation_id__in=[o.pk for o in orgs],
            valid_from__lte=period.end,
            valid_to__gt=period.start,
        )
        .values_list("path", flat=True)
        .distinct()
    )
    prefix = _common_prefix(paths)
    if prefix is None:
        return Frame(placement, None, {})
    under = OrganisationVersion.objects.filter(
        valid_from__lte=period.end, valid_to__gt=period.start, **_range("path", prefix)
    ).values("organisation_id")
    versions: dict[int, list[Version]] = defaultdict(list)
    for org_id, v_from, v_to, path, kind, name in (
        OrganisationVersion.objects.filter(
            organisation_id__in=under, valid_from__lte=period.end, valid_to__gt=period.start
        )
        .exclude(valid_from=F("valid_to"))
        .order_by("valid_from", "id")
        .values_list("organisation_id", "valid_from", "valid_to", "path", "kind", "name")
    ):
        versions[org_id].append((v_from, v_to, path, kind, name))
    return Frame(placement, under, versions)


def assignments(under: Any, period: Period) -> dict[int, list[tuple[int, dt.date, Any]]]:
    """The live assignments of superior committee members to the organisations `under`
    in force during the period, by organisation: (member, from, to or None). One query."""
    from dangvu.personnel.models import CellAttendance

    found: dict[int, list[tuple[int, dt.date, Any]]] = defaultdict(list)
    for cell, member, start, end in CellAttendance.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start),
        voided_at__isnull=True,
        cell_id__in=under,
        start_date__lte=period.end,
    ).values_list("cell_id", "member_id", "start_date", "end_date"):
        found[cell].append((member, start, end))
    return found


def live_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(voided_at__isnull=True)


def recording() -> bool:
    """Whether any meeting is recorded in Dangvu (one query, once per report computation):
    before the first one is, nothing says a cell did not meet, so no cell is listed and
    no month is counted as missed."""
    return bool(memo(("meetings.recording",), lambda: live_meetings().exists()))


def _rules(day: dt.date) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The schedule, quality, superior and removal rules in force on `day` (one query)."""
    book = RuleBook()
    found = []
    for key in ("meetings.schedule", "meetings.quality", "meetings.superior", "meetings.removal"):
        try:
            found.append(book(key, day))
        except NoRuleInForce:
            found.append(rule_on(key, day))
    return found[0], found[1], found[2], found[3]


def tallies(
    orgs: list[Organisation],
    period: Period,
    *,
    per_cell: bool = False,
    meetings: bool = True,
    absences: bool = True,
) -> dict[int, Stats]:
    """The meetings of `period` in the subtree of each of `orgs`, by organisation id.

    With `per_cell`, `Stats.cells` of each organisation holds the same figures for each
    organisation under it. Without `meetings`, only the unexcused absences are read (the
    due list). A fixed number of queries.
    """
    results = {org.pk: Stats() for org in orgs}
    cells: dict[int, dict[int, Stats]] = {org.pk: defaultdict(Stats) for org in orgs}
    if not orgs or not recording():
        return results
    fr = frame(orgs, period)
    if fr.under is None:
        return results
    schedule, quality, superior_rule, _removal = _rules(period.end)
    monthly_kinds = set(schedule["monthly_kinds"])
    per_month = max(int(schedule["regular_per_month"]), 1)
    per_quarter = int(schedule["thematic_per_quarter"])
    above = float(quality["attendance_percent_above"])
    unexcused_allowed = int(quality["unexcused_allowed"])

    rows = (
        live_meetings()
        .filter(organisation_id__in=fr.under, date__gte=period.start, date__lte=period.end)
        .annotate(
            _superior=Q(superior_attendee__isnull=False) | ~Q(superior_attendee_name=""),
        )
        .values_list(
            "organisation_id",
            "date",
            "kind",
            "required",
            "present",
            "excused",
            "unexcused",
            "guests",
            "_superior",
            "superior_attendee_id",
        )
        .order_by()
    )
    if not meetings:
        rows = rows.none()
    monthly: Counter[tuple[int, dt.date]] = Counter()
    thematic_q: Counter[tuple[int, dt.date]] = Counter()
    # Sums by (owners, organisation, kind, group, quarter), then given to the owners: the
    # rows are many (a meeting each), the keys few.
    sums: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * 10)
    assigned_only = bool(superior_rule["assigned_only"])
    assigned_to = assignments(fr.under, period) if meetings else {}
    for org_id, day, kind, req, pres, exc, unexc, guests, sup, attendee in rows:
        where = fr.on(org_id, day)
        if where is None:
            continue
        in_force = [
            member
            for member, start, end in assigned_to.get(org_id, ())
            if start <= day and (end is None or end >= day)
        ]
        assigned = bool(in_force)
        came = attendee is not None and attendee in in_force
        owners = fr.owners(where[2], day)
        if not owners:
            continue
        if kind in monthly_kinds:
            monthly[(org_id, month_start(day))] += 1
        quarter = quarter_start(day)
        if kind == MeetingKind.THEMATIC:
            thematic_q[(org_id, quarter)] += 1
        good = bool(req) and 100.0 * pres / req > above and unexc <= unexcused_allowed
        v = sums[(owners, org_id if per_cell else None, kind, group_of(where[3]), quarter)]
        v[0] += 1
        v[1] += req
        v[2] += pres
        v[3] += exc
        v[4] += unexc
        v[5] += guests
        v[6] += 1 if (came if assigned_only else sup) else 0
        v[7] += 1 if assigned else 0
        v[8] += 1 if came else 0
        v[9] += 1 if good else 0
    for (owners, org_id, kind, group, quarter), v in sums.items():
        n, req, pres, exc, unexc, guests, sup, assigned, came, good = v
        for owner in owners:
            targets = [results[owner]]
            if org_id is not None:
                targets.append(cells[owner][org_id])
            for s in targets:
                s.meetings[kind] += n
                s.meetings_by_group[group] += n
                if kind == MeetingKind.THEMATIC:
                    s.thematic_by_group[group] += n
                    s.thematic_in_quarter[quarter] += n
                s.required += req
                s.present += pres
                s.excused += exc
                s.unexcused += unexc
                s.guests += guests
                s.required_by_group[group] += req
                s.present_by_group[group] += pres
                s.with_superior += sup
                s.with_assignment += assigned
                s.assigned_came += came
                s.good += good

    # Coverage: each cell, each whole month (quarter) it existed through, placed on its
    # last day.
    months = whole_months(period) if meetings else []
    quarters = whole_quarters(period) if meetings and per_quarter else []
    buckets = [(m, month_end(m), "m") for m in months] + [
        (q, quarter_end(q), "q") for q in quarters
    ]
    for org_id, spans in fr.versions.items():
        if not any(v[3] in CELL_KINDS for v in spans):
            continue
        # Most cells have one version over the whole period: no need to look it up.
        only = spans[0] if len(spans) == 1 else None
        whole = only is not None and only[0] <= period.start and only[1] > period.end
        for first, last, bucket in buckets:
            if whole:
                at_end = only
            else:
                at_end = fr.on(org_id, last)
                if at_end is None or fr.on(org_id, first) is None:
                    continue
            if at_end[3] not in CELL_KINDS:
                continue
            owners = fr.owners(at_end[2], last)
            if not owners:
                continue
            if bucket == "m":
                met = monthly[(org_id, first)] >= per_month
            else:
                met = thematic_q[(org_id, first)] >= per_quarter
            for owner in owners:
                targets = [results[owner]]
                if per_cell:
                    targets.append(cells[owner][org_id])
                for s in targets:
                    if bucket == "m":
                        s.months_due.add((org_id, first))
                        if met:
                            s.months_met.add((org_id, first))
                    else:
                        s.quarters_due.add((org_id, first))
                        if met:
                            s.quarters_thematic.add((org_id, first))

    if absences:
        lines = (
            Attendance.objects.filter(
                presence=Presence.UNEXCUSED,
                member__isnull=False,
                meeting__voided_at__isnull=True,
                meeting__date__gte=period.start,
                meeting__date__lte=period.end,
                meeting__organisation_id__in=fr.under,
            )
            .values_list("member_id", "meeting__organisation_id", "meeting__date")
            .order_by()
        )
        for member_id, org_id, day in lines:
            where = fr.on(org_id, day)
            if where is None:
                continue
            for owner in fr.owners(where[2], day):
                results[owner].absent_months[member_id].add(month_start(day))
                if per_cell:
                    cells[owner][org_id].absent_months[member_id].add(month_start(day))

    if per_cell:
        for owner, found in cells.items():
            results[owner].cells = dict(found)
            results[owner].frame = fr
    return results


def stats(org: Organisation, period: Period) -> Stats:
    """The meetings of `period` in the subtree of `org`."""
    return tallies([org], period)[org.pk]


# --- the quality table of a level -----------------------------------------------------------


@dataclass
class Line:
    """One organisation's meetings in the table of a level."""

    organisation: Organisation | None
    org_id: int
    name: str
    kind: str
    stats: Stats
    # The organisation it stood under (its last version in the period), so that two cells
    # of the same name in different grassroots organisations can be told apart.
    parent: str = ""

    @property
    def months_met(self) -> int:
        return len(self.stats.months_met)

    @property
    def months_due(self) -> int:
        return len(self.stats.months_due)


@dataclass
class Quality:
    organisation: Organisation
    period: Period
    label: str
    quarters: list[dt.date]
    lines: list[Line]
    total: Stats

    def thematic(self, line: Line) -> list[int]:
        return [line.stats.thematic_in_quarter.get(q, 0) for q in self.quarters]


def _parent_path(path: str) -> str:
    """The path of the organisation directly above `path` ("" at the top)."""
    head = path.rstrip("/").rpartition("/")[0]
    return f"{head}/" if head else ""


def quality(org: Organisation, period: Period, label: str) -> Quality:
    """The table of every organisation under `org` that met or had to meet in the period:
    months met of months due, thematic meetings by quarter, attendance, the superior's
    member. A fixed number of queries."""
    found = tallies([org], period, per_cell=True)[org.pk]
    cells, fr = found.cells, found.frame
    names: dict[int, tuple[str, str, str]] = {}
    if fr is not None:
        for org_id in cells:
            spans = fr.versions.get(org_id, [])
            last = spans[-1] if spans else None
            if last is not None:
                names[org_id] = (last[4], last[3], last[2])
    by_path: dict[str, str] = {}
    if fr is not None:
        for spans in fr.versions.values():
            if spans:
                by_path[spans[-1][2]] = spans[-1][4]
    objects = Organisation.objects.in_bulk(list(cells))
    lines = [
        Line(
            objects.get(org_id),
            org_id,
            names.get(org_id, ("", "", ""))[0],
            names.get(org_id, ("", "", ""))[1],
            s,
            by_path.get(_parent_path(names.get(org_id, ("", "", ""))[2]), ""),
        )
        for org_id, s in cells.items()
    ]
    lines.sort(key=lambda line: names.get(line.org_id, ("", "", ""))[2])
    quarters = sorted(
        {quarter_start(m) for m in whole_months(period)} | set(found.thematic_in_quarter)
    )
    return Quality(org, period, label, quarters, lines, found)


# --- due lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellDue:
    organisation: Organisation
    name: str
    since: dt.date  # the first day of the month (quarter) without a meeting
    until: dt.date  # its last day


def _cells_through(
    org: Organisation, first: dt.date, last: dt.date
) -> QuerySet[OrganisationVersion]:
    """The cells in the subtree of `org` on `last` that existed on `first` too."""
    from dangvu.orgs.queries import path_at

    path = path_at(org, last)
    if path is None:
        return OrganisationVersion.objects.none()
    before = OrganisationVersion.objects.filter(
        organisation=OuterRef("organisation"), valid_from__lte=first, valid_to__gt=first
    )
    return (
        OrganisationVersion.objects.filter(
            kind__in=CELL_KINDS, valid_from__lte=last, valid_to__gt=last, **_range("path", path)
        )
        .filter(Exists(before))
        .select_related("organisation")
        .order_by("path")
    )


def last_month(day: dt.date) -> dt.date:
    return add_months(month_start(day), -1)


def cells_without_meeting(org: Organisation, day: dt.date) -> list[CellDue]:
    """Cells of the subtree without a live meeting recorded for the month before `day`'s
    (one query)."""
    first = last_month(day)
    last = month_end(first)
    if not recording():
        return []
    kinds = rule_on("meetings.schedule", last)["monthly_kinds"]
    met = live_meetings().filter(
        organisation=OuterRef("organisation"), date__gte=first, date__lte=last, kind__in=kinds
    )
    return [
        CellDue(v.organisation, v.name, first, last)
        for v in _cells_through(org, first, last).exclude(Exists(met))
    ]


def cells_without_thematic(org: Organisation, day: dt.date) -> list[CellDue]:
    """Cells of the subtree (on `day`, existing since the quarter began) without a live
    thematic meeting in `day`'s quarter so far (one query); none when the rule asks none."""
    first, last = quarter_start(day), quarter_end(day)
    if not recording() or not int(rule_on("meetings.schedule", last)["thematic_per_quarter"]):
        return []
    thematic = live_meetings().filter(
        organisation=OuterRef("organisation"),
        date__gte=first,
        date__lte=last,
        kind=MeetingKind.THEMATIC,
    )
    return [
        CellDue(v.organisation, v.name, first, last)
        for v in _cells_through(org, first, day).exclude(Exists(thematic))
    ]


@dataclass(frozen=True)
class Absentee:
    member_id: int
    name: str
    url: str
    organisation: str
    months: tuple[dt.date, ...]  # the distinct months with an unexcused absence, oldest first
    consider_removal: bool

    @property
    def count(self) -> int:
        return len(self.months)


def absence_window(day: dt.date, removal: dict[str, Any] | None = None) -> Period:
    """The months the removal rule looks at: the `window_months` months to `day`'s month."""
    removal = removal if removal is not None else rule_on("meetings.removal", day)
    window = int(removal["window_months"])
    first = add_months(month_start(day), -(window - 1))
    return Period(first, day)


def absentees(org: Organisation, day: dt.date, *, at_least: int | None = None) -> list[Absentee]:
    """Members still on the books with unexcused absences at meetings of the subtree in
    `at_least` (default: the rule's «near») distinct months of the window to `day`, most
    months first. A fixed number of queries."""
    from dangvu.members.models import Member

    if not recording():
        return []
    removal = rule_on("meetings.removal", day)
    threshold = int(removal["months"])
    at_least = int(removal.get("near", threshold)) if at_least is None else at_least
    window = absence_window(day, removal)
    found = tallies([org], window, meetings=False)[org.pk].absent_months
    ids = [m for m, months in found.items() if len(months) >= at_least]
    if not ids:
        return []
    on_books = MembershipInterval.objects.filter(
        member=OuterRef("pk"), valid_from__lte=day, valid_to__gt=day
    )
    members = {
        m.pk: m
        for m in Member.objects.filter(pk__in=ids)
        .filter(Exists(on_books))
        .select_related("organisation")
    }
    out = [
        Absentee(
            m.pk,
            m.full_name,
            m.get_absolute_url(),
            m.organisation.name if getattr(m, "organisation", None) is not None else "",
            tuple(sorted(found[m.pk])),
            len(found[m.pk]) >= threshold,
        )
        for m in members.values()
    ]
    out.sort(key=lambda a: (-a.count, a.organisation, a.name))
    return out


# --- the sums some pages and the bench show ----------------------------------------------------


def counts(org: Organisation, period: Period) -> dict[str, Any]:
    """The main figures of the subtree and period as plain numbers (for the bench)."""
    s = stats(org, period)
    return {
        "held": s.held,
        "thematic": s.thematic,
        "rate": s.rate,
        "absentees": s.absentees(),
        "months_missed": s.months_missed,
    }


__all__ = [
    "CELL_KINDS",
    "GROUPS",
    "Stats",
    "absentees",
    "cells_without_meeting",
    "cells_without_thematic",
    "quality",
    "stats",
    "tallies",
]
