"""Map the free-text values of the member record onto the controlled vocabularies."""

from django.db import migrations


def map_free_text(apps, schema_editor):  # type: ignore[no-untyped-def]
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0014_record_vocabularies"),
        ("vocab", "0002_values"),
    ]

    operations = [migrations.RunPython(map_free_text, migrations.RunPython.noop)]
