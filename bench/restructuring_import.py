"""Benchmark of the restructuring import: one decision that rebuilds a bloc's grassroots.

Builds, in a throw-away database and through the real actions, a bloc with three
grassroots committees holding 75 cells, and brings 5,136 members onto their books (the
roll's bulk path). It then writes the file a clerk prepares for one decision: two new
grassroots committees founded, 70 cells moved under them, the 5 other cells merged into
moved ones, the three old committees dissolved — 80 rows that move every member. The rows
are written in the order a clerk might list them (dissolutions first, foundings last)
unless --ordered. It times `run_import(get_kind("restructurings"), …, commit=True)` as the
upload page runs it, checks that the figures hold afterwards, and prints the seconds.

    python bench/restructuring_import.py [--members 5136] [--ordered] [--keep]

The developer's database is never used: without a PostgreSQL DATABASE_URL the run uses a
fresh SQLite file in a temporary directory; with one, a separate
`<name>_bench_restructuring` database on the same server, dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import time
from pathlib import Path
from typing import Any

# bench/ is not a package; this puts bench/orgs.py's scratch database helpers in reach.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from orgs import Scratch, backend_version, log, prepare_scratch_database, setup_django

SCRATCH_SUFFIX = "_bench_restructuring"
FOUNDED = dt.date(2020, 1, 1)
ON = dt.date(2024, 1, 1)  # the roll is recorded from this day
EFFECTIVE = dt.date(2025, 7, 1)  # the decision's effective date
COMMITTEES = 3
CELLS = 75
MERGED = 5  # cells merged into others; the rest are moved


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=5136, help="members on the books")
    parser.add_argument(
        "--ordered",
        action="store_true",
        help="write the rows in dependency order (foundings, moves, dissolutions)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args(argv)


def build(members: int) -> tuple[Any, list[Any], list[Any]]:
    """The bloc, its committees and cells (through the actions), and the roll (in bulk)."""
    from django.contrib.auth import get_user_model

    from dangvu.members import actions as member_actions
    from dangvu.members.actions import Opening, PartyFile, Person
    from dangvu.orgs import actions
    from dangvu.orgs.kinds import OrgKind

    decision = actions.Decision(FOUNDED, "01-QĐ/TU", FOUNDED)
    bloc = actions.do_create_organisation(
        code="DBK",
        name="Đảng bộ Khối các cơ quan tỉnh",
        kind=OrgKind.BLOC,
        parent=None,
        decision=decision,
        acting_user=None,
    )
    committees = [
        actions.do_create_organisation(
            code=f"DBK.G{i + 1}",
            name=f"Đảng bộ Sở số {i + 1}",
            kind=OrgKind.GRASSROOTS_COMMITTEE,
            parent=bloc,
            decision=decision,
            acting_user=None,
        )
        for i in range(COMMITTEES)
    ]
    cells = [
        actions.do_create_organisation(
            code=f"{committees[i % COMMITTEES].code}.C{i + 1:02d}",
            name=f"Chi bộ Phòng số {i + 1}",
            kind=OrgKind.CELL,
            parent=committees[i % COMMITTEES],
            decision=decision,
            acting_user=None,
        )
        for i in range(CELLS)
    ]
    paths = {c.pk: c.path for c in cells}
    openings = []
    for n in range(members):
        cell = cells[n % CELLS]
        openings.append(
            Opening(
                person=Person(
                    full_name=f"Nguyễn Văn Thử {n + 1}",
                    birth_date=dt.date(1950 + n % 30, 1 + n % 12, 1 + n % 28),
                    sex="M" if n % 3 else "F",
                    identity_number=f"052{n + 1:09d}",
                ),
                organisation=cell,
                path=paths[cell.pk],
                on=ON,
                party_file=PartyFile(
                    dt.date(2000, 3, 1), dt.date(2000, 3, 10), dt.date(2001, 3, 10)
                ),
                status="FULL",
                card_number="",
            )
        )
    for start in range(0, len(openings), 500):
        member_actions.write_openings(openings[start : start + 500], None)
    user = get_user_model().objects.create_superuser("bench-sapxep", email="", password=None)
    return user, committees, cells


def file_rows(cells: list[Any], committees: list[Any], ordered: bool) -> list[list[str]]:
    from dangvu.core.importing import get_kind

    headers = [c.header for c in get_kind("restructurings").columns]
    day = EFFECTIVE.strftime("%d/%m/%Y")

    def row(action: str, code: str, **cells_: str) -> list[str]:
        values = {"Loại sắp xếp": action, "Mã tổ chức": code, "Ngày hiệu lực": day}
        values["Số quyết định"] = "25-QĐ/ĐUK"
        values.update(cells_)
        return [values.get(h, "") for h in headers]

    found = [
        row(
            "Thành lập",
            f"DBK.N{i + 1}",
            **{
                "Tên mới": f"Đảng bộ Sở mới số {i + 1}",
                "Loại tổ chức mới": "Đảng bộ cơ sở",
                "Tổ chức cấp trên mới": "DBK",
            },
        )
        for i in range(2)
    ]
    moved = cells[: CELLS - MERGED]
    moves = [
        row("Chuyển trực thuộc", c.code, **{"Tổ chức cấp trên mới": f"DBK.N{1 + i % 2}"})
        for i, c in enumerate(moved)
    ]
    merges = [
        row("Sáp nhập", c.code, **{"Tổ chức tiếp nhận": moved[i].code})
        for i, c in enumerate(cells[CELLS - MERGED :])
    ]
    dissolutions = [row("Giải thể, kết thúc hoạt động", g.code) for g in committees]
    if ordered:
        return [headers, *found, *moves, *merges, *dissolutions]
    # As a clerk may list them: the old committees first, then their cells, the new last.
    return [headers, *dissolutions, *merges, *moves, *found]


def run(args: argparse.Namespace, scratch: Scratch) -> int:
    from django.core.management import call_command

    from dangvu.core.importing import get_kind, run_import
    from dangvu.lib import sheets
    from dangvu.members import queries
    from dangvu.members.models import MemberEvent
    from dangvu.orgs.models import Organisation

    log(f"Backend: {backend_version()} — {scratch.label}")
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    user, committees, cells = build(args.members)
    log(
        f"Bloc: {COMMITTEES} grassroots committees, {CELLS} cells, {args.members:,} members "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    table = file_rows(cells, committees, args.ordered)
    data = sheets.write_csv(table[0], table[1:])
    log(
        f"File: {len(table) - 1} rows of one decision effective {EFFECTIVE:%d/%m/%Y}, "
        f"{'in dependency order' if args.ordered else 'dissolutions first, foundings last'}"
    )
    bloc = Organisation.objects.get(code="DBK")
    before = queries.members_at(bloc, EFFECTIVE)["total"]
    started = time.perf_counter()
    report = run_import(
        get_kind("restructurings"),
        data,
        "sap-xep.csv",
        user=user,
        scope=Organisation.objects.all(),
        commit=True,
    )
    seconds = time.perf_counter() - started
    for line in report.lines()[:8]:
        log(f"  {line}")
    moves = MemberEvent.objects.filter(restructuring__isnull=False, voided_at__isnull=True)
    after = queries.members_at(bloc, EFFECTIVE)["total"]
    ok = report.committed and before == after == args.members and moves.count() >= args.members
    log(
        f"Members of the bloc on {EFFECTIVE:%d/%m/%Y}: {after:,} (before the decision "
        f"{before:,}); moves recorded: {moves.count():,}"
    )
    log(
        f"SUMMARY: {len(table) - 1} rows moving {args.members:,} members imported in "
        f"{seconds:.1f} s ({'OK' if ok else 'FAILED'})"
    )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    scratch = prepare_scratch_database(SCRATCH_SUFFIX)
    try:
        setup_django()
        return run(args, scratch)
    finally:
        if args.keep:
            log(scratch.kept_note)
        else:
            scratch.cleanup()


if __name__ == "__main__":
    sys.exit(main())
