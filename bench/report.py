"""Benchmark of the annual report: time and SQL queries per format, bloc and province scale.

    python bench/report.py --scale bloc       # the demo committee (seed_demo), SQLite: ~2 min
    python bench/report.py --scale province   # 100,000 members and a year of activities
    DATABASE_URL=postgres://... python bench/report.py --scale nation [--reuse]
                           [--year YYYY] [--repeat 3] [--seed 2021] [--keep] [--members N]

Bloc: a scratch database filled by `seed_demo` (its organisations, about 5,000 members,
their history and every board's records, through the real actions). Province: the
organisation tree and 100,000 members with their ledgers written in bulk by
bench/members.py's generator, then a year of activities recorded through the actions
(information conferences, classes with their learners, commendations, study returns).

Nation: 5.5 million members in 60 provinces of 20 district committees each, with the
records' vocabularies (bench/statistical_tables.py's builder), and a year of activities
recorded for every grassroots organisation; the report of the country, and the full set
of statistical tables whose lines are the 60 provinces. Loading takes most of an hour on
PostgreSQL: `--keep` keeps the database and `--reuse` times it again without loading.

For each format (json, docx, xlsx, html) the report of the top organisation (bloc), of
the province or of the country is composed and rendered `--repeat` times after one
warm-up run; the table gives the median time and the SQL queries of one run. The same
runs on a committee with fewer members check that the number of queries does not grow
with the number of members.

The developer's database is never used: without a PostgreSQL DATABASE_URL the run uses a
fresh SQLite file in a temporary directory; with one, a separate `<name>_bench_report`
database on the same server, dropped at the end unless --keep.
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

from orgs import Scratch, backend_version, log, prepare_scratch_database, setup_django

if TYPE_CHECKING:
    from dangvu.orgs.models import Organisation

FORMATS = ("json", "docx", "xlsx", "html")
# Targets from the issues, in seconds, for every format; the country's Excel workbook,
# which holds every statistical table, has its own.
TARGETS = {"bloc": 2.0, "province": 10.0, "nation": 5.0}
NATION_XLSX_TARGET = 15.0
SCRATCH_SUFFIX = "_bench_report"
# Set from the command line (--quick, --formats): see parse_args.
QUICK = False
FORMATS_TIMED: list[str] | None = None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the annual report in every format.")
    parser.add_argument("--scale", choices=["bloc", "province", "nation"], required=True)
    parser.add_argument("--year", type=int, help="report year (default: last year)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each format")
    parser.add_argument("--seed", type=int, default=2021, help="random seed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse", action="store_true", help="PostgreSQL: time a database kept by --keep"
    )
    parser.add_argument("--members", type=int, help="nation: a reduced country (the tree follows)")
    parser.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help="the formats to time, comma-separated (none: only the statistical tables)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one run of each, counted and timed, no warm-up, no smaller committee: a first "
        "look at a scale where a run takes minutes",
    )
    parser.add_argument(
        "--workbook-only",
        action="store_true",
        help="nation: the statistical tables in one computation only, not each table too",
    )
    args = parser.parse_args(argv)
    args.formats = [f for f in args.formats.split(",") if f]
    if any(f not in FORMATS for f in args.formats):
        parser.error(f"--formats: choose among {', '.join(FORMATS)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


@dataclass
class Timed:
    scope: str
    fmt: str
    members: int
    queries: int
    timings: list[float]
    size: int
    target: float

    @property
    def median(self) -> float:
        return statistics.median(self.timings)

    @property
    def ok(self) -> bool:
        return self.median <= self.target


def build_bloc(seed: int) -> Organisation:
    from django.core.management import call_command

    from dangvu.reports.annual import top_organisation

    started = time.perf_counter()
    call_command("seed_demo", seed=seed, stdout=sys.stdout)
    log(f"  seed_demo in {time.perf_counter() - started:.0f} s")
    return top_organisation()


def build_province(seed: int, year: int) -> Organisation:
    """The tree and 100,000 members in bulk (bench/members.py), then a year of work."""
    import members as bench_members

    from dangvu.core.dates import today
    from dangvu.orgs.models import Organisation

    args = bench_members.parse_args(["--scale", "province", "--seed", str(seed)])
    rng = random.Random(seed)
    started = time.perf_counter()
    tree = bench_members.build_tree(args, rng, log)
    log(f"  {len(tree.nodes):,} organisations in {time.perf_counter() - started:.0f} s")
    cells = bench_members.holding_cells(tree)
    counts = bench_members.allot(rng, args.member_count, len(cells))
    _, checked = bench_members.choose_scopes("province", tree, cells, counts)
    gen = bench_members.Generator(rng, tree, today())
    for org_id in cells:
        gen.holding_in.setdefault(tree.nodes[org_id].province_id, []).append(org_id)
    day = dt.date(year, 6, 30)
    tally = bench_members.Tally(checked, [day], (dt.date(year, 1, 1), dt.date(year, 12, 31)))
    samples = (bench_members.Reservoir(1, rng), bench_members.Reservoir(1, rng))
    load = bench_members.generate_members(args, gen, cells, counts, tally, samples)
    log(f"  {load.members:,} members, {load.events:,} events in {load.seconds:.0f} s")
    province = Organisation.objects.get(pk=tree.largest_province())
    started = time.perf_counter()
    n = record_activities(province, year, rng)
    log(f"  a year of activities: {n:,} records in {time.perf_counter() - started:.0f} s")
    return province


def build_nation(seed: int, year: int, members: int | None) -> Organisation:
    """The country as bench/statistical_tables.py builds it, then a year of every
    grassroots organisation's work."""
    import statistical_tables

    argv = ["--scale", "nation", "--seed", str(seed)]
    if members:
        argv += ["--members", str(members)]
    country = statistical_tables.build(statistical_tables.parse_args(argv), random.Random(seed))
    started = time.perf_counter()
    n = record_activities(country, year, random.Random(seed + 1))
    log(f"  a year of activities: {n:,} records in {time.perf_counter() - started:.0f} s")
    return country


