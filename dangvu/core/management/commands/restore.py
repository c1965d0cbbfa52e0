"""`manage.py restore ARCHIVE`: put back a backup made by `manage.py backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvu.core import backup
from dangvu.core.errors import DomainError
from dangvu.lib.vnformat import fmt_number


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và tệp đã tải lên từ một bản sao lưu, rồi đối chiếu số dòng "
        "và mã kiểm tra nhật ký. Dừng ứng dụng trước khi chạy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="Tệp dangvu-….tar.gz cần khôi phục.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Thay thế cả khi cơ sở dữ liệu đang có dữ liệu (đã dừng ứng dụng).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup.restore_backup(options["archive"], replace=options["yes"])
        except DomainError as error:
            raise CommandError(error.message) from None
        if result.files_in_archive and not result.files_restored:
            self.stdout.write(
                "Bản sao lưu có tệp đã tải lên nhưng cấu hình hiện tại lưu tệp trong kho S3: "
                "các tệp không được khôi phục."
            )
        elif not result.files_in_archive:
            self.stdout.write(
                "Bản sao lưu không có tệp đã tải lên (chúng nằm trong kho S3 và được giữ bởi "
                "phiên bản của kho đó); thư mục tệp không bị thay đổi."
            )
        if result.mismatches:
            for line in result.mismatches:
                self.stderr.write(line)
            raise CommandError(
                f"Khôi phục xong nhưng {len(result.mismatches)} điểm không khớp với bản sao lưu "
                "(xem trên). Đừng mở lại ứng dụng; hãy thử một bản sao lưu khác."
            )
        self.stdout.write(
            f"Đã khôi phục: {fmt_number(result.tables)} bảng, {fmt_number(result.rows)} dòng, "
            f"{fmt_number(result.files)} tệp; nhật ký khớp mã kiểm tra {result.audit_checksum}."
        )
        if result.pending_migrations:
            self.stdout.write(
                f"Mã nguồn mới hơn bản sao lưu ({len(result.pending_migrations)} migration chưa "
                "áp dụng): hãy chạy `python manage.py migrate` trước khi mở lại ứng dụng."
            )
