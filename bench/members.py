"""Benchmark of the member ledger at the scale of a bloc, a province or the whole country.

Builds the organisation tree the way bench/orgs.py does, writes members with their ledger
events and membership intervals in bulk (the rows `ledger.rebuild_member` would derive
from those events), checks on a sample that the bulk rows are what the ledger replay
gives, then times the reads the member pages and reports lean on: the members of a
subtree at a date, a year's flows and balance, and a search by unaccented name.

    python bench/members.py --scale bloc|province|nation [--repeat 5] [--members N]
                            [--seed 2021] [--explain] [--keep] [--reuse [--reuse-from SUFFIX]]

The developer's database is never used: without a PostgreSQL DATABASE_URL the run uses a
fresh SQLite file in a temporary directory; with one, it uses a separate
`<name>_bench_members` database on the same server, dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

# bench/ is not a package; putting it on the path lets the tree builder and the scratch
# database of bench/orgs.py be imported rather than copied.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from orgs import (
    BATCH,
    COMMITTEE_SHARE,
    FULL,
    Measure,
    Scratch,
    Tree,
    backend_version,
    build_tree,
    log,
    measure,
    prepare_scratch_database,
    prepare_statistics,
    setup_django,
)

if TYPE_CHECKING:
    from dangvu.members.models import Member
    from dangvu.orgs.models import Organisation


class Scale(NamedTuple):
    members: int
    provinces: int


SCALES = {
    "bloc": Scale(5_000, 1),
    "province": Scale(100_000, 1),
    "nation": Scale(5_500_000, FULL["provinces"]),
}
MEMBERS_PER_CELL = 15
# Members are generated and written this many at a time, so memory stays flat at any scale.
CHUNK = 50_000
SCRATCH_SUFFIX = "_bench_members"
# dangvu.core.dates.FOREVER, which cannot be imported before Django is set up; run() checks
# that the two agree.
OPEN_END = dt.date(9999, 12, 31)

# Records are kept from this day: most members are brought onto the books by an OPENING
# event on it, and the tree is founded on it (bench/orgs.py founds it on 1 January of the
# year before its first year of restructuring).
START = dt.date(2020, 1, 1)

# Targets (median, ms). PostgreSQL is the production database for provinces and the
# country; a bloc runs fine on SQLite. Flows and balance get the target of their scope's
# count, since a report shows them together.
BLOC_TARGET_MS = 50.0
PROVINCE_TARGET_MS = 50.0
COUNTRY_TARGET_MS = 500.0
SEARCH_TARGET_MS = 300.0
# A year's balance is two counts and the flows: twice its scope's count (the country's
# within 1 s).
BALANCE_FACTOR = 2.0
# Each count, flows and balance the application runs is timed beside the best hand-written
# SQL for the same figures on the same data in the same run; the application must stay
# within this many times its time.
RATIO_TARGET = 2.0
# Below this the application's fixed cost (one lookup of the subtree's path and epochs,
# a fraction of a millisecond) dominates the ratio of two instant answers: the ratio is
# printed but judged only above it.
RATIO_FLOOR_MS = 5.0

SEARCH_NAME = "nguyen van an"
# A name about 2,000 times rarer (Vũ Kim Yến): a search that finds fewer than 50 members
# reads the whole index when the plan walks it in name order.
RARE_NAME = "vu kim yen"

# The shape of a member's life over the years the records cover.
JOIN_MIX = (("OPENING", 0.80), ("ADMITTED", 0.15), ("TRANSFER_IN", 0.05))
MOVE_SHARE = 0.10
SECOND_MOVE_SHARE = 0.20
LEAVE_SHARE = 0.08
LEAVE_MIX = (
    ("TRANSFER_OUT", 0.40),
    ("DIED", 0.40),
    ("REMOVED", 0.08),
    ("RESIGNED", 0.04),
    ("EXPELLED", 0.08),
)
FEMALE_SHARE = 0.38


def words(text: str) -> list[str]:
    return text.split()


# Vietnamese names, family names weighted by their rough frequency.
FAMILY = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 4.0),
    ("Huỳnh", 1.5),
    ("Phan", 4.5),
    ("Vũ", 2.5),
    ("Võ", 1.5),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Đinh", 0.8),
    ("Trương", 0.8),
    ("Lý", 0.5),
)
MIDDLE = {
    "M": (
        ("Văn", 40.0),
        ("Hữu", 8.0),
        ("Minh", 10.0),
        ("Đức", 10.0),
        ("Quang", 8.0),
        ("Thanh", 6.0),
        ("Xuân", 5.0),
        ("Công", 5.0),
        ("Ngọc", 4.0),
        ("Tiến", 4.0),
    ),
    "F": (
        ("Thị", 60.0),
        ("Thu", 8.0),
        ("Ngọc", 8.0),
        ("Thanh", 7.0),
        ("Hồng", 6.0),
        ("Minh", 5.0),
        ("Kim", 4.0),
        ("Phương", 2.0),
    ),
}
GIVEN = {
    "M": words(
        "An Anh Bình Cường Dũng Đức Hải Hiếu Hoàng Hùng Huy Khánh Lâm Long Minh Nam Phong "
        "Quân Sơn Thắng Thành Toàn Trung Tuấn Việt"
    ),
    "F": words(
        "An Anh Bình Chi Dung Giang Hà Hải Hạnh Hằng Hoa Hương Lan Linh Loan Mai Nga Ngọc "
        "Nhung Oanh Phương Quỳnh Thảo Trang Vân Yến"
    ),
}


# --- command line ----------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Generate members and their ledger in a scratch database and time "
        "subtree counts, flows and name search.",
    )
    parser.add_argument("--scale", choices=sorted(SCALES), required=True)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
    parser.add_argument(
        "--members", type=int, help="override the number of members of the scale (tree follows)"
    )
    parser.add_argument("--seed", type=int, default=2021, help="random seed")
    parser.add_argument(
        "--explain", action="store_true", help="print the plan of the slowest SQL of SLOW queries"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: time the database kept by an earlier --keep run of the same scale "
        "instead of loading a new one (the consistency check needs the load, so it is skipped)",
    )
    parser.add_argument(
        "--reuse-from",
        metavar="SUFFIX",
        help="with --reuse: the database another benchmark kept, e.g. _bench_report (the "
        "country of report.py --scale nation --keep), so one load serves both",
    )
    args = parser.parse_args(argv)
    if args.reuse_from and not args.reuse:
        parser.error("--reuse-from goes with --reuse")
    if args.reuse_from:
        # Another benchmark's database is never dropped at the end.
        args.keep = True
    scale = SCALES[args.scale]
    args.member_count = args.members if args.members is not None else scale.members
    args.provinces = scale.provinces
    if args.member_count < 100 or args.repeat < 1:
        parser.error("--members must be at least 100 and --repeat at least 1")
    # The tree is sized so that cells average MEMBERS_PER_CELL members, with the mix of
    # grassroots organisations and cells that bench/orgs.py uses for the country.
    holding = args.member_count / MEMBERS_PER_CELL
    cells_per_grassroots = FULL["cells"] / FULL["grassroots"]
    args.grassroots = max(4, round(holding / ((1 - COMMITTEE_SHARE) + cells_per_grassroots)))
    args.cells = max(4, round(args.grassroots * cells_per_grassroots))
    # bench/orgs.py founds the tree on 1 January of the year before --years begins.
    args.first_year = START.year + 1
    return args


# --- one member's ledger ---------------------------------------------------------------


class EventSpec(NamedTuple):
    kind: str
    date: dt.date
    org_id: int | None
    from_org_id: int | None = None
    external_party: str = ""
    decision_date: dt.date | None = None
    details: dict[str, Any] | None = None


@dataclass
class Stint:
    """One interval as rebuild_member writes it."""

    org_id: int
    path: str
    status: str
    start: dt.date
    start_kind: str
    end: dt.date = OPEN_END
    end_kind: str = ""
    prev_path: str = ""
    next_path: str = ""


@dataclass
class Life:
    member: Member
    events: list[EventSpec] = field(default_factory=list)
    stints: list[Stint] = field(default_factory=list)

    def join(self, event: EventSpec, path: str, status: str) -> None:
        # A membership that starts from none has no neighbour: nobody here rejoins on the
        # day a membership ends, so prev_path stays empty as rebuild_member leaves it.
        assert event.org_id is not None
        self.events.append(event)
        self.stints.append(Stint(event.org_id, path, status, event.date, event.kind))

    def switch(self, event: EventSpec, day: dt.date, **changes: Any) -> None:
        """Close the open interval on `day` and open the next one, as the replay does."""
        current = self.stints[-1]
        current.end, current.end_kind = day, event.kind
        following = Stint(
            changes.get("org_id", current.org_id),
            changes.get("path", current.path),
            changes.get("status", current.status),
            day,
            event.kind,
            prev_path=current.path,
        )
        current.next_path = following.path
        self.events.append(event)
        self.stints.append(following)

    def leave(self, event: EventSpec, end_kind: str) -> None:
        current = self.stints[-1]
        current.end, current.end_kind = event.date, end_kind
        self.events.append(event)


class Generator:
    """Draws members and their ledgers; one call of `life` per member."""

    def __init__(self, rng: random.Random, tree: Tree, today: dt.date) -> None:
        self.rng = rng
        self.tree = tree
        self.today = today
        self.span_days = (today - START).days
        self.cards = 0
        self.names: dict[str, str] = {}
        self.holding_in: dict[int | None, list[int]] = {}
        self.family = [name for name, _ in FAMILY]
        self.family_cum = _cumulative([w for _, w in FAMILY])
        self.middle = {sex: [n for n, _ in rows] for sex, rows in MIDDLE.items()}
        self.middle_cum = {sex: _cumulative([w for _, w in rows]) for sex, rows in MIDDLE.items()}
        self.stats: Counter[str] = Counter()

    def full_name(self, sex: str) -> tuple[str, str]:
        rng = self.rng
        family = rng.choices(self.family, cum_weights=self.family_cum)[0]
        middle = rng.choices(self.middle[sex], cum_weights=self.middle_cum[sex])[0]
        name = f"{family} {middle} {rng.choice(GIVEN[sex])}"
        key = self.names.get(name)
        if key is None:
            from dangvu.lib.text import search_key

            # About 9,000 distinct names: computing each key once saves most of the time.
            key = self.names[name] = search_key(name)
        return name, key

    def next_card(self) -> str:
        self.cards += 1
        return f"{self.cards:010d}"

    def days_after(self, day: dt.date) -> dt.date | None:
        """A random day after `day`, up to today; None when `day` is today."""
        gap = (self.today - day).days
        return day + dt.timedelta(days=self.rng.randint(1, gap)) if gap > 0 else None

    def life(self, org_id: int) -> Life:
        from dangvu.core.dates import add_months, add_years
        from dangvu.members.kinds import EventKind, Status
        from dangvu.members.models import Member

        rng = self.rng
        nodes = self.tree.nodes
        sex = "F" if rng.random() < FEMALE_SHARE else "M"
        name, key = self.full_name(sex)
        member = Member(full_name=name, search_key=key, sex=sex, birth_date=START)
        life = Life(member)
        join = _pick(rng, JOIN_MIX)
        self.stats[join] += 1
        joined = (
            START if join == "OPENING" else START + dt.timedelta(rng.randint(1, self.span_days))
        )
        confirm: tuple[dt.date, dt.date] | None = None
        if join == "ADMITTED":
            ceremony = min(joined + dt.timedelta(rng.randint(0, 14)), self.today)
            member.birth_date = add_years(joined, -rng.randint(18, 45)) - dt.timedelta(
                rng.randint(1, 300)
            )
            member.admission_decision_date = joined
            member.ceremony_date = ceremony
            life.join(
                EventSpec(
                    EventKind.ADMITTED,
                    joined,
                    org_id,
                    decision_date=joined,
                    details={"ceremony_date": ceremony.isoformat()},
                ),
                nodes[org_id].path,
                Status.PROBATIONARY,
            )
            # Full membership counts from the end of probation, decided up to a month later.
            effective = add_months(ceremony, 12)
            decided = effective + dt.timedelta(rng.randint(0, 30))
            if decided <= self.today:
                confirm = (effective, decided)
        else:
            # Admitted before the records began: the record keeps the historical dates.
            admitted = add_years(joined, -rng.randint(2, 45)) - dt.timedelta(rng.randint(0, 364))
            member.admission_decision_date = admitted
            member.ceremony_date = admitted + dt.timedelta(rng.randint(0, 14))
            member.full_member_date = add_months(member.ceremony_date, 12) + dt.timedelta(
                rng.randint(0, 30)
            )
            member.card_number = self.next_card()
            member.card_date = min(
                member.full_member_date + dt.timedelta(rng.randint(30, 365)), joined
            )
            member.birth_date = add_years(admitted, -rng.randint(18, 40)) - dt.timedelta(
                rng.randint(1, 300)
            )
            life.join(
                EventSpec(
                    join,
                    joined,
                    org_id,
                    external_party="Đảng bộ ngoài hệ thống (dữ liệu thử)"
                    if join == "TRANSFER_IN"
                    else "",
                    details={"status": Status.FULL},
                ),
                nodes[org_id].path,
                Status.FULL,
            )

        # Later changes as (effective day, event date, kind). A confirmation takes effect at
        # the end of probation though decided later; the replay orders by effective day.
        changes: list[tuple[dt.date, dt.date, str]] = []
        if confirm is not None:
            changes.append((confirm[0], confirm[1], EventKind.CONFIRMED))
        if rng.random() < MOVE_SHARE:
            for _ in range(2 if rng.random() < SECOND_MOVE_SHARE else 1):
                day = self.days_after(joined)
                if day is not None:
                    changes.append((day, day, EventKind.MOVED))
        if rng.random() < LEAVE_SHARE:
            day = self.days_after(joined)
            if day is not None:
                changes.append((day, day, _pick(rng, LEAVE_MIX)))
                # A member who has left cannot be confirmed, nor confirmed on the day they go.
                if confirm is not None and day <= confirm[1]:
                    changes = [c for c in changes if c[2] != EventKind.CONFIRMED]
                    confirm = None
        changes.sort()
        seen: set[dt.date] = set()
        confirmed_on: dt.date | None = None
        for effective, day, kind in changes:
            # Two changes on one day would be ordered by event id in the replay; keeping
            # them a day apart keeps the generator's order and the replay's the same.
            if effective in seen:
                continue
            seen.add(effective)
            current = life.stints[-1]
            if kind == EventKind.CONFIRMED:
                life.switch(
                    EventSpec(kind, day, None, details={"effective_date": effective.isoformat()}),
                    effective,
                    status=Status.FULL,
                )
                member.full_member_date = effective
                confirmed_on = day
                self.stats["CONFIRMED"] += 1
            elif kind == EventKind.MOVED:
                target = self.move_target(current.org_id)
                if target is None:
                    continue
                life.switch(
                    EventSpec(kind, day, target, from_org_id=current.org_id),
                    day,
                    org_id=target,
                    path=nodes[target].path,
                )
                self.stats["MOVED"] += 1
            else:
                # Expulsion is for full members; a probationary member is struck off instead.
                if kind == "EXPELLED" and current.status != Status.FULL:
                    kind = EventKind.REMOVED
                event_kind, details = kind, {}
                if kind == "EXPELLED":
                    event_kind = EventKind.DISCIPLINED
                    details = {"form": "EXPULSION", "violation_date": None}
                elif kind == EventKind.REMOVED:
                    details = {"cause": "Bỏ sinh hoạt đảng (dữ liệu thử)"}
                life.leave(
                    EventSpec(
                        event_kind,
                        day,
                        current.org_id,
                        external_party="Đảng bộ ngoài hệ thống (dữ liệu thử)"
                        if kind == EventKind.TRANSFER_OUT
                        else "",
                        details=details,
                    ),
                    kind,
                )
                self.stats[f"left: {kind}"] += 1
                break
        if confirmed_on is not None:
            self.issue_card(life, confirmed_on)

        last = life.stints[-1]
        member.status = last.status if last.end == OPEN_END else ""
        member.organisation_id = last.org_id
        member.org_path = last.path
        return life

    def issue_card(self, life: Life, confirmed_on: dt.date) -> None:
        """A card a few months after confirmation, if the member is still here by then."""
        from dangvu.members.kinds import EventKind

        day = confirmed_on + dt.timedelta(self.rng.randint(30, 180))
        last = life.stints[-1]
        if day > self.today or day >= last.end:
            return
        number = self.next_card()
        org_id = next(s.org_id for s in life.stints if s.start <= day < s.end)
        event = EventSpec(EventKind.CARD_ISSUED, day, org_id, details={"card_number": number})
        # Kept in date order; it changes no interval, so its place among them is free.
        position = len(life.events)
        while position and life.events[position - 1].date > day:
            position -= 1
        life.events.insert(position, event)
        life.member.card_number = number
        life.member.card_date = day

    def move_target(self, org_id: int) -> int | None:
        """Another cell of the same province: moves across provinces are transfers."""
        pool = self.holding_in[self.tree.nodes[org_id].province_id]
        for _ in range(8):
            target = self.rng.choice(pool)
            if target != org_id:
                return target
        return None


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    r = rng.random()
    for name, share in mix:
        if r < share:
            return name
        r -= share
    return mix[-1][0]


# --- the world: tree, where members sit, what to measure -------------------------------


@dataclass
class ScopeSpec:
    label: str
    org_id: int
    path: str
    target_ms: float


def allot(rng: random.Random, total: int, n: int) -> list[int]:
    """Split `total` members over n cells, log-normally, summing exactly to `total`."""
    weights = [rng.lognormvariate(0, 0.5) for _ in range(n)]
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [math.floor(s) for s in shares]
    # The remainder goes to the cells that lost most to rounding down.
    order = sorted(range(n), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def holding_cells(tree: Tree) -> list[int]:
    from dangvu.orgs.kinds import OrgKind

    # Members sit in cells and grassroots cells; committees hold them only briefly.
    kinds = {OrgKind.CELL, OrgKind.GRASSROOTS_CELL}
    return [pk for pk, node in tree.nodes.items() if node.kind in kinds]


def choose_scopes(
    scale: str, tree: Tree, cells: list[int], counts: list[int]
) -> tuple[list[ScopeSpec], list[ScopeSpec]]:
    """(scopes timed, scopes checked for consistency), chosen from where members start."""
    from dangvu.orgs.kinds import OrgKind

    by_province: Counter[int] = Counter()
    by_grassroots: Counter[int] = Counter()
    for org_id, n in zip(cells, counts, strict=True):
        parts = tree.nodes[org_id].path.split("/")
        by_province[int(parts[2])] += n
        by_grassroots[int(parts[3])] += n
    province_id = by_province.most_common(1)[0][0]
    province = tree.nodes[province_id]
    root = tree.nodes[tree.root_id]
    country = ScopeSpec("country", tree.root_id, root.path, COUNTRY_TARGET_MS)
    if scale == "bloc":
        committee_id = max(
            (g for g in by_grassroots if tree.nodes[g].kind == OrgKind.GRASSROOTS_COMMITTEE),
            key=lambda g: by_grassroots[g],
        )
        committee = tree.nodes[committee_id]
        bloc = ScopeSpec(f"bloc {province.code}", province_id, province.path, BLOC_TARGET_MS)
        grassroots = ScopeSpec(
            f"grassroots committee {committee.code}",
            committee_id,
            committee.path,
            BLOC_TARGET_MS,
        )
        return [bloc, grassroots], [country, bloc, grassroots]
    label = "province" if tree.province_ids[1:] else "province (the only one)"
    prov = ScopeSpec(f"{label} {province.code}", province_id, province.path, PROVINCE_TARGET_MS)
    return [prov, country], [country, prov]


@dataclass
class Tally:
    """What the generator knows the queries must answer, for the scopes checked."""

    scopes: list[ScopeSpec]
    days: list[dt.date]
    year: tuple[dt.date, dt.date]
    present: Counter[tuple[str, dt.date]] = field(default_factory=Counter)
    inflow: dict[str, Counter[str]] = field(default_factory=dict)
    outflow: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, stints: list[Stint]) -> None:
        first, last = self.year
        for stint in stints:
            for scope in self.scopes:
                if not stint.path.startswith(scope.path):
                    continue
                for day in self.days:
                    if stint.start <= day < stint.end:
                        self.present[scope.label, day] += 1
                # The tree does not change, so crossing the scope's border is a path test.
                if first <= stint.start <= last and not stint.prev_path.startswith(scope.path):
                    self.inflow.setdefault(scope.label, Counter())[stint.start_kind] += 1
                if first <= stint.end <= last and not (
                    stint.next_path and stint.next_path.startswith(scope.path)
                ):
                    self.outflow.setdefault(scope.label, Counter())[stint.end_kind] += 1


class Reservoir:
    """A uniform sample of fixed size from a stream (algorithm R), for the checks."""

    def __init__(self, size: int, rng: random.Random) -> None:
        self.size = size
        self.rng = rng
        self.seen = 0
        self.items: list[int] = []

    def offer(self, item: int) -> None:
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(item)
        else:
            slot = self.rng.randrange(self.seen)
            if slot < self.size:
                self.items[slot] = item


@dataclass
class Load:
    members: int = 0
    events: int = 0
    intervals: int = 0
    seconds: float = 0.0


def generate_members(
    args: argparse.Namespace,
    gen: Generator,
    cells: list[int],
    counts: list[int],
    tally: Tally,
    samples: tuple[Reservoir, Reservoir],
) -> Load:
    """Generate and insert members chunk by chunk; never more than CHUNK lives in memory."""
    from django.db import transaction

    from dangvu.core.dates import today
    from dangvu.members.ledger import Span, age_starts
    from dangvu.members.models import Member, MemberEvent, MembershipInterval
    from dangvu.members.queries import membership_gaps

    counting = membership_gaps(today())  # party age's rule, as rebuild_member reads it

    def dated(life: Life) -> list[dt.date]:
        """The party-age start of each stint, as `ledger.interval_rows` dates it."""
        spans = [
            Span(s.org_id, s.path, s.status, s.start, s.start_kind, s.end, s.end_kind)
            for s in life.stints
        ]
        return age_starts(life.member, spans, counting)

    # Cells are taken in random order so that a subtree's rows end up scattered over the
    # tables, as years of daily entry leave them, not clustered as one import would.
    order = list(range(len(cells)))
    gen.rng.shuffle(order)

    def lives() -> Iterator[Life]:
        for i in order:
            for _ in range(counts[i]):
                yield gen.life(cells[i])

    load = Load()
    started = time.perf_counter()
    total = args.member_count
    anyone, eventful = samples
    for batch in _chunks(lives(), CHUNK):
        with transaction.atomic():
            members = [life.member for life in batch]
            Member.objects.bulk_create(members, batch_size=BATCH)
            events = [
                MemberEvent(
                    member_id=life.member.pk,
                    kind=e.kind,
                    date=e.date,
                    organisation_id=e.org_id,
                    from_organisation_id=e.from_org_id,
                    external_party=e.external_party,
                    decision_date=e.decision_date,
                    details=e.details or {},
                )
                for life in batch
                for e in life.events
            ]
            MemberEvent.objects.bulk_create(events, batch_size=BATCH)
            intervals = [
                MembershipInterval(
                    member_id=life.member.pk,
                    organisation_id=s.org_id,
                    path=s.path,
                    status=s.status,
                    valid_from=s.start,
                    valid_to=s.end,
                    start_kind=s.start_kind,
                    end_kind=s.end_kind,
                    prev_path=s.prev_path,
                    next_path=s.next_path,
                    age_start=age_start,
                )
                for life in batch
                for s, age_start in zip(life.stints, dated(life), strict=True)
            ]
            MembershipInterval.objects.bulk_create(intervals, batch_size=BATCH)
        for life in batch:
            tally.add(life.stints)
            anyone.offer(life.member.pk)
            if len(life.events) > 1:
                eventful.offer(life.member.pk)
        load.members += len(batch)
        load.events += len(events)
        load.intervals += len(intervals)
        elapsed = time.perf_counter() - started
        rate = load.members / elapsed
        eta = (total - load.members) / rate if rate else 0.0
        log(
            f"  {load.members:>9,}/{total:,} members, {load.events:,} events, "
            f"{load.intervals:,} intervals — {rate:,.0f} members/s, "
            f"{elapsed:.0f} s so far, ~{eta:.0f} s to go"
        )
    load.seconds = time.perf_counter() - started
    return load


def _chunks(items: Iterator[Life], size: int) -> Iterator[list[Life]]:
    batch: list[Life] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- consistency ------------------------------------------------------------------------


MEMBER_FIELDS = (
    "status",
    "organisation_id",
    "org_path",
    "exempted",
    "admission_decision_date",
    "ceremony_date",
    "full_member_date",
    "card_number",
    "card_date",
)

IntervalRow = tuple[int, str, str, dt.date, dt.date, str, str, str, str, dt.date | None]


def interval_row(i: Any) -> IntervalRow:
    """An interval (row or replay span) as a comparable tuple; spans have no neighbours."""
    return (
        i.organisation_id,
        i.path,
        i.status,
        i.valid_from,
        i.valid_to,
        i.start_kind,
        i.end_kind,
        getattr(i, "prev_path", ""),
        getattr(i, "next_path", ""),
        getattr(i, "age_start", None),
    )


class BalanceFigures(NamedTuple):
    start: int
    inflow: int
    outflow: int
    end: int


def balance_figures(org: Organisation, first: dt.date, last: dt.date) -> BalanceFigures:
    from dangvu.members import queries

    b = queries.balance(org, first, last)
    inflow = cast(Counter[str], b["in"])
    outflow = cast(Counter[str], b["out"])
    return BalanceFigures(
        cast(int, b["start"]), sum(inflow.values()), sum(outflow.values()), cast(int, b["end"])
    )


def check_consistency(
    member_ids: list[int], tally: Tally, orgs: dict[str, Organisation]
) -> list[str]:
    """Compare the bulk rows with the ledger's own derivation, and the queries with the
    generator's tally. Returns the failures (empty when all agree)."""
    from django.db import transaction

    from dangvu.members import ledger, queries
    from dangvu.members.models import Member, MembershipInterval

    failures: list[str] = []

    def verdict(before: int) -> str:
        return "OK" if len(failures) == before else "MISMATCH"

    def written(member_id: int) -> list[IntervalRow]:
        rows = MembershipInterval.objects.filter(member_id=member_id).order_by("valid_from", "id")
        return [interval_row(i) for i in rows]

    # 1. Replaying each sampled member's events gives the intervals written in bulk (the
    # replay does not compute neighbouring paths, so those are compared in step 2).
    before = len(failures)
    for member_id in member_ids:
        events = list(Member.objects.get(pk=member_id).events.filter(voided_at__isnull=True))
        replayed = [interval_row(s)[:7] for s in ledger.replay(events)]
        bulk = [row[:7] for row in written(member_id)]
        if replayed != bulk:
            failures.append(f"replay of member {member_id}: {replayed} != bulk {bulk}")
    log(f"  ledger.replay of {len(member_ids)} members = bulk intervals: {verdict(before)}")

    # 2. rebuild_member itself, rolled back, writes the same rows (neighbouring paths too)
    # and derives the same fields on the member.
    before = len(failures)
    for member_id in member_ids:
        bulk = written(member_id)
        bulk_member = Member.objects.values(*MEMBER_FIELDS).get(pk=member_id)
        with transaction.atomic():
            member = Member.objects.get(pk=member_id)
            rebuilt = [interval_row(i) for i in ledger.rebuild_member(member)]
            rebuilt_member = {name: getattr(member, name) for name in MEMBER_FIELDS}
            transaction.set_rollback(True)
        if rebuilt != bulk:
            failures.append(f"rebuild of member {member_id}: {rebuilt} != bulk {bulk}")
        if rebuilt_member != bulk_member:
            failures.append(f"member {member_id}: rebuilt {rebuilt_member} != bulk {bulk_member}")
    log(
        f"  ledger.rebuild_member (rolled back) = bulk intervals and member fields: "
        f"{verdict(before)}"
    )

    # 3. Counts at dates and the year's flows are what the generator wrote.
    first, last = tally.year
    before = len(failures)
    for scope in tally.scopes:
        org = orgs[scope.label]
        for day in tally.days:
            got = queries.members_at(org, day)["total"]
            want = tally.present[scope.label, day]
            if got != want:
                failures.append(f"members_at({scope.label}, {day}) = {got}, generated {want}")
        flows = queries.flows(org, first, last)
        for direction, generated in (("in", tally.inflow), ("out", tally.outflow)):
            got_flow = +flows[direction]
            want_flow = +generated.get(scope.label, Counter())
            if got_flow != want_flow:
                failures.append(
                    f"flows {direction} of {scope.label}: {dict(got_flow)} != {dict(want_flow)}"
                )
    days = ", ".join(d.isoformat() for d in tally.days)
    log(f"  members_at on {days} and flows of {first.year} = generator's tally: {verdict(before)}")

    # 4. The balance identity: start + inflows - outflows = end.
    for scope in tally.scopes:
        b = balance_figures(orgs[scope.label], first, last)
        ok = b.start + b.inflow - b.outflow == b.end
        log(
            f"  balance {first.year} of {scope.label}: {b.start:,} + {b.inflow:,} − "
            f"{b.outflow:,} = {b.start + b.inflow - b.outflow:,}; end {b.end:,}: "
            f"{'OK' if ok else 'MISMATCH'}"
        )
        if not ok:
            failures.append(f"balance identity of {scope.label}")
    return failures


