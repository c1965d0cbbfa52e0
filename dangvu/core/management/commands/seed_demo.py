"""Build the demo committee: its organisations, their members and their history up to today."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from dangvu.congresses.demo import seed_congresses
from dangvu.core.dates import today
from dangvu.core.management.progress import Progress
from dangvu.core.rules import rules_cached
from dangvu.dues.demo import seed_dues
from dangvu.education.demo import seed_education
from dangvu.exchange.demo import seed_exchange
from dangvu.inspection.demo import member_discipline, seed_inspection
from dangvu.lib.vnformat import fmt_number
from dangvu.meetings.demo import seed_meetings
from dangvu.members.demo import seed_members
from dangvu.office.demo import seed_office, seed_plans
from dangvu.orgs import queries
from dangvu.orgs.demo import START, build_tree, history_steps
from dangvu.orgs.kinds import KIND_PLURAL, OrgKind
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import versions_cached
from dangvu.papers.demo import seed_papers
from dangvu.personnel.demo import seed_personnel
from dangvu.rating.demo import seed_rating
from dangvu.reports.demo import seed_issued, seed_report_heading
from dangvu.transit.demo import seed_transit

# Tree, members' opening balances, their years, then the five boards' records, the cells'
# meetings, the terms and congresses, the dues, the quality rating,
# then last year's annual report issued, and a member received from a neighbour.
STAGES = 15


def _stage(
    progress: Progress,
    name: str,
    seed: Callable[[Organisation, random.Random], dict[str, int]],
    bloc: Organisation,
    rng: random.Random,
) -> dict[str, int]:
    progress.stage(name)
    counts = seed(bloc, rng)
    progress.tick(sum(counts.values()))
    return counts


@contextmanager
def seeding_connection() -> Iterator[None]:
    """On SQLite, this connection alone trades durability for speed while it seeds.

    The seed is one transaction into an empty database: if the machine stops midway there
    is nothing to keep, so the commit need not wait for the disk (synchronous=OFF), and a
    larger page cache keeps the growing indexes in memory. The settings' values come back
    at the end.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # Inside a caller's transaction (a test) the safety level cannot change.
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-131072")  # 128 MB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={int(synchronous)}")
            cursor.execute(f"PRAGMA cache_size={int(cache_size)}")


