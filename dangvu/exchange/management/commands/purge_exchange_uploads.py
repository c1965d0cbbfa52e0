"""Remove uploaded transfer packages never confirmed within the retention (daily, cron).

A dry run unless given --for-real, as every destructive command of the project."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dangvu.exchange.actions import HeldUpload, do_purge_held_uploads, held_uploads_older_than


class Command(BaseCommand):
    help = (
        "Xóa các gói hồ sơ chuyển sinh hoạt đã tải lên nhưng không được xác nhận tiếp nhận "
        "sau số ngày lưu giữ (DANGVU_EXCHANGE_STAGED_DAYS, mặc định 7). Không có --for-real "
        "thì chỉ in danh sách; chạy lại không xóa thêm gì."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--for-real",
            action="store_true",
            help="Xóa thật; không có thì chỉ in các gói sẽ bị xóa.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Số ngày lưu giữ (mặc định: DANGVU_EXCHANGE_STAGED_DAYS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is None:
            days = settings.DANGVU_EXCHANGE_STAGED_DAYS
        if days < 1:
            raise CommandError("Số ngày lưu giữ phải từ 1 trở lên; hãy sửa --days.")
        if not options["for_real"]:
            rows = held_uploads_older_than(days)
            verb = "Sẽ xóa"
        else:
            rows = do_purge_held_uploads(days, acting_user=None)
            verb = "Đã xóa"
        for row in rows:
            self.stdout.write(_line(row))
        self.stdout.write(
            f"{verb} {len(rows)} gói hồ sơ tải lên chưa được xác nhận quá {days} ngày."
        )


def _line(row: HeldUpload) -> str:
    when = timezone.localtime(row.uploaded_at).strftime("%d/%m/%Y %H:%M")
    return f"{row.sha256[:12]}… tải lên {when} bởi {row.uploaded_by}, {row.organisation}"