# --- timing ------------------------------------------------------------------------------


Timed = tuple[Measure, Callable[[], int]]


@dataclass
class Paired:
    """An application query beside the hand-written SQL for the same figures."""

    app: Measure
    hand_ms: float | None = None
    agree: bool = True

    @property
    def ratio(self) -> float | None:
        if self.hand_ms is None:
            return None
        return self.app.median / max(self.hand_ms, 0.01)

    @property
    def ok(self) -> bool:
        ratio = self.ratio
        judged = ratio is not None and self.app.median >= RATIO_FLOOR_MS
        return self.app.ok and self.agree and not (judged and ratio > RATIO_TARGET)


class HandSQL:
    """The best hand-written SQL for the application's counts, flows and balance.

    It knows what the application must first look up: the subtree's path (the benchmark's
    tree is not restructured, so one path holds the whole year), and it answers each figure
    in a single statement on the same indexes. What the application spends beyond it is
    its own overhead: the path and epoch lookups, the ORM, and one statement per epoch.
    """

    def __init__(self) -> None:
        from django.db import connection

        from dangvu.members.models import MembershipInterval

        self.connection = connection
        self.table = connection.ops.quote_name(MembershipInterval._meta.db_table)

    def _rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def _at(self, path: str, day: dt.date) -> tuple[str, list[Any]]:
        from dangvu.orgs.models import subtree_range

        low, high = subtree_range(path)
        return (
            f"SELECT status, COUNT(*) FROM {self.table} WHERE path >= %s AND path < %s "
            "AND valid_from <= %s AND valid_to > %s GROUP BY status",
            [low, high, day, day],
        )

    def _flows(self, path: str, first: dt.date, last: dt.date) -> tuple[str, list[Any]]:
        from dangvu.orgs.models import subtree_range

        low, high = subtree_range(path)
        sql = (
            f"SELECT 'in', start_kind, COUNT(*) FROM {self.table} "
            "WHERE path >= %s AND path < %s AND valid_from >= %s AND valid_from <= %s "
            "AND NOT (prev_path >= %s AND prev_path < %s) GROUP BY start_kind "
            f"UNION ALL SELECT 'out', end_kind, COUNT(*) FROM {self.table} "
            "WHERE path >= %s AND path < %s AND valid_to >= %s AND valid_to <= %s "
            "AND NOT (next_path >= %s AND next_path < %s) GROUP BY end_kind"
        )
        return sql, [low, high, first, last, low, high, low, high, first, last, low, high]

    def members_at(self, path: str, day: dt.date) -> int:
        sql, params = self._at(path, day)
        return sum(n for _, n in self._rows(sql, params))

    def flows(self, path: str, first: dt.date, last: dt.date) -> int:
        sql, params = self._flows(path, first, last)
        return sum(n for _, _, n in self._rows(sql, params))

    def balance_end(self, path: str, first: dt.date, last: dt.date) -> int:
        """Start, flows and end in one statement; returns the end, checked against them."""
        from dangvu.orgs.models import subtree_range

        low, high = subtree_range(path)
        before = first - dt.timedelta(days=1)
        # Both stocks in one scan of the intervals open on either day, then the flows.
        stocks = (
            "SELECT 'stock', '', SUM(CASE WHEN valid_from <= %s THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN valid_to > %s THEN 1 ELSE 0 END) FROM {self.table} "
            "WHERE path >= %s AND path < %s AND valid_from <= %s AND valid_to > %s"
        )
        flows, p2 = self._flows(path, first, last)
        sql = f"{stocks} UNION ALL SELECT f.*, 0 FROM ({flows}) f"
        p1 = [before, last, low, high, last, before]
        figures: Counter[str] = Counter()
        for part, _, n, m in self._rows(sql, [*p1, *p2]):
            if part == "stock":
                figures["start"] += int(n or 0)
                figures["end"] += int(m or 0)
            else:
                figures[part] += int(n or 0)
        if figures["start"] + figures["in"] - figures["out"] != figures["end"]:
            raise AssertionError(f"hand-written balance does not hold: {dict(figures)}")
        return figures["end"]


