"""Benchmark of the first start (`make run` on a fresh checkout): migrate, seed, first page.

    .venv/bin/python bench/first_start.py            # migrate, bootstrap (seed_demo), serve
    .venv/bin/python bench/first_start.py --keep     # keep the scratch directory

Does what `make run` does, in a scratch directory that is never the developer's database:
a fresh SQLite file and data directory in a temporary directory (DATABASE_URL and
DANGVU_VAR_DIR point there; a PostgreSQL DATABASE_URL is ignored). Each step is a child
process, as under make:

1. `manage.py migrate --noinput`;
2. `manage.py bootstrap --host 127.0.0.1:<port>` with DEBUG=false, as make runs it: seeds
   the demo committee (its stage lines, `[n/N] name: count (s giây)`, give the time of
   each stage) and creates the administrator;
3. `manage.py runserver 127.0.0.1:<port> --noreload`, then over HTTP: the sign-in page,
   the sign-in with the printed account, and the home page `/` (must answer 200).

It prints the wall time of each step, the CPU time of the child processes, the seeding
stages, and the time from the start of migrate to the home page's answer against the
target of 90 seconds. CPU time is the steadier figure on a busy machine. The exit code is
0 whatever the timings are (1 only if a step fails). The last line starts with `SUMMARY:`.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 90.0
STAGE_LINE = re.compile(r"^\[(\d+)/(\d+)\] (.+?)(?:: ([\d.]+))? \((\d+,\d) giây\)$")
LOGIN_LINE = re.compile(r"đăng nhập: (\S+) / (\S+)")


@dataclass
class Step:
    name: str
    wall: float
    cpu: float


@dataclass
class Run:
    steps: list[Step] = field(default_factory=list)
    stages: list[tuple[str, str, float]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    first_page: float = 0.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the first start: migrate, seed, serve.")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--port", type=int, default=0, help="port to serve on (default: free)")
    return parser.parse_args(argv)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str, **extra: str) -> tuple[str, Step]:
    cpu, started = children_cpu(), time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**env, **extra},
        capture_output=True,
        text=True,
        check=False,
    )
    step = Step(args[0], time.monotonic() - started, children_cpu() - cpu)
    if done.returncode:
        sys.stdout.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed ({done.returncode})")
    return done.stdout, step


def wait_for(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"no answer from {url}") from None
            time.sleep(0.05)


def sign_in_and_open_home(base: str, username: str, password: str) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/accounts/login/", timeout=30) as page:
        page.read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/"}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=form, headers={"Referer": base + "/accounts/login/"}
    )
    with opener.open(request, timeout=30) as page:
        page.read()
    with opener.open(base + "/", timeout=60) as page:
        body = page.read().decode("utf-8", "replace")
        if "/accounts/login/" in page.url:
            raise SystemExit("the sign-in with the printed account was refused")
        if "Đăng xuất" not in body and "logout" not in body:
            raise SystemExit("the home page did not come back signed in")
        return int(page.status)


def first_start(workdir: Path, port: int) -> Run:
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'dangvu.sqlite3'}"
    env["DANGVU_VAR_DIR"] = str(workdir)
    env["PYTHONUNBUFFERED"] = "1"
    host = f"127.0.0.1:{port}"
    run = Run()
    started = time.monotonic()
    _, step = manage(env, "migrate", "--noinput")
    run.steps.append(step)
    # As `make run` does: the seed without the debug query log.
    out, step = manage(env, "bootstrap", "--host", host, DEBUG="false")
    run.steps.append(step)
    for line in out.splitlines():
        match = STAGE_LINE.match(line.strip())
        if match:
            run.stages.append((match[3], match[4] or "", float(match[5].replace(",", "."))))
        elif line.strip():
            run.summary.append(line.strip())
    login = LOGIN_LINE.search(out)
    if login is None:
        raise SystemExit("bootstrap printed no login:\n" + out)
    cpu, served = children_cpu(), time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", host, "--noreload"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://{host}"
        wait_for(base + "/accounts/login/", served + 60)
        status = sign_in_and_open_home(base, login[1], login[2])
        run.first_page = time.monotonic() - started
        run.steps.append(Step("runserver → /", time.monotonic() - served, 0.0))
        if status != 200:
            raise SystemExit(f"the home page answered {status}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    run.steps[-1].cpu = children_cpu() - cpu
    return run


def report(run: Run) -> None:
    print(f"{'step':<28} {'wall s':>8} {'CPU s':>8}")
    for step in run.steps:
        print(f"{step.name:<28} {step.wall:>8.1f} {step.cpu:>8.1f}")
    print()
    print(f"{'seeding stage':<52} {'rows':>8} {'s':>7}")
    for name, rows, seconds in run.stages:
        print(f"{name:<52} {rows:>8} {seconds:>7.1f}")
    print()
    print("bootstrap said:")
    for line in run.summary:
        print("  " + line)
    print()
    verdict = "OK" if run.first_page <= TARGET_SECONDS else "SLOW"
    cpu = sum(step.cpu for step in run.steps)
    print(
        f"SUMMARY: first page {run.first_page:.1f} s after the start of migrate "
        f"(target {TARGET_SECONDS:.0f} s: {verdict}); CPU {cpu:.1f} s; "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="dangvu-first-start-"))
    try:
        run = first_start(workdir, args.port or free_port())
        report(run)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
