"""Record a member's arrival from a transfer package, as the receiving page does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dangvu.core.errors import DomainError
from dangvu.exchange.actions import do_receive_package
from dangvu.orgs.models import Organisation


def _date(text: str) -> dt.date:
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày «{text}» không đọc được; hãy ghi dạng dd/mm/yyyy.")


class Command(BaseCommand):
    help = "Tiếp nhận đảng viên chuyển đến từ gói hồ sơ chuyển sinh hoạt (đã ký) của nơi đi."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Tệp gói hồ sơ (.json).")
        parser.add_argument(
            "--organisation", required=True, help="Mã hoặc số của chi bộ tiếp nhận."
        )
        parser.add_argument("--decision-number", required=True, help="Số quyết định tiếp nhận.")
        parser.add_argument(
            "--decision-date", required=True, help="Ngày quyết định tiếp nhận (dd/mm/yyyy)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {path}: {error.strerror}.") from None
        given = options["organisation"].strip()
        org = Organisation.objects.filter(code=given.upper()).first()
        if org is None and given.isdigit():
            org = Organisation.objects.filter(pk=int(given)).first()
        if org is None:
            raise CommandError(f"Không có tổ chức «{given}».")
        try:
            member = do_receive_package(
                content,
                organisation=org,
                decision_number=options["decision_number"],
                decision_date=_date(options["decision_date"]),
                acting_user=None,
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"Đã tiếp nhận đồng chí {member.full_name} vào {org.name} (mã hồ sơ {member.pk})."
        )
