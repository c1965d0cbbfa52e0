"""Load test: 50 people of different roles using Dangvu at once, as served in production.

    DATABASE_URL=postgres://dangvu:dangvu@127.0.0.1:5432/dangvu \
        .venv/bin/python bench/load/run.py [--users 50] [--minutes 10] [--members 5000]
                                           [--workers 5] [--keep] [--reuse]

1. Makes a scratch database (`<name>_bench_load`; `--reuse` takes the one a `--keep` run
   left), migrates it and seeds the demo committee (`seed_demo --members N`).
2. Creates the load test's accounts: the committee's Organisation Board, the secretaries
   of the largest grassroots committees and of cells, with the roles they have in life.
3. Serves the application as `docs/operations.md` says: gunicorn with `--workers`
   synchronous workers, `DANGVU_MODE=production`, static files collected, and the task
   worker (`manage.py db_worker`) beside it.
4. Times each page for one user alone (`--single` runs each, median), then runs Locust
   headless with `--users` users (`bench/load/locustfile.py`) for `--minutes`.
5. Prints, per page, the requests, failures, median, p95 and the ratio of p95 to the
   single-user median, and a SUMMARY line against the targets: p95 under 300 ms for pages
   and no error. Downloads and imports are listed apart: their target is the report's own.

Needs the `load` extra (`pip install -e '.[load]'`). The exit code is 0 whatever the times
(1 if the server could not be started or the run could not be made).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from orgs import backend_version, log, prepare_scratch_database, setup_django  # noqa: E402

PROJECT = HERE.parent.parent
PAGE_P95_TARGET_MS = 300.0
PASSWORD = "Tai-thu-" + secrets.token_hex(6)
SCRATCH_SUFFIX = "_bench_load"
# Requests that are not pages: their time is a report's or an import's, not a page's.
NOT_PAGES = ("report download", "import (check)", "import (write)", "sign in")
CELL_ACCOUNTS = 30
GRASSROOTS_ACCOUNTS = 8
OFFICE_ACCOUNTS = 4


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--members", type=int, default=5000, help="seed_demo --members")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument(
        "--single", type=int, default=20, help="seconds of one user alone, for each kind of user"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept scratch database")
    return parser.parse_args(argv)


def prepare(members: int, reused: bool) -> dict[str, Any]:
    """Seed (unless reused) and write the accounts; returns the plan the users follow."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count

    from dangvu.accounts.models import Role
    from dangvu.core.dates import today
    from dangvu.members.models import Member
    from dangvu.office.models import Reason
    from dangvu.orgs.kinds import OrgKind
    from dangvu.orgs.models import Organisation

    call_command("migrate", verbosity=0, interactive=False)
    # A reused database that a stopped run left empty (the seed is one transaction) is seeded.
    if not reused or not Organisation.objects.exists():
        started = time.perf_counter()
        call_command("seed_demo", members=members, verbosity=0)
        log(f"seed_demo --members {members}: {time.perf_counter() - started:.0f} s")
    users = get_user_model()
    root = Organisation.objects.get(parent__isnull=True)

    on_rolls = Member.objects.filter(status__gt="")

    def members_of(org: Organisation) -> list[int]:
        return list(
            on_rolls.filter(org_path__startswith=org.path)
            .order_by("?")
            .values_list("pk", flat=True)[:200]
        )

    def account(name: str, org: Organisation, kind: str) -> dict[str, Any]:
        user, _ = users.objects.get_or_create(username=name, defaults={"first_name": name})
        user.set_password(PASSWORD)
        user.save()
        Role.objects.get_or_create(user=user, organisation=org, kind=kind)
        ids = members_of(org)
        return {
            "username": name,
            "org_code": org.code,
            "member_ids": ids or [0],
            "member_pages": max(1, on_rolls.filter(org_path__startswith=org.path).count() // 50),
        }

    by_org = on_rolls.values_list("organisation").annotate(n=Count("id"))
    sizes = dict(by_org.values_list("organisation", "n"))
    active = Organisation.objects.filter(ended_on__isnull=True)
    cells = active.filter(kind__in=[OrgKind.CELL, OrgKind.GRASSROOTS_CELL])
    holding = sorted((o for o in cells if o.pk in sizes), key=lambda o: -sizes[o.pk])
    committees = sorted(
        active.filter(kind=OrgKind.GRASSROOTS_COMMITTEE),
        key=lambda o: -on_rolls.filter(org_path__startswith=o.path).count(),
    )
    plan: dict[str, Any] = {
        "password": PASSWORD,
        "today": today().strftime("%d/%m/%Y"),
        "commendation_reason": Reason.values[0],
        "accounts": {
            "office": [
                account(f"tai-bantochuc-{i}", root, Role.Kind.BOARD_ORGANISATION)
                for i in range(OFFICE_ACCOUNTS)
            ],
            "grassroots": [
                account(f"tai-coso-{i}", org, Role.Kind.GRASSROOTS_SECRETARY)
                for i, org in enumerate(committees[:GRASSROOTS_ACCOUNTS])
            ],
            "cell": [
                account(f"tai-chibo-{i}", org, Role.Kind.CELL_SECRETARY)
                for i, org in enumerate(holding[:CELL_ACCOUNTS])
            ],
        },
    }
    largest = committees[0]
    plan["report"] = {"org_code": largest.code, "year": today().year - 1}
    plan["import_csv"] = _import_csv(largest.code, Reason.labels[0])
    return plan


def _import_csv(org_code: str, reason: str) -> str:
    rows = [
        ["Tổ chức", "Phong trào, lý do", "Cấp khen thưởng", "Số quyết định", "Ngày quyết định"],
        *[
            [org_code, reason, "Ban Thường vụ Đảng ủy", f"{900 + i}-QĐ/ĐU", "15/01/2025"]
            for i in range(5)
        ],
    ]
    return "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows) + "\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status < 500:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def single_user_times(port: int, plan_file: Path, seconds: int, workdir: Path) -> dict[str, float]:
    """Each request of the mix for one user alone, without pauses: Locust with one user of
    each kind in turn, for `seconds` each; the median of each request."""
    medians: dict[str, float] = {}
    for kind in ("CommitteeOffice", "GrassrootsSecretary", "CellSecretary"):
        prefix = workdir / f"single-{kind}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--users",
                "1",
                "--spawn-rate",
                "1",
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
                kind,
            ],
            env={**os.environ, "DANGVU_LOAD_PLAN": str(plan_file), "DANGVU_LOAD_ALONE": "1"},
            check=False,
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for row in _stats(prefix):
            medians.setdefault(row["Name"], float(row["Median Response Time"]))
    return medians


