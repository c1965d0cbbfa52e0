"""The audit trail is append-only below the application: the database refuses UPDATE,
DELETE and TRUNCATE, whatever path issues them, except DELETE/TRUNCATE through the
archive hatch, which the operator's archive command uses after leaving its own mark.

These tests run on whichever database is configured (SQLite by default, PostgreSQL in CI
through DATABASE_URL).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from dangvu.audit.archive import archive_hatch
from dangvu.audit.log import record
from dangvu.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def refused(sql: str, params: list[Any] | None = None) -> bool:
    """True when the database refuses the statement (inside a savepoint, so the test's
    transaction stays usable on PostgreSQL)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        assert "chỉ được ghi thêm" in str(error), error
        return True
    return False


@pytest.fixture
def rows(admin_user: Any) -> list[AuditEvent]:
    return [
        record(AuditEvent.Action.EXPORT, user=admin_user, note=f"Xuất lần {i}") for i in range(3)
    ]


def test_the_database_refuses_raw_updates_deletes_and_truncates(rows: list[AuditEvent]) -> None:
    assert refused(f"UPDATE {TABLE} SET note = 'sửa' WHERE id = %s", [rows[0].pk])
    assert refused(f"UPDATE {TABLE} SET user_id = NULL")
    assert refused(f"DELETE FROM {TABLE} WHERE id = %s", [rows[0].pk])
    assert refused(f"DELETE FROM {TABLE}")
    if connection.vendor == "postgresql":
        # The rows' foreign-key checks wait for the commit; PostgreSQL will not truncate a
        # table with checks pending, which would hide the trigger's answer.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        assert refused(f"TRUNCATE {TABLE} CASCADE")
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
    assert set(exports.values_list("note", flat=True)) == {
        "Xuất lần 0",
        "Xuất lần 1",
        "Xuất lần 2",
    }


def test_the_orm_refuses_before_the_database_and_the_database_behind_it(
    rows: list[AuditEvent],
) -> None:
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=rows[0].pk).update(note="sửa")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        rows[0].delete()
    rows[0].note = "sửa"
    with pytest.raises(PermissionError):
        rows[0].save()
    # Below the queryset's refusal, the SQL Django would send is refused by the database.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=rows[0].pk)._raw_delete(connection.alias)
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEvent.objects.bulk_update([rows[1]], ["note"])
    assert AuditEvent.objects.get(pk=rows[0].pk).note == "Xuất lần 0"


def test_the_hatch_opens_deletes_only_and_only_inside_its_block(rows: list[AuditEvent]) -> None:
    with archive_hatch():
        assert refused(f"UPDATE {TABLE} SET note = 'sửa'")
        assert not refused(f"DELETE FROM {TABLE} WHERE id = %s", [rows[0].pk])
    assert refused(f"DELETE FROM {TABLE} WHERE id = %s", [rows[1].pk])
    with pytest.raises(ZeroDivisionError), archive_hatch():
        1 / 0  # noqa: B018  (an error inside the block rolls the opening back too)
    assert refused(f"DELETE FROM {TABLE} WHERE id = %s", [rows[1].pk])
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2


def test_inserting_stays_open(rows: list[AuditEvent]) -> None:
    AuditEvent.objects.bulk_create([AuditEvent(action=AuditEvent.Action.LOGIN, username="a")])
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, username="a").exists()


def test_flush_is_refused_outside_the_test_suite(settings: Any, rows: list[AuditEvent]) -> None:
    settings.AUDIT_FLUSH_THROUGH_ARCHIVE_HATCH = False
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="archive_audit"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == before >= 3


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_writes_audit_rows_and_is_flushed_after(admin_user: Any) -> None:
    """Django's flush after this test (and after every live_server test) must succeed."""
    record(AuditEvent.Action.EXPORT, user=admin_user, note="trước khi xóa sạch")
    assert AuditEvent.objects.filter(note="trước khi xóa sạch").exists()


@pytest.mark.django_db(transaction=True)
def test_the_test_suites_flush_empties_the_trail_through_the_hatch(admin_user: Any) -> None:
    record(AuditEvent.Action.EXPORT, user=admin_user, note="trước khi xóa sạch")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    assert not get_user_model().objects.exists()
    record(AuditEvent.Action.EXPORT, note="sau khi xóa sạch")
    assert refused(f"DELETE FROM {TABLE}")  # the flush closed the hatch again


# --- users are never deleted ---------------------------------------------------------------


