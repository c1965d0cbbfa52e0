"""Benchmark of cell meetings at the scale of a province: a year of monthly meetings of
every cell with their rolls, then the province's meeting indicators for the year.

Builds the tree and the members in bulk as bench/dues.py does (about 100,000 members in
about 6,000 cells), then writes last year's meetings in bulk: every cell meets once a
month (the last month of each quarter thematic; about 3% of months skipped), each meeting
with a line for every member of the cell on the books that day's year end (about 92%
present, 5% absent with a reason, 2% without one, 1% exempted), the counts on the meeting
kept consistent with its lines: about a million attendance lines. It then computes every
`meetings.*` indicator of the registry in one `registry.computation`, as the annual report
does, and the due lists of the home page, for the province's root and for its largest
grassroots organisation: one warm-up, one run whose SQL statements are counted (the
slowest printed), then --repeat timed runs; target under 2 s.

    python bench/meetings.py [--members 100000] [--repeat 3] [--seed 2021] [--keep] [--slowest 5]

The developer's database is never used (see bench/members.py): a fresh SQLite file in a
temporary directory, or a separate `<name>_bench_meetings` PostgreSQL database with
DATABASE_URL. The exit code is 0 whatever the timings; the SUMMARY lines give the verdicts.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dues as bench_dues  # bench/dues.py
import members as mb  # bench/members.py
from orgs import analyze_tables, backend_version, log, prepare_scratch_database, setup_django

TARGET_S = 2.0
SCRATCH_SUFFIX = "_bench_meetings"
PRESENCE_WEIGHTS = (("PRESENT", 0.92), ("EXCUSED", 0.05), ("UNEXCUSED", 0.02), ("EXEMPT", 0.01))
SKIPPED_MONTHS = 0.03
# Parameters per INSERT: under SQLite's 32,766 and PostgreSQL's 65,535.
PARAMS = 30000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the meetings' indicators of a province.")
    parser.add_argument("--members", type=int, default=mb.SCALES["province"].members)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs")
    parser.add_argument("--seed", type=int, default=2021, help="random seed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--profile", action="store_true", help="cProfile one province run")
    parser.add_argument("--slowest", type=int, default=5, help="print the N slowest statements")
    args = parser.parse_args(argv)
    sized = mb.parse_args(["--scale", "province", "--members", str(args.members)])
    for name in ("member_count", "provinces", "grassroots", "cells", "first_year"):
        setattr(args, name, getattr(sized, name))
    args.explain = False
    return args


def _presence(rng: random.Random) -> str:
    draw = rng.random()
    for presence, weight in PRESENCE_WEIGHTS:
        draw -= weight
        if draw < 0:
            return presence
    return PRESENCE_WEIGHTS[-1][0]


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row INSERTs in chunks (no model instances: a million of them would take
    most of the stage's time)."""
    from django.db import connection

    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        size = max(1, PARAMS // len(columns))
        for i in range(0, len(rows), size):
            chunk = rows[i : i + size]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for r in chunk for v in r])


def seed_meetings(rng: random.Random, year: int) -> tuple[int, int]:
    """Every cell's meetings of `year` with their rolls, in bulk; (meetings, lines)."""
    from django.db import transaction
    from django.utils import timezone

    from dangvu.meetings.models import Attendance, Meeting
    from dangvu.orgs.kinds import OrgKind
    from dangvu.orgs.models import OrganisationVersion

    end = dt.date(year, 12, 31)
    cells = list(
        OrganisationVersion.objects.filter(
            valid_from__lte=dt.date(year, 1, 1),
            valid_to__gt=end,
            kind__in=(OrgKind.CELL, OrgKind.GRASSROOTS_CELL),
        ).values_list("organisation_id", flat=True)
    )
    roll: dict[int, list[int]] = defaultdict(list)
    for member_id, cell in bench_dues.on_books(end):
        roll[cell].append(member_id)
    stamp = timezone.now()
    plan: list[tuple[int, dt.date, str, list[tuple[int, str]]]] = []
    for cell in cells:
        for month in range(1, 13):
            if rng.random() < SKIPPED_MONTHS:
                continue
            day = dt.date(year, month, rng.randint(3, 12))
            kind = "THEMATIC" if month % 3 == 0 else "REGULAR"
            plan.append((cell, day, kind, [(m, _presence(rng)) for m in roll.get(cell, [])]))
    meeting_cols = [
        "organisation_id",
        "date",
        "kind",
        "topic",
        "superior_attendee_name",
        "decisions",
        "minutes_file",
        "required",
        "present",
        "excused",
        "unexcused",
        "guests",
        "note",
        "recorded_at",
        "void_reason",
    ]
    rows = []
    for cell, day, kind, lines in plan:
        marks = [p for _, p in lines]
        rows.append(
            (
                cell,
                day,
                kind,
                "Chuyên đề quý" if kind == "THEMATIC" else "",
                "Đồng chí cấp ủy viên cấp trên" if rng.random() < 0.3 else "",
                "",
                "",
                sum(1 for p in marks if p != "EXEMPT"),
                marks.count("PRESENT"),
                marks.count("EXCUSED"),
                marks.count("UNEXCUSED"),
                0,
                "",
                stamp,
                "",
            )
        )
    with transaction.atomic():
        _insert(Meeting._meta.db_table, meeting_cols, rows)
        ids = dict(
            ((org, day), pk)
            for pk, org, day in Meeting.objects.filter(date__year=year).values_list(
                "pk", "organisation_id", "date"
            )
        )
        lines_rows = [
            (ids[(cell, day)], member, False, "", "", presence, "", "")
            for cell, day, _kind, lines in plan
            for member, presence in lines
        ]
        _insert(
            Attendance._meta.db_table,
            [
                "meeting_id",
                "member_id",
                "is_guest",
                "guest_name",
                "guest_from",
                "presence",
                "reason",
                "reason_note",
            ],
            lines_rows,
        )
    return len(rows), len(lines_rows)


