"""`report annual [--org CODE] --year YYYY --format json|docx|xlsx|html -o FILE`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.reports import annual
from dangvu.reports.actions import template_for
from dangvu.reports.outputs import FORMATS, render
from dangvu.reports.pdf import PdfUnavailable
from dangvu.reports.word import TemplateError


class Command(BaseCommand):
    help = "Lập báo cáo năm của một tổ chức đảng (JSON, Word, Excel hoặc HTML)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=["annual"], help="Loại báo cáo: annual (báo cáo năm).")
        parser.add_argument("--org", default="", help="Mã tổ chức; bỏ trống: tổ chức cấp cao nhất.")
        parser.add_argument("--year", type=int, required=True, help="Năm báo cáo.")
        parser.add_argument("--format", choices=FORMATS, required=True, help="Định dạng.")
        parser.add_argument("-o", "--output", required=True, help="Tệp cần ghi.")
        parser.add_argument(
            "--user",
            default="",
            help="Tên đăng nhập: chỉ lập báo cáo cho tổ chức trong phạm vi của người này.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None or not user.is_active:
                raise CommandError(f"Không có người dùng «{options['user']}» đang hoạt động.")
        try:
            # Without a code, the top of the tree as it stood at the end of the year.
            # (compose refuses an absurd year below; the date here must only exist).
            year_end = min(dt.date(max(1, min(options["year"], 9999)), 12, 31), today())
            org = annual.resolve_organisation(options["org"], user, on=year_end)
            report = annual.compose(org, options["year"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        fmt = options["format"]
        try:
            output = render(
                report, fmt, template=template_for(org) if fmt in ("docx", "pdf") else None
            )
        except PdfUnavailable as exc:
            raise CommandError(exc.message) from exc
        except TemplateError as exc:
            raise CommandError(
                f"Mẫu Word của {org.name} không dùng được: {exc.message} Hãy tải lên mẫu đã "
                "sửa hoặc trở lại mẫu mặc định."
            ) from exc
        path = Path(options["output"])
        try:
            path.write_bytes(output.content)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp «{path}»: {exc.strerror}.") from exc
        state = "" if report.has_data else " — không có số liệu trong năm"
        if report.coverage:
            state += f" ({report.coverage})"
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã lập báo cáo năm {report.year} của {report.name} ({fmt}){state}: {path}"
            )
        )
