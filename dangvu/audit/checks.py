"""`manage.py check --database default` says so if the audit trail's triggers are missing
(a restore that dropped them, or a migration that made SQLite rebuild the table)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections

TABLE = "audit_auditevent"
EXPECTED = {
    "postgresql": {f"{TABLE}_no_update_delete", f"{TABLE}_no_truncate"},
    "sqlite": {f"{TABLE}_no_update", f"{TABLE}_no_delete"},
}
QUERIES = {
    "postgresql": (
        "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal"
    ),
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
}


@register(Tags.database)
def audit_triggers_installed(databases: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor not in EXPECTED:
            continue
        if TABLE not in connection.introspection.table_names():
            continue  # not migrated yet: `migrate` installs table and triggers together
        with connection.cursor() as cursor:
            cursor.execute(QUERIES[connection.vendor], [TABLE])
            found = {row[0] for row in cursor.fetchall()}
        missing = sorted(EXPECTED[connection.vendor] - found)
        if missing:
            errors.append(
                Error(
                    f"The audit trail is not append-only on database '{alias}': triggers "
                    f"{', '.join(missing)} are missing.",
                    hint="Install them again as migration audit/0003_append_only_triggers "
                    "does (see docs/operations.md, Archiving old audit rows).",
                    id="audit.E001",
                )
            )
    return errors
