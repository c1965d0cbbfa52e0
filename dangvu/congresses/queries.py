"""Read side of party congresses: terms falling due, terms past due, congresses held, and
the progress of a congress season.

Every list and count places a record as every other figure does: in the subtree of an
organisation as it stood on the day that places it. A term belongs to its organisation,
wherever the organisation stands: an organisation moved under another committee keeps its
term, and is listed under the committee it stands under on the day asked. Only live (not
voided) terms and congresses count.

- **Ending within N months** (`terms_ending`): an open term (no `ended_on`) whose `due_on`
  falls from the day to N months after it, of an organisation of the subtree on the day,
  whose next congress has not yet been held (a held congress opening after the term
  began ends it, even before its `ended_on` is written).
- **Past due** (`terms_past_due`): an open term whose `due_on` has passed with no
  congress held since it began; the whole months overdue, and whether that is beyond the
  delay the rule `congresses.allowed_delay_months` allows (read on the due day).
- **Without a recorded term** (`without_term`): organisations of the subtree on the day,
  of a kind that holds congresses, with no live term in force on the day — shown apart,
  never silently left out of the lists above.
- **Held in a period** (`held_counts`): held congresses opening in the period, placed by
  their organisation's position on the opening day, by level (the organisation's kind on
  that day, kept on the congress) and form.
- **Terms ended without a congress** (`ended_without_counts`): terms whose `due_on` falls
  in the period and which, at the period's end, no congress had ended, placed by the
  organisation's position on the due day.
- **A season's progress** (`season_progress`, `season_counts`): the organisations of a
  level of a committee's subtree (grassroots organisations, or the cells and
  sub-committees under grassroots committees) and, for each, the regular congress of the
  season's term — held, scheduled (planned with a date, not yet held), or not scheduled.

The number of statements does not grow with the number of organisations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery

from dangvu.congresses.models import Congress, CongressKind, Term
from dangvu.core.dates import add_months
from dangvu.orgs.kinds import GRASSROOTS_KINDS, OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion
from dangvu.orgs.queries import path_at, subtree_at, versions_in_path
from dangvu.reports.batch import Placement, org_path, tally
from dangvu.reports.registry import Period

DELAY_RULE = "congresses.allowed_delay_months"
# A tổ đảng holds no congress; every other kind of party organisation does.
CONGRESS_KINDS: tuple[str, ...] = tuple(k for k in OrgKind.values if k != OrgKind.GROUP)

# The levels a season's progress is followed at: (label, kinds).
LEVELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "co-so": ("Tổ chức cơ sở đảng", tuple(GRASSROOTS_KINDS)),
    "truc-thuoc": (
        "Chi bộ trực thuộc, đảng bộ bộ phận",
        (OrgKind.CELL.value, OrgKind.SUB_COMMITTEE.value),
    ),
}
DEFAULT_LEVEL = "co-so"

HELD = "HELD"
SCHEDULED = "SCHEDULED"
NOT_SCHEDULED = "NOT_SCHEDULED"
STATES: dict[str, str] = {
    HELD: "Đã tổ chức đại hội",
    SCHEDULED: "Đã có kế hoạch, chưa tổ chức",
    NOT_SCHEDULED: "Chưa có kế hoạch",
}

# The grassroots congresses of the whole Party fall together, every five years (nhiệm kỳ
# 2020–2025, 2025–2030): a season is named by its first year, a multiple of five.
SEASON_EVERY = 5
_LABEL = re.compile(r"^\s*(\d{4})\s*[-–—/]\s*(\d{4})\s*$")


# --- terms and seasons ----------------------------------------------------------------------


def season_year(day_year: int) -> int:
    """The first year of the season a year prepares or holds: the latest multiple of five
    up to the year after (2024 and 2025 -> 2025; 2026 -> 2025; 2029 -> 2030)."""
    return (day_year + 1) // SEASON_EVERY * SEASON_EVERY


def season_label(first_year: int) -> str:
    return f"{first_year}–{first_year + SEASON_EVERY}"


def parse_label(text: str) -> tuple[int, int] | None:
    """(first year, last year) of a term label such as "2025–2030" or "2025-2030"; None
    when it is not one (years out of 1930..2100, or not in order)."""
    m = _LABEL.match(text or "")
    if not m:
        return None
    first, last = int(m.group(1)), int(m.group(2))
    if not (1930 <= first < last <= 2100) or last - first > 10:
        return None
    return first, last


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def allowed_delay(on: dt.date, kind: str) -> int | None:
    """The months a congress may be held late (rule `congresses.allowed_delay_months` in
    force on `on`; by kind when the rule gives one per kind), None when no rule is in force."""
    from dangvu.core.rules import NoRuleInForce, rule

    try:
        value = rule(DELAY_RULE, on)
    except (KeyError, NoRuleInForce):
        return None
    if isinstance(value, dict):
        value = value.get(kind, value.get("default"))
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _next_held() -> Exists:
    """A live congress of the term's organisation held since the term began."""
    return Exists(
        Congress.objects.filter(
            organisation=OuterRef("organisation"),
            voided_at__isnull=True,
            held=True,
            opens_on__gt=OuterRef("began_on"),
        )
    )