class Command(BaseCommand):
    help = "Tạo đảng bộ mẫu (tổ chức, đảng viên và lịch sử) trong cơ sở dữ liệu trống."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2020, help="Hạt giống ngẫu nhiên.")
        parser.add_argument(
            "--members", type=int, default=5000, help="Số đảng viên mẫu (khoảng); 0: không tạo."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.exists():
            raise CommandError(
                "Cơ sở dữ liệu đã có tổ chức; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống."
            )
        started = time.monotonic()
        rng = random.Random(options["seed"])
        with_members = options["members"] > 0
        progress = Progress(self.stdout, STAGES if with_members else STAGES - 1)
        with seeding_connection(), transaction.atomic(), ExitStack() as lookups:
            progress.stage("Cây tổ chức")
            bloc, committees, cells = build_tree()
            progress.tick(Organisation.objects.count())
            steps = history_steps(bloc, committees, cells, rng, None)
            # The actions below ask the same organisations' versions and the same rules
            # thousands of times; both are read once (again after any write to them).
            lookups.enter_context(versions_cached())
            lookups.enter_context(rules_cached())
            members = None
            if with_members:
                # The tree's history runs on its dates among the member events, so that
                # merges and dissolutions move the members the units have on that day.
                members = seed_members(
                    bloc,
                    rng,
                    target=options["members"],
                    history=steps,
                    discipline=member_discipline(bloc),
                    progress=progress,
                )
            else:
                progress.stage(f"Sắp xếp tổ chức {START.year} – nay")
                for n, (_, step) in enumerate(steps, 1):
                    step()
                    progress.tick(n, len(steps))
            education = _stage(progress, "Tuyên giáo", seed_education, bloc, rng)
            office = _stage(progress, "Văn phòng, Dân vận", seed_office, bloc, rng)
            plans = _stage(progress, "Chương trình, kế hoạch và sổ văn bản", seed_plans, bloc, rng)
            inspection = _stage(progress, "Kiểm tra, giám sát, kỷ luật", seed_inspection, bloc, rng)
            personnel = _stage(progress, "Cán bộ", seed_personnel, bloc, rng)
            # The meetings draw from their own generator, so that the stages after them
            # keep the draws (and the figures) they had without them.
            meetings = _stage(
                progress,
                "Sinh hoạt chi bộ",
                seed_meetings,
                bloc,
                random.Random(f"{options['seed']}:meetings"),
            )
            congresses = _stage(
                progress,
                "Nhiệm kỳ, đại hội",
                seed_congresses,
                bloc,
                random.Random(f"{options['seed']}:congresses"),
            )
            dues = _stage(progress, "Đảng phí", seed_dues, bloc, rng)
            rating = _stage(progress, "Đánh giá, xếp loại chất lượng", seed_rating, bloc, rng)
            seed_report_heading(bloc)
            issued_started = time.monotonic()
            issued = _stage(progress, "Báo cáo đã ban hành", seed_issued, bloc, rng)
            issued_seconds = time.monotonic() - issued_started
            exchange = _stage(progress, "Trao đổi hồ sơ chuyển sinh hoạt", seed_exchange, bloc, rng)
            transit = _stage(
                progress, "Chuyển sinh hoạt, sinh hoạt tạm thời", seed_transit, bloc, rng
            )
            papers = _stage(progress, "Giấy tờ đảng viên", seed_papers, bloc, rng)
            progress.end()
        counts = queries.counts_by_kind(bloc, today())
        summary = ", ".join(f"{n} {KIND_PLURAL[OrgKind(k)]}" for k, n in counts.items() if n)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {bloc.name}: {summary} ({time.monotonic() - started:.1f} giây)."
            )
        )
        self.stdout.write(
            "Tuyên giáo: " + ", ".join(f"{k}: {fmt_number(v)}" for k, v in education.items()) + "."
        )
        self.stdout.write(
            "Văn phòng, Dân vận: "
            + ", ".join(f"{k}: {fmt_number(v)}" for k, v in office.items())
            + "."
        )
        self.stdout.write(
            "Chương trình, kế hoạch và sổ văn bản: "
            + ", ".join(f"{k}: {fmt_number(v)}" for k, v in plans.items())
            + "."
        )
        self.stdout.write(
            "Kiểm tra, giám sát, kỷ luật: "
            + ", ".join(f"{k}: {fmt_number(v)}" for k, v in inspection.items())
            + "."
        )
        self.stdout.write(
            "Cán bộ: " + ", ".join(f"{k}: {fmt_number(v)}" for k, v in personnel.items()) + "."
        )
        self.stdout.write(
            "Sinh hoạt chi bộ: "
            + ", ".join(f"{k}: {fmt_number(v)}" for k, v in meetings.items())
            + "."
        )
        self.stdout.write(
            "Nhiệm kỳ, đại hội: "
            + ", ".join(f"{k}: {fmt_number(v)}" for k, v in congresses.items())
            + "."
        )
        self.stdout.write(
            "Đảng phí: " + ", ".join(f"{k}: {fmt_number(v)}" for k, v in dues.items()) + "."
        )
        self.stdout.write(
            "Đánh giá, xếp loại chất lượng: "
            + ", ".join(f"{k}: {fmt_number(v)}" for k, v in rating.items())
            + "."
        )
        self.stdout.write(
            "Báo cáo đã ban hành: "
            + ", ".join(f"{k}: {fmt_number(v)}" for k, v in issued.items())
            + f" ({issued_seconds:.1f} giây)."
        )
        self.stdout.write(
            "Trao đổi hồ sơ chuyển sinh hoạt: "
            + ", ".join(f"{k}: {fmt_number(v)}" for k, v in exchange.items())
            + "."
        )
        self.stdout.write(
            "Chuyển sinh hoạt, sinh hoạt tạm thời: "
            + ", ".join(f"{k}: {fmt_number(v)}" for k, v in transit.items())
            + "."
        )
        self.stdout.write(
            "Giấy tờ đảng viên: "
            + ", ".join(f"{k}: {fmt_number(v)}" for k, v in papers.items())
            + "."
        )
        if members is not None:
            n = {k: fmt_number(v) for k, v in members.items() if isinstance(v, int)}
            years = ", ".join(f"{y}: {fmt_number(c)}" for y, c in members["year_end"].items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đảng viên: {n['total']} đang sinh hoạt ({n['full']} chính "
                    f"thức, {n['probationary']} dự bị), {n['former']} đã ra khỏi "
                    f"danh sách, {n['events']} biến động; cuối năm {years}."
                )
            )
