"""The installation's signing key: create it, print its public half, trust another's."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dangvu.core.errors import DomainError
from dangvu.exchange import keys
from dangvu.exchange.actions import do_trust_installation


class Command(BaseCommand):
    help = (
        "In khóa công khai và dấu vân tay của khóa ký gói hồ sơ chuyển sinh hoạt; --create "
        "tạo khóa (không ghi đè khóa đã có); --trust thêm khóa của đảng bộ khác vào danh sách "
        "tin cậy."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--create", action="store_true", help="Tạo khóa ký mới (quyền tệp 0600)."
        )
        parser.add_argument(
            "--trust",
            metavar="TEN",
            help="Tin cậy khóa của hệ thống có tên này (cần --public-key), sau khi đã đối chiếu "
            "dấu vân tay với nơi gửi qua điện thoại hoặc văn bản.",
        )
        parser.add_argument("--public-key", metavar="BASE64", help="Khóa công khai cần tin cậy.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["trust"]:
                if not options["public_key"]:
                    raise CommandError("Hãy ghi --public-key, khóa công khai của nơi gửi.")
                trusted = do_trust_installation(
                    options["trust"], options["public_key"], acting_user=None
                )
                self.stdout.write(
                    f"Đã tin cậy khóa của «{trusted.name}», dấu vân tay "
                    f"{keys.grouped(trusted.fingerprint)}."
                )
                return
            if options["create"]:
                path = keys.create_key()
                self.stdout.write(f"Đã tạo khóa ký tại {path} (chỉ tài khoản này đọc được).")
            public = keys.private_key().public_key()
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Hệ thống: {keys.installation_name()}")
        self.stdout.write(f"Khóa công khai (base64): {keys.public_key_b64(public)}")
        self.stdout.write(f"Dấu vân tay (SHA-256): {keys.grouped(keys.fingerprint(public))}")
