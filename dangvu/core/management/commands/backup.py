"""`manage.py backup`: one archive of the database and the uploaded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvu.core import backup
from dangvu.core.errors import DomainError
from dangvu.lib.vnformat import fmt_number


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp đã tải lên vào một tệp dangvu-YYYYMMDD-HHMMSS.tar.gz "
        "(chạy được khi ứng dụng đang hoạt động)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="Thư mục ghi bản sao lưu (mặc định: <DANGVU_VAR_DIR>/backups).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="Chỉ giữ N bản sao lưu mới nhất trong thư mục (xóa bản cũ hơn sau khi ghi xong).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup.create_backup(options["dir"], keep=options["keep"])
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"Đã sao lưu vào {result.path} ({backup.fmt_size(result.size)}): "
            f"{fmt_number(result.tables)} bảng, {fmt_number(result.rows)} dòng, "
            f"{fmt_number(result.files)} tệp."
        )
        if not result.files_included:
            self.stdout.write(
                "Tệp đã tải lên nằm trong kho lưu trữ đối tượng (S3) nên không có trong bản sao "
                "lưu: phiên bản (versioning) của kho đó giữ chúng."
            )
        for path in result.removed:
            self.stdout.write(f"Đã xóa bản sao lưu cũ {path.name}.")
