"""Names compared bytewise, with an index on (name, id): a name prefix is a range read in order."""

from django.db import migrations, models

import dangvu.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_identity_number_index"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="admissioncandidate",
            name="search_key",
            field=dangvu.core.fields.BytewiseCharField(editable=False, max_length=120),
        ),
        migrations.AlterField(
            model_name="member",
            name="search_key",
            field=dangvu.core.fields.BytewiseCharField(editable=False, max_length=120),
        ),
        migrations.AddIndex(
            model_name="admissioncandidate",
            index=models.Index(fields=["search_key", "id"], name="candidate_name_idx"),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["search_key", "id"], name="member_name_idx"),
        ),
    ]
