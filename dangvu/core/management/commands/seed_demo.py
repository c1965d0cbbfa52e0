"""Build the demo committee: its organisations and their history up to today."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dangvu.core.dates import today
from dangvu.orgs import queries
from dangvu.orgs.demo import seed_orgs
from dangvu.orgs.kinds import KIND_PLURAL, OrgKind
from dangvu.orgs.models import Organisation


class Command(BaseCommand):
    help = "Tạo đảng bộ mẫu (tổ chức và lịch sử sắp xếp) trong cơ sở dữ liệu trống."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2020, help="Hạt giống ngẫu nhiên.")

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.exists():
            raise CommandError(
                "Cơ sở dữ liệu đã có tổ chức; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống."
            )
        started = time.monotonic()
        rng = random.Random(options["seed"])
        with transaction.atomic():
            bloc = seed_orgs(rng)
        counts = queries.counts_by_kind(bloc, today())
        summary = ", ".join(f"{n} {KIND_PLURAL[OrgKind(k)]}" for k, n in counts.items() if n)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {bloc.name}: {summary} ({time.monotonic() - started:.1f} giây)."
            )
        )
