"""On PostgreSQL, a trigram index lets "contains" name searches use an index.

SQLite has no such index; its searches stay fast at the sizes one SQLite file serves.
"""

from django.db import migrations

INDEXES = [
    ("members_member", "member_search_key_trgm"),
    ("members_admissioncandidate", "candidate_search_key_trgm"),
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_key gin_trgm_ops)"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_card_number_index")]
    operations = [migrations.RunPython(create, drop)]
