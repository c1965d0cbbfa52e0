"""The one way audit rows leave their table: the operator's archive of old rows.

The database refuses UPDATE, DELETE and TRUNCATE on the audit table (migration 0003).
`archive_hatch` opens DELETE and TRUNCATE — never UPDATE — for one transaction only:
on PostgreSQL with `SET LOCAL dangvu.audit_archive = 'on'`, on SQLite by opening a one-row
gate table inside the transaction. The hatch has two users and no others:

- `archive_old_rows` (`manage.py archive_audit`), which first writes the rows to a file
  and an audit row saying who archived which range, then deletes that range;
- Django's `flush` in the test suite (`dangvu/audit/management/commands/flush.py`), which
  empties every table after each transactional test, and only when the setting
  `AUDIT_FLUSH_THROUGH_ARCHIVE_HATCH` is true (the test configuration sets it; production
  never does, and there `flush` is refused).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Max, Min
from django.utils import timezone

from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError

# The security policy keeps the trail at least five years (docs/security.md, Retention).
RETENTION_YEARS = 5
GATE = "dangvu_audit_archive_gate"


@contextmanager
def archive_hatch(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within this block (one transaction), DELETE and TRUNCATE of audit rows pass.

    The opening is itself part of the transaction: on an error the rollback closes it, and
    the block closes it before leaving, so a caller's outer transaction is not left open.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        _set_hatch(connection, True)
        yield
        _set_hatch(connection, False)


def _set_hatch(connection: Any, open_: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT set_config('dangvu.audit_archive', %s, true)", ["on" if open_ else "off"]
            )
        elif connection.vendor == "sqlite":
            cursor.execute(f"UPDATE {GATE} SET is_open = %s WHERE id = 1", [int(open_)])
            if cursor.rowcount != 1:
                raise RuntimeError(f"The audit archive gate ({GATE}) is missing: migrate audit.")
        else:
            raise NotImplementedError(f"No audit archive hatch for {connection.vendor}.")


@dataclass(frozen=True)
class ArchiveRange:
    """The rows older than a cutoff: how many, and their first and last id and time."""

    cutoff: dt.datetime
    count: int
    first_id: int | None
    last_id: int | None
    first_at: dt.datetime | None
    last_at: dt.datetime | None

    def describe(self) -> str:
        if not self.count:
            return f"Không có dòng nhật ký nào trước {_local(self.cutoff)}."
        return (
            f"{self.count} dòng nhật ký, mã {self.first_id}–{self.last_id}, "
            f"từ {_local(self.first_at)} đến {_local(self.last_at)}"
        )


def _local(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M:%S}" if moment else "—"


def latest_allowed_cutoff() -> dt.datetime:
    """Rows younger than the retention period are never archived."""
    now = timezone.localtime()
    try:
        return now.replace(year=now.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return now.replace(year=now.year - RETENTION_YEARS, day=28)


def archive_range(cutoff: dt.datetime) -> ArchiveRange:
    figures = AuditEvent.objects.filter(at__lt=cutoff).aggregate(
        first_id=Min("id"), last_id=Max("id"), first_at=Min("at"), last_at=Max("at")
    )
    count = AuditEvent.objects.filter(at__lt=cutoff).count()
    return ArchiveRange(cutoff=cutoff, count=count, **figures)


def archive_old_rows(cutoff: dt.datetime, *, path: Path, operator: Any) -> ArchiveRange:
    """Write the rows older than `cutoff` to `path`, record the archive, delete the rows.

    All or nothing: the archive row and the deletion share one transaction, and the file
    is removed again if the transaction fails. The file is Django's JSON serialisation,
    which `manage.py loaddata` inserts back (the triggers allow inserts).
    """
    if cutoff > latest_allowed_cutoff():
        raise DomainError(
            f"Nhật ký được giữ ít nhất {RETENTION_YEARS} năm: chỉ lưu trữ được các dòng trước "
            f"{_local(latest_allowed_cutoff())}."
        )
    if not (getattr(operator, "is_superuser", False) and getattr(operator, "is_active", False)):
        raise DomainError("Chỉ quản trị viên đang hoạt động được lưu trữ nhật ký.")
    if path.exists():
        raise DomainError(f"Tệp {path} đã có; hãy chọn tên tệp khác, không ghi đè.")
    written = False
    try:
        with transaction.atomic():
            found = archive_range(cutoff)
            if not found.count:
                return found
            rows = AuditEvent.objects.filter(at__lt=cutoff, id__lte=found.last_id).order_by("id")
            with path.open("x", encoding="utf-8") as out:
                written = True
                serializers.serialize("json", rows.iterator(chunk_size=2000), stream=out)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            AuditEvent.objects.create(
                user=operator,
                username=operator.get_username(),
                action=AuditEvent.Action.ARCHIVE,
                object_type="auditevent",
                after={
                    "số dòng": found.count,
                    "từ mã": found.first_id,
                    "đến mã": found.last_id,
                    "từ lúc": found.first_at.isoformat() if found.first_at else None,
                    "đến lúc": found.last_at.isoformat() if found.last_at else None,
                    "tệp": path.name,
                    "sha256": digest,
                },
                note=(
                    f"Lưu trữ {found.describe()} vào tệp {path.name} (SHA-256 {digest}); "
                    f"lệnh chạy trên máy chủ bởi tài khoản hệ thống «{_os_user()}»."
                ),
            )
            connection = connections[DEFAULT_DB_ALIAS]
            table = connection.ops.quote_name(AuditEvent._meta.db_table)
            with archive_hatch(), connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {table} WHERE at < %s AND id <= %s",
                    [connection.ops.adapt_datetimefield_value(cutoff), found.last_id],
                )
                deleted = cursor.rowcount
            if deleted != found.count:
                raise RuntimeError(
                    f"Archive stopped: {deleted} rows would be deleted, {found.count} written."
                )
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise
    return found


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"