def run_queries(
    scopes: list[tuple[ScopeSpec, Organisation]],
    days: list[dt.date],
    year: tuple[dt.date, dt.date],
    repeat: int,
) -> list[tuple[Paired, Callable[[], int]]]:
    """Time the counts, flows and balance of each scope, each beside its hand-written SQL;
    keep each function for --explain."""
    from dangvu.members import queries

    hand = HandSQL()
    results: list[tuple[Paired, Callable[[], int]]] = []

    def timed(
        name: str,
        scope: ScopeSpec,
        day: dt.date,
        fn: Callable[[], int],
        by_hand: Callable[[], int],
        target_ms: float,
    ) -> None:
        rows, timings = measure(fn, repeat)
        hand_rows, hand_timings = measure(by_hand, repeat)
        paired = Paired(
            Measure(name, scope.label, day, rows, timings, target_ms),
            statistics.median(hand_timings),
            rows == hand_rows,
        )
        results.append((paired, fn))

    first, last = year
    for spec, org in scopes:
        for day in days:

            def count(org: Organisation = org, day: dt.date = day) -> int:
                return queries.members_at(org, day)["total"]

            def count_by_hand(path: str = spec.path, day: dt.date = day) -> int:
                return hand.members_at(path, day)

            timed("members_at", spec, day, count, count_by_hand, spec.target_ms)

        def flows(org: Organisation = org) -> int:
            f = queries.flows(org, first, last)
            return sum(f["in"].values()) + sum(f["out"].values())

        def flows_by_hand(path: str = spec.path) -> int:
            return hand.flows(path, first, last)

        def balance(org: Organisation = org) -> int:
            return balance_figures(org, first, last).end

        def balance_by_hand(path: str = spec.path) -> int:
            return hand.balance_end(path, first, last)

        timed(f"flows {first.year} (in + out)", spec, last, flows, flows_by_hand, spec.target_ms)
        timed(
            f"balance {first.year} (end)",
            spec,
            last,
            balance,
            balance_by_hand,
            spec.target_ms * BALANCE_FACTOR,
        )
    return results