def record_activities(province: Organisation, year: int, rng: random.Random) -> int:
    """Conferences, classes, commendations and study returns of `year`, through the actions."""
    from django.db import transaction

    from dangvu.education import actions as edu
    from dangvu.office.actions import do_commend
    from dangvu.orgs.kinds import GRASSROOTS_KINDS
    from dangvu.orgs.queries import subtree_at

    day = dt.date(year, 12, 31)
    grassroots = [
        v.organisation
        for v in subtree_at(province, day)
        .filter(kind__in=GRASSROOTS_KINDS)
        .select_related("organisation")
    ]
    n = 0
    with transaction.atomic():
        for i in range(12):
            edu.do_create_conference(
                kind="INFO",
                title=f"Hội nghị thông tin tháng {i + 1}",
                date=dt.date(year, i + 1, 15),
                organiser=province,
                attendance=rng.randint(100, 250),
                acting_user=None,
            )
            n += 1
        for org in grassroots:
            date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            edu.do_create_conference(
                kind="INFO",
                title="Hội nghị quán triệt nghị quyết",
                date=date,
                organiser=org,
                attendance=rng.randint(10, 90),
                acting_user=None,
            )
            do_commend(
                reason="HCM",
                level="Ban Thường vụ",
                decision_date=date,
                organisation=org,
                acting_user=None,
            )
            n += 2
            if rng.random() < 0.1:
                edu.do_create_class(
                    kind=rng.choice(["CANDIDATE", "NEW_MEMBER"]),
                    name="Lớp bồi dưỡng",
                    organiser=org,
                    start_date=date,
                    end_date=date + dt.timedelta(days=4),
                    acting_user=None,
                )
                n += 1
    return n


