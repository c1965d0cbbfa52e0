"""Benchmark of party dues at the scale of a province: a month's collection recorded by
import, and the annual dues report and indicators of the province.

Builds the tree and the members in bulk as bench/members.py does (about 100,000 members in
about 6,000 cells), gives every member a basis and writes last year's payments in bulk (a
few members in arrears), then:

1. writes the payments file of the last ended month of this year for every member on the
   books (the «dues-payments» template: cell code, month, name, birth date, identity
   number, amount, day paid, receipt) and imports it as the upload page does
   (`run_import(..., commit=True)`): target under 2 minutes;
2. composes the annual dues report of last year (`book.level_report`) and the dues
   indicators (`dues.*` of the registry) for the province and for its largest grassroots
   organisation: one warm-up, one run whose SQL statements are counted, then --repeat
   timed runs; target under 5 s. The statements of the two sizes show that they do not
   grow with the number of members.

    python bench/dues.py [--members 100000] [--repeat 3] [--seed 2021] [--keep] [--slowest 5]

The developer's database is never used (see bench/members.py): a fresh SQLite file in a
temporary directory, or a separate `<name>_bench_dues` PostgreSQL database with
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
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import members as mb  # bench/members.py
from orgs import (
    analyze_tables,
    backend_version,
    build_tree,
    log,
    prepare_scratch_database,
    setup_django,
)

IMPORT_TARGET_S = 120.0
REPORT_TARGET_S = 5.0
SCRATCH_SUFFIX = "_bench_dues"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the dues import and report.")
    parser.add_argument("--members", type=int, default=mb.SCALES["province"].members)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the report")
    parser.add_argument("--seed", type=int, default=2021, help="random seed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--profile", action="store_true", help="cProfile the import")
    parser.add_argument(
        "--slowest", type=int, default=5, help="print the N slowest statements of the report"
    )
    args = parser.parse_args(argv)
    sized = mb.parse_args(["--scale", "province", "--members", str(args.members)])
    for name in ("member_count", "provinces", "grassroots", "cells", "first_year"):
        setattr(args, name, getattr(sized, name))
    args.explain = False
    return args


def build(args: argparse.Namespace, rng: random.Random) -> None:
    from django.core.management import call_command

    from dangvu.core.dates import today

    call_command("migrate", verbosity=0, interactive=False)
    tree = build_tree(args, rng, log)
    log(f"  {len(tree.nodes):,} organisations")
    now = today()
    year = now.year - 1
    period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    cells = mb.holding_cells(tree)
    counts = mb.allot(rng, args.member_count, len(cells))
    _, checked = mb.choose_scopes("province", tree, cells, counts)
    gen = mb.Generator(rng, tree, now)
    for org_id in cells:
        gen.holding_in.setdefault(tree.nodes[org_id].province_id, []).append(org_id)
    tally = mb.Tally(checked, [period[0], period[1], now], period)
    samples = (mb.Reservoir(10, rng), mb.Reservoir(10, rng))
    load = mb.generate_members(args, gen, cells, counts, tally, samples)
    log(f"  {load.members:,} members in {len(cells):,} cells, {load.intervals:,} intervals")
    mb.prepare_member_statistics()


def on_books(day: dt.date) -> list[tuple[int, int]]:
    """(member id, cell id) of the members on the books on `day`."""
    from dangvu.members.models import MembershipInterval

    return list(
        MembershipInterval.objects.filter(valid_from__lte=day, valid_to__gt=day)
        .order_by("member_id")
        .values_list("member_id", "organisation_id")
    )


def seed_dues(rng: random.Random, first: dt.date, last: dt.date) -> dict[int, Decimal]:
    """A basis for every member (salaried, 5–20 million đồng), and last year's payments
    in bulk as the demo writes them; returns each member's monthly amount."""
    from django.utils import timezone

    from dangvu.dues import calc
    from dangvu.dues.demo import insert
    from dangvu.dues.models import Category, DuesBasis, DuesPayment

    members = on_books(last)
    bases = [
        DuesBasis(
            member_id=member_id,
            valid_from=first,
            category=Category.STATE,
            income=Decimal(
                int(rng.triangular(5_000_000, 20_000_000, 8_500_000)) // 10_000 * 10_000
            ),
        )
        for member_id, _ in members
    ]
    DuesBasis.objects.bulk_create(bases, batch_size=2000)
    owed = {b.member_id: calc.expected_amount(b, first) for b in bases}
    rows = []
    for m in calc.months(first, calc.first_of_month(last - dt.timedelta(days=31))):
        for member_id, cell in on_books(calc.last_of_month(m)):
            if member_id in owed and rng.random() > 0.01:
                paid = m + dt.timedelta(days=rng.randint(2, 24))
                rows.append((member_id, cell, m, owed[member_id], owed[member_id], paid, ""))
    insert(
        DuesPayment,
        ["member", "organisation", "month", "amount", "expected", "paid_on", "receipt"],
        rows,
        timezone.now(),
    )
    analyze_tables(DuesBasis, DuesPayment)
    log(f"  {len(bases):,} bases, {len(rows):,} payments before the imported month")
    return owed


