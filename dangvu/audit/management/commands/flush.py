"""Django's `flush`, which empties every table, meets an append-only audit trail.

The database refuses to empty the audit table. The test suite needs `flush` (Django runs it
after every transactional test, and browser tests are transactional), so there, and only
when the setting `AUDIT_FLUSH_THROUGH_ARCHIVE_HATCH` is true, the flush runs through the
archive hatch. Anywhere else it is refused before touching anything: old audit rows leave
only through `manage.py archive_audit`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import flush

from dangvu.audit.archive import archive_hatch


class Command(flush.Command):
    help = (
        "Removes ALL DATA from the database. Refused unless AUDIT_FLUSH_THROUGH_ARCHIVE_HATCH "
        "is set (the test suite): the audit trail is append-only; use archive_audit."
    )

    def handle(self, **options: Any) -> None:
        if not getattr(settings, "AUDIT_FLUSH_THROUGH_ARCHIVE_HATCH", False):
            raise CommandError(
                "Nhật ký chỉ được ghi thêm nên lệnh flush bị từ chối. Dòng nhật ký cũ được lưu "
                "trữ bằng lệnh archive_audit (xem docs/operations.md)."
            )
        with archive_hatch(options["database"]):
            super().handle(**options)
