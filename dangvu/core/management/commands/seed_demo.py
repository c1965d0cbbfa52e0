"""Build the demo committee: its organisations, their members and their history up to today."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dangvu.core.dates import today
from dangvu.education.demo import seed_education
from dangvu.inspection.demo import member_discipline, seed_inspection
from dangvu.lib.vnformat import fmt_number
from dangvu.members.demo import seed_members
from dangvu.office.demo import seed_office, seed_plans
from dangvu.orgs import queries
from dangvu.orgs.demo import build_tree, history_steps
from dangvu.orgs.kinds import KIND_PLURAL, OrgKind
from dangvu.orgs.models import Organisation
from dangvu.personnel.demo import seed_personnel


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
        with transaction.atomic():
            bloc, committees, cells = build_tree()
            steps = history_steps(bloc, committees, cells, rng, None)
            members = None
            if options["members"] > 0:
                # The tree's history runs on its dates among the member events, so that
                # merges and dissolutions move the members the units have on that day.
                members = seed_members(
                    bloc,
                    rng,
                    target=options["members"],
                    history=steps,
                    discipline=member_discipline(bloc),
                )
            else:
                for _, step in steps:
                    step()
            education = seed_education(bloc, rng)
            office = seed_office(bloc, rng)
            plans = seed_plans(bloc, rng)
            inspection = seed_inspection(bloc, rng)
            personnel = seed_personnel(bloc, rng)
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
