"""Benchmark of the spreadsheet import of the member roll (the "members" import kind).

Builds a bloc of about 70 grassroots organisations and 400 cells in a throw-away database
(the bulk builder of bench/orgs.py), writes a file of N members in the format of the
import template, then times `run_import` on it as the web page and `import_records` run
it: first a check (commit=False, the preview) under tracemalloc, then the import itself
(commit=True), with the process's peak RSS. It checks that every row became a member.

    python bench/import.py [--rows 5000,100000] [--format xlsx|csv] [--seed 2021]
                           [--max-minutes 15] [--tracemalloc check|import|off]
                           [--profile] [--explain] [--keep]

The developer's database is never used: without a PostgreSQL DATABASE_URL the run uses a
fresh SQLite file in a temporary directory; with one, it uses a separate
`<name>_bench_import` database on the same server, dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import os
import pstats
import random
import re
import resource
import signal
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

# bench/ is not a package; putting it on the path lets the scratch database and the tree
# builder of bench/orgs.py, and the name generator of bench/members.py, be imported.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import FEMALE_SHARE, Generator
from orgs import (
    Scratch,
    Tree,
    backend_version,
    build_tree,
    log,
    prepare_scratch_database,
    prepare_statistics,
    setup_django,
)

if TYPE_CHECKING:
    from dangvu.core.importing import Report

SCRATCH_SUFFIX = "_bench_import"
DEFAULT_ROWS = "5000,100000"
# Identity numbers end in a 6-digit serial, so a file holds fewer than a million rows.
MAX_ROWS = 999_999

# The bloc: one provincial committee with about 70 grassroots organisations and 400 cells.
GRASSROOTS = 70
CELLS = 400
# bench/orgs.py founds the tree on 1 January of the year before its first year.
FIRST_YEAR = 2021
# "Ghi nhận từ ngày": the day the records on Đảng vụ begin, the same for every row.
ON = dt.date(2024, 1, 1)
# Members still on probation on ON: admitted during 2023, no full-member date, no card.
PROBATIONARY_SHARE = 0.03

# Targets from the issue: 5,000 rows in 10 s; 100,000 rows in 2 minutes and 500 MB.
# Other sizes get the slower of 10 s and the 100,000-row rate (833 rows/s).
TIME_TARGETS = {5_000: 10.0, 100_000: 120.0}
MEMORY_TARGET_MB = 500.0

PROVINCE_CODES = ("001", "031", "038", "040", "046", "048", "052", "079", "092", "096")
ETHNICITIES = (("Kinh", 85.0), ("Tày", 3.0), ("Thái", 3.0), ("Mường", 3.0), ("Khmer", 3.0))
# (province, detail): the province column takes a name, the rest goes in the detail.
PLACES = (
    ("Bình Định", "Phù Cát"),
    ("Bình Định", "Quy Nhơn"),
    ("Bình Định", "Hoài Nhơn"),
    ("Quảng Ngãi", "Sơn Tịnh"),
    ("Quảng Nam", "Điện Bàn"),
    ("Đà Nẵng", "Hải Châu"),
    ("Thừa Thiên Huế", "Hương Trà"),
    ("Nghệ An", "Nam Đàn"),
    ("Hà Nội", "Thanh Trì"),
    ("Thành phố Hồ Chí Minh", "Gò Vấp"),
)
EXPERTISE = ("Luật", "Xây dựng", "Kinh tế", "Y đa khoa", "Sư phạm", "")
QUALIFICATION = ("Đại học", "Đại học", "Thạc sĩ", "Trung cấp", "Cao đẳng", "")
THEORY = ("Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân", "")
# (occupation category, job, post)
JOBS = (
    ("Cán bộ, công chức", "Công chức", "Chuyên viên"),
    ("Viên chức", "Giáo viên", ""),
    ("Công nhân", "Công nhân cơ khí", ""),
    ("Nông dân", "Trồng lúa", ""),
    ("Nghỉ hưu, nghỉ mất sức", "Cán bộ hưu trí", ""),
    ("Cán bộ, công chức", "Công chức", "Phó Trưởng phòng"),
)


# --- command line ---------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time the import of a member roll of N rows into a scratch database.",
    )
    parser.add_argument(
        "--rows", default=DEFAULT_ROWS, help=f"comma-separated sizes (default {DEFAULT_ROWS})"
    )
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--seed", type=int, default=2021, help="random seed")
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=15.0,
        help="skip a size whose time, extrapolated from the previous size, exceeds this",
    )
    parser.add_argument(
        "--tracemalloc",
        choices=("check", "import", "off"),
        default="check",
        help="where tracemalloc runs, since it slows Python several times: 'check' (default) "
        "in a check pass (commit=False, the preview) before the untraced import; 'import' "
        "around the timed import itself, with no check pass; 'off' nowhere",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run the import under cProfile and print where the time goes (slower)",
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the plans of the slowest SELECTs"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(part.replace("_", "")) for part in args.rows.split(",")})
    except ValueError:
        parser.error(f"--rows must be numbers separated by commas, got {args.rows!r}")
    if not args.sizes or args.sizes[0] < 1 or args.sizes[-1] > MAX_ROWS:
        parser.error(f"--rows must be between 1 and {MAX_ROWS:,}")
    return args


def time_target(rows: int) -> float:
    if rows in TIME_TARGETS:
        return TIME_TARGETS[rows]
    return max(TIME_TARGETS[5_000], TIME_TARGETS[100_000] * rows / 100_000)


# --- the file -------------------------------------------------------------------------


@dataclass
class Expected:
    """What one row should become, for the spot checks after the import."""

    identity_number: str
    full_name: str
    birth_date: dt.date
    sex: str
    cell_code: str
    status: str
    card_number: str


@dataclass
class RowMaker:
    """Draws member rows in the import's column order; one call of `row` per member."""

    rng: random.Random
    names: Generator
    headers: list[str]
    cell_codes: list[str]
    probationary: int = 0
    sample_every: int = 1
    samples: list[Expected] = field(default_factory=list)

    def days(self, low: dt.date, high: dt.date) -> dt.date:
        return low + dt.timedelta(days=self.rng.randint(0, (high - low).days))

    def row(self, index: int) -> list[object]:
        from dangvu.core.dates import add_months, add_years

        rng = self.rng
        female = rng.random() < FEMALE_SHARE
        name, _ = self.names.full_name("F" if female else "M")
        card = ""
        full = card_date = None
        if rng.random() < PROBATIONARY_SHARE:
            # Still on probation on ON: probation began less than 12 months before.
            admitted = self.days(dt.date(2023, 2, 1), dt.date(2023, 12, 15))
            ceremony = admitted + dt.timedelta(days=rng.randint(0, 14))
            self.probationary += 1
        else:
            admitted = self.days(dt.date(1975, 1, 1), dt.date(2022, 10, 1))
            ceremony = admitted + dt.timedelta(days=rng.randint(0, 14))
            full = add_months(ceremony, 12) + dt.timedelta(days=rng.randint(0, 30))
            # Text with its leading zeros, as the template's Text column keeps them.
            card = f"{index + 1:08d}"
            card_date = min(full + dt.timedelta(days=rng.randint(30, 365)), ON)
        birth = add_years(admitted, -rng.randint(18, 40)) - dt.timedelta(days=rng.randint(0, 364))
        # A citizen identity number: province, sex and century, year of birth, serial.
        century = (birth.year // 100 - 19) * 2 + (1 if female else 0)
        identity = f"{rng.choice(PROVINCE_CODES)}{century}{birth.year % 100:02d}{index:06d}"
        cell = rng.choice(self.cell_codes)
        occupation, job, post = rng.choice(JOBS)
        home, lives = rng.choice(PLACES), rng.choice(PLACES)
        values: dict[str, object] = {
            "Họ và tên": name,
            "Ngày sinh": birth,
            "Giới tính": "Nữ" if female else "Nam",
            "Dân tộc": rng.choices([e for e, _ in ETHNICITIES], [w for _, w in ETHNICITIES])[0],
            "Tôn giáo": "Không",
            "Số CCCD": identity,
            "Quê quán: tỉnh, thành phố": home[0],
            "Quê quán": home[1],
            "Nơi cư trú: tỉnh, thành phố": lives[0],
            "Nơi cư trú": lives[1],
            "Giáo dục phổ thông": "12/12",
            "Trình độ chuyên môn": rng.choice(QUALIFICATION),
            "Chuyên môn": rng.choice(EXPERTISE),
            "Lý luận chính trị": rng.choice(THEORY),
            "Nghề nghiệp": occupation,
            "Công việc chính": job,
            "Chức vụ": post,
            "Điện thoại": f"09{rng.randrange(10**8):08d}",
            "Chi bộ": cell,
            "Ghi nhận từ ngày": ON,
            "Ngày kết nạp": admitted,
            "Ngày lễ kết nạp": ceremony,
            "Ngày chính thức": full,
            "Số thẻ đảng viên": card,
            "Ngày cấp thẻ": card_date,
        }
        if index % self.sample_every == 0:
            self.samples.append(
                Expected(
                    identity,
                    name,
                    birth,
                    "F" if female else "M",
                    cell,
                    "FULL" if full else "PROBATIONARY",
                    card,
                )
            )
        return [values.get(header.removesuffix(" *")) for header in self.headers]


def write_file(maker: RowMaker, rows: int, fmt: str) -> bytes:
    """The file as a user would upload it, written as it is generated.

    xlsx goes through `sheets.write_table` (openpyxl write-only), with the identity, phone
    and card numbers as Text cells and dates as Excel dates; csv through `write_csv`.
    """
    from dangvu.lib import sheets

    generated = (maker.row(i) for i in range(rows))
    if fmt == "csv":
        return sheets.write_csv(maker.headers, generated)
    text_columns = {
        i
        for i, header in enumerate(maker.headers)
        if header.removesuffix(" *") in ("Số CCCD", "Điện thoại", "Số thẻ đảng viên")
    }
    return sheets.write_table(maker.headers, generated, text_columns=text_columns)


# --- measuring ------------------------------------------------------------------------


def rss_mb() -> float:
    """The current resident set size, from /proc (0 where there is none)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def maxrss_mb() -> float:
    """resource.getrusage(RUSAGE_SELF).ru_maxrss in MB (kilobytes on Linux, bytes on macOS)."""
    value = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return value / 2**20 if sys.platform == "darwin" else value / 1024


def reset_peak_rss() -> bool:
    """Reset the kernel's RSS high-water mark (Linux), so ru_maxrss covers what follows."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


_VERB = re.compile(r"\s*(\w+)")
_SAVEPOINT = ("SAVEPOINT", "RELEASE", "ROLLBACK")
_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass
class Statement:
    count: int = 0
    seconds: float = 0.0
    params: Any = None


class StatementCounter:
    """Counts and times the SQL statements run, by text; grouped by verb and table after.

    Wrapping costs about a microsecond a statement, against the tens to hundreds each
    takes through the ORM, so the import is measured with it on.
    """

    def __init__(self) -> None:
        self.by_sql: dict[str, Statement] = {}

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            # Savepoint names are unique: keyed by their text, they would grow with the rows.
            key = f"{sql.split(' ', 1)[0]} (savepoint)" if sql.startswith(_SAVEPOINT) else sql
            entry = self.by_sql.get(key)
            if entry is None:
                entry = self.by_sql[key] = Statement(params=None if many else params)
            entry.count += 1
            entry.seconds += seconds

    def total(self) -> int:
        return sum(e.count for e in self.by_sql.values())

    def seconds(self) -> float:
        return sum(e.seconds for e in self.by_sql.values())

    def grouped(self) -> list[tuple[str, Statement]]:
        groups: dict[str, Statement] = {}
        for sql, entry in self.by_sql.items():
            verb_match = _VERB.match(sql)
            verb = verb_match[1].upper() if verb_match else "?"
            if verb in _SAVEPOINT:
                name = f"{verb} (savepoint)"
            else:
                table = _TABLE.search(sql)
                name = f"{verb} {table[1] if table else ''}".strip()
            group = groups.setdefault(name, Statement())
            group.count += entry.count
            group.seconds += entry.seconds
        return sorted(groups.items(), key=lambda item: -item[1].seconds)

    def slowest(self, n: int) -> list[tuple[str, Statement]]:
        return sorted(self.by_sql.items(), key=lambda item: -item[1].seconds)[:n]


@dataclass
class Pass:
    """One call of run_import and what it cost."""

    seconds: float
    cpu_seconds: float
    report: Report
    tracemalloc_mb: float | None = None
    rss_before_mb: float = 0.0
    peak_rss_mb: float = 0.0
    peak_is_import_only: bool = False
    statements: StatementCounter | None = None
    profile: cProfile.Profile | None = None


def import_pass(
    data: bytes, filename: str, user: Any, *, commit: bool, trace: bool, profile: bool
) -> Pass:
    from django.db import connection

    from dangvu.core.importing import get_kind, run_import
    from dangvu.orgs.models import Organisation

    kind = get_kind("members")
    counter = StatementCounter()
    profiler = cProfile.Profile() if profile else None
    gc.collect()
    rss_before = rss_mb()
    reset = reset_peak_rss()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    cpu_started = time.process_time()
    with connection.execute_wrapper(counter):
        if profiler is not None:
            profiler.enable()
        report = run_import(
            kind,
            data,
            filename,
            user=user,
            scope=Organisation.objects.all(),
            commit=commit,
        )
        if profiler is not None:
            profiler.disable()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    traced = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return Pass(
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        report=report,
        tracemalloc_mb=traced,
        rss_before_mb=rss_before,
        peak_rss_mb=maxrss_mb(),
        peak_is_import_only=reset,
        statements=counter,
        profile=profiler,
    )


def one_line(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


def print_statements(counter: StatementCounter, rows: int, seconds: float) -> None:
    """Statements per row and where the database time goes, with the slowest texts."""
    total, db_seconds = counter.total(), counter.seconds()
    per = max(rows, 1)
    log(
        f"  SQL: {total:,} statements ({total / per:.1f} a row), {db_seconds:.1f} s inside "
        f"cursor.execute ({100 * db_seconds / seconds:.0f}% of the import; the rest is Python)"
    )
    log("    a row    ms a row  statement (by time in cursor.execute)")
    for name, entry in counter.grouped()[:16]:
        log(f"    {entry.count / per:5.2f}  {1000 * entry.seconds / per:9.3f}  {name}")
    log("  Slowest statement texts (total time):")
    for sql, entry in counter.slowest(4):
        text = one_line(sql)
        text = text if len(text) <= 150 else text[:100] + " … " + text[-47:]
        log(f"    {entry.seconds:7.1f} s  {entry.count:>9,} ×  {text}")


def explain_slowest(counter: StatementCounter, n: int) -> None:
    """The query plans of the `n` SELECTs that took longest, with parameters seen."""
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    selects = [
        (sql, entry)
        for sql, entry in counter.slowest(len(counter.by_sql))
        if sql.lstrip().upper().startswith("SELECT") and entry.params is not None
    ]
    for sql, entry in selects[:n]:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, entry.params)
            plan = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
        text = one_line(sql)
        table = _TABLE.search(text)
        where = text[text.find(" WHERE ") :] if " WHERE " in text else ""
        source = table[0] if table else ""
        log(f"  Plan of SELECT … {source} …{where[:160]} ({entry.seconds:.1f} s):")
        for line in plan:
            log(f"      {line}")


def print_profile(profiler: cProfile.Profile) -> None:
    """The application's functions by cumulative time, then everything by own time."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"/dangvu/", 45)
    stats.sort_stats("tottime").print_stats(20)
    root = str(Path(__file__).resolve().parent.parent) + os.sep
    log("  Profile of the import:")
    for line in out.getvalue().splitlines():
        if line.strip():
            line = re.sub(r"\S*site-packages/", "", line.replace(root, ""))
            log("    " + line)


# --- checks ---------------------------------------------------------------------------


def check_result(report: Report, rows: int, maker: RowMaker) -> list[str]:
    """Every row a member with one OPENING event and one interval; samples as written."""
    from dangvu.members.kinds import EventKind
    from dangvu.members.models import Member, MemberEvent, MembershipInterval

    failures: list[str] = []
    if not report.ok or report.problems:
        first = report.problems[:3] or report.duplicates[:3]
        failures.append(
            f"report not ok: {len(report.problems)} problems, {len(report.duplicates)} "
            f"possible duplicates; first: {[(p.row, p.column, p.message) for p in first]}"
        )
    if not report.committed:
        failures.append("report says nothing was written")
    if report.rows != rows or report.created != rows:
        failures.append(f"report: {report.rows} rows, {report.created} created; expected {rows}")
    if report.extra_headers:
        failures.append(f"unused columns: {report.extra_headers}")
    members = Member.objects.count()
    if members != rows:
        failures.append(f"Member count {members:,} != {rows:,}")
    events = MemberEvent.objects.filter(kind=EventKind.OPENING).count()
    if events != rows:
        failures.append(f"OPENING events {events:,} != {rows:,}")
    intervals = MembershipInterval.objects.count()
    if intervals != rows:
        failures.append(f"membership intervals {intervals:,} != {rows:,}")
    probationary = Member.objects.filter(status="PROBATIONARY").count()
    if probationary != maker.probationary:
        failures.append(f"probationary members {probationary:,} != {maker.probationary:,}")
    for want in maker.samples:
        got = (
            Member.objects.filter(identity_number=want.identity_number)
            .values_list(
                "full_name", "birth_date", "sex", "organisation__code", "status", "card_number"
            )
            .first()
        )
        expected = (
            want.full_name,
            want.birth_date,
            want.sex,
            want.cell_code,
            want.status,
            want.card_number,
        )
        if got != expected:
            failures.append(f"member {want.identity_number}: {got} != {expected}")
    return failures


def clear_members() -> None:
    """Remove what an import wrote, so that the next size starts from no members."""
    from dangvu.members.models import Member, MemberEvent, MembershipInterval

    MembershipInterval.objects.all().delete()
    MemberEvent.objects.all().delete()
    Member.objects.all().delete()


# --- main -----------------------------------------------------------------------------


@dataclass
class Outcome:
    rows: int
    seconds: float | None = None
    peak_mb: float | None = None
    traced_mb: float | None = None
    consistent: bool = True
    skipped: str = ""
    note: str = ""

    @property
    def time_ok(self) -> bool:
        return self.seconds is not None and self.seconds < time_target(self.rows)

    @property
    def memory_ok(self) -> bool:
        return self.peak_mb is not None and self.peak_mb < MEMORY_TARGET_MB


def verdict(ok: bool) -> str:
    return "OK" if ok else "SLOW"


def load_text() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.1f} / {five:.1f} (1 / 5 min) on {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A run stopped with kill (SIGTERM) still removes its scratch database.
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


def build_world(args: argparse.Namespace) -> tuple[Tree, list[str], Any]:
    """The bloc, its active cells' codes, and a superuser to import as."""
    from django.contrib.auth import get_user_model

    from dangvu.orgs.kinds import OrgKind
    from dangvu.orgs.models import Organisation, OrganisationVersion
    from dangvu.orgs.queries import valid_on

    shape = argparse.Namespace(
        provinces=1, grassroots=GRASSROOTS, cells=CELLS, first_year=FIRST_YEAR
    )
    tree = build_tree(shape, random.Random(args.seed), log)
    cell_ids = [pk for pk, node in tree.nodes.items() if node.kind == OrgKind.CELL]
    # Cells are real organisations, active cells on ON (no restructuring ends them here).
    live = (
        Organisation.objects.filter(pk__in=cell_ids, ended_on__isnull=True, path__gt="")
        .filter(
            pk__in=OrganisationVersion.objects.filter(kind=OrgKind.CELL, **valid_on(ON)).values(
                "organisation_id"
            )
        )
        .count()
    )
    if live != len(cell_ids):
        raise SystemExit(f"only {live} of {len(cell_ids)} cells are active")
    codes = sorted(tree.nodes[pk].code for pk in cell_ids)
    user = get_user_model().objects.create_superuser("bench-import", email="", password=None)
    return tree, codes, user


@dataclass
class Plan:
    """Rates seen so far, to skip what would run past --max-minutes."""

    limit_minutes: float
    import_rate: float | None = None
    check_rate: float | None = None

    def minutes(self, rows: int, rate: float | None) -> float:
        return rows / rate / 60 if rate else 0.0


def run(args: argparse.Namespace, scratch: Scratch) -> int:
    from django.core.management import call_command

    from dangvu.core.dates import today
    from dangvu.core.importing import get_kind
    from dangvu.lib import sheets

    log(f"Backend: {backend_version()} — {scratch.label}")
    log(
        f"Sizes: {', '.join(f'{n:,}' for n in args.sizes)} rows of the «members» import, "
        f".{args.format}; recorded from {ON:%d/%m/%Y}; tracemalloc: {args.tracemalloc}"
        f"{'; cProfile on the import' if args.profile else ''}"
    )
    log(f"Machine: {load_text()}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"Migrated in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    log("Organisation tree (bulk, as bench/orgs.py builds it):")
    tree, codes, user = build_world(args)
    log(
        f"  {len(tree.nodes):,} organisations, {len(codes)} cells, in "
        f"{time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    note = prepare_statistics()
    log(f"Planner statistics: {note} ({time.perf_counter() - started:.1f} s)")

    headers = [c.template_column().label for c in get_kind("members").columns]
    filename = f"bench.{args.format}"
    plan = Plan(args.max_minutes)
    outcomes: list[Outcome] = []
    for position, rows in enumerate(args.sizes):
        log("")
        log(f"=== {rows:,} rows ===")
        estimate = plan.minutes(rows, plan.import_rate)
        if estimate > plan.limit_minutes:
            reason = f"import extrapolated to {estimate:.0f} min > --max-minutes"
            log(f"SKIPPED: {reason} {plan.limit_minutes:g}")
            outcomes.append(Outcome(rows, skipped=reason))
            continue
        check_pass = args.tracemalloc == "check"
        check_estimate = estimate + plan.minutes(rows, plan.check_rate)
        if check_pass and check_estimate > plan.limit_minutes:
            log(
                f"Check pass skipped: with it, the size is extrapolated to {check_estimate:.0f} "
                f"min > --max-minutes {plan.limit_minutes:g} (use --tracemalloc import)"
            )
            check_pass = False

        rng = random.Random(args.seed + rows)
        maker = RowMaker(
            rng, Generator(rng, tree, today()), headers, codes, sample_every=max(1, rows // 25)
        )
        gc.collect()
        rss_before_file = rss_mb()
        started = time.perf_counter()
        data = write_file(maker, rows, args.format)
        seconds = time.perf_counter() - started
        log(
            f"File: {len(data) / 2**20:.1f} MB .{args.format} written in {seconds:.1f} s "
            f"({rows / seconds:,.0f} rows/s); RSS {rss_before_file:.0f} → {rss_mb():.0f} MB; "
            f"{maker.probationary:,} probationary, {rows - maker.probationary:,} full members"
        )
        if len(data) > sheets.MAX_BYTES:
            # read_rows refuses it before reading a row, as the upload page would.
            reason = (
                f"the .{args.format} is {len(data) / 2**20:.1f} MB, over the upload limit of "
                f"{sheets.MAX_BYTES / 2**20:g} MB (sheets.MAX_BYTES)"
            )
            log(f"SKIPPED: {reason}")
            outcomes.append(Outcome(rows, skipped=reason))
            continue

        traced_mb: float | None = None
        if check_pass:
            check = import_pass(data, filename, user, commit=False, trace=True, profile=False)
            plan.check_rate = rows / check.seconds
            traced_mb = check.tracemalloc_mb
            log(
                f"Check pass (commit=False, under tracemalloc): {check.seconds:.1f} s "
                f"({plan.check_rate:,.0f} rows/s); tracemalloc peak {traced_mb:.0f} MB; "
                f"RSS {check.rss_before_mb:.0f} MB at start, peak {check.peak_rss_mb:.0f} MB "
                f"(with tracemalloc's own); report ok: {check.report.ok}, "
                f"{check.report.created:,} to create, written: {check.report.committed}"
            )
            del check

        peak_before = maxrss_mb()
        trace_import = args.tracemalloc == "import"
        done = import_pass(
            data, filename, user, commit=True, trace=trace_import, profile=args.profile
        )
        del data
        report = done.report
        plan.import_rate = rows / done.seconds
        flags = [
            flag
            for flag, on in (("under tracemalloc", trace_import), ("under cProfile", args.profile))
            if on
        ]
        slowed = f" ({', '.join(flags)})" if flags else ""
        log(
            f"Import (commit=True){slowed}: {done.seconds:.1f} s ({plan.import_rate:,.0f} rows/s)"
            f", CPU time of this process {done.cpu_seconds:.1f} s; {report.created:,} created, "
            f"{report.unchanged:,} unchanged, {len(report.problems)} problems"
        )
        if trace_import:
            traced_mb = done.tracemalloc_mb
            log(f"  tracemalloc peak {traced_mb:.0f} MB")
        if done.peak_is_import_only:
            log(
                f"  RSS {done.rss_before_mb:.0f} MB at start, peak {done.peak_rss_mb:.0f} MB "
                f"during the import (ru_maxrss, high-water mark reset just before); "
                f"ru_maxrss of the whole run up to the import: {peak_before:.0f} MB"
            )
        else:
            log(
                f"  RSS {done.rss_before_mb:.0f} MB at start; ru_maxrss {done.peak_rss_mb:.0f} MB "
                "(the whole process: includes everything before the import)"
            )
        if done.statements is not None:
            print_statements(done.statements, rows, done.seconds)
            if args.explain:
                explain_slowest(done.statements, 4)
        if done.profile is not None:
            print_profile(done.profile)

        failures = check_result(report, rows, maker)
        for failure in failures[:10]:
            log(f"  FAILED: {failure}")
        consistent = not failures
        log("consistency: OK" if consistent else f"consistency: FAILED ({len(failures)} problems)")
        outcome = Outcome(
            rows, done.seconds, done.peak_rss_mb, traced_mb, consistent, note=", ".join(flags)
        )
        outcomes.append(outcome)
        log(
            f"  time {done.seconds:.1f} s, target < {time_target(rows):g} s: "
            f"{verdict(outcome.time_ok)}{slowed}; peak RSS {done.peak_rss_mb:.0f} MB, "
            f"target < {MEMORY_TARGET_MB:g} MB: {verdict(outcome.memory_ok)}"
        )
        if position + 1 < len(args.sizes):
            started = time.perf_counter()
            clear_members()
            log(f"  (members removed for the next size in {time.perf_counter() - started:.1f} s)")

    log("")
    log(f"Machine at the end: {load_text()}")
    print_outcomes(outcomes)
    measured = [o for o in outcomes if o.seconds is not None]
    checks = [ok for o in measured for ok in (o.time_ok, o.memory_ok)]
    slow = [
        f"{o.rows:,} rows {o.seconds:.0f} s / {o.peak_mb:.0f} MB"
        for o in measured
        if not (o.time_ok and o.memory_ok)
    ]
    consistent = all(o.consistent for o in measured)
    parts = []
    for o in outcomes:
        if o.seconds is None or o.peak_mb is None:
            parts.append(f"{o.rows:,} rows skipped")
            continue
        traced = f", tracemalloc {o.traced_mb:.0f} MB" if o.traced_mb is not None else ""
        note = f" ({o.note})" if o.note else ""
        parts.append(
            f"{o.rows:,} rows in {o.seconds:.1f} s{note} ({o.rows / o.seconds:,.0f}/s, "
            f"peak RSS {o.peak_mb:.0f} MB{traced})"
        )
    log(
        f"SUMMARY: {sum(checks)}/{len(checks)} OK "
        f"({'all within target' if not slow else 'SLOW: ' + '; '.join(slow)}) on "
        f"{backend_version()}, .{args.format}: {'; '.join(parts)}; "
        f"consistency {'OK' if consistent else 'FAILED'}"
    )
    # Timings never fail the run; an import that does not turn each row into a member does.
    return 0 if consistent else 1


def print_outcomes(outcomes: list[Outcome]) -> None:
    header = (
        f"{'rows':>9} {'seconds':>9} {'rows/s':>8} {'target':>8} {'time':>5}  "
        f"{'tracemalloc':>11} {'peak RSS':>9} {'target':>8} {'memory':>6}  consistency"
    )
    log(header)
    log("-" * len(header))
    for o in outcomes:
        if o.seconds is None or o.peak_mb is None:
            log(f"{o.rows:>9,} SKIPPED ({o.skipped})")
            continue
        traced = f"{o.traced_mb:.0f} MB" if o.traced_mb is not None else "-"
        log(
            f"{o.rows:>9,} {o.seconds:>9.1f} {o.rows / o.seconds:>8,.0f} "
            f"{'< ' + format(time_target(o.rows), 'g') + ' s':>8} {verdict(o.time_ok):>5}  "
            f"{traced:>11} {o.peak_mb:>6.0f} MB {'< ' + format(MEMORY_TARGET_MB, 'g') + ' MB':>8} "
            f"{verdict(o.memory_ok):>6}  {'OK' if o.consistent else 'FAILED'}"
            + (f"  ({o.note})" if o.note else "")
        )
    log(
        "(time: the import with commit=True; peak RSS: the process's high-water mark during "
        "it; tracemalloc: the peak of the traced pass, Python allocations only)"
    )


if __name__ == "__main__":
    sys.exit(main())
