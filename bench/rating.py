"""Benchmark of the annual quality rating at the scale of a province: the rating tables and
indicators of a province rated for two years.

Builds the tree and the members in bulk as bench/members.py does (about 100,000 members in
about 6,000 cells), rates in bulk every member on the books at the end of each of the last
two years (a decided grade, a few with a reason for not rating, a few left unrated) and
every grassroots organisation, sub-committee and cell, then composes the province's rating
results table (`rating.queries.table`: one row per directly subordinate organisation, with
the year before) and every `rating.*` indicator of the registry, for the province and for
its largest grassroots organisation: one warm-up, one run whose SQL statements are counted,
then --repeat timed runs; target under 5 s. Run it at two sizes to see that the statements
do not grow with the number of members.

    python bench/rating.py [--members 100000] [--repeat 3] [--seed 2021] [--keep] [--slowest 5]

The developer's database is never used (see bench/members.py): a fresh SQLite file in a
temporary directory, or a separate `<name>_bench_rating` PostgreSQL database with
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
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dues as bench_dues  # bench/dues.py
import members as mb  # bench/members.py
from orgs import analyze_tables, backend_version, log, prepare_scratch_database, setup_django

REPORT_TARGET_S = 5.0
SCRATCH_SUFFIX = "_bench_rating"
# The share of each grade among the members graded (the quota keeps «xuất sắc» low).
GRADE_WEIGHTS = (("EXCELLENT", 0.15), ("GOOD", 0.68), ("COMPLETED", 0.15), ("NOT_COMPLETED", 0.02))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the rating tables and indicators.")
    parser.add_argument("--members", type=int, default=mb.SCALES["province"].members)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the tables")
    parser.add_argument("--seed", type=int, default=2021, help="random seed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--profile", action="store_true", help="cProfile one run of the tables")
    parser.add_argument(
        "--slowest", type=int, default=5, help="print the N slowest statements of the tables"
    )
    args = parser.parse_args(argv)
    sized = mb.parse_args(["--scale", "province", "--members", str(args.members)])
    for name in ("member_count", "provinces", "grassroots", "cells", "first_year"):
        setattr(args, name, getattr(sized, name))
    args.explain = False
    return args


def _grade(rng: random.Random) -> str:
    draw = rng.random()
    for grade, weight in GRADE_WEIGHTS:
        draw -= weight
        if draw < 0:
            return grade
    return GRADE_WEIGHTS[-1][0]


def rate_year(rng: random.Random, year: int) -> tuple[int, int]:
    """Every member on the books on 31/12 of `year` rated by their cell (1% with a reason,
    1% left unrated), every rated organisation rated by its parent: in bulk."""
    from dangvu.orgs.kinds import OrgKind
    from dangvu.orgs.models import OrganisationVersion
    from dangvu.rating.models import MemberRating, NotRatedReason, OrgRating

    end = dt.date(year, 12, 31)
    decided = dt.date(year, 12, 20)
    versions = list(
        OrganisationVersion.objects.filter(valid_from__lte=end, valid_to__gt=end).values_list(
            "organisation_id", "path", "kind", "parent_id"
        )
    )
    grassroots_by_path = {
        path: org_id
        for org_id, path, kind, _ in versions
        if kind in (OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE)
    }

    def grassroots_of(path: str) -> int | None:
        parts = path.strip("/").split("/")
        for depth in range(len(parts), 0, -1):
            found = grassroots_by_path.get("/" + "/".join(parts[:depth]) + "/")
            if found is not None:
                return found
        return None

    path_of = {org_id: path for org_id, path, _, _ in versions}
    members = []
    for member_id, cell in bench_dues.on_books(end):
        draw = rng.random()
        if draw < 0.01:
            continue  # not yet rated
        top = grassroots_of(path_of.get(cell, ""))
        if top is None:
            continue
        reason = NotRatedReason.EXEMPT if draw < 0.02 else ""
        members.append(
            MemberRating(
                member_id=member_id,
                organisation_id=cell,
                grassroots_id=top,
                year=year,
                grade="" if reason else _grade(rng),
                not_rated_reason=reason,
                decided_on=decided,
                as_of=end,
            )
        )
    MemberRating.objects.bulk_create(members, batch_size=2000)
    rated_kinds = (
        OrgKind.GRASSROOTS_CELL,
        OrgKind.GRASSROOTS_COMMITTEE,
        OrgKind.SUB_COMMITTEE,
        OrgKind.CELL,
    )
    orgs = [
        OrgRating(
            organisation_id=org_id,
            decided_by_organisation_id=parent,
            year=year,
            grade=_grade(rng),
            decided_on=decided,
            as_of=end,
        )
        for org_id, _, kind, parent in versions
        if kind in rated_kinds and parent is not None
    ]
    OrgRating.objects.bulk_create(orgs, batch_size=2000)
    return len(members), len(orgs)


def compose(org: Any, year: int) -> None:
    from dangvu.rating import queries
    from dangvu.reports.registry import Period, computation, indicators, values

    queries.table(org, year)
    codes = [i.code for i in indicators() if i.code.startswith("rating.")]
    with computation():  # as the annual report computes them
        values(codes, org, Period.year(year))


def time_tables(
    org: Any, year: int, repeat: int, slowest: int = 0, profile: bool = False
) -> tuple[list[float], int]:
    from django.db import connection

    compose(org, year)  # warm-up
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(compose, org, year)
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
        compose(org, year)
    for seconds, sql in sorted(timed, reverse=True)[:slowest]:
        log(f"    {seconds:7.2f} s  {' '.join(sql.split())[:400]}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        compose(org, year)
        times.append(time.perf_counter() - started)
    return times, statements


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = prepare_scratch_database(SCRATCH_SUFFIX)
    try:
        setup_django()
        from dangvu.core.dates import today
        from dangvu.members.models import MembershipInterval
        from dangvu.orgs.kinds import OrgKind
        from dangvu.orgs.models import Organisation, OrganisationVersion

        log(f"Backend: {backend_version()} — {scratch.label}")
        log(f"Building a province of {args.member_count:,} members:")
        rng = random.Random(args.seed)
        started = time.perf_counter()
        bench_dues.build(args, rng)
        year = today().year - 1
        for y in (year - 1, year):
            t = time.perf_counter()
            members, orgs = rate_year(rng, y)
            log(
                f"  {y}: {members:,} member ratings, {orgs:,} organisation ratings "
                f"in {time.perf_counter() - t:.1f} s"
            )
        from dangvu.rating.models import MemberRating, OrgRating, RatingRound

        analyze_tables(MemberRating, OrgRating, RatingRound)
        log(f"  built in {time.perf_counter() - started:.1f} s")

        root = Organisation.objects.filter(parent__isnull=True).order_by("pk").first()
        assert root is not None
        end = dt.date(year, 12, 31)

        def members_of(org: Organisation) -> int:
            path = OrganisationVersion.objects.filter(
                organisation=org, valid_from__lte=end, valid_to__gt=end
            ).values_list("path", flat=True)[0]
            return MembershipInterval.objects.filter(
                path__startswith=path, valid_from__lte=end, valid_to__gt=end
            ).count()

        grassroots = OrganisationVersion.objects.filter(
            kind__in=(OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL),
            valid_from__lte=end,
            valid_to__gt=end,
        )
        largest = max(
            (v.organisation for v in grassroots.select_related("organisation")[:400]),
            key=members_of,
        )
        for label, org in (("province", root), ("largest grassroots organisation", largest)):
            times, statements = time_tables(
                org, year, args.repeat, args.slowest, args.profile and label == "province"
            )
            median = statistics.median(times)
            verdict = "OK" if median <= REPORT_TARGET_S else "SLOW"
            log(
                f"SUMMARY: rating tables and indicators of the {label} {verdict}: median "
                f"{median:.2f} s, max {max(times):.2f} s over {args.repeat} runs (target "
                f"{REPORT_TARGET_S:.0f} s), {statements} SQL statements, "
                f"{members_of(org):,} members on {backend_version()}"
            )
        return 0
    finally:
        if args.keep:
            log(scratch.kept_note)
        else:
            scratch.cleanup()


if __name__ == "__main__":
    sys.exit(main())