def _planned_on() -> Subquery:
    """The first day of the earliest live congress planned since the term began, not held."""
    return Subquery(
        Congress.objects.filter(
            organisation=OuterRef("organisation"),
            voided_at__isnull=True,
            held=False,
            opens_on__gt=OuterRef("began_on"),
        )
        .order_by()
        .values("organisation")
        .annotate(first=Min("opens_on"))
        .values("first")[:1]
    )


@dataclass(frozen=True)
class Placed:
    """An organisation as it stood on the day asked."""

    organisation_id: int
    code: str
    name: str
    kind: str
    path: str

    @property
    def kind_label(self) -> str:
        return OrgKind(self.kind).label if self.kind in OrgKind.values else self.kind


def placed_in(
    org: Organisation, day: dt.date, kinds: tuple[str, ...] = CONGRESS_KINDS
) -> dict[int, Placed]:
    """The organisations of the subtree of `org` on `day` of `kinds`, by id (two queries)."""
    path = path_at(org, day)
    return _placed_under(path, day, kinds) if path is not None else {}


def _placed_under(
    path: str, day: dt.date, kinds: tuple[str, ...] = CONGRESS_KINDS
) -> dict[int, Placed]:
    return {
        org_id: Placed(org_id, code, name, kind, p)
        for org_id, code, name, kind, p in versions_in_path(path, day)
        .filter(kind__in=kinds)
        .order_by("path")
        .values_list("organisation_id", "organisation__code", "name", "kind", "path")
    }


@dataclass(frozen=True)
class TermDue:
    """An open term falling due or past due, with its organisation as it stood on the day."""

    term: Term
    where: Placed
    due_on: dt.date
    planned_on: dt.date | None  # the next congress's planned first day, if scheduled
    past_due: bool
    months_overdue: int
    allowed_delay: int | None
    beyond_delay: bool

    @property
    def label(self) -> str:
        return self.term.label


def _open_terms(org: Organisation, day: dt.date) -> tuple[dict[int, Placed], QuerySet[Term]]:
    path = path_at(org, day)
    if path is None:
        return {}, Term.objects.none()
    where = _placed_under(path, day)
    qs = (
        Term.objects.filter(
            voided_at__isnull=True,
            ended_on__isnull=True,
            organisation_id__in=versions_in_path(path, day).values("organisation_id"),
        )
        .annotate(_held=_next_held(), _planned=_planned_on())
        .filter(_held=False)
        .select_related("organisation")
    )
    return where, qs


def terms_due(
    org: Organisation, day: dt.date, until: dt.date
) -> tuple[list[TermDue], list[TermDue]]:
    """(`terms_ending_by(org, day, until)`, `terms_past_due(org, day)`) in three queries
    and the rule's."""
    from dangvu.core.rules import rules_cached

    where, qs = _open_terms(org, day)
    ending: list[TermDue] = []
    past: list[TermDue] = []
    with rules_cached():
        for t in qs.filter(due_on__lte=until).order_by("due_on", "organisation_id"):
            placed = where.get(t.organisation_id)
            if placed is None:
                continue
            if t.due_on >= day:
                ending.append(TermDue(t, placed, t.due_on, t._planned, False, 0, None, False))
                continue
            delay = allowed_delay(t.due_on, placed.kind)
            beyond = delay is not None and day > add_months(t.due_on, delay)
            past.append(
                TermDue(
                    t,
                    placed,
                    t.due_on,
                    t._planned,
                    True,
                    months_between(t.due_on, day),
                    delay,
                    beyond,
                )
            )
    return ending, past


def terms_ending(org: Organisation, day: dt.date, months: int) -> list[TermDue]:
    """Open terms of the subtree on `day` whose `due_on` falls within `months` months of
    `day` (from `day` on), the next congress not yet held; soonest first. Two queries."""
    return terms_ending_by(org, day, add_months(day, months))


def terms_ending_by(org: Organisation, day: dt.date, until: dt.date) -> list[TermDue]:
    """`terms_ending` up to the day `until` (included)."""
    return terms_due(org, day, until)[0]


def terms_past_due(org: Organisation, day: dt.date) -> list[TermDue]:
    """Open terms of the subtree on `day` whose `due_on` has passed and no congress has
    been held since they began; the longest overdue first. Three queries and the rule's."""
    return terms_due(org, day, day - dt.timedelta(days=1))[1]