def time_search(target: float, repeat: int, day: dt.date) -> list[Timed]:
    """The member list's search as the page runs it: the first page of 50, and its count.

    `dangvu.members.search.by_name` in its default mode (names that begin with the text:
    one range of the name index, read in order) and in the "contains" mode a user asks
    for (the trigram index on PostgreSQL, then a sort of the matches).
    """
    from dangvu.members.models import Member
    from dangvu.members.search import CONTAINS, STARTS, by_name

    cases = [
        ("search starts with (UI)", SEARCH_NAME, STARTS),
        ("search starts with (UI)", RARE_NAME, STARTS),
        ("search contains (on demand)", SEARCH_NAME, CONTAINS),
        ("search contains (on demand)", RARE_NAME, CONTAINS),
    ]
    results: list[Timed] = []
    for label, name, mode in cases:

        def search(name: str = name, mode: str = mode) -> int:
            found = by_name(Member.objects.all(), name, mode=mode).members
            return len(list(found[:50]))

        rows, timings = measure(search, repeat)
        scope = f"all members, {name!r}"
        results.append((Measure(label, scope, day, rows, timings, target), search))

        def count(name: str = name, mode: str = mode) -> int:
            return by_name(Member.objects.all(), name, mode=mode).members.count()

        rows, timings = measure(count, repeat)
        label = label.replace("search", "count")
        results.append((Measure(label, scope, day, rows, timings, target), count))
    return results


