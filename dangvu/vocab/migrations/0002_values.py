"""The shipped values of the vocabularies and the provinces, with their dates.

The values are the data of `dangvu.vocab.data`, loaded by `dangvu.vocab.loading` (which
skips what is already there).
"""

from django.db import migrations

from dangvu.vocab.loading import load_shipped


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    load_shipped(apps)


class Migration(migrations.Migration):
    dependencies = [("vocab", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