def indicators_of(org: Any, year: int, day: dt.date) -> None:
    """Every `meetings.*` indicator of the year, in one computation as the annual report
    computes them (the change on the year before reads last year too)."""
    from dangvu.reports.registry import Period, computation, indicators, values

    codes = [i.code for i in indicators() if i.code.startswith("meetings.")]
    with computation():
        values(codes, org, Period.year(year))


def due_lists(org: Any, year: int, day: dt.date) -> None:
    """The home page's three due groups of meetings, on `day`."""
    from dangvu.core.due import _meetings_absent, _meetings_no_meeting, _meetings_no_thematic
    from dangvu.reports.registry import computation

    with computation():
        _meetings_no_meeting(org, day, 3)
        _meetings_no_thematic(org, day, 3)
        _meetings_absent(org, day, 3)


def time_compose(
    compose: Any,
    org: Any,
    year: int,
    day: dt.date,
    repeat: int,
    slowest: int = 0,
    profile: bool = False,
) -> tuple[list[float], int]:
    from django.db import connection

    compose(org, year, day)  # warm-up
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(compose, org, year, day)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    statements = 0
    timed: list[tuple[float, str]] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal statements
        statements += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(count):
        compose(org, year, day)
    for seconds, sql in sorted(timed, key=lambda t: t[0], reverse=True)[:slowest]:
        log(f"    {seconds:7.2f} s  {' '.join(sql.split())[:400]}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        compose(org, year, day)
        times.append(time.perf_counter() - started)
    return times, statements


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = prepare_scratch_database(SCRATCH_SUFFIX)
    try:
        setup_django()
        from dangvu.core.dates import today
        from dangvu.meetings.models import Attendance, Meeting
        from dangvu.orgs.kinds import OrgKind
        from dangvu.orgs.models import Organisation, OrganisationVersion

        log(f"Backend: {backend_version()} — {scratch.label}")
        log(f"Building a province of {args.member_count:,} members:")
        rng = random.Random(args.seed)
        started = time.perf_counter()
        bench_dues.build(args, rng)
        year = today().year - 1
        t = time.perf_counter()
        meetings, lines = seed_meetings(rng, year)
        log(
            f"  {year}: {meetings:,} meetings, {lines:,} attendance lines in "
            f"{time.perf_counter() - t:.1f} s"
        )
        analyze_tables(Meeting, Attendance)
        log(f"  built in {time.perf_counter() - started:.1f} s")

        root = Organisation.objects.filter(parent__isnull=True).order_by("pk").first()
        assert root is not None
        end = dt.date(year, 12, 31)
        grassroots = OrganisationVersion.objects.filter(
            kind=OrgKind.GRASSROOTS_COMMITTEE, valid_from__lte=end, valid_to__gt=end
        )

        def cells_of(org: Organisation) -> int:
            path = OrganisationVersion.objects.filter(
                organisation=org, valid_from__lte=end, valid_to__gt=end
            ).values_list("path", flat=True)[0]
            return Meeting.objects.filter(organisation__path__startswith=path).count()

        largest = max(
            (v.organisation for v in grassroots.select_related("organisation")[:400]),
            key=cells_of,
            default=root,
        )
        day = dt.date(year + 1, 1, 15)
        for label, org in (("province", root), ("largest grassroots organisation", largest)):
            times, statements = time_compose(
                due_lists, org, year, day, args.repeat, args.slowest, False
            )
            log(
                f"SUMMARY: meeting due lists of the {label} on {day:%d/%m/%Y}: median "
                f"{statistics.median(times):.2f} s, {statements} SQL statements"
            )
            times, statements = time_compose(
                indicators_of,
                org,
                year,
                day,
                args.repeat,
                args.slowest,
                args.profile and label == "province",
            )
            median = statistics.median(times)
            verdict = "OK" if median <= TARGET_S else "SLOW"
            log(
                f"SUMMARY: meeting indicators of the {label} {verdict}: median "
                f"{median:.2f} s, max {max(times):.2f} s over {args.repeat} runs (target "
                f"{TARGET_S:.0f} s), {statements} SQL statements, {cells_of(org):,} meetings "
                f"in {year} on {backend_version()}"
            )
        return 0
    finally:
        if args.keep:
            log(scratch.kept_note)
        else:
            scratch.cleanup()


if __name__ == "__main__":
    sys.exit(main())
