"""Benchmark of the due lists page (/members/due/) at the scale of a bloc.

Builds a bloc-sized dataset the way bench/members.py does (organisation tree in bulk, then
members with their ledger events and membership intervals in bulk), signs in a committee
leader of the whole tree, and times the page for the top organisation: probation ending,
badges to propose and full members without a card, each list paged (50 rows a page).
Prints the median and maximum time of the page over --repeat runs after one warm-up, the
number of SQL queries one page makes, and the size of each list. Target: 300 ms. Then times
the due items of the home page and the e-mail digest (`dangvu.core.due.due_for`) for the
same committee.

    python bench/due_lists.py [--members 5000] [--repeat 5] [--seed 2021] [--keep]

The developer's database is never used (see bench/members.py): a fresh SQLite file in a
temporary directory, or a separate `<name>_bench_due` PostgreSQL database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import members as mb  # bench/members.py
from orgs import backend_version, build_tree, log, prepare_scratch_database, setup_django

TARGET_MS = 300.0
SCRATCH_SUFFIX = "_bench_due"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the due lists page on a bloc.")
    parser.add_argument("--members", type=int, default=mb.SCALES["bloc"].members)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the page")
    parser.add_argument("--seed", type=int, default=2021, help="random seed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    # The tree is sized as bench/members.py sizes it for this many members.
    sized = mb.parse_args(["--scale", "bloc", "--members", str(args.members)])
    for name in ("member_count", "provinces", "grassroots", "cells", "first_year"):
        setattr(args, name, getattr(sized, name))
    args.explain = False
    return args


def build(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from dangvu.core.dates import today

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(args.seed)
    tree = build_tree(args, rng, log)
    log(f"  {len(tree.nodes):,} organisations")
    now = today()
    year = now.year - 1
    period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    cells = mb.holding_cells(tree)
    counts = mb.allot(rng, args.member_count, len(cells))
    _, checked = mb.choose_scopes("bloc", tree, cells, counts)
    gen = mb.Generator(rng, tree, now)
    for org_id in cells:
        gen.holding_in.setdefault(tree.nodes[org_id].province_id, []).append(org_id)
    tally = mb.Tally(checked, [period[0], period[1], now], period)
    samples = (mb.Reservoir(10, rng), mb.Reservoir(10, rng))
    load = mb.generate_members(args, gen, cells, counts, tally, samples)
    log(f"  {load.members:,} members, {load.events:,} events, {load.intervals:,} intervals")
    mb.prepare_member_statistics()


def time_page(repeat: int) -> tuple[list[float], list[float], int, dict[str, int]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from dangvu.accounts.models import Role
    from dangvu.orgs.models import Organisation

    # The test client's host is allowed, and the page's context is kept for the list sizes.
    setup_test_environment()
    root = Organisation.objects.filter(parent__isnull=True).order_by("pk").first()
    assert root is not None
    user = get_user_model().objects.create_user("bench_due", password="x")
    Role.objects.create(user=user, organisation=root, kind=Role.Kind.LEADERSHIP)
    client = Client()
    client.force_login(user)
    url = reverse("members:due") + f"?to_chuc={root.code}"

    def get() -> tuple[float, float, object]:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed, cpu_ms, response

    *_, response = get()  # warm-up
    runs = [get()[:2] for _ in range(repeat)]
    times, cpu_times = [r[0] for r in runs], [r[1] for r in runs]
    with CaptureQueriesContext(connection) as queries:
        get()
    context = response.context  # type: ignore[attr-defined]
    sizes = {}
    for name in ("probation", "badges", "no_card"):
        page = context.get(name)
        if page is not None:
            sizes[name] = page.paginator.count if hasattr(page, "paginator") else len(page)
    return times, cpu_times, len(queries), sizes


def time_due_for(repeat: int) -> tuple[list[float], int, dict[str, int]]:
    """Times `dangvu.core.due.due_for` (the home page's and the digest's due items) for
    the top committee: wall times, SQL queries of one run, and each group's count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvu.core.dates import today
    from dangvu.core.due import due_for
    from dangvu.orgs.models import Organisation

    root = Organisation.objects.filter(parent__isnull=True).order_by("pk").first()
    assert root is not None
    day = today()
    due_for(root, day)  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        due_for(root, day)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        groups = due_for(root, day)
    return times, len(queries), {g.key: g.count for g in groups}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = prepare_scratch_database(SCRATCH_SUFFIX)
    try:
        setup_django()
        log(f"Backend: {backend_version()} — {scratch.label}")
        log(f"Building a bloc of {args.member_count:,} members:")
        started = time.perf_counter()
        build(args)
        log(f"  built in {time.perf_counter() - started:.1f} s")
        times, cpu_times, queries, sizes = time_page(args.repeat)
        median, worst = statistics.median(times), max(times)
        # On a busy machine the wall time waits for other processes; the CPU time of this
        # process (SQLite runs in it) is the work the page costs.
        cpu = statistics.median(cpu_times)
        verdict = "OK" if median <= TARGET_MS else "SLOW"
        log(", ".join(f"{name}: {n:,}" for name, n in sizes.items()))
        log(
            f"SUMMARY: due lists page {verdict}: median {median:.0f} ms, max {worst:.0f} ms "
            f"over {args.repeat} runs (target {TARGET_MS:.0f} ms), CPU {cpu:.0f} ms, "
            f"{queries} SQL queries, "
            f"{args.member_count:,} members on {backend_version()}"
        )
        due_times, due_queries, groups = time_due_for(args.repeat)
        log(", ".join(f"{key}: {n:,}" for key, n in groups.items()))
        log(
            f"SUMMARY: due items of the top committee (core.due.due_for): median "
            f"{statistics.median(due_times):.0f} ms, max {max(due_times):.0f} ms over "
            f"{args.repeat} runs, {due_queries} SQL queries"
        )
        return 0
    finally:
        if args.keep:
            log(scratch.kept_note)
        else:
            scratch.cleanup()


if __name__ == "__main__":
    sys.exit(main())
