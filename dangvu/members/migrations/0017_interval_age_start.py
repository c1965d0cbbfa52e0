"""Fill the party-age start of every membership interval from the member's history."""

from django.db import migrations


def fill_age_start(apps, schema_editor):  # type: ignore[no-untyped-def]
    pass


class Migration(migrations.Migration):
    dependencies = [("members", "0016_drop_free_text")]

    operations = [migrations.RunPython(fill_age_start, migrations.RunPython.noop)]
