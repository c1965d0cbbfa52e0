"""Benchmark of the member list's name search over a country's roll (5,500,000 members).

Of everything bench/members.py builds, the search reads only the member table. This
script fills just that table — names drawn as bench/members.py draws them, so about one
member in 400 is a "Nguyễn Văn An…" — with PostgreSQL's COPY (bulk inserts on SQLite),
lets the planner see its statistics, then times `dangvu.members.search.by_name` as the
list page runs it: the first page of 50 and its count, for a common and a rare name,
in the default mode (names that begin with the text) and the contains mode.

    python bench/search.py [--members 5500000] [--repeat 5] [--seed 2021] [--explain] [--keep]

Minutes instead of the hour bench/members.py needs at nation scale, and the same figures
for the search. Like the other benches it never touches the developer's database: a
scratch SQLite file, or a `<name>_bench_search` database beside a PostgreSQL DATABASE_URL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import (
    FEMALE_SHARE,
    SEARCH_TARGET_MS,
    Generator,
    explain,
    print_table,
    time_search,
)
from orgs import backend_version, log, prepare_scratch_database, setup_django

SCRATCH_SUFFIX = "_bench_search"
CHUNK = 50_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=5_500_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=2021, help="random seed")
    parser.add_argument("--explain", action="store_true", help="print the plan of each query")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    if args.members < 100 or args.repeat < 1:
        parser.error("--members must be at least 100 and --repeat at least 1")
    return args


def fill(count: int, rng: random.Random) -> float:
    """Insert `count` members with drawn names; return the seconds it took."""
    from django.db import connection, transaction
    from django.utils import timezone

    from dangvu.members.models import Member

    gen = Generator(rng, tree=None, today=dt.date.today())  # type: ignore[arg-type]
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    base: dict[str, Any] = {f.attname: f.get_default() for f in fields}
    base["created_at"] = timezone.now()
    base["status"] = "FULL"
    columns = [f.attname for f in fields]
    started = time.perf_counter()
    done = 0
    while done < count:
        rows = []
        for _ in range(min(CHUNK, count - done)):
            sex = "F" if rng.random() < FEMALE_SHARE else "M"
            name, key = gen.full_name(sex)
            born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 65))
            rows.append(
                {**base, "full_name": name, "search_key": key, "sex": sex, "birth_date": born}
            )
        with transaction.atomic():
            if connection.vendor == "postgresql":
                table = connection.ops.quote_name(Member._meta.db_table)
                names = ", ".join(connection.ops.quote_name(c) for c in columns)
                with connection.cursor() as cursor:
                    raw = cursor.cursor  # psycopg's own cursor, for COPY
                    with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row([row[c] for c in columns])
            else:
                Member.objects.bulk_create([Member(**row) for row in rows], batch_size=2_000)
        done += len(rows)
        rate = done / (time.perf_counter() - started)
        log(f"  {done:>9,}/{count:,} members — {rate:,.0f}/s")
    return time.perf_counter() - started


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command
    from django.db import connection

    from dangvu.core.dates import today
    from dangvu.members.models import Member

    log(f"Backend: {backend_version()}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"Migrated in {time.perf_counter() - started:.1f} s")
    log(f"Members ({args.members:,}, names only):")
    seconds = fill(args.members, random.Random(args.seed))
    log(f"  done in {seconds:.1f} s")
    if connection.vendor == "postgresql":
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(Member._meta.db_table)}")
        log(f"Planner statistics (VACUUM ANALYZE) in {time.perf_counter() - started:.1f} s")
    timed = time_search(SEARCH_TARGET_MS, args.repeat, today())
    results = [m for m, _ in timed]
    print_table(results, args.repeat)
    if args.explain:
        for measure, fn in timed:
            log(f"{measure.query} — {measure.scope}:")
            explain(fn)
    slow = [m for m in results if not m.ok]
    log(
        f"SUMMARY: {len(results) - len(slow)}/{len(results)} OK on {backend_version()}, "
        f"{args.members:,} members"
        + (": SLOW " + ", ".join(f"{m.query} {m.scope}" for m in slow) if slow else "")
    )
    return 1 if slow else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = prepare_scratch_database(SCRATCH_SUFFIX)
    try:
        setup_django()
        log(scratch.label)
        return run(args)
    finally:
        if args.keep:
            log(scratch.kept_note)
        else:
            scratch.cleanup()


if __name__ == "__main__":
    sys.exit(main())
