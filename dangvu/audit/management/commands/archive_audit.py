"""Archive audit rows older than a date: write them to a file, record the archive, remove
them. A dry run unless given --for-real. See docs/operations.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dangvu.audit import archive
from dangvu.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Archive audit rows older than --before: write them to --to (Django JSON), record "
        "who archived which range, then delete them through the archive hatch. "
        "Dry run unless --for-real."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--before", required=True, help="YYYY-MM-DD: rows before this day (local time)."
        )
        parser.add_argument("--to", help="The file to write (must not exist).")
        parser.add_argument("--by", help="The administrator's username, named in the trail.")
        parser.add_argument("--for-real", action="store_true", help="Write and delete.")

    def handle(self, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(options["before"])
        except ValueError:
            raise CommandError(
                f"--before «{options['before']}» không phải ngày dạng YYYY-MM-DD."
            ) from None
        cutoff = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        found = archive.archive_range(cutoff)
        if not options["for_real"]:
            self.stdout.write(
                f"Chạy thử: {found.describe()} sẽ được ghi ra tệp rồi xóa khỏi bảng nhật ký. "
                "Thêm --to TỆP --by TÊN_QUẢN_TRỊ --for-real để làm thật."
            )
            if cutoff > archive.latest_allowed_cutoff():
                self.stdout.write(
                    f"Lưu ý: ngày này chưa qua thời hạn giữ {archive.RETENTION_YEARS} năm; "
                    "lệnh thật sẽ từ chối."
                )
            return
        if not options["to"]:
            raise CommandError("Cần --to: tệp để ghi các dòng nhật ký được lưu trữ.")
        if not options["by"]:
            raise CommandError("Cần --by: tên đăng nhập của quản trị viên chịu trách nhiệm.")
        operator = get_user_model().objects.filter(username=options["by"]).first()
        if operator is None:
            raise CommandError(f"Không có người dùng «{options['by']}».")
        try:
            done = archive.archive_old_rows(cutoff, path=Path(options["to"]), operator=operator)
        except DomainError as error:
            raise CommandError(error.message) from None
        if not done.count:
            self.stdout.write(done.describe())
            return
        self.stdout.write(f"Đã lưu trữ {done.describe()} vào {options['to']}.")
