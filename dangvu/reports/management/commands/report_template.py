"""Write the default Word template of the annual report (the file shipped with the package)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from dangvu.reports.word import DEFAULT_TEMPLATE, build_default_template


class Command(BaseCommand):
    help = "Tạo lại mẫu Word mặc định của báo cáo năm từ mã nguồn (python-docx)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "-o", "--output", default=str(DEFAULT_TEMPLATE), help="Tệp .docx cần ghi."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        path.write_bytes(build_default_template())
        self.stdout.write(self.style.SUCCESS(f"Đã ghi mẫu báo cáo năm: {path.name}."))
