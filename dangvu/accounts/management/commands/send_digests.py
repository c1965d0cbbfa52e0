"""Send each user the e-mail digest of what falls due in their scope (run daily)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus

from dangvu.accounts.digest import recipients, send_digests
from dangvu.accounts.tasks import batches, send_digest_batch
from dangvu.lib.vnformat import fmt_date


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc (việc quá hạn và đến hạn trong 30 ngày) cho từng người dùng theo "
        "cách họ chọn; chạy mỗi ngày một lần. Thoát với mã khác 0 khi có thư không gửi được."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ in sẽ gửi thư cho ai, bao nhiêu việc; không gửi, không ghi gì",
        )
        parser.add_argument("--user", default="", help="Chỉ gửi cho người dùng này")
        parser.add_argument(
            "--queue",
            action="store_true",
            help=(
                "Xếp việc gửi vào hàng đợi tác vụ nền, mỗi tác vụ một nhóm người nhận "
                "(DIGEST_BATCH_SIZE); tiến trình nền (manage.py db_worker) gửi thư"
            ),
        )
        parser.add_argument(
            "--date",
            default="",
            metavar="YYYY-MM-DD",
            help="Lập thư như vào ngày này (mặc định: hôm nay), để gửi bù hoặc thử",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = self._day(options["date"])
        dry_run = options["dry_run"]
        if not dry_run and not settings.DANGVU_SITE_URL:
            raise CommandError(
                "Chưa đặt DANGVU_SITE_URL (địa chỉ trang web, ví dụ https://dangvu.example.vn) "
                "nên liên kết trong thư không dùng được; hãy đặt biến môi trường này."
            )
        users = recipients(options["user"])
        if options["user"] and not users.exists():
            raise CommandError(
                f"Không có người dùng «{options['user']}» đang hoạt động và có địa chỉ thư điện tử."
            )
        if options["queue"]:
            if dry_run:
                raise CommandError(
                    "--queue và --dry-run không dùng cùng nhau: bỏ --queue để xem trước "
                    "sẽ gửi cho ai."
                )
            self._enqueue(day, list(users.values_list("pk", flat=True)))
            return
        connection = None if dry_run else get_connection()
        outcome = send_digests(day, users, dry_run=dry_run, connection=connection)
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        for user, digest in outcome.sent:
            who = f"{user.get_username()} <{user.email}>"
            self.stdout.write(f"{verb} cho {who}: {digest.summary()}")
        for user, error in outcome.failed:
            self.stderr.write(f"Không gửi được cho {user.get_username()} <{user.email}>: {error}")
        self.stdout.write(
            f"Ngày {fmt_date(day)}: {verb.lower()} {len(outcome.sent)} thư; "
            f"{len(outcome.nothing_due)} người không có việc đến hạn; "
            f"{len(outcome.not_this_period)} người đã nhận trong kỳ hoặc không nhận thư; "
            f"{len(outcome.no_scope)} người chưa có phạm vi; "
            f"{len(outcome.failed)} thư lỗi."
        )
        if outcome.failed:
            raise CommandError(f"{len(outcome.failed)} thư không gửi được (xem nhật ký ở trên).")

    def _enqueue(self, day: dt.date, user_ids: list[int]) -> None:
        """One task per batch of recipients; the worker sends them and records each
        batch's outcome (a failed batch is a failed task, with its cause)."""
        groups = batches(user_ids, settings.DIGEST_BATCH_SIZE)
        failed = 0
        for group in groups:
            result = send_digest_batch.enqueue(group, day.isoformat())
            # A backend that runs the task at once (the tests) already knows its outcome.
            if result.status == TaskResultStatus.FAILED:
                failed += 1
        self.stdout.write(
            f"Ngày {fmt_date(day)}: đã xếp {len(groups)} tác vụ gửi thư cho "
            f"{len(user_ids)} người vào hàng đợi; tiến trình nền (manage.py db_worker) sẽ gửi."
        )
        if failed:
            raise CommandError(
                f"{failed} nhóm thư không gửi được; xem «Tác vụ nền» trong trang quản trị."
            )

    @staticmethod
    def _day(raw: str) -> dt.date:
        if not raw:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise CommandError(
                f"--date cần dạng YYYY-MM-DD, ví dụ 2026-12-07 (nhận «{raw}»)."
            ) from None