def explain(fn: Callable[[], int]) -> None:
    """Print the plan of the slowest statement `fn` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    if not captured.captured_queries:
        return
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    if connection.vendor == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) "
    else:
        prefix = "EXPLAIN QUERY PLAN "
    log(f"    {len(captured.captured_queries)} statement(s); slowest ({slowest['time']} s):")
    log(f"    {slowest['sql']}")
    with connection.cursor() as cursor:
        cursor.execute(prefix + slowest["sql"])
        for row in cursor.fetchall():
            log("      " + " ".join(str(c) for c in row))


def prepare_member_statistics() -> str:
    """bench/orgs.py's statistics step, extended to the member tables."""
    from django.db import connection

    from dangvu.members.models import Member, MemberEvent, MembershipInterval

    note = prepare_statistics()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Member, MemberEvent, MembershipInterval):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return note


def print_table(results: list[Paired], repeat: int) -> None:
    header = (
        f"{'query':<30} {'scope':<33} {'date':<10} {'rows':>9} "
        f"{'median ms':>10} {'max ms':>9} {'target':>10} {'hand ms':>8} {'ratio':>6}  result"
    )
    log(header)
    log("-" * len(header))
    for p in results:
        m = p.app
        hand = "" if p.hand_ms is None else f"{p.hand_ms:.1f}"
        ratio = "" if p.ratio is None else f"{p.ratio:.2f}"
        verdict = "OK" if p.ok else ("MISMATCH" if not p.agree else "SLOW")
        log(
            f"{m.query:<30} {m.scope:<33} {m.day.isoformat():<10} {m.rows:>9,} "
            f"{m.median:>10.1f} {m.worst:>9.1f} {'< ' + format(m.target_ms, 'g') + ' ms':>10} "
            f"{hand:>8} {ratio:>6}  {verdict}"
        )
    log(
        f"(median and max of {repeat} runs after one warm-up run; OK means median < target "
        f"and, where the hand-written SQL is timed beside it (hand ms: its median), the "
        f"ratio of the two at most {RATIO_TARGET:g} (judged when the application takes "
        f"{RATIO_FLOOR_MS:g} ms or more). rows: members for members_at, inflows + "
        "outflows for flows, the end count for balance, members returned (at most 50) for "
        "search; MISMATCH: the hand-written SQL gave other figures)"
    )


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = prepare_scratch_database(args.reuse_from or SCRATCH_SUFFIX, reuse=args.reuse)
    try:
        setup_django()
        return run(args, scratch)
    finally:
        if args.keep:
            log(scratch.kept_note)
        else:
            scratch.cleanup()