def payments_file(month: dt.date, owed: dict[int, Decimal]) -> tuple[bytes, int]:
    from dangvu.core.importing import get_kind
    from dangvu.dues import calc
    from dangvu.lib import sheets
    from dangvu.members.models import Member
    from dangvu.orgs.models import Organisation

    kind = get_kind("dues-payments")
    headers = [c.header for c in kind.columns]
    codes = dict(Organisation.objects.values_list("pk", "code"))
    people = {
        pk: (name, birth, ident)
        for pk, name, birth, ident in Member.objects.values_list(
            "pk", "full_name", "birth_date", "identity_number"
        )
    }
    # A treasurer's file names by identity number whom a name and birth date cannot tell
    # apart; the generated roll leaves some numbers out, so those namesakes stay out.
    same: dict[tuple[str, dt.date], int] = {}
    for name, birth, ident in people.values():
        if not ident:
            same[(name, birth)] = same.get((name, birth), 0) + 1
    rows = []
    left_out = 0
    for n, (member_id, cell) in enumerate(on_books(calc.last_of_month(month)), 1):
        name, birth, ident = people[member_id]
        if not ident and same[(name, birth)] > 1:
            left_out += 1
            continue
        amount = owed.get(member_id, Decimal(0))
        rows.append(
            [
                codes[cell],
                f"{month:%m/%Y}",
                name,
                f"{birth:%d/%m/%Y}",
                ident,
                int(amount),
                f"{month + dt.timedelta(days=9):%d/%m/%Y}",
                f"PT{month:%m%y}-{n:06d}",
                None,
                None,
            ]
        )
    if left_out:
        log(f"  {left_out:,} namesakes without an identity number left out of the file")
    text = {headers.index(h) for h in ("Chi bộ", "Tháng", "Số CCCD", "Số phiếu thu")}
    return sheets.write_table(headers, rows, text_columns=text, row_numbers=False), len(rows)


def time_import(data: bytes, profile: bool = False) -> tuple[float, Any]:
    from django.contrib.auth import get_user_model

    from dangvu.core.importing import get_kind, run_import
    from dangvu.orgs.models import Organisation

    user = get_user_model().objects.create_superuser("bench_dues", password="x")
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    report = run_import(
        get_kind("dues-payments"),
        data,
        "thu-dang-phi.xlsx",
        user=user,
        scope=Organisation.objects.all(),
        commit=True,
    )
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return seconds, report


def compose(org: Any, first: dt.date, last: dt.date) -> None:
    """The level report and the dues indicators, as one report computes them (within one
    `registry.computation`, whose memo the figures of the same period share)."""
    from dangvu.dues import book
    from dangvu.reports.registry import Period, computation, indicators, values

    with computation():
        book.level_report(org, first, last)
        codes = [i.code for i in indicators() if i.code.startswith("dues.")]
        values(codes, org, Period(first, last))


def time_report(
    org: Any, first: dt.date, last: dt.date, repeat: int, slowest: int = 0
) -> tuple[list[float], int]:
    from django.db import connection

    compose(org, first, last)  # warm-up
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
        compose(org, first, last)
    for seconds, sql in sorted(timed, reverse=True)[:slowest]:
        log(f"    {seconds:7.2f} s  {' '.join(sql.split())[:400]}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        compose(org, first, last)
        times.append(time.perf_counter() - started)
    return times, statements


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = prepare_scratch_database(SCRATCH_SUFFIX)
    try:
        setup_django()
        from dangvu.core.dates import add_months, today
        from dangvu.dues import calc
        from dangvu.members.models import MembershipInterval
        from dangvu.orgs.kinds import OrgKind
        from dangvu.orgs.models import Organisation, OrganisationVersion

        log(f"Backend: {backend_version()} — {scratch.label}")
        log(f"Building a province of {args.member_count:,} members:")
        rng = random.Random(args.seed)
        started = time.perf_counter()
        build(args, rng)
        now = today()
        first = dt.date(now.year - 1, 1, 1)
        month = add_months(calc.first_of_month(now), -1)
        owed = seed_dues(rng, first, calc.last_of_month(month))
        log(f"  built in {time.perf_counter() - started:.1f} s")

        data, rows = payments_file(month, owed)
        log(f"Importing {rows:,} payments of {month:%m/%Y} ({len(data) / 1e6:.1f} MB .xlsx):")
        seconds, report = time_import(data, args.profile)
        for line in report.lines()[:5]:
            log(f"  {line}")
        verdict = "OK" if report.committed and seconds <= IMPORT_TARGET_S else "SLOW"
        if not report.committed:
            verdict = "FAILED"
        log(
            f"SUMMARY: dues import {verdict}: {rows:,} rows in {seconds:.1f} s "
            f"({rows / max(seconds, 1e-9):,.0f} rows/s; target {IMPORT_TARGET_S:.0f} s) "
            f"on {backend_version()}"
        )

        root = Organisation.objects.filter(parent__isnull=True).order_by("pk").first()
        assert root is not None
        year_first, year_last = first, dt.date(first.year, 12, 31)
        grassroots = OrganisationVersion.objects.filter(
            kind__in=(OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL),
            valid_from__lte=year_last,
            valid_to__gt=year_last,
        )

        def members_of(org: Organisation) -> int:
            path = OrganisationVersion.objects.filter(
                organisation=org, valid_from__lte=year_last, valid_to__gt=year_last
            ).values_list("path", flat=True)[0]
            return MembershipInterval.objects.filter(
                path__startswith=path, valid_from__lte=year_last, valid_to__gt=year_last
            ).count()

        largest = max(
            (v.organisation for v in grassroots.select_related("organisation")[:400]),
            key=members_of,
        )
        for label, org in (("province", root), ("largest grassroots organisation", largest)):
            times, statements = time_report(org, year_first, year_last, args.repeat, args.slowest)
            median = statistics.median(times)
            verdict = "OK" if median <= REPORT_TARGET_S else "SLOW"
            log(
                f"SUMMARY: annual dues report of the {label} {verdict}: median {median:.2f} s, "
                f"max {max(times):.2f} s over {args.repeat} runs (target "
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