def _show_server_errors(path: Path) -> None:
    """The server's tracebacks, if any request failed inside it: the first few lines of each."""
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    failures = [block for block in text.split("Traceback") if block.strip()][1:]
    if failures:
        log(f"The server logged {len(failures)} exception(s); the last lines of the first:")
        first = ("Traceback" + failures[0]).strip().splitlines()
        for line in first[-6:]:
            log("  " + line)


def _stats(prefix: Path) -> list[dict[str, str]]:
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if row["Name"] != "Aggregated"]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = prepare_scratch_database(SCRATCH_SUFFIX, reuse=args.reuse)
    workdir = Path(tempfile.mkdtemp(prefix="dangvu-load-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        os.environ["DANGVU_VAR_DIR"] = str(workdir / "var")
        setup_django()
        log(f"Backend: {backend_version()} — {scratch.label}")
        plan = prepare(args.members, scratch.reused)
        plan_file = workdir / "plan.json"
        plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        port = free_port()
        server_log = (workdir / "server.log").open("ab")
        env = {
            **os.environ,
            "DANGVU_MODE": "production",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(workdir / "static"),
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            env=env,
            cwd=PROJECT,
            check=True,
        )
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "dangvu.wsgi",
                    "--workers",
                    str(args.workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--access-logfile",
                    str(workdir / "access.log"),
                ],
                env=env,
                cwd=PROJECT,
                # Gunicorn's log and Django's (a request's traceback) in one file.
                stderr=server_log,
            )
        )
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker"],
                env=env,
                cwd=PROJECT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        if not wait_until_up(f"http://127.0.0.1:{port}/accounts/login/"):
            log("The server did not answer within a minute.")
            return 1
        log(
            f"Served by gunicorn ({args.workers} workers) in production mode on port {port}; "
            f"{sum(len(a) for a in plan['accounts'].values())} accounts"
        )
        single = single_user_times(port, plan_file, args.single, workdir)
        log(f"Single user: {len(single)} requests timed")
        prefix = workdir / "load"
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(max(1, args.users // 10)),
                "--run-time",
                f"{int(args.minutes * 60)}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "DANGVU_LOAD_PLAN": str(plan_file)},
            check=False,
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - started
        outcome = report(_stats(prefix), single, args, elapsed)
        _show_server_errors(workdir / "server.log")
        return outcome
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if args.keep:
            log(scratch.kept_note)
        else:
            scratch.cleanup()


def report(rows: list[dict[str, str]], single: dict[str, float], args: Any, elapsed: float) -> int:
    if not rows:
        log("Locust wrote no statistics: the run did not happen.")
        return 1
    header = (
        f"{'request':<46} {'count':>7} {'fail':>5} {'median':>7} {'p95':>6} "
        f"{'single':>7} {'p95/single':>10}  result"
    )
    log("")
    log(header)
    log("-" * len(header))
    slow: list[str] = []
    errors = 0
    requests = 0
    for row in sorted(rows, key=lambda r: r["Name"]):
        name = row["Name"]
        count, fails = int(row["Request Count"]), int(row["Failure Count"])
        p95, median = float(row["95%"]), float(row["Median Response Time"])
        requests += count
        errors += fails
        page = not name.startswith(NOT_PAGES)
        alone = single.get(name)
        ratio = f"{p95 / alone:.1f}" if alone else ""
        verdict = "OK"
        if fails:
            verdict = "ERRORS"
        elif page and p95 >= PAGE_P95_TARGET_MS:
            verdict = "SLOW"
            slow.append(f"{name} p95 {p95:.0f} ms")
        elif not page:
            verdict = "(not a page)"
        log(
            f"{name[:46]:<46} {count:>7,} {fails:>5} {median:>7.0f} {p95:>6.0f} "
            f"{'' if alone is None else format(alone, '.0f'):>7} {ratio:>10}  {verdict}"
        )
    log(
        "(ms; p95: 95th percentile under load; single: median for one user alone; pages must "
        f"keep p95 under {PAGE_P95_TARGET_MS:g} ms with no error)"
    )
    pages = f"all under {PAGE_P95_TARGET_MS:g} ms" if not slow else "SLOW: " + "; ".join(slow)
    log(
        f"SUMMARY: {args.users} users for {elapsed / 60:.1f} min, {requests:,} requests "
        f"({requests / elapsed:.1f}/s), {errors} errors; pages p95 "
        f"{pages}"
        f"; {dt.date.today().isoformat()}, {backend_version()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