def scopes_in_database(scale: str) -> list[ScopeSpec]:
    """The scopes choose_scopes would time, found in a reused database: the province (or,
    for a bloc, the bloc and its grassroots committee) with the most members today."""
    from dangvu.core.dates import today
    from dangvu.members import queries
    from dangvu.orgs.kinds import OrgKind
    from dangvu.orgs.models import Organisation

    now = today()
    root = Organisation.objects.get(parent__isnull=True)

    def largest(orgs: list[Organisation]) -> Organisation:
        return max(orgs, key=lambda org: queries.members_at(org, now)["total"])

    province = largest(list(Organisation.objects.filter(parent=root)))
    if scale == "bloc":
        committees = list(
            Organisation.objects.filter(parent=province, kind=OrgKind.GRASSROOTS_COMMITTEE)
        )
        committee = largest(committees)
        return [
            ScopeSpec(f"bloc {province.code}", province.pk, province.path, BLOC_TARGET_MS),
            ScopeSpec(
                f"grassroots committee {committee.code}",
                committee.pk,
                committee.path,
                BLOC_TARGET_MS,
            ),
        ]
    label = (
        "province"
        if Organisation.objects.filter(parent=root).count() > 1
        else ("province (the only one)")
    )
    return [
        ScopeSpec(f"{label} {province.code}", province.pk, province.path, PROVINCE_TARGET_MS),
        ScopeSpec("country", root.pk, root.path, COUNTRY_TARGET_MS),
    ]


