"""The database itself refuses to change or remove audit rows.

PostgreSQL: a trigger function refuses UPDATE and DELETE (row triggers) and TRUNCATE
(statement trigger) on the audit table. DELETE and TRUNCATE pass only while the
transaction has set `dangvu.audit_archive` to 'on' (`SET LOCAL`, so it ends with the
transaction): the archive hatch of `dangvu.audit.archive`. UPDATE never passes.

SQLite has no session settings: the DELETE trigger reads a one-row gate table that is not
a Django model (so `flush` never empties it); the hatch opens the gate inside its
transaction and closes it before the transaction ends. UPDATE never passes. SQLite has no
TRUNCATE; its `DELETE FROM` without a WHERE still fires the row trigger.

A later migration that makes SQLite rebuild the audit table (`_remake_table`) drops these
triggers with the old table; it must install them again. The append-only tests fail if it
does not.
"""

from typing import Any

from django.db import migrations

TABLE = "audit_auditevent"
GATE = "dangvu_audit_archive_gate"

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'UPDATE' AND current_setting('dangvu.audit_archive', true) = 'on' THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'Nhật ký chỉ được ghi thêm: % bị từ chối trên %', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Dòng cũ được lưu trữ bằng lệnh manage.py archive_audit.';
    END
    $$
    """,
    f"""
    CREATE TRIGGER {TABLE}_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()
    """,
    f"""
    CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()
    """,
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update_delete ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]

SQLITE_INSTALL = [
    f"""
    CREATE TABLE {GATE} (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        is_open INTEGER NOT NULL DEFAULT 0 CHECK (is_open IN (0, 1))
    )
    """,
    f"INSERT INTO {GATE} (id, is_open) VALUES (1, 0)",
    f"""
    CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, 'Nhật ký chỉ được ghi thêm: UPDATE bị từ chối trên {TABLE}');
    END
    """,
    # A missing gate row reads as NULL, which IS NOT 1: the gate fails closed.
    f"""
    CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    WHEN (SELECT is_open FROM {GATE} WHERE id = 1) IS NOT 1
    BEGIN
        SELECT RAISE(ABORT, 'Nhật ký chỉ được ghi thêm: DELETE bị từ chối trên {TABLE}');
    END
    """,
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TABLE IF EXISTS {GATE}",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError(
            f"The audit trail's append-only triggers are written for PostgreSQL and SQLite, "
            f"not for {vendor}."
        )
    for sql in statements[vendor]:
        # No parameters: the PostgreSQL function's own % placeholders must reach it as is.
        schema_editor.execute(sql, None)


def install(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL})


def remove(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL_REMOVE, "sqlite": SQLITE_REMOVE})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_user_protected_and_archive_action"),
    ]

    operations = [migrations.RunPython(install, remove)]
