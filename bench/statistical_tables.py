"""Benchmark of the statistical tables (thống kê đảng viên) at a province's and the nation's scale.

    python bench/statistical_tables.py                  # a province: 100,000 members
    python bench/statistical_tables.py --scale nation   # 5.5 million members, 60 provinces
    python bench/statistical_tables.py --small          # a quick smoke run: 5,000 members
                                       [--repeat 3] [--seed 2021] [--keep] [--districts 20]
                                       [--members N]   # e.g. a reduced nation

(Not bench/statistics.py: with bench/ first on the path, that name would shadow the
standard library's `statistics`, which bench/orgs.py and Django's SQLite backend import.)

Builds the organisation tree and the members with their ledgers in bulk with
bench/members.py's generator (its intervals dated for party age, `age_start`, as the
ledger dates them: the admission decision for a member without interruption), and gives
every record varied values of the vocabularies (ethnicity, religion, general education,
qualification, political theory, state management, academic title, occupation) and a
province of birth, about 1.5 % of them «Chưa có thông tin». The generator spreads
admissions, moves and departures over the years kept, so last year has its own.

Each province holds --districts committees (default 20, as a real provincial committee
has some 15 to 25 district, town and bloc committees directly under it), each with its
share of the grassroots organisations; --districts 0 puts them directly under the province.

Then it builds the full set of statistical tables (`dangvu.stats.tables.TABLES`, each by
`build`: day tables on today, year tables for last year) for the province (its direct
children, the district committees, are the lines) or the country (the provinces), once to
warm up and `--repeat` times timed, each table on its own (as the page of one table) and
the full set within one `registry.computation()` (as the workbook is built: the headline,
against the target of 5 s for a province, 30 s for the nation). Where the tables are not there yet
it times the registered indicators of the members' composition through
`registry.values_by_org` for the same organisations.

The developer's database is never used: without a PostgreSQL DATABASE_URL the run uses a
fresh SQLite file in a temporary directory; with one, a separate
`<name>_bench_statistics` database on the same server, dropped at the end unless --keep.
The last line starts with `SUMMARY:`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import members as bench_members
from orgs import Scratch, backend_version, log, prepare_scratch_database, setup_django

if TYPE_CHECKING:
    from dangvu.orgs.models import Organisation

SCRATCH_SUFFIX = "_bench_statistics"
# The full set of tables, in seconds (from the issue).
TARGETS = {"province": 5.0, "nation": 30.0}
SMALL_MEMBERS = 5_000
# A provincial committee has some 15 to 25 committees directly under it (district, town and
# city committees, bloc committees), which hold its grassroots organisations.
DISTRICTS = 20


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the full set of statistical tables.")
    parser.add_argument("--scale", choices=sorted(TARGETS), default="province")
    parser.add_argument("--small", action="store_true", help="a quick smoke run (5,000 members)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each table")
    parser.add_argument("--seed", type=int, default=2021, help="random seed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--members",
        type=int,
        help="override the number of members of the scale (a reduced nation; the tree follows)",
    )
    parser.add_argument(
        "--districts",
        type=int,
        default=DISTRICTS,
        help=f"committees directly under each province, holding its grassroots organisations "
        f"(default {DISTRICTS}, as a real provincial committee; 0: the grassroots directly "
        f"under the province)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.districts < 0:
        parser.error("--repeat must be at least 1 and --districts at least 0")
    return args


# --- the records' values ----------------------------------------------------------------


class RecordGenerator(bench_members.Generator):
    """bench/members.py's generator, with the record's vocabulary fields and a province of
    birth drawn in the shares of a province's party organisation (the demo's shares,
    dangvu.members.demo_record, with more older members and workers and farmers)."""

    def __init__(self, rng: random.Random, tree: Any, today: dt.date) -> None:
        from dangvu.vocab.models import AdminUnit, VocabularyValue

        super().__init__(rng, tree, today)
        ids: dict[tuple[str, str], int] = {
            (v, c): pk
            for pk, v, c in VocabularyValue.objects.values_list("pk", "vocabulary", "code")
        }
        self.ids = ids

        def mix(vocabulary: str, weights: list[tuple[str, float]]) -> tuple[list[int], list[float]]:
            found = [(ids[vocabulary, code], w) for code, w in weights if (vocabulary, code) in ids]
            return [i for i, _ in found], bench_members._cumulative([w for _, w in found])

        self.mixes = {
            "ethnicity_id": mix(
                "ETHNICITY",
                [
                    ("01", 85.0),
                    ("02", 2.5),
                    ("03", 2.0),
                    ("06", 2.0),
                    ("05", 1.5),
                    ("07", 1.2),
                    ("08", 1.0),
                    ("10", 0.8),
                    ("12", 0.6),
                    ("13", 0.6),
                    ("17", 0.4),
                    ("19", 0.3),
                    ("09", 0.8),
                    ("04", 0.3),
                    ("55", 0.01),
                ],
            ),
            "religion_id": mix(
                "RELIGION",
                [("00", 94.0), ("01", 3.0), ("02", 1.8), ("03", 0.5), ("04", 0.4), ("05", 0.3)],
            ),
            "qualification_id": mix(
                "QUALIFICATION",
                [
                    ("NONE", 8.0),
                    ("ELEMENTARY", 6.0),
                    ("INTERMEDIATE", 12.0),
                    ("COLLEGE", 8.0),
                    ("BACHELOR", 50.0),
                    ("MASTER", 13.0),
                    ("DOCTOR", 2.0),
                    ("DSC", 0.05),
                ],
            ),
            "theory_level_id": mix(
                "THEORY",
                [
                    ("NONE", 25.0),
                    ("ELEMENTARY", 40.0),
                    ("INTERMEDIATE", 25.0),
                    ("ADVANCED", 7.0),
                    ("BACHELOR", 3.0),
                ],
            ),
            "state_management_id": mix(
                "STATE_MANAGEMENT",
                [
                    ("NONE", 55.0),
                    ("CLERK", 8.0),
                    ("OFFICER", 28.0),
                    ("PRINCIPAL", 8.0),
                    ("SENIOR", 1.0),
                ],
            ),
            "occupation_id": mix(
                "OCCUPATION",
                [
                    ("WORKER", 6.0),
                    ("FARMER", 14.0),
                    ("OFFICIAL", 18.0),
                    ("PUBLIC", 17.0),
                    ("MILITARY", 4.0),
                    ("POLICE", 4.0),
                    ("EMPLOYEE", 8.0),
                    ("OWNER", 1.0),
                    ("STUDENT", 0.5),
                    ("RETIRED", 22.0),
                    ("FREELANCE", 4.5),
                    ("OTHER", 1.0),
                ],
            ),
        }
        self.assoc = ids.get(("ACADEMIC_TITLE", "ASSOC"))
        self.prof = ids.get(("ACADEMIC_TITLE", "PROF"))
        self.doctor = ids.get(("QUALIFICATION", "DOCTOR"))
        self.provinces = list(
            AdminUnit.objects.filter(
                level=AdminUnit.Level.PROVINCE, valid_from__lte=dt.date(2025, 6, 30)
            )
            .filter(valid_to__gt=dt.date(2025, 6, 30))
            .values_list("pk", flat=True)
        )

    def life(self, org_id: int) -> bench_members.Life:
        life = super().life(org_id)
        member, rng = life.member, self.rng
        if rng.random() < 0.015:
            return life  # «Chưa có thông tin» throughout
        for field_name, (choices, cum) in self.mixes.items():
            if choices:
                setattr(member, field_name, rng.choices(choices, cum_weights=cum)[0])
        if member.qualification_id == self.doctor and rng.random() < 0.2:
            member.academic_title_id = self.prof if rng.random() < 0.1 else self.assoc
        old = member.birth_date.year < 1965
        r = rng.random()
        member.education = (
            ("10/10" if r < 0.6 else "7/10" if r < 0.8 else "12/12")
            if old
            else ("12/12" if r < 0.9 else "9/12" if r < 0.98 else "5/12")
        )
        if self.provinces:
            member.birthplace_province_id = rng.choice(self.provinces)
        return life


def build(args: argparse.Namespace, rng: random.Random) -> Organisation:
    """The tree and the members in bulk; the organisation whose tables are timed."""
    from dangvu.core.dates import today
    from dangvu.orgs.models import Organisation

    scale = "nation" if args.scale == "nation" else "province"
    argv = ["--scale", scale, "--seed", str(args.seed)]
    if args.small or args.members:
        argv += ["--members", str(args.members or SMALL_MEMBERS)]
    margs = bench_members.parse_args(argv)
    margs.districts = args.districts
    started = time.perf_counter()
    tree = bench_members.build_tree(margs, rng, log)
    log(f"  {len(tree.nodes):,} organisations in {time.perf_counter() - started:.0f} s")
    cells = bench_members.holding_cells(tree)
    counts = bench_members.allot(rng, margs.member_count, len(cells))
    _, checked = bench_members.choose_scopes(scale, tree, cells, counts)
    now = today()
    gen = RecordGenerator(rng, tree, now)
    for org_id in cells:
        gen.holding_in.setdefault(tree.nodes[org_id].province_id, []).append(org_id)
    year = (dt.date(now.year - 1, 1, 1), dt.date(now.year - 1, 12, 31))
    tally = bench_members.Tally(checked, [now], year)
    samples = (bench_members.Reservoir(1, rng), bench_members.Reservoir(1, rng))
    load = bench_members.generate_members(margs, gen, cells, counts, tally, samples)
    log(f"  {load.members:,} members, {load.events:,} events in {load.seconds:.0f} s")
    log("  histories: " + ", ".join(f"{k} {v:,}" for k, v in sorted(gen.stats.items())))
    pk = tree.root_id if args.scale == "nation" else tree.largest_province()
    return Organisation.objects.get(pk=pk)


# --- timing -----------------------------------------------------------------------------


@dataclass
class Timed:
    name: str
    lines: int
    statements: int
    timings: list[float]
    sql: float  # seconds in the database in the counted run

    @property
    def median(self) -> float:
        return statistics.median(self.timings)


class QueryCounter:
    """A database execute wrapper that counts the statements."""

    def __init__(self) -> None:
        self.n = 0
        self.seconds = 0.0  # spent in the database (and the driver)

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.n += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


# Set by report.py --quick: one run of each, counted and timed, without the warm-up run
# (a first look at a scale where each run takes minutes).
QUICK = False
# Set by report.py --workbook-only: the full set in one computation, not each table too.
WORKBOOK_ONLY = False


def _timed(name: str, run: Any, repeat: int) -> Timed:
    from django.db import connection

    if QUICK:
        counter = QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            lines = run()
        timings = [time.perf_counter() - started]
        result = Timed(name, lines, counter.n, timings, counter.seconds)
        log(
            f"  {name}: {result.median:.2f} s (one run, no warm-up), {counter.n:,} statements "
            f"({counter.seconds:.2f} s in the database), {lines:,} lines"
        )
        return result
    run()  # warm-up: the database's caches, as a server that has answered before
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        lines = run()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    result = Timed(name, lines, counter.n, timings, counter.seconds)
    log(
        f"  {name}: {result.median:.2f} s, {counter.n:,} statements "
        f"({counter.seconds:.2f} s in the database), {lines:,} lines"
    )
    return result


def time_tables(org: Organisation, repeat: int) -> tuple[str, list[Timed]]:
    """Each statistical table built for `org`; else each composition indicator."""
    try:
        from dangvu.stats.tables import TABLES, build
    except ImportError:
        return time_indicators(org, repeat)
    from dangvu.reports import registry

    registered = {i.code for i in registry.indicators()}
    results = []
    for table in TABLES:
        if WORKBOOK_ONLY:
            results.append(Timed(f"{table.number} {table.code}", 0, 0, [0.0], 0.0))
            continue
        missing = [code for code in table.indicators() if code not in registered]
        if missing:
            log(f"  {table.number} {table.code}: skipped, not registered: {', '.join(missing)}")
            continue

        def run(table: Any = table) -> int:
            return len(build(table, org).all_lines())

        results.append(_timed(f"{table.number} {table.code}", run, repeat))
    if not results:
        return time_indicators(org, repeat)
    built = {r.name for r in results}
    shared = [t for t in TABLES if f"{t.number} {t.code}" in built]

    def workbook() -> int:
        # Every table within one computation: what one table computed (the members of the
        # day by every field) serves the others, as a workbook could have it.
        with registry.computation():
            return sum(len(build(table, org).all_lines()) for table in shared)

    global WORKBOOK
    WORKBOOK = _timed("all tables in one computation", workbook, repeat)
    return "tables", results


# The set of tables built within one `registry.computation` (set by `time_tables`).
WORKBOOK: Timed | None = None


def time_indicators(org: Organisation, repeat: int) -> tuple[str, list[Timed]]:
    from dangvu.core.dates import today
    from dangvu.orgs.queries import children_at
    from dangvu.reports import registry
    from dangvu.reports.registry import Period

    now = today()
    children = [v.organisation for v in children_at(org, now).select_related("organisation")]
    codes = [
        i.code
        for i in registry.indicators()
        if i.owner == "members" and i.code.startswith(("members.by_", "members.admitted.by_"))
    ]
    results = []
    for code in codes:
        period = Period.year(now.year - 1) if ".admitted." in code else Period(now, now)

        def run(code: str = code, period: Period = period) -> int:
            with registry.computation():
                registry.values_by_org(code, children, period)
                registry.value(code, org, period)
            return len(children) + 1

        results.append(_timed(code, run, repeat))
    return "indicators", results


def print_table(results: list[Timed], target: float) -> None:
    log("")
    log(f"{'table':<40} {'lines':>6} {'statements':>10} {'SQL s':>6} {'median s':>9} {'max s':>7}")
    for r in results:
        log(
            f"{r.name[:40]:<40} {r.lines:>6,} {r.statements:>10,} {r.sql:>6.2f} {r.median:>9.2f} "
            f"{max(r.timings):>7.2f}"
        )
    total = sum(r.median for r in results)
    verdict = "OK" if total <= target else f"SLOW (target {target:.0f} s)"
    log(
        f"{'full set, table by table':<40} {'':>6} {sum(r.statements for r in results):>10,} "
        f"{sum(r.sql for r in results):>6.2f} {total:>9.2f} "
        f"{'':>7}  {verdict}"
    )
    if WORKBOOK is not None:
        w = WORKBOOK
        verdict = "OK" if w.median <= target else f"SLOW (target {target:.0f} s)"
        log(
            f"{'full set in one computation':<40} {w.lines:>6,} {w.statements:>10,} "
            f"{w.sql:>6.2f} {w.median:>9.2f} {max(w.timings):>7.2f}  {verdict}"
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch: Scratch = prepare_scratch_database(SCRATCH_SUFFIX)
    try:
        setup_django()
        return run(args, scratch)
    finally:
        if args.keep:
            log(scratch.kept_note)
        else:
            scratch.cleanup()


def run(args: argparse.Namespace, scratch: Scratch) -> int:
    from django.core.management import call_command

    log(f"Backend: {backend_version()} — {scratch.label}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"Migrated in {time.perf_counter() - started:.1f} s")
    log(f"Data ({args.scale}{', small' if args.small else ''}):")
    org = build(args, random.Random(args.seed))
    started = time.perf_counter()
    note = bench_members.prepare_member_statistics()
    log(f"Planner statistics: {note} ({time.perf_counter() - started:.1f} s)")
    target = TARGETS[args.scale]
    log(f"Statistical tables of {org.name} ({org.code}), {args.repeat} timed runs each:")
    what, results = time_tables(org, args.repeat)
    print_table(results, target)
    by_table = sum(r.median for r in results)
    lines = results[0].lines - 1 if results else 0
    # The headline is the full set in one computation: that is how the workbook is built.
    # Table by table (each `build` in its own computation, as the page of one table) is
    # printed beside it.
    if WORKBOOK is not None:
        headline, statements = WORKBOOK.median, WORKBOOK.statements
        what = f"full set of {len(results)} {what} in one computation"
        beside = f"; table by table {by_table:.2f} s"
    else:
        headline, statements = by_table, sum(r.statements for r in results)
        what = f"full set of {len(results)} {what}"
        beside = ""
    verdict = "OK" if headline <= target else "SLOW"
    if args.members:  # a reduced scale says nothing of the target at full scale
        verdict = f"REDUCED ({verdict} against the full scale's target)"
    districts = f", {args.districts} committees under each province" if args.districts else ""
    reduced = f" reduced to {args.members:,} members" if args.members else ""
    log(
        f"SUMMARY: {verdict} {what} in {headline:.2f} s (target {target:.0f} s){beside}, "
        f"{statements:,} statements, on {backend_version()}, "
        f"scale {args.scale}{' (small)' if args.small else ''}{reduced}{districts}, "
        f"{lines:,} lines under {org.code}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
