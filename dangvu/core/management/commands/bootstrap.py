"""First run: demo data if the database is empty, an administrator if there is none."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from dangvu.accounts.demo import seed_digest_preferences
from dangvu.exchange.demo import ensure_demo_key
from dangvu.orgs.models import Organisation

ADMIN_USERNAME = "quantri"
DEFAULT_HOST = "127.0.0.1:8000"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu nếu cơ sở dữ liệu trống và tạo tài khoản quản trị nếu chưa có."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-demo", action="store_true", help="Không nạp dữ liệu mẫu.")
        parser.add_argument(
            "--host",
            default=os.environ.get("HOST") or DEFAULT_HOST,
            help="Địa chỉ máy chủ sẽ phục vụ, như runserver nhận (mặc định: biến HOST hoặc "
            f"{DEFAULT_HOST}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seeded = False
        if not options["no_demo"] and not settings.PRODUCTION:
            if Organisation.objects.exists():
                self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; không nạp dữ liệu mẫu.")
            else:
                self.stdout.write("Cơ sở dữ liệu trống: đang nạp đảng bộ mẫu…")
                call_command("seed_demo", stdout=self.stdout)
                seeded = True
        admin = self._ensure_admin(site_url(options["host"]))
        if seeded:
            # The demo's administrator receives the weekly digest (printed on the console).
            seed_digest_preferences(admin)
            # The demo signs the packages of its members transferred out with a key of its own.
            if ensure_demo_key():
                self.stdout.write("Đã tạo khóa ký gói hồ sơ chuyển sinh hoạt cho bản mẫu.")

    def _ensure_admin(self, url: str) -> Any:
        users = get_user_model()
        login_file = Path(settings.VAR_DIR) / "admin-login.txt"
        admin = users.objects.filter(is_superuser=True).order_by("pk").first()
        if admin is None:
            password = secrets.token_urlsafe(12)
            admin = users.objects.create_superuser(
                ADMIN_USERNAME, email="", password=password, first_name="Quản trị"
            )
            login_file.parent.mkdir(parents=True, exist_ok=True)
            login_file.write_text(f"{ADMIN_USERNAME}\n{password}\n", encoding="utf-8")
            login_file.chmod(0o600)
        password = None
        if login_file.exists():
            lines = login_file.read_text(encoding="utf-8").split()
            if (
                len(lines) == 2
                and lines[0] == admin.get_username()
                and admin.check_password(lines[1])
            ):
                password = lines[1]
        self.stdout.write("")
        if password:
            self.stdout.write(
                self.style.SUCCESS(f"Mở {url} — đăng nhập: {admin.get_username()} / {password}")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Mở {url} — tài khoản quản trị: {admin.get_username()}; quên mật khẩu thì "
                    f"đặt lại bằng: python manage.py changepassword {admin.get_username()}"
                )
            )
        return admin


def site_url(host: str) -> str:
    """The address a browser opens for runserver's `[addr:]port` (as `make run` passes HOST).

    A bare port, or an address that listens everywhere (0.0.0.0, ::), is opened on this
    machine: http://127.0.0.1:<port>/.
    """
    host = host.strip().removeprefix("http://").rstrip("/")
    address, _, port = host.rpartition(":")
    if not address and not port.isdigit():
        address, port = host, ""
    address = address or "127.0.0.1"
    if address in ("0.0.0.0", "0", "[::]", "::"):
        address = "127.0.0.1"
    port = port or "8000"
    return f"http://{address}:{port}/"