def without_term(org: Organisation, day: dt.date) -> list[Placed]:
    """Organisations of the subtree on `day` (of a kind that holds congresses) with no live
    term in force on `day`, in tree order. Two queries."""
    where = placed_in(org, day)
    with_term = set(
        Term.objects.filter(
            voided_at__isnull=True,
            organisation_id__in=subtree_at(org, day).values("organisation_id"),
            began_on__lte=day,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .values_list("organisation_id", flat=True)
    )
    return [p for org_id, p in where.items() if org_id not in with_term]


# --- counts of a period (the indicators' source) --------------------------------------------


def held_counts(
    orgs: list[Organisation], period: Period, *, placement: Placement | None = None
) -> dict[int, Counter[Hashable]]:
    """For each organisation, the live congresses held and opening in `period` placed in
    its subtree by their organisation's position on the opening day: (level, form) -> n."""
    return tally(
        Congress.objects.filter(voided_at__isnull=True, held=True),
        orgs,
        period,
        day="opens_on",
        path=org_path("organisation", "opens_on"),
        keys=("level", "form"),
        placement=placement,
    )


def _kind_on(day_field: str) -> Subquery:
    return Subquery(
        OrganisationVersion.objects.filter(
            organisation=OuterRef("organisation"),
            valid_from__lte=OuterRef(day_field),
            valid_to__gt=OuterRef(day_field),
        )
        .order_by("-valid_from", "-id")
        .values("kind")[:1]
    )


def ended_without_counts(
    orgs: list[Organisation], period: Period, *, placement: Placement | None = None
) -> dict[int, Counter[Hashable]]:
    """For each organisation, the live terms whose `due_on` falls in `period` and which no
    congress had ended by the period's end (no `ended_on` by then, no live congress held
    from the term's beginning to the period's end), placed by the organisation's position
    on the due day: kind on that day -> n."""
    held_by_end = Congress.objects.filter(
        organisation=OuterRef("organisation"),
        voided_at__isnull=True,
        held=True,
        opens_on__gt=OuterRef("began_on"),
        opens_on__lte=period.end,
    )
    qs = (
        Term.objects.filter(voided_at__isnull=True)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
        .exclude(Exists(held_by_end))
        .annotate(_kind=_kind_on("due_on"))
    )
    return tally(
        qs,
        orgs,
        period,
        day="due_on",
        path=org_path("organisation", "due_on"),
        keys=("_kind",),
        placement=placement,
    )


def ended_without(org: Organisation, period: Period) -> QuerySet[Term]:
    """The terms `ended_without_counts` counts for `org`, as records (organisation joined)."""
    from dangvu.members.queries import epochs
    from dangvu.orgs.models import subtree_range

    held_by_end = Congress.objects.filter(
        organisation=OuterRef("organisation"),
        voided_at__isnull=True,
        held=True,
        opens_on__gt=OuterRef("began_on"),
        opens_on__lte=period.end,
    )
    placed = Q(pk__in=[])
    for e in epochs(org, period.start, period.end):
        low, high = subtree_range(e.path)
        inside = OrganisationVersion.objects.filter(
            organisation=OuterRef("organisation"),
            valid_from__lte=OuterRef("due_on"),
            valid_to__gt=OuterRef("due_on"),
            path__gte=low,
            path__lt=high,
        )
        placed |= Q(Exists(inside), due_on__gte=e.start, due_on__lt=e.end)
    return (
        Term.objects.filter(placed, voided_at__isnull=True)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
        .exclude(Exists(held_by_end))
        .select_related("organisation")
        .order_by("due_on", "organisation__code")
    )


# --- a congress season ----------------------------------------------------------------------


def _season_congresses(org_ids: QuerySet | list[int], first_year: int) -> dict[int, Congress]:
    """For each organisation, its live regular congress of the season starting in
    `first_year` (matched by the first year of its term label): the held one if any, else
    the earliest planned. One query."""
    found: dict[int, Congress] = {}
    rows = (
        Congress.objects.filter(
            organisation_id__in=org_ids,
            voided_at__isnull=True,
            kind=CongressKind.REGULAR,
            term_label__startswith=str(first_year),
        )
        .only(
            "id",
            "organisation_id",
            "term_label",
            "opens_on",
            "closes_on",
            "held",
            "form",
            "level",
        )
        .order_by("organisation_id", "-held", "opens_on", "id")
    )
    for c in rows:
        found.setdefault(c.organisation_id, c)
    return found


def state_of(congress: Congress | None, day: dt.date | None = None) -> str:
    """The state of an organisation's congress of the season on `day` (a congress held
    after `day` was still to come that day)."""
    if congress is None:
        return NOT_SCHEDULED
    return HELD if congress.held and (day is None or congress.opens_on <= day) else SCHEDULED


@dataclass(frozen=True)
class SeasonRow:
    where: Placed
    parent_name: str
    congress: Congress | None
    day: dt.date | None = None

    @property
    def state(self) -> str:
        return state_of(self.congress, self.day)

    @property
    def state_label(self) -> str:
        return STATES[self.state]


@dataclass
class Season:
    """The progress of a season in a committee's subtree at one level."""

    organisation: Organisation
    label: str
    first_year: int
    level: str
    day: dt.date
    rows: list[SeasonRow]

    @property
    def level_label(self) -> str:
        return LEVELS[self.level][0]

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def held(self) -> int:
        return self.count(HELD)

    @property
    def scheduled(self) -> int:
        return self.count(SCHEDULED)

    @property
    def not_scheduled(self) -> int:
        return self.count(NOT_SCHEDULED)

    @property
    def total(self) -> int:
        return len(self.rows)


def season_progress(org: Organisation, label: str, level: str, day: dt.date) -> Season:
    """The organisations of `level` in the subtree of `org` on `day`, each with its congress
    of the season `label` (matched by the label's first year). Three queries."""
    parsed = parse_label(label)
    first_year = parsed[0] if parsed else season_year(day.year)
    kinds = LEVELS.get(level, LEVELS[DEFAULT_LEVEL])[1]
    where = placed_in(org, day, kinds)
    congresses = _season_congresses(
        subtree_at(org, day).filter(kind__in=kinds).values("organisation_id"), first_year
    )
    parent_ids = {
        int(parts[-2])
        for p in where.values()
        for parts in [p.path.strip("/").split("/")]
        if len(parts) > 1
    }
    parents = dict(
        OrganisationVersion.objects.filter(
            organisation_id__in=parent_ids, valid_from__lte=day, valid_to__gt=day
        ).values_list("organisation_id", "name")
    )
    rows = []
    for org_id, p in where.items():
        parts = p.path.strip("/").split("/")
        parent = parents.get(int(parts[-2]), "") if len(parts) > 1 else ""
        rows.append(SeasonRow(p, parent, congresses.get(org_id), day))
    return Season(org, label, first_year, level if level in LEVELS else DEFAULT_LEVEL, day, rows)


def season_counts(
    orgs: list[Organisation], day: dt.date, first_year: int, kinds: tuple[str, ...]
) -> dict[int, Counter[tuple[str, str]]]:
    """For each organisation, its subtree's organisations of `kinds` on `day` by (state of
    their congress of the season starting in `first_year`, kind) -> n. Three queries
    whatever the number of organisations."""
    result: dict[int, Counter[tuple[str, str]]] = {o.pk: Counter() for o in orgs}
    if not orgs:
        return result
    placement = Placement(orgs, Period(day, day))
    roots = list(
        OrganisationVersion.objects.filter(
            organisation_id__in=[o.pk for o in orgs], valid_from__lte=day, valid_to__gt=day
        ).values_list("path", flat=True)
    )
    if not roots:
        return result
    from dangvu.orgs.models import subtree_range

    q = Q(pk__in=[])
    for path in set(roots):
        low, high = subtree_range(path)
        q |= Q(path__gte=low, path__lt=high)
    in_force = OrganisationVersion.objects.filter(
        q, kind__in=kinds, valid_from__lte=day, valid_to__gt=day
    ).exclude(valid_from=F("valid_to"))
    versions = list(in_force.values_list("organisation_id", "path", "kind").distinct())
    congresses = _season_congresses(in_force.values("organisation_id"), first_year)
    for org_id, path, kind in versions:
        state = state_of(congresses.get(org_id), day)
        for owner in placement.owners(path, day):
            result[owner][(state, kind)] += 1
    return result


def season_totals(
    org: Organisation, day: dt.date, first_year: int, kinds: tuple[str, ...]
) -> Counter[str]:
    """The organisations of `kinds` in the subtree of `org` on `day` by the state of their
    congress of the season starting in `first_year` (as `season_counts` gives for one
    organisation), in two queries."""
    path = path_at(org, day)
    if path is None:
        return Counter()
    season = Congress.objects.filter(
        organisation=OuterRef("organisation"),
        voided_at__isnull=True,
        kind=CongressKind.REGULAR,
        term_label__startswith=str(first_year),
    )
    rows = (
        versions_in_path(path, day)
        .filter(kind__in=kinds)
        .exclude(valid_from=F("valid_to"))
        .annotate(
            _held=Exists(season.filter(held=True, opens_on__lte=day)),
            _any=Exists(season),
        )
        .values_list("_held", "_any")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: Counter[str] = Counter()
    for held, any_, n in rows:
        found[HELD if held else SCHEDULED if any_ else NOT_SCHEDULED] += n
    return found