def test_users_are_never_deleted(admin_user: Any, rows: list[AuditEvent]) -> None:
    users = get_user_model()
    clerk = users.objects.create_user("vanthu", password="Mat-khau-2024!")
    # Each attempt in its own savepoint: a refused delete spoils the transaction around it.
    with pytest.raises(PermissionError, match="khóa tài khoản"), transaction.atomic():
        clerk.delete()
    with pytest.raises(PermissionError), transaction.atomic():
        users.objects.filter(pk=clerk.pk).delete()
    with pytest.raises((PermissionError, DatabaseError)), transaction.atomic():
        users.objects.filter(pk=admin_user.pk).delete()
    assert users.objects.filter(pk__in=[clerk.pk, admin_user.pk]).count() == 2


def test_no_audit_row_loses_its_user_even_through_raw_sql(
    admin_user: Any, rows: list[AuditEvent]
) -> None:
    field = AuditEvent._meta.get_field("user")
    assert field.remote_field.on_delete.__name__ == "PROTECT"
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM auth_user WHERE id = %s", [admin_user.pk])
        connection.check_constraints(table_names=[TABLE])
    assert AuditEvent.objects.filter(user=admin_user, action=AuditEvent.Action.EXPORT).count() == 3


# --- the operator's archive ----------------------------------------------------------------


@pytest.fixture
def history(admin_user: Any) -> Callable[[], None]:
    """Rows written in 2018 and 2019, and one today."""

    def write() -> None:
        for year in (2018, 2019):
            with time_machine.travel(dt.datetime(year, 6, 1, 9, tzinfo=HANOI), tick=False):
                for i in range(2):
                    record(AuditEvent.Action.LOGIN, user=admin_user, note=f"{year}-{i}")
        record(AuditEvent.Action.LOGIN, user=admin_user, note="hôm nay")

    write()
    return write


def test_a_dry_run_says_what_would_go_and_changes_nothing(
    history: Any, tmp_path: Path, admin_user: Any
) -> None:
    out = StringIO()
    call_command("archive_audit", before="2019-01-01", stdout=out)
    assert "2 dòng nhật ký" in out.getvalue() and "--for-real" in out.getvalue()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).count() == 5
    assert not list(tmp_path.iterdir())


def test_the_archive_writes_the_rows_out_leaves_a_mark_and_removes_only_them(
    history: Any, tmp_path: Path, admin_user: Any
) -> None:
    target = tmp_path / "nhat-ky-den-2019.json"
    out = StringIO()
    call_command(
        "archive_audit",
        before="2019-01-01",
        to=str(target),
        by="quantri",
        for_real=True,
        stdout=out,
    )
    archived = json.loads(target.read_text(encoding="utf-8"))
    assert [r["fields"]["note"] for r in archived] == ["2018-0", "2018-1"]
    left = set(AuditEvent.objects.values_list("note", flat=True))
    assert {"2019-0", "2019-1", "hôm nay"} <= left and not left & {"2018-0", "2018-1"}
    mark = AuditEvent.objects.get(action=AuditEvent.Action.ARCHIVE)
    assert mark.user == admin_user
    assert mark.after["số dòng"] == 2 and mark.after["tệp"] == target.name
    assert "01/06/2018" in mark.note and "SHA-256" in mark.note
    # The hatch closed with the command.
    assert refused(f"DELETE FROM {TABLE}")


def test_the_archive_keeps_the_retention_period_and_needs_an_administrator(
    history: Any, tmp_path: Path, django_user_model: Any
) -> None:
    target = tmp_path / "a.json"
    recent = (dt.date.today() - dt.timedelta(days=365)).isoformat()
    with pytest.raises(CommandError, match="ít nhất 5 năm"):
        call_command("archive_audit", before=recent, to=str(target), by="quantri", for_real=True)
    django_user_model.objects.create_user("thuky", password="Mat-khau-2024!")
    with pytest.raises(CommandError, match="quản trị viên"):
        call_command(
            "archive_audit", before="2019-01-01", to=str(target), by="thuky", for_real=True
        )
    with pytest.raises(CommandError, match="--to"):
        call_command("archive_audit", before="2019-01-01", by="quantri", for_real=True)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).count() == 5
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ARCHIVE).exists()
    assert not target.exists()


def test_the_database_check_reports_missing_triggers() -> None:
    from dangvu.audit.checks import EXPECTED, audit_triggers_installed

    assert audit_triggers_installed(databases=["default"]) == []
    trigger = sorted(EXPECTED[connection.vendor])[0]
    with transaction.atomic():
        with connection.cursor() as cursor:
            on = f" ON {TABLE}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER {trigger}{on}")
        (error,) = audit_triggers_installed(databases=["default"])
        assert error.id == "audit.E001" and trigger in error.msg
        transaction.set_rollback(True)
    assert audit_triggers_installed(databases=["default"]) == []