def run(args: argparse.Namespace, scratch: Scratch) -> int:
    from django.core.management import call_command

    from dangvu.core.dates import FOREVER, today
    from dangvu.members.models import Member, MemberEvent, MembershipInterval
    from dangvu.orgs.models import Organisation

    assert OPEN_END == FOREVER, "OPEN_END must be dangvu.core.dates.FOREVER"
    now = today()
    year = now.year - 1
    period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    count_days = [period[1], now]
    search_target = BLOC_TARGET_MS if args.scale == "bloc" else SEARCH_TARGET_MS

    log(f"Backend: {backend_version()} — {scratch.label}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"Migrated in {time.perf_counter() - started:.1f} s")

    if scratch.reused:
        members = Member.objects.count()
        log(
            f"Reused: {members:,} members, {MemberEvent.objects.count():,} events, "
            f"{MembershipInterval.objects.count():,} intervals, "
            f"{Organisation.objects.count():,} organisations (loaded by an earlier run; "
            "the consistency check needs the load and is skipped)"
        )
        started = time.perf_counter()
        stats_note = prepare_member_statistics()
        log(f"Planner statistics: {stats_note} ({time.perf_counter() - started:.1f} s)")
        timed_scopes = scopes_in_database(args.scale)
        orgs = {s.label: Organisation.objects.get(pk=s.org_id) for s in timed_scopes}
        consistent = True
        loaded = f"{members:,} members reused"
    else:
        consistent, orgs, timed_scopes, loaded = load(args, now, period, count_days)

    log("")
    scopes = [(s, orgs[s.label]) for s in timed_scopes]
    timed = run_queries(scopes, count_days, period, args.repeat)
    timed += [(Paired(m), fn) for m, fn in time_search(search_target, args.repeat, now)]
    results = [p for p, _ in timed]
    print_table(results, args.repeat)
    log(
        "The member list page searches names that begin with the text (one range of the "
        "name index); «contains» is the mode a user asks for."
    )

    if args.explain:
        for p, fn in timed:
            if not p.ok:
                log(f"Plan of SLOW {p.app.query} / {p.app.scope} / {p.app.day}:")
                explain(fn)

    slow = [p for p in results if not p.ok]
    verdict = "all within target"
    if slow:
        verdict = f"{len(slow)} SLOW: " + "; ".join(
            f"{p.app.query} {p.app.scope} {p.app.median:.0f} ms"
            + ("" if p.ratio is None else f" (×{p.ratio:.1f} hand-written)")
            for p in slow
        )
    ratios = [p.ratio for p in results if p.ratio is not None]
    log(
        f"SUMMARY: {len(results) - len(slow)}/{len(results)} OK ({verdict}) on "
        f"{backend_version()}, scale {args.scale}, {loaded}; worst ratio to hand-written SQL "
        f"{max(ratios):.2f} (target ≤ {RATIO_TARGET:g}); "
        f"consistency {'OK' if consistent else 'FAILED'}"
    )
    # Timings never fail the run; bulk rows that disagree with the ledger's replay do.
    return 0 if consistent else 1


def load(
    args: argparse.Namespace,
    now: dt.date,
    period: tuple[dt.date, dt.date],
    count_days: list[dt.date],
) -> tuple[bool, dict[str, Organisation], list[ScopeSpec], str]:
    """Build the tree and the members, then check a sample against the ledger's replay."""
    from dangvu.orgs.models import Organisation

    log(
        f"Scale: {args.scale} — {args.member_count:,} members, ~{MEMBERS_PER_CELL} a cell, "
        f"{args.provinces} province(s); records kept from {START} to {now}"
    )
    rng = random.Random(args.seed)
    started = time.perf_counter()
    log("Organisation tree (bulk, as bench/orgs.py builds it; no restructuring):")
    tree = build_tree(args, rng, log)
    tree_seconds = time.perf_counter() - started
    log(f"  {len(tree.nodes):,} organisations in {tree_seconds:.1f} s")

    cells = holding_cells(tree)
    counts = allot(rng, args.member_count, len(cells))
    timed_scopes, checked_scopes = choose_scopes(args.scale, tree, cells, counts)
    gen = Generator(rng, tree, now)
    for org_id in cells:
        gen.holding_in.setdefault(tree.nodes[org_id].province_id, []).append(org_id)
    tally = Tally(checked_scopes, [period[0] - dt.timedelta(days=1), *count_days], period)
    samples = (Reservoir(10, rng), Reservoir(10, rng))

    log(f"Members (bulk, in chunks of {CHUNK:,}) in {len(cells):,} cells:")
    written = generate_members(args, gen, cells, counts, tally, samples)
    rate = written.members / written.seconds
    log(
        f"  done: {written.members:,} members, {written.events:,} events, "
        f"{written.intervals:,} intervals in {written.seconds:.1f} s ({rate:,.0f} members/s)"
    )
    log("  histories: " + ", ".join(f"{k} {v:,}" for k, v in sorted(gen.stats.items())))

    started = time.perf_counter()
    stats_note = prepare_member_statistics()
    log(f"Planner statistics: {stats_note} ({time.perf_counter() - started:.1f} s)")

    orgs = {s.label: Organisation.objects.get(pk=s.org_id) for s in checked_scopes}
    sample = samples[0].items + samples[1].items
    log(f"Consistency ({len(sample)} members: 10 at random, 10 among those with several events):")
    failures = check_consistency(sample, tally, orgs)
    for failure in failures[:10]:
        log(f"  FAILED: {failure}")
    consistent = not failures
    log("consistency: OK" if consistent else f"consistency: FAILED ({len(failures)} problems)")
    summary = (
        f"{written.members:,} members, {written.events:,} events, {written.intervals:,} "
        f"intervals; generated in {written.seconds:.0f} s ({rate:,.0f} members/s), tree "
        f"{tree_seconds:.0f} s"
    )
    return consistent, orgs, timed_scopes, summary


if __name__ == "__main__":
    sys.exit(main())
