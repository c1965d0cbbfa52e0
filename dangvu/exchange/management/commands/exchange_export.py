"""Write the signed transfer package of a member transferred out, as the member page does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dangvu.core.errors import DomainError
from dangvu.exchange.actions import do_issue_package
from dangvu.members.models import Member


class Command(BaseCommand):
    help = "Xuất gói hồ sơ chuyển sinh hoạt (đã ký) của một đảng viên đã chuyển đi."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("member_id", type=int, help="Mã (số) hồ sơ đảng viên trong hệ thống.")
        parser.add_argument("--out", required=True, help="Tệp .json sẽ ghi.")

    def handle(self, *args: Any, **options: Any) -> None:
        member = Member.objects.filter(pk=options["member_id"]).first()
        if member is None:
            raise CommandError(f"Không có đảng viên mã {options['member_id']}.")
        out = Path(options["out"])
        if out.exists():
            raise CommandError(f"Tệp {out} đã có; hãy chọn tên tệp khác.")
        try:
            issued = do_issue_package(member, acting_user=None)
        except DomainError as error:
            raise CommandError(error.message) from None
        out.write_bytes(bytes(issued.content))
        self.stdout.write(
            f"Đã ghi gói {issued.package_id} của đồng chí {member.full_name} vào {out} "
            f"(SHA-256 {issued.sha256})."
        )