class QueryCounter:
    """A database execute wrapper that counts the statements."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.n += 1
        return execute(sql, params, many, context)


def time_formats(
    scope: str, org: Organisation, year: int, repeat: int, target: float, xlsx_target: float = 0
) -> list[Timed]:
    from django.db import connection

    from dangvu.reports.actions import template_for
    from dangvu.reports.annual import compose
    from dangvu.reports.outputs import render

    results = []
    members = compose(org, year).value("members.end") or 0 if not QUICK else 0
    for fmt in FORMATS if FORMATS_TIMED is None else FORMATS_TIMED:

        def run(fmt: str = fmt) -> int:
            report = compose(org, year)
            template = template_for(org) if fmt == "docx" else None
            return len(render(report, fmt, template=template).content)

        if QUICK:
            counter = QueryCounter()
            started = time.perf_counter()
            with connection.execute_wrapper(counter):
                size = run()
            timings = [time.perf_counter() - started]
            limit = xlsx_target if fmt == "xlsx" and xlsx_target else target
            results.append(Timed(scope, fmt, int(members), counter.n, timings, size, limit))
            log(f"  {scope} {fmt}: {timings[0]:.2f} s (one run), {counter.n:,} queries")
            continue
        run()  # warm-up: fonts, templates, the database's caches
        # Counted by a wrapper, not from connection.queries: that log keeps 9,000 at most.
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            size = run()
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            run()
            timings.append(time.perf_counter() - started)
        limit = xlsx_target if fmt == "xlsx" and xlsx_target else target
        results.append(Timed(scope, fmt, int(members), counter.n, timings, size, limit))
        log(f"  {scope} {fmt}: {statistics.median(timings):.2f} s, {counter.n:,} queries")
    return results


def time_statistical_tables(country: Organisation, year: int, repeat: int) -> list[Timed]:
    """The full set of statistical tables whose lines are the provinces, as the workbook."""
    import statistical_tables

    from dangvu.reports.registry import Period, value

    log(f"Statistical tables of {country.name} (the provinces as lines):")
    statistical_tables.time_tables(country, repeat)
    book = statistical_tables.WORKBOOK
    if book is None:
        return []
    members = int(value("members.end", country, Period.year(year)).value or 0)
    return [
        Timed(
            "statistical tables, provinces",
            "tables",
            members,
            book.statements,
            book.timings,
            book.lines,
            NATION_XLSX_TARGET,
        )
    ]


def smaller_scope(org: Organisation, year: int) -> Organisation:
    """The grassroots committee with the most members, to compare query counts."""
    from dangvu.orgs.kinds import OrgKind
    from dangvu.orgs.queries import subtree_at
    from dangvu.reports.registry import Period, values_by_org

    committees = [
        v.organisation
        for v in subtree_at(org, dt.date(year, 12, 31))
        .filter(kind=OrgKind.GRASSROOTS_COMMITTEE)
        .select_related("organisation")
    ]
    counts = values_by_org("members.end", committees, Period.year(year))
    return max(committees, key=lambda c: counts[c.pk].value or 0)


def print_table(results: list[Timed]) -> None:
    log("")
    log(
        f"{'scope':<34} {'format':<6} {'members':>8} {'queries':>8} {'median s':>9} "
        f"{'max s':>7} {'size':>9}  verdict"
    )
    for r in results:
        verdict = "OK" if r.ok else f"SLOW (target {r.target:.0f} s)"
        log(
            f"{r.scope[:34]:<34} {r.fmt:<6} {r.members:>8,} {r.queries:>8,} {r.median:>9.2f} "
            f"{max(r.timings):>7.2f} {r.size:>9,}  {verdict}"
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch: Scratch = prepare_scratch_database(SCRATCH_SUFFIX, reuse=args.reuse)
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

    from dangvu.core.dates import today
    from dangvu.lib.vnformat import fmt_number

    year = args.year or today().year - 1
    log(f"Backend: {backend_version()} — {scratch.label}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"Migrated in {time.perf_counter() - started:.1f} s")
    log(f"Data ({args.scale}):")
    if scratch.reused:
        from dangvu.reports.annual import top_organisation

        org = top_organisation()
        log(f"  reused: {org.name}, loaded by an earlier run")
    elif args.scale == "bloc":
        org = build_bloc(args.seed)
    elif args.scale == "province":
        org = build_province(args.seed, year)
    else:
        org = build_nation(args.seed, year, args.members)
    if args.scale == "nation":
        from orgs import prepare_statistics

        log(f"Planner statistics: {prepare_statistics()}")
    global QUICK, FORMATS_TIMED
    QUICK, FORMATS_TIMED = args.quick, args.formats
    import statistical_tables

    statistical_tables.QUICK = args.quick
    statistical_tables.WORKBOOK_ONLY = args.workbook_only
    target = TARGETS[args.scale]
    xlsx_target = NATION_XLSX_TARGET if args.scale == "nation" else 0
    log(f"Annual report {year} of {org.name} ({org.code}), {args.repeat} timed runs:")
    results = time_formats(org.name, org, year, args.repeat, target, xlsx_target)
    small = smaller_scope(org, year) if not args.quick and args.formats else None
    if small is not None:
        results += time_formats(small.name, small, year, 1, target, xlsx_target)
    if args.scale == "nation":
        results += time_statistical_tables(org, year, args.repeat)
    print_table(results)
    verdict = summary_verdict(results)
    if small is None:
        log(
            f"SUMMARY: {verdict} on {backend_version()}, scale {args.scale}, "
            "without the smaller committee (--quick or no formats)"
        )
        return 0

    # The number of queries may depend on the number of organisations (the statistical
    # table reads each grassroots organisation) but not on the number of members: the
    # prose formats of the whole and of one committee take about the same number.
    by_fmt = {(r.scope, r.fmt): r for r in results}
    compared = ", ".join(
        f"{f} {by_fmt[(small.name, f)].queries:,} vs {by_fmt[(org.name, f)].queries:,}"
        for f in args.formats
    )
    first = args.formats[0]
    log(
        f"SUMMARY: {verdict} on {backend_version()}, scale {args.scale}, "
        f"{fmt_number(results[0].members)} members; queries {small.code} "
        f"({fmt_number(by_fmt[(small.name, first)].members)} members) vs {org.code}: {compared}"
    )
    return 0


def summary_verdict(results: list[Timed]) -> str:
    """«n/m OK (…)» naming what missed its target."""
    slow = [r for r in results if not r.ok]
    verdict = (
        "all within target"
        if not slow
        else "; ".join(f"{r.fmt} {r.scope} {r.median:.1f} s" for r in slow) + " SLOW"
    )
    return f"{len(results) - len(slow)}/{len(results)} OK ({verdict})"


if __name__ == "__main__":
    sys.exit(main())
