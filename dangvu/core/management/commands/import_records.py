"""Import a spreadsheet of one record kind, or write its blank template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.errors import DomainError
from dangvu.core.importing import get_kind, kinds, run_import


class Command(BaseCommand):
    help = (
        "Nhập dữ liệu từ tệp Excel/CSV (tất cả hoặc không gì), hoặc ghi mẫu trống với "
        "--template. Thoát với mã khác 0 khi có dòng bị từ chối."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", help="Loại dữ liệu: " + ", ".join(k.code for k in kinds()))
        parser.add_argument("file", nargs="?", help="Tệp .xlsx hoặc .csv cần nhập")
        parser.add_argument("--template", metavar="FILE", help="Ghi mẫu trống vào FILE")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì")
        parser.add_argument(
            "--user", default="", help="Tên đăng nhập người nhập (mặc định: quản trị viên đầu tiên)"
        )
        parser.add_argument(
            "--accept-duplicates",
            default="",
            help="Các dòng (cách nhau bởi dấu phẩy) vẫn nhập dù có thể trùng",
        )
        parser.add_argument(
            "--skip-duplicates",
            action="store_true",
            help="Bỏ qua các dòng có thể trùng người đã có",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            kind = get_kind(options["kind"])
        except DomainError as error:
            raise CommandError(error.message) from None
        if options["template"]:
            Path(options["template"]).write_bytes(kind.template())
            self.stdout.write(f"Đã ghi mẫu {kind.label.lower()} vào {options['template']}.")
            return
        if not options["file"]:
            raise CommandError("Hãy chỉ ra tệp cần nhập, hoặc dùng --template FILE.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        user = self._user(options["user"])
        try:
            accepted = [int(n) for n in options["accept_duplicates"].split(",") if n.strip()]
        except ValueError:
            raise CommandError("--accept-duplicates nhận các số dòng, ví dụ 5,7,12.") from None
        report = run_import(
            kind,
            path.read_bytes(),
            path.name,
            user=user,
            scope=member_editable_organisations(user),
            commit=not options["dry_run"],
            accept_duplicates=accepted,
            skip_duplicates=options["skip_duplicates"],
        )
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("Tệp có dòng bị từ chối; không có dữ liệu nào được ghi.")

    def _user(self, username: str) -> Any:
        users = get_user_model().objects
        if username:
            user = users.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"Không có người dùng «{username}».")
            return user
        user = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("Chưa có quản trị viên; hãy dùng --user.")
        return user
